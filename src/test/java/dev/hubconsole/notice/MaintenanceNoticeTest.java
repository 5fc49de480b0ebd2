package dev.hubconsole.notice;

import dev.hubconsole.testsupport.ConsoleDataDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hubconsole.shared.Refusal;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.HubRegistration;
import dev.hubconsole.hub.Hubs;
import dev.hubconsole.wizard.Run;
import dev.hubconsole.wizard.RunState;
import dev.hubconsole.wizard.RunStateChanged;
import dev.hubconsole.wizard.StepInput;
import dev.hubconsole.wizard.StepKind;
import dev.hubconsole.wizard.StepState;
import dev.hubconsole.wizard.StepStateChanged;
import dev.hubconsole.wizard.Wizard;
import dev.hubconsole.wizard.WizardRefusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The maintenance notice: the Notify step's input checks and publication (through the real wizard and step
 * executor), its progress following the run's events, and the public page and JSON, on a real SQLite console
 * database.
 */
@SpringBootTest
@AutoConfigureMockMvc
class MaintenanceNoticeTest {

    static final Path DATA = ConsoleDataDir.create("hc-notice-");
    static final AtomicInteger NAMES = new AtomicInteger();

    @DynamicPropertySource
    static void consoleDatabase(DynamicPropertyRegistry registry) {
        ConsoleDataDir.register(registry, DATA);
    }

    @Autowired
    NotifyStep notifyStep;
    @Autowired
    Notices notices;
    @Autowired
    Wizard wizard;
    @Autowired
    Hubs hubs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    MockMvc mvc;

    @Test
    void theNotifyStepRefusesIncompleteOrWrongInputWithOneClearLine() {
        refused(input(Map.of("windowStart", "2026-12-01T18:00", "windowEnd", "2026-12-01T20:00")),
                "needs a message");
        refused(input(Map.of("message", "m", "windowEnd", "2026-12-01T20:00")), "window's start");
        refused(input(Map.of("message", "m", "windowStart", "2026-12-01T18:00")), "window's end");
        refused(input(Map.of("message", "m", "windowStart", "2026-12-01T20:00", "windowEnd", "2026-12-01T18:00")),
                "must end after it starts");
        refused(input(Map.of("message", "m", "windowStart", "2026-12-01T18:00", "windowEnd", "2026-12-01T18:00")),
                "must end after it starts");
        refused(input(Map.of("message", "m", "windowStart", "tomorrow evening", "windowEnd", "2026-12-01T20:00")),
                "'tomorrow evening' is not a date and time");
        refused(input(Map.of("message", "m", "windowStart", "2026-13-45T18:00", "windowEnd", "2026-12-01T20:00")),
                "is not a date and time");
        refused(input(Map.of("message", "m", "windowStart", "2026-12-01T18:00", "windowEnd", "2026-12-01T20:00",
                "zone", "Mars/Olympus_Mons")), "Unknown time zone 'Mars/Olympus_Mons'");
        refused(input(Map.of("message", "x".repeat(5001), "windowStart", "2026-12-01T18:00",
                "windowEnd", "2026-12-01T20:00")), "too long");
    }

    @Test
    void refusedNoticeInputLeavesTheStepPendingAndTheAuditUntouched() {
        Run run = runReadyForNotify();
        long auditBefore = audit(run.id());

        assertThatThrownBy(() -> wizard.startStep(run.id(), StepKind.NOTIFY,
                input(Map.of("windowStart", "2026-12-01T18:00", "windowEnd", "2026-12-01T20:00")), "alice",
                OptionalInt.empty()))
                .isInstanceOfSatisfying(WizardRefusal.class, r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID));

