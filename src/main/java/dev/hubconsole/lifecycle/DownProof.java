package dev.hubconsole.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link HubProbe#proveDown}: whether the hub was shown to be down, and the evidence (one line
 * per check of the last round, e.g. {@code GET http://127.0.0.1:8081/hub/api/ → no answer (connection refused)}).
 *
 * @param down     true when every check said "not running"
 * @param waited   how long the probe polled
 * @param evidence the checks of the last round, one line each
 */
public record DownProof(boolean down, Duration waited, List<String> evidence) {

    public DownProof {
        Objects.requireNonNull(waited, "waited");
        evidence = List.copyOf(evidence);
    }

    /** One line for the admin. */
    public String summary() {
        return (down ? "Hub is down" : "Hub still running after " + waited.toSeconds() + " s")
                + ": " + String.join("; ", evidence);
    }
}
