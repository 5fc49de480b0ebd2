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
            // Headless, the commands report for themselves (results on stdout, one line on stderr on failure): the
            // libraries' own logging would only add noise to that, and starting Logback costs a tenth of a second.
            if (System.getProperty("slf4j.provider") == null) {
                System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
            System.exit(Cli.run(args));
        }
        SpringApplication.run(HubUpgradeConsoleApplication.class, args);
    }
}
