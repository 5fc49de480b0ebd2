package dev.hubconsole.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hubconsole.hub.Hub;
import java.time.Instant;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The run pages and API over the real wizard: double submits, refusals as messages or problems, reloads. */
class RunPagesTest extends WizardFixture {

    static final RequestPostProcessor ADMIN = user("run-admin").roles("ADMIN");
    static final RequestPostProcessor VIEWER = user("run-viewer").roles("VIEWER");

    @Autowired
    MockMvc mvc;

    @Test
    void aDoubleSubmittedSkipFormActsOnceAndExplainsTheSecond() throws Exception {
        Run run = wizard.startRun(hub().id(), "alice");
        passed(run.id(), StepKind.PLAN, StepKind.BACKUP);
        String version = String.valueOf(wizard.view(run.id()).run().version());

        mvc.perform(post("/runs/" + run.id() + "/steps/notify/skip").with(ADMIN).with(csrf()).param("version", version))
                .andExpect(redirectedUrl("/runs/" + run.id())).andExpect(flash().attribute("message", "Skipped notify."));
        mvc.perform(post("/runs/" + run.id() + "/steps/notify/skip").with(ADMIN).with(csrf()).param("version", version))
                .andExpect(redirectedUrl("/runs/" + run.id()))
                .andExpect(flash().attribute("error", Matchers.containsString("cannot be skipped now")));

        assertThat(auditActions(run.id())).containsExactly("run.start", "step.skip");
    }

    @Test
    void aFormFromAStalePageIsRefusedWithTheReloadHint() throws Exception {
        Run run = wizard.startRun(hub().id(), "alice");
        String stale = String.valueOf(run.version());
        passed(run.id(), StepKind.PLAN, StepKind.BACKUP);
        wizard.skipStep(run.id(), StepKind.NOTIFY, "bob", java.util.OptionalInt.empty());

        mvc.perform(post("/runs/" + run.id() + "/abandon").with(ADMIN).with(csrf()).param("version", stale))
                .andExpect(flash().attribute("error", Matchers.containsString("reload the page")));
        assertThat(wizard.view(run.id()).run().state()).isEqualTo(RunState.ACTIVE);
    }

