package dev.hubconsole.wizard;

import dev.hubconsole.testsupport.ConsoleDataDir;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.HubRegistration;
import dev.hubconsole.hub.Hubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for the wizard tests, on a real SQLite console database in a temp directory. Hubs
 * are registered through the real {@link Hubs} with harmless real programs ({@code /bin/true}) as commands;
 * step states that need a real JupyterHub to reach are set through the real {@link RunStore}.
 */
@SpringBootTest
@AutoConfigureMockMvc
abstract class WizardFixture {

    static final Path DATA = ConsoleDataDir.create("hc-wizard-");
    static final String TOKEN = "tok-WIZARD-SECRET-5150";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @DynamicPropertySource
    static void consoleDatabase(DynamicPropertyRegistry registry) {
        ConsoleDataDir.register(registry, DATA);
    }

    @Autowired
    Wizard wizard;
    @Autowired
    RunStore store;
    @Autowired
    Hubs hubs;
    @Autowired
    JdbcClient jdbc;

    /** A hub whose database URL points at a file that does not exist (nothing here needs to read it). */
    Hub hub() {
        try {
            Path workDir = Files.createTempDirectory(DATA, "hub-");
            Files.writeString(workDir.resolve("jupyterhub_config.py"), "c.JupyterHub.db_url = 'sqlite:///missing.sqlite'\n");
            return hubs.register(new HubRegistration("wizard-hub-" + NAMES.incrementAndGet(), workDir.toString(),
                    "jupyterhub_config.py", "", "http://127.0.0.1:9/", "http://127.0.0.1:9/hub/api", TOKEN, "",
                    List.of("/bin/true"), List.of("/bin/true"), List.of(), List.of("/bin/true"),
                    List.of("/bin/echo", "4.1.5"), 10, DATA.resolve("backups").toString()), "tester");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks steps as succeeded as if they had run (they need a real hub to run for real). */
    void passed(long runId, StepKind... kinds) {
        for (StepKind kind : kinds) {
            if (!store.end(runId, kind, StepState.PENDING, StepState.SUCCEEDED, "{}", "done", null, Instant.now())) {
                throw new IllegalStateException(kind + " of run " + runId + " was not pending");
            }
        }
    }

    StepRecord step(long runId, StepKind kind) {
        return store.steps(runId).stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
    }

    /** Waits until the step is no longer running (steps execute on the step executor). */
    StepRecord settled(long runId, StepKind kind) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            StepRecord step = step(runId, kind);
            if (step.state() != StepState.RUNNING && step.state() != StepState.PENDING) {
                return step;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(kind + " of run " + runId + " did not finish within 30 s");
    }

    long auditEvents(long runId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE run_id = :r").param("r", runId).query(Long.class)
                .single();
    }

    List<String> auditActions(long runId) {
        return jdbc.sql("SELECT action FROM audit_events WHERE run_id = :r ORDER BY id").param("r", runId)
                .query(String.class).list();
    }

}
