package dev.hubconsole.hub;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code console.hub}.
 *
 * @param backupRoot            default folder for backups when a hub names none
 * @param commandTimeout        default timeout of a supervisor command
 */
@Validated
@ConfigurationProperties("console.hub")
record HubProperties(@NotBlank String backupRoot, @NotNull Duration commandTimeout) {

    HubProperties {
        backupRoot = backupRoot == null || backupRoot.isBlank() ? "./data/backups" : backupRoot;
        commandTimeout = commandTimeout == null ? Duration.ofMinutes(2) : commandTimeout;
    }
}
