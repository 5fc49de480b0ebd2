package dev.hubconsole.backup;

import java.time.Instant;
import java.util.Objects;

/**
 * The last verification of a backup, as {@link Backups} records it each time a backup is verified, in the hidden
 * folder {@code <destinationRoot>/.status/} (the backup folder itself is never written to after it is made).
 *
 * @param at           when it was verified
 * @param verified     whether every check passed
 * @param testRestored whether the database was restored into a scratch database and its rows compared (always for
 *                     SQLite; for servers only with a scratch or temporary database); "verified" in the issue's
 *                     sense needs both
 * @param summary      one line
 */
public record VerificationStatus(Instant at, boolean verified, boolean testRestored, String summary) {

    public VerificationStatus {
        Objects.requireNonNull(at, "at");
        summary = Objects.requireNonNullElse(summary, "");
    }

    /** Fully verified: every check passed and the database was test-restored. */
    public boolean fully() {
        return verified && testRestored;
    }
}
