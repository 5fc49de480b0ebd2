package dev.hubconsole.hub;

import dev.hubconsole.shared.Times;
import dev.hubconsole.security.Secret;
import dev.hubconsole.security.SecretCipher;
import java.net.URI;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Hub registrations in the console's database; secrets are encrypted before they are written. */
@Repository
class HubStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> ARGV = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, name, work_dir, config_path, db_url_enc, db_url_display, public_url, "
            + "api_url, api_token_enc, log_file, stop_cmd, start_cmd, status_cmd, upgrade_db_cmd, version_cmd, "
            + "command_timeout_seconds, backup_root, version";
    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    private final Clock clock;

    HubStore(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    Optional<Hub> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM hubs WHERE id = :id").param("id", id).query(this::map).optional();
    }

    Optional<Long> idOf(String name) {
        return jdbc.sql("SELECT id FROM hubs WHERE name = :n").param("n", name).query(Long.class).optional();
    }

    List<HubSummary> summaries() {
        return jdbc.sql("SELECT id, name, db_url_display, public_url FROM hubs ORDER BY name")
                .query((rs, n) -> new HubSummary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    long insert(Hub hub) {
        String now = Times.format(clock.instant());
        KeyHolder keys = new GeneratedKeyHolder();
        bind(jdbc.sql("INSERT INTO hubs (name, work_dir, config_path, db_url_enc, db_url_display, public_url, api_url, "
                + "api_token_enc, log_file, stop_cmd, start_cmd, status_cmd, upgrade_db_cmd, version_cmd, "
                + "command_timeout_seconds, backup_root, created_at, updated_at, version) VALUES (:name, :workDir, "
                + ":config, :dbUrl, :dbUrlDisplay, :publicUrl, :apiUrl, :token, :logFile, :stop, :start, :status, "
                + ":upgradeDb, :version, :timeout, :backupRoot, :now, :now, 0)"), hub)
                .param("now", now)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Updates a registration if nobody changed it meanwhile; false when the version moved on. */
    boolean update(Hub hub) {
        return bind(jdbc.sql("UPDATE hubs SET name = :name, work_dir = :workDir, config_path = :config, "
                + "db_url_enc = :dbUrl, db_url_display = :dbUrlDisplay, public_url = :publicUrl, api_url = :apiUrl, "
                + "api_token_enc = :token, log_file = :logFile, stop_cmd = :stop, start_cmd = :start, "
                + "status_cmd = :status, upgrade_db_cmd = :upgradeDb, version_cmd = :version, "
                + "command_timeout_seconds = :timeout, backup_root = :backupRoot, updated_at = :now, "
                + "version = version + 1 WHERE id = :id AND version = :v"), hub)
                .param("now", Times.format(clock.instant())).param("id", hub.id()).param("v", hub.version())
                .update() == 1;
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Hub hub) {
        HubCommands c = hub.commands();
        return spec.param("name", hub.name()).param("workDir", hub.workDir().toString())
                .param("config", hub.configFile().toString())
                .param("dbUrl", cipher.encrypt(hub.dbUrl().value())).param("dbUrlDisplay", hub.dbUrlDisplay())
                .param("publicUrl", hub.publicUrl().toString()).param("apiUrl", hub.apiUrl().toString())
                .param("token", cipher.encrypt(hub.apiToken().value()))
                .param("logFile", hub.logFile().map(Path::toString).orElse(null))
                .param("stop", JSON.writeValueAsString(c.stop())).param("start", JSON.writeValueAsString(c.start()))
                .param("status", JSON.writeValueAsString(c.status()))
                .param("upgradeDb", JSON.writeValueAsString(c.upgradeDb()))
                .param("version", JSON.writeValueAsString(c.version()))
                .param("timeout", (int) hub.commandTimeout().toSeconds())
                .param("backupRoot", hub.backupRoot().toString());
    }

    private Hub map(ResultSet rs, int row) throws SQLException {
        String log = rs.getString("log_file");
        HubCommands commands = new HubCommands(argv(rs, "stop_cmd"), argv(rs, "start_cmd"), argv(rs, "status_cmd"),
                argv(rs, "upgrade_db_cmd"), argv(rs, "version_cmd"));
        return new Hub(rs.getLong("id"), rs.getString("name"), Path.of(rs.getString("work_dir")),
                Path.of(rs.getString("config_path")), new Secret(cipher.decrypt(rs.getString("db_url_enc"))),
                rs.getString("db_url_display"), URI.create(rs.getString("public_url")),
                URI.create(rs.getString("api_url")), new Secret(cipher.decrypt(rs.getString("api_token_enc"))),
                Optional.ofNullable(log).map(Path::of), commands,
                Duration.ofSeconds(rs.getInt("command_timeout_seconds")), Path.of(rs.getString("backup_root")),
                rs.getInt("version"));
    }

    private static List<String> argv(ResultSet rs, String column) throws SQLException {
        String json = rs.getString(column);
        return json == null ? List.of() : JSON.readValue(json, ARGV);
    }
}
