package dev.hubconsole.backup;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of {@link Backups#verify}: every check made, each with pass/fail and a one-line reason.
 *
 * @param backupDir the backup folder that was checked
 * @param checks    the checks in the order they were made
 */
public record VerifyResult(Path backupDir, List<Check> checks) {

    public VerifyResult {
        Objects.requireNonNull(backupDir, "backupDir");
        checks = List.copyOf(checks);
    }

    /** True only when there was at least one check and every check passed. */
    public boolean verified() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /** The checks that failed. */
    public List<Check> failures() {
        return checks.stream().filter(check -> !check.passed()).toList();
    }

    /** One line for a step log. */
    public String summary() {
        if (verified()) {
            return "Backup " + backupDir + " verified: " + checks.size() + " checks passed";
        }
        return "Backup " + backupDir + " FAILED verification: " + failures().stream().map(Check::toString)
                .collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return summary();
    }

    /**
     * One check.
     *
     * @param name   what was checked, e.g. {@code sha256 database.sqlite}
     * @param passed whether it passed
     * @param reason one line: what was found
     */
    public record Check(String name, boolean passed, String reason) {

        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
        }

        static Check pass(String name, String reason) {
            return new Check(name, true, reason);
        }

        static Check fail(String name, String reason) {
            return new Check(name, false, reason);
        }

        @Override
        public String toString() {
            return (passed ? "ok   " : "FAIL ") + name + ": " + reason;
        }
    }
}
