package dev.hubconsole.hub;

import dev.hubconsole.testsupport.ConsoleDataDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Registering hubs through {@link Hubs}, the form and the API, against a real SQLite console database: each bad
 * input is refused with one clear line and stores nothing; secrets are stored encrypted and never rendered.
 */
@SpringBootTest
@AutoConfigureMockMvc
class HubRegistrationTest {

    static final Path DATA = ConsoleDataDir.create("hc-hub-");
    static final String TOKEN = "tok-SECRET-4f1c2e9a77";
    static final String DB_PASSWORD = "pw-SECRET-b83d";
    static final String PG_URL = "postgresql://hub:" + DB_PASSWORD + "@127.0.0.1:5432/jupyterhub";
    static final AtomicInteger NAMES = new AtomicInteger();
    static final RequestPostProcessor ADMIN = user("hub-admin").roles("ADMIN");

    @DynamicPropertySource
    static void consoleDatabase(DynamicPropertyRegistry registry) {
        ConsoleDataDir.register(registry, DATA);
    }

    @Autowired
    Hubs hubs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MockMvc mvc;
    Path workDir;

    @BeforeEach
    void hubDirectory() throws IOException {
        workDir = Files.createTempDirectory(DATA, "hub-");
        Files.writeString(workDir.resolve("jupyterhub_config.py"),
                "c = get_config()  # noqa\nc.JupyterHub.db_url = 'sqlite:///from-config.sqlite'\n");
    }

    @Test
    void eachBadInputIsRefusedWithOneClearLineAndNothingIsStored() throws IOException {
        Path unreadable = workDir.resolve("secret_config.py");
        Files.writeString(unreadable, "c.JupyterHub.db_url = 'sqlite:///x.sqlite'\n");
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("---------"));

