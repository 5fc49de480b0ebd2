package dev.hubconsole.hub;

import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.DbUrlSetting;
import dev.hubconsole.hubdb.HubConfigFile;
import dev.hubconsole.hubdb.InvalidDbUrlException;
import dev.hubconsole.lifecycle.CommandException;
import dev.hubconsole.lifecycle.CommandRunner;
import dev.hubconsole.security.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns what an admin typed into a {@link Hub}, or refuses with the first problem found (field and one-line
 * message). Nothing is stored or run here; commands are only checked to name a program that exists.
 */
@Component
class HubValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}");
    private final HubProperties properties;

    HubValidator(HubProperties properties) {
        this.properties = properties;
    }

    /** Validates a registration; {@code existingToken} is kept when the form leaves the token blank. */
    Hub validate(long id, int version, HubRegistration r, Optional<Secret> existingToken) {
        String name = trim(r.name());
        if (name.isEmpty() || !NAME.matcher(name).matches()) {
            throw new InvalidHubException("name", "Name must be 1-100 letters, digits, spaces, dots, dashes or "
                    + "underscores, starting with a letter or digit");
        }
        Path workDir = directory(trim(r.workDir()));
        Path config = configFile(workDir, trim(r.configPath()));
        String rawDbUrl = trim(r.dbUrl());
        if (rawDbUrl.isEmpty()) {
            rawDbUrl = dbUrlFromConfig(config);
        }
        DbUrl dbUrl;
        try {
            dbUrl = DbUrl.parse(rawDbUrl, workDir);
        } catch (InvalidDbUrlException e) {
            throw new InvalidHubException("dbUrl", e.getMessage());
        }
        URI publicUrl = httpUrl("publicUrl", "Public URL", trim(r.publicUrl()));
        URI apiUrl = httpUrl("apiUrl", "API URL", trim(r.apiUrl()));
        Secret token;
        if (!trim(r.apiToken()).isEmpty()) {
            token = new Secret(trim(r.apiToken()));
        } else {
            token = existingToken.orElseThrow(() -> new InvalidHubException("apiToken",
                    "API token is required: give the token of a service or user with admin rights on the hub API"));
        }
        Optional<Path> logFile = trim(r.logFile()).isEmpty() ? Optional.empty()
                : Optional.of(resolve(workDir, "logFile", trim(r.logFile())));
        HubCommands commands = new HubCommands(
                command("stopCommand", "Stop", r.stopCommand(), workDir, List.of()),
                command("startCommand", "Start", r.startCommand(), workDir, List.of()),
                r.statusCommand().isEmpty() ? List.of()
                        : command("statusCommand", "Status", r.statusCommand(), workDir, List.of()),
                command("upgradeDbCommand", "Upgrade-db", r.upgradeDbCommand(), workDir,
                        List.of("jupyterhub", "upgrade-db", "-f", config.toString())),
                command("versionCommand", "Version", r.versionCommand(), workDir, List.of("jupyterhub", "--version")));
        Integer seconds = r.commandTimeoutSeconds();
        Duration timeout = seconds == null ? properties.commandTimeout() : Duration.ofSeconds(seconds);
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(6)) > 0) {
            throw new InvalidHubException("commandTimeoutSeconds",
                    "Command timeout must be between 1 second and 6 hours (21600 seconds)");
        }
        Path backupRoot = trim(r.backupRoot()).isEmpty()
                ? Path.of(properties.backupRoot()).toAbsolutePath().normalize()
                : resolve(workDir, "backupRoot", trim(r.backupRoot()));
        return new Hub(id, name, workDir, config, new Secret(rawDbUrl), dbUrl.display(), publicUrl, apiUrl, token,
                logFile, commands, timeout, backupRoot, version);
    }

    private static String dbUrlFromConfig(Path config) {
        DbUrlSetting setting = HubConfigFile.read(config).dbUrl();
        return setting.url().orElseThrow(() -> new InvalidHubException("dbUrl",
                "Could not read db_url from " + config + ": " + setting.detail()
                        + "; type the database URL into the form"));
    }

    private static Path directory(String raw) {
        if (raw.isEmpty()) {
            throw new InvalidHubException("workDir", "Working directory is required: the directory the hub runs in");
        }
        Path dir = path("workDir", raw);
        if (!dir.isAbsolute()) {
            throw new InvalidHubException("workDir", "Working directory must be an absolute path, e.g. /srv/jupyterhub");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidHubException("workDir", "Working directory " + dir + " does not exist or is not a "
                    + "directory; give the directory the hub runs in");
        }
        return dir.normalize();
    }

    private static Path configFile(Path workDir, String raw) {
        if (raw.isEmpty()) {
            raw = "jupyterhub_config.py";
        }
        Path file = resolve(workDir, "configPath", raw);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidHubException("configPath", "Config file " + file + " is missing or unreadable; give "
                    + "the path of the hub's jupyterhub_config.py and make it readable by the console");
        }
        return file;
    }

    private static URI httpUrl(String field, String label, String raw) {
        try {
            URI uri = new URI(raw);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidHubException(field, label + " '" + raw + "' is not an http(s) URL; write it like "
                + ("apiUrl".equals(field) ? "http://127.0.0.1:8081/hub/api" : "https://hub.example.org/"));
    }

    private static List<String> command(String field, String label, List<String> argv, Path workDir,
                                        List<String> fallback) {
        List<String> command = argv.isEmpty() ? fallback : argv;
        if (command.isEmpty()) {
            throw new InvalidHubException(field, label + " command is required: one argument per line, the "
                    + "program first (e.g. systemctl, stop, jupyterhub)");
        }
        if (!argv.isEmpty()) {
            try {
                CommandRunner.checkProgram(command.get(0), workDir);
            } catch (CommandException e) {
                throw new InvalidHubException(field, label + " command: " + e.getMessage());
            }
        }
        return new ArrayList<>(command);
    }

    private static Path resolve(Path workDir, String field, String raw) {
        return workDir.resolve(path(field, raw)).normalize();
    }

    private static Path path(String field, String raw) {
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw new InvalidHubException(field, "'" + raw + "' is not a valid path: " + e.getReason());
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
