package dev.hubconsole.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link HubProbe#awaitUp}.
 *
 * @param outcome  up, timed out, wrong version, or the hub process exited
 * @param version  the version the hub answered with, or {@code null} when it never answered
 * @param waited   how long the probe polled
 * @param message  one line for the admin, e.g. {@code "wrong version 2.3.1 != 3.0.0"}
 * @param evidence the checks of the last round, one line each
 */
public record UpProof(Outcome outcome, String version, Duration waited, String message, List<String> evidence) {

    /** How waiting for the hub ended. */
    public enum Outcome {
        /** Healthy and answering with the expected version. */
        UP,
        /** Not healthy with the expected version within the time allowed. */
        TIMED_OUT,
        /** The hub answers, but with another version than expected (e.g. the old one was started). */
        WRONG_VERSION,
        /** The status command reported the hub not running while waiting (it failed to start). */
        EXITED
    }

    public UpProof {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(waited, "waited");
        Objects.requireNonNull(message, "message");
        evidence = List.copyOf(evidence);
    }

    /** Whether the hub is up with the expected version. */
    public boolean up() {
        return outcome == Outcome.UP;
    }
}
