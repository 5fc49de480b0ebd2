package dev.hubconsole.cli;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;

/**
 * Headless entry: {@code java -jar hub-upgrade-console.jar <subcommand> …}. Exit codes: 0 success, 1 failure
 * (one clear line on stderr), 2 usage error.
 */
public final class Cli {

    static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");
    private static final String NO_CLOSURES = "picocli.disable.closures";
    static final Set<String> SUBCOMMANDS = Set.copyOf(RootCommand.SUBCOMMANDS);

    private Cli() {
    }

    /** True when the first argument names a headless subcommand rather than a Spring option. */
    public static boolean isSubcommand(String[] args) {
        return args.length > 0 && (SUBCOMMANDS.contains(args[0]) || HELP.contains(args[0]));
    }

    /** Runs the subcommand and returns its exit code; never calls {@code System.exit}. */
    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length > 0 && !args[0].equals("help") && !HELP.contains(args[0])) {
            dev.hubconsole.hubdb.HubDatabases.prepareSqliteInBackground(); // while the command line is parsed
        }
        if (System.getProperty(NO_CLOSURES) == null) {
            // picocli otherwise looks for Groovy's Closure class for every object it makes: a miss in every jar
            System.setProperty(NO_CLOSURES, "true");
        }
        CommandLine cmd = new CommandLine(new RootCommand());
        String only = args.length > 0 && !args[0].equals("help") ? args[0] : null;
        for (String name : RootCommand.SUBCOMMANDS) {
            if (only == null || !RootCommand.SUBCOMMANDS.contains(only) || name.equals(only)) {
                cmd.addSubcommand(name, RootCommand.subcommand(name));
            }
        }
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExitCodeExceptionMapper(ex -> ex instanceof CommandLine.ParameterException ? 2 : 1);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + oneLine(ex));
            return 1;
        });
        return cmd.execute(args);
    }

    static String oneLine(Throwable ex) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
