package dev.hubconsole.backup;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An admin's command run for a backup and recorded with it: the hub environment's package list ({@code pip freeze},
 * {@code conda list}) or a snapshot of the home directories ({@code zfs snapshot …}, {@code lvcreate -s …},
 * {@code rsync …}). The command line is split on white space into an argument list (never run through a shell)
 * and run with a timeout; its output goes into the manifest's context.
 */
public final class RecordedCommand {

    /** Context key of the package list. */
    public static final String PACKAGE_LIST = "packageList";
    /** Context key of the snapshot command's command line. */
    public static final String SNAPSHOT_COMMAND = "snapshotCommand";
    /** Context key of the snapshot command's output. */
    public static final String SNAPSHOT_OUTPUT = "snapshotOutput";
    /** How long a package list may take. */
    public static final Duration PACKAGE_LIST_TIMEOUT = Duration.ofMinutes(2);
    /** How long a snapshot command may take. */
    public static final Duration SNAPSHOT_TIMEOUT = Duration.ofHours(6);

    private RecordedCommand() {
    }

    /** Splits a command line on white space; no quoting, no shell. */
    public static List<String> argv(String what, String commandLine) {
        List<String> argv = Arrays.stream(commandLine.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        if (argv.isEmpty()) {
            throw new BackupException("The " + what + " is empty: give a command such as /usr/bin/pip freeze, or"
                    + " leave it out.");
        }
        return argv;
    }

    /**
     * Runs the command and returns its standard output (up to 64 KiB).
     *
     * @throws BackupException when it cannot be started, times out or exits non-zero
     */
    public static String capture(String what, List<String> argv, Duration timeout) {
        try {
            ExternalCommand.Result result = ExternalCommand.run(argv, Map.of(), null, timeout);
            if (!result.ok()) {
                throw new BackupException("The " + what + " " + argv.get(0) + " failed (" + result.lastError()
                        + "): fix the command or leave it out.");
            }
            return result.stdout();
        } catch (IOException e) {
            throw new BackupException("Cannot run the " + what + " " + argv.get(0) + " (" + ServerDump.firstLine(e)
                    + "): give the full path of an executable, or leave it out.", e);
        }
    }
}