        refused(valid().workDir(workDir.resolve("no-such-dir").toString()), "workDir", "does not exist");
        refused(valid().workDir("relative/dir"), "workDir", "absolute path");
        refused(valid().configPath("missing_config.py"), "configPath", "missing or unreadable");
        refused(valid().configPath(workDir.toString()), "configPath", "missing or unreadable");
        if (!Files.isReadable(unreadable)) {
            // root reads every file whatever its mode, so this case is only observable for other users
            refused(valid().configPath(unreadable.toString()), "configPath", "missing or unreadable");
        }
        refused(valid().dbUrl("sqlite://"), "dbUrl", "in-memory");
        refused(valid().dbUrl("sqlite:///:memory:"), "dbUrl", "in-memory");
        refused(valid().dbUrl("foo://x"), "dbUrl", "Unsupported database scheme 'foo'");
        refused(valid().apiUrl("ftp://127.0.0.1/hub/api"), "apiUrl", "is not an http(s) URL");
        refused(valid().apiUrl("127.0.0.1:8081"), "apiUrl", "is not an http(s) URL");
        refused(valid().publicUrl("hub.example.org"), "publicUrl", "is not an http(s) URL");
        refused(valid().apiToken(""), "apiToken", "API token is required");
        refused(valid().apiToken("   "), "apiToken", "API token is required");
        refused(valid().stop("/no/such/program", "stop"), "stopCommand", "Program '/no/such/program' not found");
        refused(valid().start("no-such-program-xyz"), "startCommand", "Program 'no-such-program-xyz' not found on PATH");
        refused(valid().stop(), "stopCommand", "Stop command is required");
        refused(valid().name(""), "name", "Name must be");
        refused(valid().name("../etc"), "name", "Name must be");
        refused(valid().timeout(0), "commandTimeoutSeconds", "between 1 second and 6 hours");
    }

    @Test
    void aDuplicateNameIsRefusedAndTheFirstHubIsKept() {
        Form form = valid();
        Hub first = hubs.register(form.registration(), "tester");
        long hubsBefore = count("hubs");

        assertThatThrownBy(() -> hubs.register(form.registration(), "tester"))
                .isInstanceOfSatisfying(InvalidHubException.class, e -> assertThat(e.field()).isEqualTo("name"))
                .hasMessageContaining("registered already");
        assertThat(count("hubs")).isEqualTo(hubsBefore);
        assertThat(hubs.find(first.id())).isPresent();
    }

    @Test
    void aDoubleSubmittedRegistrationFormStoresOneHubAndRefusesTheSecond() throws Exception {
        Form form = valid();
        long before = count("hubs");
        mvc.perform(form.post()).andExpect(redirectedUrlPattern("/hubs/*"));
        String second = mvc.perform(form.post()).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(second).contains("registered already");
        assertThat(count("hubs")).isEqualTo(before + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'hub.register' AND detail LIKE :n")
                .param("n", "registered hub " + form.name + " %").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aBlankDatabaseUrlIsReadFromTheConfigFile() {
        Hub hub = hubs.register(valid().dbUrl("").registration(), "tester");

        assertThat(hub.dbUrl().value()).isEqualTo("sqlite:///from-config.sqlite");
        assertThat(hub.dbUrlDisplay()).contains("from-config.sqlite");
    }

    @Test
    void aConfigWithoutReadableDbUrlAsksForTheUrlInTheForm() throws IOException {
        Files.writeString(workDir.resolve("jupyterhub_config.py"),
                "import os\nc.JupyterHub.db_url = os.environ['HUB_DB']\n");
        long before = count("hubs");

        assertThatThrownBy(() -> hubs.register(valid().dbUrl("").registration(), "tester"))
                .isInstanceOfSatisfying(InvalidHubException.class, e -> assertThat(e.field()).isEqualTo("dbUrl"))
                .hasMessageContaining("type the database URL into the form");
        assertThat(count("hubs")).isEqualTo(before);
    }

    @Test
    void secretsAreStoredEncryptedAndReadBackIntact() {
        Hub hub = hubs.register(valid().dbUrl(PG_URL).registration(), "tester");

        Map<String, Object> row = jdbc.sql("SELECT * FROM hubs WHERE id = :id").param("id", hub.id()).query()
                .singleRow();
        String raw = row.values().toString();
        assertThat(raw).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);
        assertThat((String) row.get("api_token_enc")).startsWith("v1:");
        assertThat((String) row.get("db_url_enc")).startsWith("v1:");
        assertThat((String) row.get("db_url_display")).contains("127.0.0.1").doesNotContain(DB_PASSWORD);
        assertThat(hubs.find(hub.id()).orElseThrow().apiToken().value()).isEqualTo(TOKEN);
        assertThat(hubs.find(hub.id()).orElseThrow().dbUrl().value()).isEqualTo(PG_URL);
        assertThat(hub.toString()).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);
        assertThat(jdbc.sql("SELECT detail FROM audit_events").query(String.class).list())
                .noneMatch(d -> d.contains(TOKEN) || d.contains(DB_PASSWORD));
    }

    @Test
    void secretsAreNeverRenderedByPagesOrApi() throws Exception {
        Hub hub = hubs.register(valid().dbUrl(PG_URL).registration(), "tester");
        for (String page : List.of("/hubs", "/hubs/" + hub.id(), "/hubs/" + hub.id() + "/edit", "/api/hubs",
                "/api/hubs/" + hub.id(), "/audit")) {
            String body = mvc.perform(get(page).with(ADMIN)).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            assertThat(body).as(page).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);
        }
    }

    @Test
    void aRefusedFormDoesNotEchoTheSecretsBack() throws Exception {
        Form form = valid().dbUrl(PG_URL).apiUrl("not a url");
        String body = mvc.perform(form.post()).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(body).contains("is not an http(s) URL");
        assertThat(body).doesNotContain(TOKEN).doesNotContain(DB_PASSWORD);
    }

    @Test
    void theApiRefusesBadInputWithAProblemNamingTheFieldProblem() throws Exception {
        long before = count("hubs");
        String json = """
                {"name":"api-bad","workDir":"%s","dbUrl":"foo://x","publicUrl":"http://127.0.0.1:8000/",
                 "apiUrl":"http://127.0.0.1:8081/hub/api","apiToken":"t","stopCommand":["/bin/true"],
                 "startCommand":["/bin/true"]}""".formatted(workDir);
        String body = mvc.perform(post("/api/hubs").with(ADMIN).contentType(MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();

        assertThat(body).contains("Unsupported database scheme");
        assertThat(count("hubs")).isEqualTo(before);
    }

    @Test
    void aChangeFromAStalePageIsRefused() {
        Hub hub = hubs.register(valid().registration(), "tester");
        HubRegistration change = valid().name(hub.name()).apiToken("").registration();
        hubs.update(hub.id(), hub.version(), change, "tester");

        assertThatThrownBy(() -> hubs.update(hub.id(), hub.version(), change, "tester"))
                .isInstanceOf(InvalidHubException.class).hasMessageContaining("changed by someone else");
        assertThat(hubs.find(hub.id()).orElseThrow().apiToken().value()).as("blank token keeps the stored one")
                .isEqualTo(TOKEN);
    }

    private void refused(Form form, String field, String message) {
        long hubs = count("hubs");
        long audit = count("audit_events");
        assertThatThrownBy(() -> this.hubs.register(form.registration(), "tester"))
                .as(field + " / " + message)
                .isInstanceOfSatisfying(InvalidHubException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message).doesNotContain("\n");
                });
        assertThat(count("hubs")).as("nothing stored for " + field).isEqualTo(hubs);
        assertThat(count("audit_events")).isEqualTo(audit);
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private Form valid() {
        return new Form(workDir);
    }

    /** A valid registration with harmless real programs as commands; each setter spoils one part. */
    static final class Form {
        String name = "hub-" + NAMES.incrementAndGet();
        String workDir;
        String configPath = "jupyterhub_config.py";
        String dbUrl = "sqlite:///jupyterhub.sqlite";
        String publicUrl = "http://127.0.0.1:8000/";
        String apiUrl = "http://127.0.0.1:8081/hub/api";
        String apiToken = TOKEN;
        List<String> stop = List.of("/bin/true");
        List<String> start = List.of("/bin/true");
        Integer timeout = 30;

        Form(Path workDir) {
            this.workDir = workDir.toString();
        }

        Form name(String v) { name = v; return this; }
        Form workDir(String v) { workDir = v; return this; }
        Form configPath(String v) { configPath = v; return this; }
        Form dbUrl(String v) { dbUrl = v; return this; }
        Form publicUrl(String v) { publicUrl = v; return this; }
        Form apiUrl(String v) { apiUrl = v; return this; }
        Form apiToken(String v) { apiToken = v; return this; }
        Form stop(String... v) { stop = List.of(v); return this; }
        Form start(String... v) { start = List.of(v); return this; }
        Form timeout(Integer v) { timeout = v; return this; }

        HubRegistration registration() {
            return new HubRegistration(name, workDir, configPath, dbUrl, publicUrl, apiUrl, apiToken, "", stop, start,
                    List.of(), List.of(), List.of("/bin/echo", "4.1.5"), timeout, "");
        }

        MockHttpServletRequestBuilder post() {
            return org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/hubs").with(ADMIN)
                    .with(csrf())
                    .param("name", name).param("workDir", workDir).param("configPath", configPath)
                    .param("dbUrl", dbUrl).param("publicUrl", publicUrl).param("apiUrl", apiUrl)
                    .param("apiToken", apiToken).param("stopCommand", String.join("\n", stop))
                    .param("startCommand", String.join("\n", start)).param("versionCommand", "/bin/echo\n4.1.5")
                    .param("commandTimeoutSeconds", String.valueOf(timeout));
        }
    }

}
