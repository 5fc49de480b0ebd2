package dev.hubconsole.backup;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The hub environment's package list ({@code pip freeze}, {@code conda list} …) for a backup's record: the admin's
 * command, split on white space into an argument list (never run through a shell), with a timeout.
 */
public final class PackageList {

    /** Context key under which the list is recorded in the manifest. */
    public static final String CONTEXT_KEY = "packageList";
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    private PackageList() {
    }

    /** Splits a command line on white space; no quoting, no shell. */
    public static List<String> argv(String commandLine) {
        List<String> argv = Arrays.stream(commandLine.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        if (argv.isEmpty()) {
            throw new BackupException("The package list command is empty: give e.g. /opt/hub/bin/pip freeze, or"
                    + " leave it out.");
        }
        return argv;
    }

    /**
     * Runs the command and returns its standard output (up to 64 KiB).
     *
     * @throws BackupException when it cannot be started, times out or exits non-zero
     */
    public static String capture(List<String> argv) {
        try {
            ExternalCommand.Result result = ExternalCommand.run(argv, java.util.Map.of(), null, TIMEOUT);
            if (!result.ok()) {
                throw new BackupException("The package list command " + argv.get(0) + " failed ("
                        + result.lastError() + "): fix the command or leave it out.");
            }
            return result.stdout();
        } catch (IOException e) {
            throw new BackupException("Cannot run the package list command " + argv.get(0) + " ("
                    + ServerDump.firstLine(e) + "): give the full path of an executable, or leave it out.", e);
        }
    }
}
