package dev.hubconsole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.audit.AuditEntry;
import dev.hubconsole.audit.AuditLog;
import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.HubRegistration;
import dev.hubconsole.hub.Hubs;
import dev.hubconsole.hub.InvalidHubException;
import dev.hubconsole.wizard.Run;
import dev.hubconsole.wizard.RunState;
import dev.hubconsole.wizard.StepKind;
import dev.hubconsole.wizard.StepRecord;
import dev.hubconsole.wizard.StepState;
import dev.hubconsole.wizard.Wizard;
import dev.hubconsole.wizard.WizardRefusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's own database on one engine: Flyway migrations applied at start-up, then hubs, runs and the
 * audit log through the features' public APIs, and the database's own guarantees (one active run per hub,
 * append-only audit). Each engine has a subclass that points {@code spring.datasource.url} at a fresh database.
 */
abstract class ConsoleDatabaseContractTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @Autowired
    Hubs hubs;
    @Autowired
    Wizard wizard;
    @Autowired
    AuditLog audit;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path workDir;

    @Test
    void flywayAppliedBothMigrations() {
        assertThat(jdbc.sql("SELECT version FROM flyway_schema_history WHERE success = :t ORDER BY installed_rank")
                .param("t", true).query(String.class).list()).containsExactly("1", "2");
    }

    @Test
    void hubsAreStoredReadBackAndChangedWithOptimisticLocking() throws IOException {
        Hub hub = register();
        Hub read = hubs.find(hub.id()).orElseThrow();
        assertThat(read.apiToken().value()).isEqualTo("db-contract-token");
        assertThat(read.commands().stop()).containsExactly("/bin/true");
        assertThat(read.version()).isZero();
        assertThat(hubs.all()).extracting(h -> h.name()).contains(hub.name());

        HubRegistration change = registration(hub.name(), "");
        Hub changed = hubs.update(hub.id(), 0, change, "tester");
        assertThat(changed.version()).isEqualTo(1);
        assertThat(changed.apiToken().value()).as("blank token kept").isEqualTo("db-contract-token");
        assertThatThrownBy(() -> hubs.update(hub.id(), 0, change, "tester")).isInstanceOf(InvalidHubException.class)
                .hasMessageContaining("changed by someone else");
        assertThatThrownBy(() -> hubs.register(registration(hub.name(), "t"), "tester"))
                .isInstanceOf(InvalidHubException.class).hasMessageContaining("registered already");
        assertThat(jdbc.sql("SELECT api_token_enc FROM hubs WHERE id = :id").param("id", hub.id())
                .query(String.class).single()).startsWith("v1:").doesNotContain("db-contract-token");
    }

    @Test
    void runsMoveThroughTheirStatesWithTheirAuditTrail() throws IOException {
        Hub hub = register();
        Run run = wizard.startRun(hub.id(), "alice");
        assertThat(run.state()).isEqualTo(RunState.ACTIVE);
        assertThat(wizard.view(run.id()).steps()).extracting(StepRecord::kind)
                .containsExactlyElementsOf(StepKind.SEQUENCE);
        assertThatThrownBy(() -> wizard.startRun(hub.id(), "bob")).isInstanceOf(WizardRefusal.class);

        jdbc.sql("UPDATE run_steps SET state = 'SUCCEEDED', attempt = 1 WHERE run_id = :r AND kind IN ('PLAN', 'BACKUP')")
                .param("r", run.id()).update();
        wizard.skipStep(run.id(), StepKind.NOTIFY, "alice", OptionalInt.of(run.version()));
        assertThat(wizard.view(run.id()).step(StepKind.NOTIFY).orElseThrow().state()).isEqualTo(StepState.SKIPPED);
        assertThat(wizard.view(run.id()).canRollBack()).isTrue();
        wizard.abandon(run.id(), "alice", false, OptionalInt.of(run.version() + 1));

        Run ended = wizard.view(run.id()).run();
        assertThat(ended.state()).isEqualTo(RunState.ABANDONED);
        assertThat(ended.finishedAt()).isNotNull();
        assertThat(audit.forRun(run.id())).extracting(AuditEntry::action)
                .containsExactly("run.start", "step.skip", "run.abandon");
        assertThat(audit.forRun(run.id())).allSatisfy(e -> {
            assertThat(e.hubId()).isEqualTo(hub.id());
            assertThat(e.actor()).isEqualTo("alice");
        });
        assertThat(wizard.runs(Optional.of(hub.id()), 10)).extracting(Run::id).containsExactly(run.id());
        assertThat(wizard.startRun(hub.id(), "alice").id()).isNotEqualTo(run.id());
    }

    @Test
    void theDatabaseRejectsASecondActiveRunOfAHub() throws IOException {
        Hub hub = register();
        wizard.startRun(hub.id(), "alice");
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO runs (hub_id, state, created_by, created_at, version) "
                        + "VALUES (:h, 'ACTIVE', 'raw', '2026-01-01T00:00:00Z', 0)").param("h", hub.id()).update())
                .isInstanceOf(DataAccessException.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM runs WHERE hub_id = :h").param("h", hub.id()).query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void theAuditLogIsAppendOnly() {
        audit.append(AuditEntry.of(Instant.parse("2026-05-01T10:00:00.123Z"), "carol", "test.append", null, null,
                AuditOutcome.REFUSED, "kept forever"));
        AuditEntry newest = audit.recent(1).get(0);
        assertThat(newest.action()).isEqualTo("test.append");
        assertThat(newest.at()).isEqualTo(Instant.parse("2026-05-01T10:00:00.123Z"));
        assertThat(newest.hubId()).isNull();
        assertThat(newest.outcome()).isEqualTo(AuditOutcome.REFUSED);

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_events SET detail = 'rewritten' WHERE id = :id")
                .param("id", newest.id()).update()).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_events WHERE id = :id").param("id", newest.id())
                .update()).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_events").update())
                .isInstanceOf(DataAccessException.class);
        assertThat(audit.recent(1).get(0).detail()).isEqualTo("kept forever");
    }

    private Hub register() throws IOException {
        Files.writeString(workDir.resolve("jupyterhub_config.py"), "c.JupyterHub.db_url = 'sqlite:///jh.sqlite'\n");
        return hubs.register(registration("db-contract-" + NAMES.incrementAndGet() + "-" + System.nanoTime(),
                "db-contract-token"), "tester");
    }

    private HubRegistration registration(String name, String token) {
        return new HubRegistration(name, workDir.toString(), "jupyterhub_config.py", "", "http://127.0.0.1:9/",
                "http://127.0.0.1:9/hub/api", token, "", List.of("/bin/true"), List.of("/bin/true"), List.of(),
                List.of(), List.of(), 10, workDir.resolve("backups").toString());
    }
}
