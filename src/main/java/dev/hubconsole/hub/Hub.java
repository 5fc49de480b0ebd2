package dev.hubconsole.hub;

import dev.hubconsole.security.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A registered JupyterHub deployment, with its secrets decrypted in memory (they print as {@code ***}).
 *
 * @param id             database id
 * @param name           unique name
 * @param workDir        the hub's working directory (relative SQLite paths resolve against it)
 * @param configFile     {@code jupyterhub_config.py}
 * @param dbUrl          {@code db_url} exactly as written in the config (may hold a password)
 * @param dbUrlDisplay   the same with any password masked
 * @param publicUrl      where users reach the hub, e.g. {@code https://hub.example.org/}
 * @param apiUrl         the hub's REST API, e.g. {@code http://127.0.0.1:8081/hub/api}
 * @param apiToken       a token with admin rights on the hub API
 * @param logFile        the hub's log file, if it has one the console can read
 * @param commands       the supervisor commands
 * @param commandTimeout how long a command may run before it is killed
 * @param backupRoot     where backups of this hub are written
 * @param version        optimistic-lock version of the registration
 */
public record Hub(long id, String name, Path workDir, Path configFile, Secret dbUrl, String dbUrlDisplay,
                  URI publicUrl, URI apiUrl, Secret apiToken, Optional<Path> logFile, HubCommands commands,
                  Duration commandTimeout, Path backupRoot, int version) {

    public Hub {
        if (name == null || name.isBlank() || workDir == null || configFile == null || dbUrl == null
                || publicUrl == null || apiUrl == null || apiToken == null || commands == null
                || commandTimeout == null || backupRoot == null) {
            throw new IllegalArgumentException("hub " + name + " is missing a required part");
        }
        logFile = logFile == null ? Optional.empty() : logFile;
    }
}
