package dev.hubconsole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.security.AccountManagement;
import dev.hubconsole.security.Role;
import dev.hubconsole.testsupport.RealJupyterHub;
import dev.hubconsole.testsupport.TestDatabases;
import dev.hubconsole.testsupport.TestDatabases.Scratch;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An admin moves a REAL JupyterHub 3.0 from SQLite to PostgreSQL in the browser: the Plan form's engine change
 * (target URL, multi-step, "write db_url"), the copy's per-table progress on the run page, the masked config line,
 * and the hub running on the copy afterwards.
 */
class BrowserEngineChangeEndToEndTest extends EndToEndSupport {

    static final String PASSWORD = "Browser-target-pw";

    @Autowired
    AccountManagement accounts;

    @Test
    void anAdminMovesAHubToPostgresFromTheBrowserAndWatchesTheCopy() throws Exception {
        accounts.createAccount("browser-engine", "first-password-123", Role.ADMIN);
        try (RealJupyterHub hub = RealJupyterHub.create().start(); Scratch pg = TestDatabases.postgres();
                Browser browser = Browser.start()) {
            hub.createUser("alice");
            DbUrl server = DbUrl.parse(pg.jdbcUrl(), null);
            String target = "postgresql://" + server.username() + ":" + PASSWORD + "@" + server.host() + ":"
                    + server.port() + "/" + server.database();
            browser.screenshotOnFailure(Path.of("target", "screenshots", "browser-engine-failure.png"), () -> {
                ConsolePages pages = new ConsolePages(browser.driver, base());
                pages.logIn("browser-engine", "first-password-123");
                pages.awaitPath("/account/password");
                pages.changePassword("first-password-123", "second-password-456");
                pages.awaitPath("/hubs");
                pages.registerRealHub("browser-engine-hub", hub);
                pages.awaitPath("/hubs/\\d+");
                pages.click("start-run");
                pages.awaitPath("/runs/\\d+");

                browser.driver.findElement(By.cssSelector("#engine-change summary")).click();
                pages.type("targetDbUrl", target);
                browser.driver.findElement(By.name("writeDbUrlToConfig")).click();
                pages.runStep("plan");
                assertThat(pages.awaitStep("plan", Duration.ofSeconds(90))).isEqualTo("SUCCEEDED");
                assertThat(pages.text("engine-target")).contains(pg.name()).contains("***");
                assertThat(pages.text("engine-mode")).isEqualTo("multi-step");

                pages.runStep("backup");
                assertThat(pages.awaitStep("backup", Duration.ofSeconds(60))).isEqualTo("SUCCEEDED");
                pages.click("skip-notify");
                pages.runStep("shutdown");
                assertThat(pages.awaitStep("shutdown", Duration.ofSeconds(90))).isEqualTo("SUCCEEDED");
                pages.runStep("migrate");
                assertThat(pages.awaitStep("migrate", Duration.ofSeconds(180))).isEqualTo("SUCCEEDED");
                assertThat(browser.driver.findElement(By.id("copy-progress")).isDisplayed()).isTrue();
                assertThat(browser.driver.findElement(By.cssSelector("#copy-users progress")).getAttribute("value"))
                        .isEqualTo("100");
                assertThat(pages.text("engine-config-line")).isEqualTo("c.JupyterHub.db_url = '"
                        + target.replace(PASSWORD, "***") + "'");
                assertThat(pages.text("engine-tables")).contains("users");

                pages.runStep("restart");
                assertThat(pages.awaitStep("restart", Duration.ofSeconds(180))).isEqualTo("SUCCEEDED");
                pages.runStep("finish");
                assertThat(pages.awaitStep("finish", Duration.ofSeconds(30))).isEqualTo("SUCCEEDED");
                assertThat(browser.driver.getPageSource()).doesNotContain(PASSWORD);
                browser.screenshot(Path.of("target", "screenshots", "engine-change-finished.png"));
            });
            assertThat(Files.readString(hub.configFile())).contains("c.JupyterHub.db_url = '" + target + "'");
            assertThat(hubGet(URI.create(hub.apiUrl() + "/users"), hub.apiToken()).body()).contains("\"alice\"");
            hub.stop();
        }
    }
}
