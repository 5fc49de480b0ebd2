package dev.hubconsole.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.testsupport.RealJupyterHub;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lifecycle API against a real JupyterHub 3.0 run through its supervisor scripts. One hub is shared by the
 * methods, which run in order as the wizard would use them: check, list and stop servers, stop the hub and prove
 * it down, start it and await it up, and finally a start that the hub refuses because of a stale schema.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealHubLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static RealJupyterHub hub;
    private final CommandRunner runner = new CommandRunner();
    private final HubApiClient api = new HubApiClient();
    private final HubProbe probe = new HubProbe(api, runner, Duration.ofMillis(250));
    private final HubLogScanner scanner = new HubLogScanner();

    @BeforeAll
    static void startHub() {
        hub = RealJupyterHub.create();
        // one user per page, so that listing active servers has to follow the hub's pagination
        hub.appendConfig("c.JupyterHub.api_page_default_limit = 1");
        long start = System.nanoTime();
        hub.start();
        System.out.printf("RealJupyterHub healthy after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void removeHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    @Order(1)
    void answersWithItsVersionAndHealthWithoutAToken() {
        assertThat(api.version(hub.apiUrl())).contains("3.0.0");
        assertThat(api.version(URI.create(hub.apiUrl() + "/"))).contains("3.0.0");
        assertThat(api.healthy(hub.hubUrl())).isTrue();
        assertThat(api.healthy(hub.publicUrl())).as("through the proxy").isTrue();
    }

    @Test
    @Order(2)
    void acceptsTheServiceTokenAndRejectsAWrongOneWithoutRevealingIt() {
        TokenCheck ok = api.checkToken(hub.apiUrl(), hub.apiToken());
        assertThat(ok.outcome()).isEqualTo(TokenCheck.Outcome.OK);
        assertThat(ok.owner()).isEqualTo("hubconsole");
        assertThat(ok.admin()).isTrue();
        assertThat(ok.message()).doesNotContain(hub.apiToken());

        String wrong = "wrong-token-0123456789";
        TokenCheck rejected = api.checkToken(hub.apiUrl(), wrong);
        assertThat(rejected.outcome()).isEqualTo(TokenCheck.Outcome.REJECTED);
        assertThat(rejected.message()).contains("rejected the token (HTTP 403)").doesNotContain(wrong);

        TokenCheck wrongUrl = api.checkToken(URI.create(hub.apiUrl() + "/nothing/here"), hub.apiToken());
        assertThat(wrongUrl.outcome()).isEqualTo(TokenCheck.Outcome.UNEXPECTED);
        assertThat(wrongUrl.message()).contains("HTTP 404").contains("check the API URL");
    }

    @Test
    @Order(3)
    void listsRunningDefaultAndNamedServersAcrossPagesAndStopsThem() {
        hub.createUser("alice");
        hub.createUser("bob@example.org");
        hub.createUser("carol");
        assertThat(api.activeServers(hub.apiUrl(), hub.apiToken())).isEmpty();

        hub.startServer("alice");
        hub.startServer("bob@example.org", "gpu box");
        hub.startServer("carol", "lab");
        hub.startServer("carol");

        List<ActiveServer> active = api.activeServers(hub.apiUrl(), hub.apiToken());
        assertThat(active).extracting(ActiveServer::label)
                .containsExactlyInAnyOrder("alice", "bob@example.org/gpu box", "carol/lab", "carol");
        assertThat(active).allMatch(ActiveServer::ready);

        api.stopServer(hub.apiUrl(), hub.apiToken(), "alice", "");
        api.stopServer(hub.apiUrl(), hub.apiToken(), "bob@example.org", "gpu box");
        api.stopServer(hub.apiUrl(), hub.apiToken(), "carol", "lab");
        api.stopServer(hub.apiUrl(), hub.apiToken(), "carol", "");

        assertThat(awaitNoActiveServers()).isEmpty();
    }

    @Test
    @Order(4)
    void refusesToListServersWithAWrongTokenWithoutRevealingIt() {
        String wrong = "wrong-token-abcdef";
        HubApiException e = org.assertj.core.api.Assertions.catchThrowableOfType(HubApiException.class,
                () -> api.activeServers(hub.apiUrl(), wrong));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).contains("refused (HTTP 403)").doesNotContain(wrong);
    }

    @Test
    @Order(5)
    void reportsARunningHubAsNotDownAndAWrongExpectedVersion() {
        DownProof stillUp = probe.proveDown(hub.apiUrl(), hub.hubUrl(), Optional.of(status()), Duration.ofMillis(600));
        assertThat(stillUp.down()).isFalse();
        assertThat(stillUp.evidence()).anyMatch(line -> line.contains("version 3.0.0"))
                .anyMatch(line -> line.contains("exit 0 (running)"));

        UpProof wrong = probe.awaitUp(hub.apiUrl(), hub.hubUrl(), "4.1.5", WAIT, line -> { });
        assertThat(wrong.outcome()).isEqualTo(UpProof.Outcome.WRONG_VERSION);
        assertThat(wrong.message()).contains("wrong version 3.0.0 != 4.1.5");
    }

    @Test
    @Order(6)
    void stopsTheHubThroughItsSupervisorScriptAndProvesItDown() {
        CommandResult stopped = runner.runQuietly(spec(hub.stopCommand()));
        assertThat(stopped.succeeded()).as(stopped.tail().toString()).isTrue();

        DownProof proof = probe.proveDown(hub.apiUrl(), hub.hubUrl(), Optional.of(status()), WAIT);

        assertThat(proof.down()).as(proof.summary()).isTrue();
        assertThat(proof.evidence()).anyMatch(line -> line.contains("no answer (connection refused)"))
                .anyMatch(line -> line.contains("exit 3 (not running)"));
        assertThat(api.version(hub.apiUrl())).isEmpty();
        assertThat(api.checkToken(hub.apiUrl(), hub.apiToken()).outcome()).isEqualTo(TokenCheck.Outcome.UNREACHABLE);
    }

    @Test
    @Order(7)
    void startsTheHubThroughItsSupervisorScriptWithoutHangingAndAwaitsItUp() {
        long logSize = scanner.size(hub.logFile());
        List<String> progress = new ArrayList<>();
        long start = System.nanoTime();

        CommandResult started = runner.runQuietly(spec(hub.startCommand()));
        UpProof up = probe.awaitUp(hub.apiUrl(), hub.hubUrl(), "3.0", WAIT, progress::add, Optional.of(status()));

        assertThat(started.succeeded()).isTrue();
        assertThat(started.elapsed()).isLessThan(Duration.ofSeconds(5));
        assertThat(up.up()).as(up.message()).isTrue();
        assertThat(up.version()).isEqualTo("3.0.0");
        assertThat(progress).last().asString().startsWith("Hub is up: version 3.0.0");
        System.out.printf("restart to healthy in %d ms%n", (System.nanoTime() - start) / 1_000_000);

        LogFindings findings = scanner.scanFrom(hub.logFile(), logSize);
        assertThat(findings.errors()).isEmpty();
        assertThat(findings.warnings()).extracting(LogLine::text)
                .anyMatch(text -> text.matches("\\[W \\d{4}-.* JupyterHub proxy:\\d+\\] Running JupyterHub without SSL.*"));
    }

    @Test
    @Order(8)
    void aHubWhoseDatabaseWasDowngradedRefusesToStartAndTheLogSaysWhy() {
        hub.stop();
        hub.downgradeTo("833da8570507");
        assertThat(hub.alembicRevision()).isEqualTo("833da8570507");
        long logSize = scanner.size(hub.logFile());

        runner.runQuietly(spec(hub.startCommand()));
        UpProof up = probe.awaitUp(hub.apiUrl(), hub.hubUrl(), "3.0.0", WAIT, line -> { }, Optional.of(status()));

        assertThat(up.outcome()).as(up.message()).isEqualTo(UpProof.Outcome.EXITED);
        LogFindings findings = scanner.scanFrom(hub.logFile(), logSize);
        assertThat(findings.errors()).extracting(LogLine::text)
                .anyMatch(text -> text.startsWith("Found database schema version 833da8570507 != 651f5419b74d"));
    }

    private List<ActiveServer> awaitNoActiveServers() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<ActiveServer> active = api.activeServers(hub.apiUrl(), hub.apiToken());
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            sleep(200);
            active = api.activeServers(hub.apiUrl(), hub.apiToken());
        }
        return active;
    }

    private CommandSpec status() {
        return spec(hub.statusCommand());
    }

    private static CommandSpec spec(List<String> argv) {
        return CommandSpec.of(argv, Duration.ofSeconds(60));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
