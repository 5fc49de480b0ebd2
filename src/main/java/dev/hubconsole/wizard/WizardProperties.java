package dev.hubconsole.wizard;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code console.wizard}.
 *
 * @param backupsToKeep  backups kept per hub (older ones are removed after a new verified backup; the backup of
 *                       an unfinished run is never removed)
 * @param shutdownWait   how long to wait for servers and the hub to be down
 * @param restartWait    how long to wait for the hub to be healthy after start (a large hub's first start is slow)
 */
@Validated
@ConfigurationProperties("console.wizard")
record WizardProperties(@Min(1) int backupsToKeep, @NotNull Duration shutdownWait, @NotNull Duration restartWait) {

    WizardProperties {
        backupsToKeep = backupsToKeep <= 0 ? 10 : backupsToKeep;
        shutdownWait = shutdownWait == null ? Duration.ofMinutes(2) : shutdownWait;
        restartWait = restartWait == null ? Duration.ofMinutes(10) : restartWait;
    }
}
