package dev.hubconsole;

import dev.hubconsole.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point. With no arguments (or only Spring options such as {@code --server.port=…}) it serves the web
 * console; with a subcommand ({@code inspect}, {@code migrate}, {@code backup}, …) it runs that job headless
 * and exits with the job's exit code.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HubUpgradeConsoleApplication {

    public static void main(String[] args) {
        if (Cli.isSubcommand(args)) {
            System.exit(Cli.run(args));
        }
        SpringApplication.run(HubUpgradeConsoleApplication.class, args);
    }
}
