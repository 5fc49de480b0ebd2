package dev.hubconsole.lifecycle;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Proves that a hub is down after a stop and up (with the expected version) after a start, by polling its
 * REST API, {@code /hub/health} and, when the admin gave one, a status command.
 *
 * <p><b>Status command convention</b> (like LSB init scripts and {@code systemctl is-active}): it exits 0 while
 * the hub is running and non-zero when it is not. A status command that times out counts as "still running".
 *
 * <p>{@code apiUrl} is like {@code http://127.0.0.1:8081/hub/api}; {@code hubUrl} is the base under which
 * {@code /hub/health} lives (e.g. {@code http://127.0.0.1:8081}), or {@code null} to skip the health check.
 * A plain object usable without Spring, and a Spring component.
 */
@Component
public final class HubProbe {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final int EXITED_AFTER_ROUNDS = 2;

    private final HubApiClient api;
    private final CommandRunner runner;
    private final Duration pollInterval;

    /** A probe polling once a second. */
    @Autowired
    public HubProbe(HubApiClient api, CommandRunner runner) {
        this(api, runner, Duration.ofSeconds(1));
    }

    /** A probe polling every {@code pollInterval}. */
    public HubProbe(HubApiClient api, CommandRunner runner, Duration pollInterval) {
        this.api = Objects.requireNonNull(api, "api");
        this.runner = Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
        }
        this.pollInterval = pollInterval;
    }

    /**
     * Polls until the API no longer answers, {@code /hub/health} no longer answers 200 and the status command
     * (if given) exits non-zero, or until {@code waitUpTo} has passed. Never throws for a hub that is still up:
     * the proof then says {@code down = false} with what still answers.
     *
     * @throws CommandException when the status command cannot be run at all (missing program or directory)
     */
    public DownProof proveDown(URI apiUrl, URI hubUrl, Optional<CommandSpec> statusCommand, Duration waitUpTo) {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(statusCommand, "statusCommand");
        long start = System.nanoTime();
        long deadline = start + waitUpTo.toNanos();
        while (true) {
            List<String> evidence = new ArrayList<>();
            HubApiClient.VersionAnswer version = api.probeVersion(apiUrl);
            evidence.add(version.detail());
            boolean running = version.version() != null;
            if (hubUrl != null) {
                HubApiClient.Answer health = api.probeHealth(hubUrl);
                evidence.add("GET " + HubApiClient.healthUrl(hubUrl) + " → " + health.describe());
                running |= health.answered(200);
            }
            if (statusCommand.isPresent()) {
                StatusAnswer status = status(statusCommand.get());
                evidence.add(status.detail());
                running |= status.running();
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (!running) {
                return new DownProof(true, waited, evidence);
            }
            if (System.nanoTime() >= deadline) {
                return new DownProof(false, waited, evidence);
            }
            pause(deadline);
        }
    }

    /** {@link #awaitUp(URI, URI, String, Duration, Consumer, Optional)} without a status command. */
    public UpProof awaitUp(URI apiUrl, URI hubUrl, String expectedVersion, Duration waitUpTo, Consumer<String> progress) {
        return awaitUp(apiUrl, hubUrl, expectedVersion, waitUpTo, progress, Optional.empty());
    }

    /**
     * Polls {@code /hub/health} and {@code {apiUrl}/} until the hub is healthy and answers with
     * {@code expectedVersion} ({@code null} or blank accepts any; {@code "3.0"} accepts {@code 3.0.x}).
     * Ends early with {@link UpProof.Outcome#WRONG_VERSION} as soon as the hub answers with another version,
     * and with {@link UpProof.Outcome#EXITED} when the status command reports the hub not running in
     * {@value #EXITED_AFTER_ROUNDS} consecutive rounds (e.g. it refused a stale database schema: read its log).
     * {@code progress} gets a line whenever the picture changes and every 10 s while waiting.
     */
    public UpProof awaitUp(URI apiUrl, URI hubUrl, String expectedVersion, Duration waitUpTo,
            Consumer<String> progress, Optional<CommandSpec> statusCommand) {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(statusCommand, "statusCommand");
        long start = System.nanoTime();
        long deadline = start + waitUpTo.toNanos();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        String lastPicture = null;
        int notRunningRounds = 0;
        String seenVersion = null;
        while (true) {
            List<String> evidence = new ArrayList<>();
            HubApiClient.VersionAnswer version = api.probeVersion(apiUrl);
            evidence.add(version.detail());
            seenVersion = version.version() != null ? version.version() : seenVersion;
            boolean healthy = true;
            if (hubUrl != null) {
                HubApiClient.Answer health = api.probeHealth(hubUrl);
                healthy = health.answered(200);
                evidence.add("GET " + HubApiClient.healthUrl(hubUrl) + " → " + health.describe());
            }
            if (statusCommand.isPresent()) {
                StatusAnswer status = status(statusCommand.get());
                evidence.add(status.detail());
                notRunningRounds = status.running() ? 0 : notRunningRounds + 1;
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (version.version() != null && !versionMatches(version.version(), expectedVersion)) {
                String message = "Hub answers with the wrong version " + version.version() + " != " + expectedVersion;
                progress.accept(message);
                return new UpProof(UpProof.Outcome.WRONG_VERSION, version.version(), waited, message, evidence);
            }
            if (version.version() != null && healthy) {
                String message = "Hub is up: version " + version.version() + ", healthy, after " + seconds(waited);
                progress.accept(message);
                return new UpProof(UpProof.Outcome.UP, version.version(), waited, message, evidence);
            }
            if (notRunningRounds >= EXITED_AFTER_ROUNDS) {
                String message = "Hub is not running (status command) after " + seconds(waited)
                        + "; it failed to start, see its log";
                progress.accept(message);
                return new UpProof(UpProof.Outcome.EXITED, seenVersion, waited, message, evidence);
            }
            if (System.nanoTime() >= deadline) {
                String message = "Timed out after " + seconds(waited) + " waiting for the hub to be healthy"
                        + (expectedVersion == null || expectedVersion.isBlank() ? "" : " with version " + expectedVersion)
                        + ": " + String.join("; ", evidence);
                progress.accept(message);
                return new UpProof(UpProof.Outcome.TIMED_OUT, seenVersion, waited, message, evidence);
            }
            String picture = String.join("; ", evidence);
            if (!picture.equals(lastPicture) || System.nanoTime() >= nextProgress) {
                progress.accept("Waiting for the hub (" + seconds(waited) + "): " + picture);
                lastPicture = picture;
                nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
            pause(deadline);
        }
    }

    /** Whether {@code actual} is {@code expected}, or a patch release of it ({@code 3.0} matches {@code 3.0.1}). */
    static boolean versionMatches(String actual, String expected) {
        if (expected == null || expected.isBlank()) {
            return true;
        }
        String want = expected.strip();
        return actual.equals(want) || actual.startsWith(want + ".");
    }

    private StatusAnswer status(CommandSpec command) {
        CommandResult result = runner.runQuietly(command);
        String last = result.tail().isEmpty() ? "" : ", last line: " + result.tail().get(result.tail().size() - 1);
        if (result.timedOut()) {
            return new StatusAnswer(true, "status command " + command.argv() + " → timed out (counted as running)");
        }
        boolean running = result.exitCode() == 0;
        return new StatusAnswer(running, "status command " + command.argv() + " → exit " + result.exitCode()
                + (running ? " (running)" : " (not running)") + last);
    }

    private void pause(long deadline) {
        long remaining = deadline - System.nanoTime();
        long nanos = Math.max(0, Math.min(pollInterval.toNanos(), remaining));
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("Interrupted while waiting for the hub");
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private record StatusAnswer(boolean running, String detail) {
    }
}
