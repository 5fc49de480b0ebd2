package dev.hubconsole.testsupport;

import dev.hubconsole.lifecycle.CommandResult;
import dev.hubconsole.lifecycle.CommandRunner;
import dev.hubconsole.lifecycle.CommandSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real JupyterHub 3.0 (Debian's, {@code /usr/bin/python3 -m jupyterhub}) in a temporary directory, run the way
 * an admin's supervisor would: through {@code start-hub.sh}, {@code stop-hub.sh} and {@code status-hub.sh} in that
 * directory (status exits 0 iff the hub runs). Dummy authenticator, simple local spawner (single-user servers
 * as root with {@code --allow-root}, homes under {@code dir()/home}), named servers allowed, SQLite
 * {@code jupyterhub.sqlite}, random free ports, the hub's output appended to {@code hub.log}, and a service
 * {@code hubconsole} with an API token and the {@code admin} role (3.0 RBAC via {@code load_roles}).
 *
 * <p>Start-up takes about 1–2 s on this machine. {@link #create()} fails under {@code CI=true} and skips the
 * test otherwise when JupyterHub is not installed. {@link #close()} stops everything (also single-user servers
 * and the proxy should the hub have been killed) and deletes the directory.
 */
public final class RealJupyterHub implements AutoCloseable {

    /** The python that has Debian's JupyterHub. */
    public static final String PYTHON = "/usr/bin/python3";
    /** The schema revision of JupyterHub 3.0 (head). */
    public static final String REVISION_3_0 = "651f5419b74d";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final int publicPort;
    private final int hubPort;
    private final int proxyApiPort;
    private final String apiToken;
    private final CommandRunner runner = new CommandRunner();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<ProcessHandle> seenProcesses = new ArrayList<>();

    private RealJupyterHub(Path dir, int publicPort, int hubPort, int proxyApiPort, String apiToken) {
        this.dir = dir;
        this.publicPort = publicPort;
        this.hubPort = hubPort;
        this.proxyApiPort = proxyApiPort;
        this.apiToken = apiToken;
    }

    /** A configured but not yet started hub in a fresh temporary directory. */
    public static RealJupyterHub create() {
        requireInstalled();
        try {
            Path dir = Files.createTempDirectory("hubconsole-hub-");
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            int[] ports = freePorts(3);
            RealJupyterHub hub = new RealJupyterHub(dir.toRealPath(), ports[0], ports[1], ports[2],
                    HexFormat.of().formatHex(secret));
            hub.writeFiles();
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireInstalled() {
        if (!Files.isExecutable(Path.of(PYTHON)) || !Files.isExecutable(Path.of("/usr/bin/configurable-http-proxy"))) {
            TestDatabases.unavailable("JupyterHub is not installed: " + PYTHON + " or configurable-http-proxy missing "
                    + "(apt-get install -y jupyterhub alembic)");
        }
        CommandResult check = new CommandRunner().runQuietly(CommandSpec.of(
                List.of(PYTHON, "-c", "import jupyterhub, alembic; print(jupyterhub.__version__)"), COMMAND_TIMEOUT));
        if (!check.succeeded()) {
            TestDatabases.unavailable(PYTHON + " -m jupyterhub is not usable: " + String.join(" | ", check.tail()));
        }
    }

    private void writeFiles() throws IOException {
        String config = """
                # written by RealJupyterHub (hub upgrade console tests)
                c.JupyterHub.authenticator_class = 'dummy'
                c.JupyterHub.spawner_class = 'simple'
                c.Spawner.args = ['--allow-root']
                c.SimpleLocalProcessSpawner.home_dir_template = '%1$s/home/{username}'
                c.JupyterHub.allow_named_servers = True
                c.JupyterHub.bind_url = 'http://127.0.0.1:%2$d'
                c.JupyterHub.hub_ip = '127.0.0.1'
                c.JupyterHub.hub_port = %3$d
                c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:%4$d'
                c.JupyterHub.db_url = 'sqlite:///jupyterhub.sqlite'
                c.JupyterHub.cookie_secret_file = 'jupyterhub_cookie_secret'
                c.JupyterHub.services = [{'name': 'hubconsole', 'api_token': '%5$s'}]
                c.JupyterHub.load_roles = [{'name': 'admin', 'services': ['hubconsole']}]
                """.formatted(dir, publicPort, hubPort, proxyApiPort, apiToken);
        Files.writeString(configFile(), config);
        script("start-hub.sh", """
                # Starts the hub in the background, detached (setsid nohup), its output appended to hub.log.
                if [ -f hub.pid ] && is_hub "$(cat hub.pid)"; then echo "hub already running (pid $(cat hub.pid))"; exit 0; fi
                NODE_PATH=/usr/share/nodejs setsid nohup %s -m jupyterhub -f jupyterhub_config.py >> hub.log 2>&1 < /dev/null &
                echo $! > hub.pid
                echo "hub started (pid $!)"
                """.formatted(PYTHON));
        script("stop-hub.sh", """
                # Stops the hub: TERM, wait up to STOP_TIMEOUT seconds (default 20), then KILL; then the proxy.
                timeout=${STOP_TIMEOUT:-20}
                if [ -f hub.pid ]; then
                  pid=$(cat hub.pid)
                  if is_hub "$pid"; then
                    kill -TERM "$pid"
                    for _ in $(seq 1 $((timeout * 10))); do is_hub "$pid" || break; sleep 0.1; done
                    if is_hub "$pid"; then echo "hub (pid $pid) did not stop within ${timeout}s, killing it"; kill -KILL "$pid"; fi
                  fi
                  rm -f hub.pid
                fi
                if [ -f jupyterhub-proxy.pid ]; then
                  proxy=$(cat jupyterhub-proxy.pid)
                  if grep -qa configurable-http-proxy "/proc/$proxy/cmdline" 2>/dev/null; then
                    echo "stopping left-over proxy (pid $proxy)"; kill -TERM "$proxy"; sleep 0.5; kill -KILL "$proxy" 2>/dev/null
                  fi
                  rm -f jupyterhub-proxy.pid
                fi
                echo "hub stopped"
                """);
        script("status-hub.sh", """
                # Exits 0 iff the hub is running.
                if [ -f hub.pid ] && is_hub "$(cat hub.pid)"; then echo "hub running (pid $(cat hub.pid))"; exit 0; fi
                echo "hub not running"
                exit 3
                """);
    }

    private void script(String name, String body) throws IOException {
        String text = "#!/bin/bash\nset -u\ncd \"$(dirname \"$0\")\"\n"
                + "is_hub() { grep -qa jupyterhub \"/proc/$1/cmdline\" 2>/dev/null; }\n" + body;
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Appends Python lines to {@code jupyterhub_config.py} (e.g. {@code c.JupyterHub.api_page_default_limit = 1});
     * they take effect at the next start.
     */
    public RealJupyterHub appendConfig(String pythonLines) {
        try {
            Files.writeString(configFile(), pythonLines.endsWith("\n") ? pythonLines : pythonLines + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the hub with {@code start-hub.sh} and waits until it is healthy, also through the proxy; fails with the log's tail if not. */
    public RealJupyterHub start() {
        CommandResult result = runner.runQuietly(spec(startCommand()));
        if (!result.succeeded()) {
            throw new IllegalStateException("start-hub.sh failed: " + result.summary() + " " + result.tail());
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (answers(hubUrl(), "/hub/health") && answers(publicUrl(), "/hub/health") && isRunning()) {
                rememberProcesses();
                return this;
            }
            if (!isRunning()) {
                throw new IllegalStateException("The hub exited during start-up; hub.log ends with:\n" + logTail(20));
            }
            sleep(100);
        }
        throw new IllegalStateException("The hub was not healthy within " + START_TIMEOUT + "; hub.log ends with:\n"
                + logTail(20));
    }

    /** Stops the hub with {@code stop-hub.sh} and waits until its process is gone. */
    public void stop() {
        rememberProcesses();
        CommandResult result = runner.runQuietly(spec(stopCommand()));
        if (!result.succeeded()) {
            throw new IllegalStateException("stop-hub.sh failed: " + result.summary() + " " + result.tail());
        }
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (isRunning() && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (isRunning()) {
            throw new IllegalStateException("The hub still runs after stop-hub.sh");
        }
    }

    /** Whether {@code status-hub.sh} says the hub runs. */
    public boolean isRunning() {
        return runner.runQuietly(spec(statusCommand())).succeeded();
    }

    /**
     * Downgrades the stopped hub's database with {@code python3 -m jupyterhub.dbutil alembic downgrade REV}, run
     * in the hub directory (dbutil reads {@code jupyterhub_config.py} from the working directory and takes its
     * {@code db_url}), and checks {@code alembic_version} afterwards.
     */
    public void downgradeTo(String revision) {
        if (isRunning()) {
            throw new IllegalStateException("Stop the hub before downgrading its database");
        }
        CommandResult result = runner.runQuietly(new CommandSpec(
                List.of(PYTHON, "-m", "jupyterhub.dbutil", "alembic", "downgrade", revision), dir, COMMAND_TIMEOUT,
                Map.of("PATH", "/usr/bin:/bin")));
        if (!result.succeeded()) {
            throw new IllegalStateException("downgrade to " + revision + " failed: " + String.join("\n", result.tail()));
        }
        String now = alembicRevision();
        if (!revision.equals(now)) {
            throw new IllegalStateException("After downgrade to " + revision + " alembic_version is " + now);
        }
    }

    /** The revision in the database's {@code alembic_version} table, read through a read-only connection. */
    public String alembicRevision() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + dbFile() + "?mode=ro");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version_num FROM alembic_version")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read alembic_version of " + dbFile() + ": " + e.getMessage(), e);
        }
    }

    /** Creates a user through the REST API ({@code POST /users/{name}}); an existing user is fine. */
    public void createUser(String name) {
        HttpResponse<String> response = call("POST", "/users/" + encode(name));
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("create user " + name + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** Starts the user's default server and waits until it is ready. */
    public void startServer(String user) {
        startServer(user, "");
    }

    /** Starts a server ({@code ""} = default, else a named server) and waits until it is ready. */
    public void startServer(String user, String serverName) {
        String path = "/users/" + encode(user) + (serverName.isEmpty() ? "/server" : "/servers/" + encode(serverName));
        HttpResponse<String> response = call("POST", path);
        if (response.statusCode() != 201 && response.statusCode() != 202) {
            throw new IllegalStateException("start server " + user + "/" + serverName + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode server = JSON.readTree(call("GET", "/users/" + encode(user)).body()).path("servers").path(serverName);
            if (server.path("ready").asBoolean(false)) {
                rememberProcesses();
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("Server " + user + "/" + serverName + " not ready within " + START_TIMEOUT);
    }

    /** The last lines of hub.log. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile())) {
                return "(no hub.log)";
            }
            List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read hub.log: " + e.getMessage() + ")";
        }
    }

    /** The hub's API base, like {@code http://127.0.0.1:8081/hub/api} (the hub's own port, not the proxy). */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + hubPort + "/hub/api");
    }

    /** The hub's own address; {@code /hub/health} lives under it. */
    public URI hubUrl() {
        return URI.create("http://127.0.0.1:" + hubPort);
    }

    /** The public URL (the proxy). */
    public URI publicUrl() {
        return URI.create("http://127.0.0.1:" + publicPort);
    }

    /** The token of the admin service {@code hubconsole}. */
    public String apiToken() {
        return apiToken;
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("jupyterhub_config.py");
    }

    public Path dbFile() {
        return dir.resolve("jupyterhub.sqlite");
    }

    public Path logFile() {
        return dir.resolve("hub.log");
    }

    /** {@code ["bash", "<dir>/start-hub.sh"]}. */
    public List<String> startCommand() {
        return List.of("bash", dir.resolve("start-hub.sh").toString());
    }

    /** {@code ["bash", "<dir>/stop-hub.sh"]}. */
    public List<String> stopCommand() {
        return List.of("bash", dir.resolve("stop-hub.sh").toString());
    }

    /** {@code ["bash", "<dir>/status-hub.sh"]}: exits 0 iff the hub runs. */
    public List<String> statusCommand() {
        return List.of("bash", dir.resolve("status-hub.sh").toString());
    }

    /** Stops the hub, kills anything it left behind (proxy, single-user servers) and deletes the directory. */
    @Override
    public void close() {
        try {
            if (isRunning()) {
                stop();
            }
        } finally {
            seenProcesses.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return "RealJupyterHub[" + dir + ", hub port " + hubPort + ", public port " + publicPort + "]";
    }

    /** Remembers the hub's process tree so that {@link #close()} can kill leftovers after a KILL. */
    private void rememberProcesses() {
        hubPid().flatMap(ProcessHandle::of).ifPresent(hub -> {
            seenProcesses.add(hub);
            hub.descendants().forEach(seenProcesses::add);
        });
        readPid(dir.resolve("jupyterhub-proxy.pid")).flatMap(ProcessHandle::of).ifPresent(seenProcesses::add);
    }

    private Optional<Long> hubPid() {
        return readPid(dir.resolve("hub.pid"));
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private CommandSpec spec(List<String> argv) {
        return new CommandSpec(argv, dir, COMMAND_TIMEOUT, Map.of());
    }

    private boolean answers(URI base, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> call(String method, String apiPath) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl() + apiPath))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "token " + apiToken)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + apiPath + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Ports free now, all different: each socket stays open until all are taken (one closed before the next is asked
     * for may be handed out again, and the hub and its proxy would then answer each other's requests).
     */
    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }
}
