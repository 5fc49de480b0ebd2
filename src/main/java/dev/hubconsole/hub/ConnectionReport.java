package dev.hubconsole.hub;

import java.util.List;

/**
 * The result of "Test connection": one line per part, saying exactly what failed.
 *
 * @param checks the parts checked, in order
 */
public record ConnectionReport(List<Check> checks) {

    public ConnectionReport {
        checks = List.copyOf(checks);
    }

    /** True when every part passed. */
    public boolean ok() {
        return checks.stream().allMatch(Check::ok);
    }

    /**
     * One checked part.
     *
     * @param part   what was checked ("database", "hub API", "API token", "version command")
     * @param ok     whether it passed
     * @param detail what was found, or what failed and how to fix it
     */
    public record Check(String part, boolean ok, String detail) {
    }
}
