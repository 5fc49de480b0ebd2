package dev.hubconsole.hub.web;

import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.HubRegistration;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Form backing the hub registration page. Commands are typed one argument per line, so no shell quoting is
 * ever involved. Converted to a {@link HubRegistration} command record.
 */
public class HubForm {

    private String name = "";
    private String workDir = "";
    private String configPath = "jupyterhub_config.py";
    private String dbUrl = "";
    private String publicUrl = "";
    private String apiUrl = "";
    private String apiToken = "";
    private String logFile = "";
    private String stopCommand = "";
    private String startCommand = "";
    private String statusCommand = "";
    private String upgradeDbCommand = "";
    private String versionCommand = "";
    private Integer commandTimeoutSeconds = 120;
    private String backupRoot = "";
    private int version;

    static HubForm of(Hub hub) {
        HubForm f = new HubForm();
        f.name = hub.name();
        f.workDir = hub.workDir().toString();
        f.configPath = hub.configFile().toString();
        f.dbUrl = "";
        f.publicUrl = hub.publicUrl().toString();
        f.apiUrl = hub.apiUrl().toString();
        f.logFile = hub.logFile().map(Path::toString).orElse("");
        f.stopCommand = lines(hub.commands().stop());
        f.startCommand = lines(hub.commands().start());
        f.statusCommand = lines(hub.commands().status());
        f.upgradeDbCommand = lines(hub.commands().upgradeDb());
        f.versionCommand = lines(hub.commands().version());
        f.commandTimeoutSeconds = (int) hub.commandTimeout().toSeconds();
        f.backupRoot = hub.backupRoot().toString();
        f.version = hub.version();
        return f;
    }

    HubRegistration toRegistration() {
        return new HubRegistration(name, workDir, configPath, dbUrl, publicUrl, apiUrl, apiToken, logFile,
                argv(stopCommand), argv(startCommand), argv(statusCommand), argv(upgradeDbCommand),
                argv(versionCommand), commandTimeoutSeconds, backupRoot);
    }

    private static String lines(List<String> argv) {
        return String.join("\n", argv);
    }

    private static List<String> argv(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getWorkDir() { return workDir; }
    public void setWorkDir(String workDir) { this.workDir = workDir; }
    public String getConfigPath() { return configPath; }
    public void setConfigPath(String configPath) { this.configPath = configPath; }
    public String getDbUrl() { return dbUrl; }
    public void setDbUrl(String dbUrl) { this.dbUrl = dbUrl; }
    public String getPublicUrl() { return publicUrl; }
    public void setPublicUrl(String publicUrl) { this.publicUrl = publicUrl; }
    public String getApiUrl() { return apiUrl; }
    public void setApiUrl(String apiUrl) { this.apiUrl = apiUrl; }
    public String getApiToken() { return apiToken; }
    public void setApiToken(String apiToken) { this.apiToken = apiToken; }
    public String getLogFile() { return logFile; }
    public void setLogFile(String logFile) { this.logFile = logFile; }
    public String getStopCommand() { return stopCommand; }
    public void setStopCommand(String stopCommand) { this.stopCommand = stopCommand; }
    public String getStartCommand() { return startCommand; }
    public void setStartCommand(String startCommand) { this.startCommand = startCommand; }
    public String getStatusCommand() { return statusCommand; }
    public void setStatusCommand(String statusCommand) { this.statusCommand = statusCommand; }
    public String getUpgradeDbCommand() { return upgradeDbCommand; }
    public void setUpgradeDbCommand(String upgradeDbCommand) { this.upgradeDbCommand = upgradeDbCommand; }
    public String getVersionCommand() { return versionCommand; }
    public void setVersionCommand(String versionCommand) { this.versionCommand = versionCommand; }
    public Integer getCommandTimeoutSeconds() { return commandTimeoutSeconds; }
    public void setCommandTimeoutSeconds(Integer seconds) { this.commandTimeoutSeconds = seconds; }
    public String getBackupRoot() { return backupRoot; }
    public void setBackupRoot(String backupRoot) { this.backupRoot = backupRoot; }
    public int getVersion() { return version; }
    public void setVersion(int version) { this.version = version; }
}
