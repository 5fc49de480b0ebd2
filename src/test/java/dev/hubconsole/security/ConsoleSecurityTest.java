package dev.hubconsole.security;

import dev.hubconsole.testsupport.ConsoleDataDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The real security configuration (both filter chains, accounts and tokens in a real SQLite console database)
 * driven through MockMvc: who may see and do what, CSRF, API tokens, HTTP Basic, the forced first password
 * change and session fixation protection.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ConsoleSecurityTest {

    static final Path DATA = ConsoleDataDir.create("hc-security-");
    static final String ADMIN = "sec-admin";
    static final String VIEWER = "sec-viewer";
    static final String PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void consoleDatabase(DynamicPropertyRegistry registry) {
        ConsoleDataDir.register(registry, DATA);
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    Accounts accounts;
    @Autowired
    AccountManagement management;
    @Autowired
    PasswordEncoder encoder;

    @BeforeEach
    void accounts() {
        ensureAccount(ADMIN, Role.ADMIN);
        ensureAccount(VIEWER, Role.VIEWER);
    }

    @Test
    void maintenancePageStatusJsonAndStaticAssetsNeedNoLogin() throws Exception {
        mvc.perform(get("/maintenance")).andExpect(status().isOk());
        mvc.perform(get("/maintenance/status.json")).andExpect(status().isOk());
        for (String asset : new String[] {"/css/console.css", "/js/maintenance.js"}) {
            int code = mvc.perform(get(asset)).andReturn().getResponse().getStatus();
            assertThat(code).as(asset + " is public (200 when it exists, 404 otherwise; never a login)")
                    .isIn(200, 404);
        }
    }

    @Test
    void everyOtherPageRedirectsToTheLoginPage() throws Exception {
        for (String page : new String[] {"/", "/hubs", "/hubs/new", "/hubs/1", "/runs", "/runs/1", "/audit",
                "/accounts", "/account", "/account/password"}) {
            mvc.perform(get(page)).andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl("/login"));
        }
    }

    @Test
    void apiAnswers401WithoutCredentials() throws Exception {
        mvc.perform(get("/api/hubs")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/runs")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/hubs").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void viewerReadsPagesAndApiButIsForbiddenToRegisterHubsOrStartRuns() throws Exception {
        MockHttpSession session = login(VIEWER, PASSWORD);
        mvc.perform(get("/hubs").session(session)).andExpect(status().isOk());
        mvc.perform(get("/runs").session(session)).andExpect(status().isOk());
        mvc.perform(get("/audit").session(session)).andExpect(status().isOk());
        mvc.perform(post("/hubs").session(session).with(csrf()).param("name", "x"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/hubs/1/runs").session(session).with(csrf())).andExpect(status().isForbidden());

        mvc.perform(get("/api/hubs").with(httpBasic(VIEWER, PASSWORD))).andExpect(status().isOk());
        mvc.perform(post("/api/hubs").with(httpBasic(VIEWER, PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                .content("{}")).andExpect(status().isForbidden());
        mvc.perform(post("/api/hubs/1/runs").with(httpBasic(VIEWER, PASSWORD))).andExpect(status().isForbidden());
    }

    @Test
    void adminReachesTheRegisterAndStartRunActions() throws Exception {
        MockHttpSession session = login(ADMIN, PASSWORD);
        // an empty form reaches the controller, which shows the form again with the problem
        mvc.perform(post("/hubs").session(session).with(csrf()).param("name", ""))
                .andExpect(status().isOk());
        // starting a run of a hub that does not exist reaches the wizard, which refuses it
        mvc.perform(post("/hubs/999999/runs").session(session).with(csrf()))
                .andExpect(redirectedUrl("/hubs/999999"));
        mvc.perform(post("/api/hubs").with(httpBasic(ADMIN, PASSWORD)).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"\"}")).andExpect(status().isBadRequest());
        mvc.perform(post("/api/hubs/999999/runs").with(httpBasic(ADMIN, PASSWORD)))
                .andExpect(status().isNotFound());
    }

    @Test
    void aFormPostWithoutCsrfTokenIsForbiddenEvenForAnAdmin() throws Exception {
        MockHttpSession session = login(ADMIN, PASSWORD);
        mvc.perform(post("/hubs").session(session).param("name", "no-token")).andExpect(status().isForbidden());
        mvc.perform(post("/account/tokens").session(session).param("name", "no-token"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/hubs").session(session).with(csrf().useInvalidToken()).param("name", "bad-token"))
                .andExpect(status().isForbidden());
    }

    @Test
    void personalApiTokenAuthenticatesUntilRevokedAndUnknownTokensAre401() throws Exception {
        String token = management.createToken(ADMIN, "ci pipeline");
        assertThat(token).startsWith("hc_");
        mvc.perform(get("/api/hubs").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        // the token acts with its account's role
        mvc.perform(post("/api/hubs").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\"}"))
                .andExpect(status().isBadRequest());

        long id = management.tokens(ADMIN).stream().filter(t -> t.name().equals("ci pipeline"))
                .mapToLong(ApiTokenInfo::id).max().orElseThrow();
        management.revokeToken(ADMIN, id);
        mvc.perform(get("/api/hubs").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/hubs").header("Authorization", "Bearer hc_thisTokenWasNeverIssued"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void viewerTokenCannotAct() throws Exception {
        String token = management.createToken(VIEWER, "dashboard");
        mvc.perform(get("/api/runs").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        mvc.perform(post("/api/hubs/1/runs").header("Authorization", "Bearer " + token))
                .andExpect(status().isForbidden());
    }

    @Test
    void httpBasicWorksOnTheApiAndAWrongPasswordIs401() throws Exception {
        mvc.perform(get("/api/hubs").with(httpBasic(ADMIN, PASSWORD))).andExpect(status().isOk());
        mvc.perform(get("/api/hubs").with(httpBasic(ADMIN, "wrong password!"))).andExpect(status().isUnauthorized());
        // the API is stateless: no session is created by a Basic call
        MvcResult result = mvc.perform(get("/api/hubs").with(httpBasic(ADMIN, PASSWORD))).andReturn();
        assertThat(result.getRequest().getSession(false)).isNull();
    }

    @Test
    void firstLoginIsSentToThePasswordPageUntilThePasswordIsChanged() throws Exception {
        String user = "fresh-" + System.nanoTime();
        management.createAccount(user, "initial password 1", Role.VIEWER);
        MockHttpSession session = login(user, "initial password 1");
        for (String page : new String[] {"/hubs", "/runs", "/audit", "/account"}) {
            mvc.perform(get(page).session(session)).andExpect(redirectedUrl("/account/password"));
        }
        mvc.perform(get("/account/password").session(session)).andExpect(status().isOk());
        mvc.perform(get("/maintenance").session(session)).andExpect(status().isOk());

        mvc.perform(post("/account/password").session(session).with(csrf())
                        .param("currentPassword", "initial password 1")
                        .param("newPassword", "a much better password")
                        .param("confirmPassword", "a much better password"))
                .andExpect(redirectedUrl("/"));
        mvc.perform(get("/hubs").session(session)).andExpect(status().isOk());
        assertThat(accounts.findByUsername(user).orElseThrow().mustChangePassword()).isFalse();
    }

    @Test
    void theSessionIdChangesAtLogin() throws Exception {
        MockHttpSession before = (MockHttpSession) mvc.perform(get("/login")).andReturn().getRequest().getSession();
        String idBefore = before.getId();
        MvcResult result = mvc.perform(post("/login").session(before).with(csrf())
                        .param("username", ADMIN).param("password", PASSWORD))
                .andExpect(redirectedUrl("/")).andReturn();
        assertThat(result.getRequest().getSession(false).getId()).isNotEqualTo(idBefore);
    }

    @Test
    void aWrongPasswordLeadsBackToTheLoginPageWithAnError() throws Exception {
        mvc.perform(formLogin("/login").user(ADMIN).password("not the password"))
                .andExpect(redirectedUrl("/login?error"));
    }

    private MockHttpSession login(String user, String password) throws Exception {
        MvcResult result = mvc.perform(formLogin("/login").user(user).password(password))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).as("login of " + user).isEqualTo("/");
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private void ensureAccount(String user, Role role) {
        if (accounts.findByUsername(user).isEmpty()) {
            accounts.create(user, encoder.encode(PASSWORD), role, false);
        }
    }

}
