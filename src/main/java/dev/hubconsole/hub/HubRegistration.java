package dev.hubconsole.hub;

import java.util.List;

/**
 * What an admin asks for when registering or changing a hub, as typed (validated by {@link Hubs}). Blank
 * {@code dbUrl} means "read it from the config file"; blank {@code apiToken} on a change keeps the stored one;
 * blank upgrade-db and version commands get JupyterHub's defaults.
 *
 * @param name                  unique name
 * @param workDir               the hub's working directory
 * @param configPath            {@code jupyterhub_config.py}, absolute or relative to {@code workDir}
 * @param dbUrl                 {@code db_url} as written in the config
 * @param publicUrl             the hub's public URL
 * @param apiUrl                the hub's API URL
 * @param apiToken              an admin API token
 * @param logFile               the hub's log file, optional
 * @param stopCommand           argument list
 * @param startCommand          argument list
 * @param statusCommand         argument list, optional
 * @param upgradeDbCommand      argument list, optional
 * @param versionCommand        argument list, optional
 * @param commandTimeoutSeconds per-command timeout, optional
 * @param backupRoot            where backups go, optional
 */
public record HubRegistration(String name, String workDir, String configPath, String dbUrl, String publicUrl,
                              String apiUrl, String apiToken, String logFile, List<String> stopCommand,
                              List<String> startCommand, List<String> statusCommand, List<String> upgradeDbCommand,
                              List<String> versionCommand, Integer commandTimeoutSeconds, String backupRoot) {

    public HubRegistration {
        stopCommand = clean(stopCommand);
        startCommand = clean(startCommand);
        statusCommand = clean(statusCommand);
        upgradeDbCommand = clean(upgradeDbCommand);
        versionCommand = clean(versionCommand);
    }

    private static List<String> clean(List<String> argv) {
        return argv == null ? List.of() : argv.stream().filter(a -> a != null && !a.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "HubRegistration[" + name + ", workDir=" + workDir + ", config=" + configPath + "]";
    }
}
