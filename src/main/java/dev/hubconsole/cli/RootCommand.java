package dev.hubconsole.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The root of the headless commands; each subcommand is its own class in this package. */
@Command(name = "hub-upgrade-console", mixinStandardHelpOptions = true, version = "Hub Upgrade Console 0.1.0",
        description = "Upgrade JupyterHub and its database safely.",
        subcommands = {
            HelpCommand.class,
            InspectCommand.class,
            MigrateCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            VerifyCommand.class,
        })
final class RootCommand {
}
