package dev.hubconsole.backup.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import dev.hubconsole.audit.AuditLog;
import dev.hubconsole.backup.BackupRequest;
import dev.hubconsole.backup.BackupResult;
import dev.hubconsole.backup.Backups;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.HubRegistration;
import dev.hubconsole.hub.Hubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The hub's backups page with the real security configuration, a real SQLite hub and real backups. */
@SpringBootTest
@AutoConfigureMockMvc
class BackupPagesTest {

    static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("hc-backup-pages-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void consoleDatabase(DynamicPropertyRegistry registry) {
        registry.add("console.data-dir", DATA::toString);
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DATA.resolve("console.sqlite")
                + "?foreign_keys=on&busy_timeout=10000&journal_mode=WAL");
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    Hubs hubs;
    @Autowired
    Backups backups;
    @Autowired
    AuditLog audit;
    @Autowired
    BackupJobs jobs;

    HttpServer hubApi;
    Hub hub;
    Path database;
    BackupResult backup;

    @BeforeEach
    void hubWithABackup() throws Exception {
        Path dir = Files.createTempDirectory(DATA, "hub-");
        Path config = Files.writeString(dir.resolve("jupyterhub_config.py"),
                "c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'\n");
        Files.writeString(dir.resolve("jupyterhub_cookie_secret"), "abcdef\n");
        database = dir.resolve("jupyterhub.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
            s.execute("INSERT INTO alembic_version VALUES ('651f5419b74d')");
            s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(255))");
            s.execute("INSERT INTO users (name) VALUES ('alice'), ('bob')");
        }
        hubApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hubApi.createContext("/hub/api/", exchange -> {
            byte[] body = "{\"version\": \"3.0.0\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        int port = hubApi.getAddress().getPort();
        hub = hubs.register(new HubRegistration(dir.getFileName().toString(), dir.toString(), config.toString(), "",
                "http://127.0.0.1:" + port + "/", "http://127.0.0.1:" + port + "/hub/api", "token-for-tests", "",
                List.of("/usr/bin/true"), List.of("/usr/bin/true"), List.of(), List.of(), List.of(), null,
                dir.resolve("backups").toString()), "tester");
        backup = backups.create(new BackupRequest(hub.name(), hub.backupRoot().toAbsolutePath().normalize(),
                database, config, List.of(dir.resolve("jupyterhub_cookie_secret")), Optional.empty(), List.of(),
                Map.of("jupyterhubVersion", "3.0.0", "alembicRevision", "651f5419b74d")),
                dev.hubconsole.backup.BackupProgress.none());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            s.execute("DELETE FROM users");
        }
    }

    @AfterEach
    void stopApi() {
        hubApi.stop(0);
    }

    String name() {
        return backup.directory().getFileName().toString();
    }

    @Test
    @WithMockUser(roles = "VIEWER")
    void viewerSeesTheBackupsButCannotVerifyOrRestore() throws Exception {
        mvc.perform(get("/hubs/" + hub.id() + "/backups")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(name())))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("never verified")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("651f5419b74d")));
        mvc.perform(post("/hubs/" + hub.id() + "/backups/" + name() + "/verify").with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/hubs/" + hub.id() + "/backups/" + name() + "/restore").param("confirm", "true")
                .with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    @WithMockUser(username = "root-admin", roles = "ADMIN")
    void adminVerifiesABackupOffTheRequestThreadAndThePageShowsTheOutcome() throws Exception {
        mvc.perform(post("/hubs/" + hub.id() + "/backups/" + name() + "/verify").with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("message", org.hamcrest.Matchers.startsWith("Verifying")));
        assertThat(jobs.awaitIdle(hub.id(), Duration.ofMinutes(1))).isTrue();
        assertThat(backups.lastVerification(backup.directory())).get()
                .satisfies(status -> assertThat(status.fully()).as(status.summary()).isTrue());
        assertThat(audit.recent(5)).anyMatch(e -> e.action().equals("backup.verify") && e.hubId() == hub.id()
                && e.outcome().name().equals("OK"));
        mvc.perform(get("/hubs/" + hub.id() + "/backups")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("verified (test-restored)")));

        Files.writeString(backup.directory().resolve("files/jupyterhub_config.py"), "# tampered\n");
        mvc.perform(post("/hubs/" + hub.id() + "/backups/" + name() + "/verify").with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(jobs.awaitIdle(hub.id(), Duration.ofMinutes(1))).isTrue();
        mvc.perform(get("/hubs/" + hub.id() + "/backups")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("FAILED verification")));
    }

    @Test
    @WithMockUser(username = "root-admin", roles = "ADMIN")
    void restoreIsRefusedWhileTheHubAnswersAndRestoresByteForByteOnceItIsDown() throws Exception {
        hubApi.start();
        String damaged = sha256(database);
        mvc.perform(post("/hubs/" + hub.id() + "/backups/" + name() + "/restore").param("confirm", "true")
                .with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.startsWith("Refusing to restore while"
                        + " the hub is running")));
        assertThat(sha256(database)).isEqualTo(damaged);
        assertThat(audit.recent(5)).anyMatch(e -> e.action().equals("backup.restore")
                && e.outcome().name().equals("REFUSED"));
        hubApi.stop(0);

        mvc.perform(post("/hubs/" + hub.id() + "/backups/" + name() + "/restore").param("confirm", "true")
                .with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("message", org.hamcrest.Matchers.startsWith("Restoring")));
        assertThat(jobs.awaitIdle(hub.id(), Duration.ofMinutes(1))).isTrue();
        mvc.perform(get("/hubs/" + hub.id() + "/backups")).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Restored 3 file(s)")));
        assertThat(sha256(database)).isEqualTo(sha256(backup.directory().resolve("database.sqlite")));
        assertThat(audit.recent(5)).anyMatch(e -> e.action().equals("backup.restore")
                && e.outcome().name().equals("OK"));
        try (var files = Files.list(database.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("jupyterhub.sqlite.replaced-"));
        }
    }

    @Test
    @WithMockUser(username = "root-admin", roles = "ADMIN")
    void unknownBackupIsNotFoundAndNoPathIsTakenFromTheRequest() throws Exception {
        mvc.perform(post("/hubs/" + hub.id() + "/backups/..%2F..%2Fetc/restore").param("confirm", "true")
                .with(csrf())).andExpect(status().is4xxClientError());
        mvc.perform(post("/hubs/" + hub.id() + "/backups/20000101T000000Z/verify").with(csrf()))
                .andExpect(status().isNotFound());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