        assertThat(wizard.view(run.id()).step(StepKind.NOTIFY).orElseThrow().state()).isEqualTo(StepState.PENDING);
        assertThat(audit(run.id())).isEqualTo(auditBefore);
        assertThat(notices.ofRun(run.id())).isEmpty();
    }

    @Test
    void notifyPublishesTheNoticeInTheGivenZoneOnThePublicPageAndJson() throws Exception {
        Run run = runReadyForNotify();
        String title = "Upgrade " + run.id() + " of the teaching hub";
        wizard.startStep(run.id(), StepKind.NOTIFY, input(Map.of("title", title,
                "message", "Save your notebooks <script>alert(1)</script>",
                "windowStart", "2026-12-01T18:00", "windowEnd", "2026-12-01T20:00", "zone", "Europe/Berlin")),
                "alice", OptionalInt.empty());

        Notice notice = published(run.id());
        assertThat(notice.status()).isEqualTo(NoticeStatus.SCHEDULED);
        assertThat(notice.windowStart()).isEqualTo(Instant.parse("2026-12-01T17:00:00Z"));
        assertThat(notice.windowEnd()).isEqualTo(Instant.parse("2026-12-01T19:00:00Z"));
        assertThat(wizard.view(run.id()).step(StepKind.NOTIFY).orElseThrow().state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(notices.current()).extracting(Notice::runId).contains(run.id());

        String page = mvc.perform(get("/maintenance")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains(title).contains("Save your notebooks")
                .doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;");
        String json = mvc.perform(get("/maintenance/status.json")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(json).contains(title).contains("SCHEDULED").contains("2026-12-01T17:00:00Z");
    }

    @Test
    void anOffsetInTheDateWinsOverTheZone() throws Exception {
        Run run = runReadyForNotify();
        wizard.startStep(run.id(), StepKind.NOTIFY, input(Map.of("message", "m",
                "windowStart", "2026-12-01T18:00+02:00", "windowEnd", "2026-12-01T20:00+02:00", "zone", "UTC")),
                "alice", OptionalInt.empty());

        assertThat(published(run.id()).windowStart()).isEqualTo(Instant.parse("2026-12-01T16:00:00Z"));
    }

    @Test
    void theNoticeFollowsTheRunFromScheduledToInProgressToCompleted() throws Exception {
        Run run = runReadyForNotify();
        wizard.startStep(run.id(), StepKind.NOTIFY, validInput(), "alice", OptionalInt.empty());
        published(run.id());

        step(run, StepKind.PLAN, StepState.RUNNING);
        assertThat(notice(run).status()).as("plan does not touch the notice").isEqualTo(NoticeStatus.SCHEDULED);
        step(run, StepKind.SHUTDOWN, StepState.RUNNING);
        assertThat(notice(run).status()).isEqualTo(NoticeStatus.IN_PROGRESS);
        assertThat(notice(run).progress()).contains("Stopping the hub");
        step(run, StepKind.MIGRATE, StepState.RUNNING);
        assertThat(notice(run).progress()).contains("Upgrading the hub's database");
        step(run, StepKind.MIGRATE, StepState.FAILED);
        assertThat(notice(run).status()).isEqualTo(NoticeStatus.IN_PROGRESS);
        assertThat(notice(run).progress()).contains("Taking longer than planned");
        step(run, StepKind.ROLLBACK, StepState.RUNNING);
        assertThat(notice(run).progress()).contains("Restoring the previous version");

        events.publishEvent(new RunStateChanged(run.id(), run.hubId(), RunState.ROLLED_BACK));
        assertThat(notice(run).status()).isEqualTo(NoticeStatus.COMPLETED);
        assertThat(notice(run).progress()).contains("previous version");

        String json = mvc.perform(get("/maintenance/status.json")).andReturn().getResponse().getContentAsString();
        assertThat(json).contains("COMPLETED");
    }

    @Test
    void aFinishedRunCompletesTheNotice() throws Exception {
        Run run = runReadyForNotify();
        wizard.startStep(run.id(), StepKind.NOTIFY, validInput(), "alice", OptionalInt.empty());
        published(run.id());

        events.publishEvent(new RunStateChanged(run.id(), run.hubId(), RunState.FINISHED));

        assertThat(notice(run).status()).isEqualTo(NoticeStatus.COMPLETED);
        assertThat(notice(run).progress()).contains("upgraded");
    }

    @Test
    void abandoningTheRunCancelsTheNotice() throws Exception {
        Run run = runReadyForNotify();
        wizard.startStep(run.id(), StepKind.NOTIFY, validInput(), "alice", OptionalInt.empty());
        published(run.id());

        wizard.abandon(run.id(), "alice", false, OptionalInt.empty());

        assertThat(notice(run).status()).isEqualTo(NoticeStatus.CANCELLED);
        String page = mvc.perform(get("/maintenance")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("called off");
    }

    @Test
    void theMaintenancePageWorksWithoutLoginAndWithNoNotices() throws Exception {
        mvc.perform(get("/maintenance")).andExpect(status().isOk());
        mvc.perform(get("/maintenance/status.json")).andExpect(status().isOk());
    }

    private void refused(StepInput input, String message) {
        assertThatThrownBy(() -> notifyStep.checkInput(input, null)).as(message)
                .isInstanceOfSatisfying(WizardRefusal.class, r -> {
                    assertThat(r.reason()).isEqualTo(Refusal.Reason.INVALID);
                    assertThat(r.getMessage()).contains(message).doesNotContain("\n");
                });
    }

    private void step(Run run, StepKind kind, StepState state) {
        events.publishEvent(new StepStateChanged(run.id(), run.hubId(), kind, state, "test"));
    }

    private Notice notice(Run run) {
        return notices.ofRun(run.id()).orElseThrow();
    }

    private Notice published(long runId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            StepState state = wizard.view(runId).step(StepKind.NOTIFY).orElseThrow().state();
            Optional<Notice> notice = notices.ofRun(runId);
            if (state == StepState.SUCCEEDED && notice.isPresent()) {
                return notice.get();
            }
            assertThat(state).as("notify step of run " + runId).isNotEqualTo(StepState.FAILED);
            Thread.sleep(50);
        }
        throw new AssertionError("the notice of run " + runId + " was not published within 30 s");
    }

    private long audit(long runId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE run_id = :r").param("r", runId).query(Long.class)
                .single();
    }

    /** A new run of a new hub whose Plan and Backup are marked done (they need a real hub to run). */
    private Run runReadyForNotify() {
        Hub hub = hub();
        Run run = wizard.startRun(hub.id(), "alice");
        jdbc.sql("UPDATE run_steps SET state = 'SUCCEEDED', attempt = 1 WHERE run_id = :r AND kind IN ('PLAN', 'BACKUP')")
                .param("r", run.id()).update();
        return run;
    }

    private Hub hub() {
        try {
            Path workDir = Files.createTempDirectory(DATA, "hub-");
            Files.writeString(workDir.resolve("jupyterhub_config.py"), "c.JupyterHub.db_url = 'sqlite:///jh.sqlite'\n");
            return hubs.register(new HubRegistration("notice-hub-" + NAMES.incrementAndGet(), workDir.toString(),
                    "jupyterhub_config.py", "", "http://127.0.0.1:9/", "http://127.0.0.1:9/hub/api", "token-n", "",
                    List.of("/bin/true"), List.of("/bin/true"), List.of(), List.of(), List.of(), 10, ""), "tester");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StepInput validInput() {
        return input(Map.of("message", "The hub will be down for an upgrade", "windowStart", "2026-12-01T18:00Z",
                "windowEnd", "2026-12-01T20:00Z"));
    }

    private static StepInput input(Map<String, String> values) {
        return new StepInput(new HashMap<>(values));
    }

}
