package dev.hubconsole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.CopyOptions;
import dev.hubconsole.hubdb.CopyProgress;
import dev.hubconsole.hubdb.CopyReport;
import dev.hubconsole.hubdb.DatabaseCopy;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.testsupport.RealJupyterHub;
import dev.hubconsole.testsupport.TestDatabases;
import dev.hubconsole.testsupport.TestDatabases.Scratch;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end: a database the real JupyterHub 3.0 used on SQLite (users, groups, roles, services and a token made
 * through its REST API) is copied to PostgreSQL and to MariaDB; the real hub then starts on each copy, its REST API
 * returns the same users, groups, roles and services, and the token made before the copy still authenticates. The
 * SQLite file is never changed.
 */
class EngineChangeEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void realHubRunsOnThePostgresAndMariaDbCopiesWithTheSameUsersAndTokens() throws Exception {
        try (RealJupyterHub hub = RealJupyterHub.create()) {
            hub.appendConfig("c.JupyterHub.load_roles.append({'name': 'readers', 'scopes': ['read:users'], "
                    + "'users': ['alice'], 'groups': ['staff']})\n"
                    + "c.JupyterHub.load_groups = {'staff': ['alice']}\n");
            hub.start();
            for (String user : List.of("alice", "bob", "zoë")) {
                hub.createUser(user);
            }
            call(hub, hub.apiToken(), "POST", "/groups/physics", null);
            call(hub, hub.apiToken(), "POST", "/groups/physics/users", "{\"users\": [\"bob\", \"zoë\"]}");
            call(hub, hub.apiToken(), "PATCH", "/users/bob", "{\"admin\": true}");
            String token = JSON.readTree(call(hub, hub.apiToken(), "POST", "/users/alice/tokens",
                    "{\"note\": \"made before the copy\", \"expires_in\": 86400}").body()).path("token").asString();
            Map<String, Object> before = snapshot(hub);
            assertThat(before).containsEntry("user alice", List.of(false, List.of("staff"), List.of("readers", "user")))
                    .containsEntry("user bob", List.of(true, List.of("physics"), List.of("admin", "user")))
                    .containsEntry("group physics", List.of("bob", "zoë"))
                    .containsEntry("service hubconsole", List.of("admin"));
            assertThat(whoAmI(hub, token)).isEqualTo("alice");
            hub.stop();

            String sha = sha256(hub);
            DbUrl source = DbUrl.parse("sqlite:///jupyterhub.sqlite", hub.dir());
            for (Supplier<Scratch> server : List.<Supplier<Scratch>>of(TestDatabases::postgres, TestDatabases::mariadb)) {
                try (Scratch scratch = server.get()) {
                    DbUrl target = DbUrl.parse(scratch.jdbcUrl(), null);
                    CopyReport report = DatabaseCopy.standalone().copy(source, target, CopyOptions.defaults(),
                            CopyProgress.NONE);
                    assertThat(report.totalRows()).isPositive();

                    hub.appendConfig("c.JupyterHub.db_url = '" + target.sqlalchemyUrl() + "'");
                    hub.start();
                    try {
                        assertThat(snapshot(hub)).as("REST API on " + target.engine()).isEqualTo(before);
                        assertThat(whoAmI(hub, token)).as("token made before the copy").isEqualTo("alice");
                    } finally {
                        hub.stop();
                    }
                    assertThat(sha256(hub)).as("the SQLite source is unchanged").isEqualTo(sha);
                }
            }
        }
    }

    private Map<String, Object> snapshot(RealJupyterHub hub) throws Exception {
        Map<String, Object> out = new TreeMap<>();
        for (JsonNode u : JSON.readTree(call(hub, hub.apiToken(), "GET", "/users", null).body())) {
            List<String> groups = new ArrayList<>();
            u.path("groups").forEach(g -> groups.add(g.asString()));
            List<String> roles = new ArrayList<>();
            u.path("roles").forEach(r -> roles.add(r.asString()));
            groups.sort(null);
            roles.sort(null);
            out.put("user " + u.path("name").asString(), List.of(u.path("admin").asBoolean(), groups, roles));
        }
        for (JsonNode g : JSON.readTree(call(hub, hub.apiToken(), "GET", "/groups", null).body())) {
            List<String> users = new ArrayList<>();
            g.path("users").forEach(x -> users.add(x.asString()));
            users.sort(null);
            out.put("group " + g.path("name").asString(), users);
        }
        JsonNode services = JSON.readTree(call(hub, hub.apiToken(), "GET", "/services", null).body());
        services.properties().forEach(e -> {
            List<String> roles = new ArrayList<>();
            e.getValue().path("roles").forEach(r -> roles.add(r.asString()));
            out.put("service " + e.getKey(), roles);
        });
        return out;
    }

    private String whoAmI(RealJupyterHub hub, String token) throws Exception {
        HttpResponse<String> r = call(hub, token, "GET", "/user", null);
        return JSON.readTree(r.body()).path("name").asString();
    }

    private HttpResponse<String> call(RealJupyterHub hub, String token, String method, String path, String body)
            throws Exception {
        String[] parts = path.split("/");
        StringBuilder encoded = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                encoded.append('/').append(URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(hub.apiUrl() + encoded.toString()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "token " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static String sha256(RealJupyterHub hub) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(hub.dbFile())));
    }
}