    @Test
    void theApiStartsOneRunPerHubAndAnswersConflictsWith409() throws Exception {
        Hub hub = hub();
        mvc.perform(post("/api/hubs/" + hub.id() + "/runs").with(ADMIN)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.next").value("PLAN"));
        mvc.perform(post("/api/hubs/" + hub.id() + "/runs").with(ADMIN)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", Matchers.containsString("has an active run")));
    }

    @Test
    void theApiRefusesAnUnconfirmedAbandonAfterShutdownWith400() throws Exception {
        Run run = wizard.startRun(hub().id(), "alice");
        passed(run.id(), StepKind.PLAN, StepKind.BACKUP, StepKind.NOTIFY);
        store.begin(run.id(), StepKind.SHUTDOWN, StepState.PENDING, "{}", Instant.now());
        store.end(run.id(), StepKind.SHUTDOWN, StepState.RUNNING, StepState.SUCCEEDED, "{}", "done", null, Instant.now());

        mvc.perform(post("/api/runs/" + run.id() + "/abandon").with(ADMIN)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", Matchers.containsString("confirmation")));
        mvc.perform(post("/api/runs/" + run.id() + "/abandon").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"confirm\":true}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.run.state").value("ABANDONED"));
        mvc.perform(post("/api/runs/" + run.id() + "/abandon").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                .content("{\"confirm\":true}")).andExpect(status().isConflict());
    }

    @Test
    void aViewerSeesTheRunPageAndStatusButCannotAct() throws Exception {
        Run run = wizard.startRun(hub().id(), "alice");
        mvc.perform(get("/runs/" + run.id()).with(VIEWER)).andExpect(status().isOk());
        mvc.perform(get("/runs/" + run.id() + "/status").with(VIEWER)).andExpect(status().isOk());
        mvc.perform(get("/api/runs/" + run.id()).with(VIEWER)).andExpect(status().isOk())
                .andExpect(jsonPath("$.steps.length()").value(7));
        mvc.perform(post("/runs/" + run.id() + "/abandon").with(VIEWER).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/api/runs/" + run.id() + "/steps/plan/start").with(VIEWER)).andExpect(status().isForbidden());
        assertThat(wizard.view(run.id()).run().state()).isEqualTo(RunState.ACTIVE);
        assertThat(step(run.id(), StepKind.PLAN).state()).isEqualTo(StepState.PENDING);
    }

    @Test
    void anUnknownRunOrStepIs404() throws Exception {
        mvc.perform(get("/runs/987654").with(VIEWER)).andExpect(status().isNotFound());
        mvc.perform(get("/api/runs/987654").with(VIEWER)).andExpect(status().isNotFound());
        Run run = wizard.startRun(hub().id(), "alice");
        mvc.perform(post("/api/runs/" + run.id() + "/steps/explode/start").with(ADMIN))
                .andExpect(status().isNotFound());
    }

    @Test
    void thePlanFormOffersAnEngineChangeAndABadTargetUrlIsRefusedWithoutStartingThePlan() throws Exception {
        Run run = wizard.startRun(hub().id(), "alice");
        String page = mvc.perform(get("/runs/" + run.id()).with(ADMIN)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("name=\"targetDbUrl\"").contains("value=\"all-at-once\"")
                .contains("name=\"writeDbUrlToConfig\"").contains("name=\"replaceTarget\"");

        mvc.perform(post("/api/runs/" + run.id() + "/steps/plan/start").with(ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"input\":{\"targetDbUrl\":\"oracle://scott:tiger@db/hub\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", Matchers.containsString("target database URL is not valid")))
                .andExpect(jsonPath("$.detail", Matchers.not(Matchers.containsString("tiger"))));
        mvc.perform(post("/api/runs/" + run.id() + "/steps/plan/start").with(ADMIN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"input\":{\"targetDbUrl\":\"sqlite:////tmp/x.sqlite\",\"engineChangeMode\":\"sideways\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", Matchers.containsString("use multi-step or all-at-once")));
        assertThat(wizard.view(run.id()).step(StepKind.PLAN).orElseThrow().state()).isEqualTo(StepState.PENDING);
    }

    @Test
    void theRunPageShowsTheEngineChangeTheCopiedTablesAndTheMaskedConfigLine() throws Exception {
        Run run = wizard.startRun(hub().id(), "alice");
        String plan = "{\"activeServers\":[],\"rowCounts\":{},\"engineChange\":{\"source\":\"sqlite:////srv/hub/jupyterhub.sqlite\","
                + "\"target\":\"postgresql://hub:***@db:5432/hub\",\"mode\":\"all-at-once\",\"rows\":42,"
                + "\"order\":\"All at once copies first\",\"findings\":[],\"tablesToDrop\":[],\"additions\":[],"
                + "\"notes\":[],\"ddl\":[\"CREATE TABLE users (id INTEGER)\"]}}";
        String migrate = "{\"tables\":[{\"table\":\"users\",\"rows\":40,\"loadMillis\":12,\"checksum\":\"abc123\"}],"
                + "\"configLine\":\"c.JupyterHub.db_url = 'postgresql://hub:***@db:5432/hub'\",\"configWritten\":true,"
                + "\"configFile\":\"/srv/hub/jupyterhub_config.py\"}";
        store.begin(run.id(), StepKind.PLAN, StepState.PENDING, "{}", Instant.now());
        store.end(run.id(), StepKind.PLAN, StepState.RUNNING, StepState.FAILED, plan, "x", "x", Instant.now());
        store.begin(run.id(), StepKind.MIGRATE, StepState.PENDING, "{}", Instant.now());
        store.end(run.id(), StepKind.MIGRATE, StepState.RUNNING, StepState.SUCCEEDED, migrate, "done", null,
                Instant.now());

        String page = mvc.perform(get("/runs/" + run.id()).with(ADMIN)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"engine-report\"").contains("postgresql://hub:***@db:5432/hub")
                .contains("All at once copies first").contains("abc123")
                .contains("c.JupyterHub.db_url = &#39;postgresql://hub:***@db:5432/hub&#39;")
                .contains("Written into /srv/hub/jupyterhub_config.py (the previous file is in the run&#39;s backup).");
    }

}
