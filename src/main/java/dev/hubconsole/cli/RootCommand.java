package dev.hubconsole.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The root of the headless commands; each subcommand is its own class in this package ({@link #SUBCOMMANDS}, added by
 * {@link Cli}: all of them for help, only the one asked for otherwise, as picocli reads each one's annotations).
 */
@Command(name = "hub-upgrade-console", mixinStandardHelpOptions = true, version = "Hub Upgrade Console 0.1.0",
        description = "Upgrade JupyterHub and its database safely.")
final class RootCommand {

    /** Every subcommand's name, in the order help lists them. */
    static final List<String> SUBCOMMANDS = List.of("help", "inspect", "migrate", "backup", "restore", "verify");

    /** A new instance of the subcommand of this name. */
    static Object subcommand(String name) {
        return switch (name) {
            case "help" -> new HelpCommand();
            case "inspect" -> new InspectCommand();
            case "migrate" -> new MigrateCommand();
            case "backup" -> new BackupCommand();
            case "restore" -> new RestoreCommand();
            case "verify" -> new VerifyCommand();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }
}
