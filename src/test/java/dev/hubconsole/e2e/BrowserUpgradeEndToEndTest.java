package dev.hubconsole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.testsupport.RealJupyterHub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * An admin upgrades a REAL JupyterHub 3.0 whose SQLite database is at the older revision 833da8570507,
 * entirely from the browser: plan, backup, notice, shutdown, the real {@code jupyterhub upgrade-db}, restart,
 * finish. The hub ends healthy at 651f5419b74d with its users intact, and the public notice says so.
 */
class BrowserUpgradeEndToEndTest extends EndToEndSupport {

    static final String OLD_REVISION = "833da8570507";
    static RealJupyterHub hub;

    @BeforeAll
    static void hubAtAnOlderRevision() {
        hub = RealJupyterHub.create().start();
        hub.createUser("alice");
        hub.createUser("bob");
        hub.stop();
        hub.downgradeTo(OLD_REVISION);
        assertThat(hub.alembicRevision()).isEqualTo(OLD_REVISION);
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void upgradesARealHubFromTheBrowserAndKeepsItsUsers() throws Exception {
        try (Browser browser = Browser.start()) {
            browser.screenshotOnFailure(Path.of("target", "screenshots", "browser-upgrade-failure.png"),
                    () -> upgradeInTheBrowser(browser));
        }
        assertThat(hubGet(hub.hubUrl().resolve("hub/health"), hub.apiToken()).statusCode()).isEqualTo(200);
        String users = hubGet(URI(hub.apiUrl() + "/users"), hub.apiToken()).body();
        assertThat(users).contains("\"alice\"").contains("\"bob\"");
        assertThat(hubGet(URI(hub.apiUrl() + "/"), hub.apiToken()).body()).contains("3.0.0");
    }

    private void upgradeInTheBrowser(Browser browser) throws Exception {
            ConsolePages pages = new ConsolePages(browser.driver, base());
            String initial = initialAdminPassword();
            pages.logIn("admin", initial);
            pages.awaitPath("/account/password");
            pages.changePassword(initial, "a-much-better-password");
            pages.awaitPath("/hubs");

            pages.registerRealHub("research-hub", hub);
            pages.awaitPath("/hubs/\\d+");
            assertThat(browser.driver.getPageSource()).doesNotContain(hub.apiToken());

            // The hub cannot run on its stale schema: Test connection says exactly which part fails.
            pages.click("test-connection");
            pages.awaitPath("/hubs/\\d+");
            String report = pages.text("connection-report");
            assertThat(report).contains("database: ok").contains("readable; alembic revision " + OLD_REVISION)
                    .contains("hub API: FAILED").contains("version command: ok").contains("3.0.0");

            pages.click("start-run");
            pages.awaitPath("/runs/\\d+");

            pages.runStep("plan");
            assertThat(pages.awaitStep("plan", Duration.ofSeconds(60))).isEqualTo("SUCCEEDED");
            assertThat(pages.text("plan-revision")).isEqualTo(OLD_REVISION);
            assertThat(pages.text("plan-target")).isEqualTo(RealJupyterHub.REVISION_3_0);

            pages.runStep("backup");
            assertThat(pages.awaitStep("backup", Duration.ofSeconds(60))).isEqualTo("SUCCEEDED");

            pages.runStep("notify");
            assertThat(pages.awaitStep("notify", Duration.ofSeconds(30))).isEqualTo("SUCCEEDED");
            String runPage = pages.currentPath();
            pages.open("/maintenance");
            assertThat(noticeStatus(browser)).isEqualTo("Scheduled");
            assertThat(browser.driver.getPageSource()).contains("Planned maintenance of research-hub");
            pages.open(runPage);

            pages.runStep("shutdown");
            assertThat(pages.awaitStep("shutdown", Duration.ofSeconds(90))).isEqualTo("SUCCEEDED");

            pages.runStep("migrate");
            assertThat(pages.awaitStep("migrate", Duration.ofSeconds(180))).isEqualTo("SUCCEEDED");
            assertThat(hub.alembicRevision()).isEqualTo(RealJupyterHub.REVISION_3_0);

            pages.runStep("restart");
            assertThat(pages.awaitStep("restart", Duration.ofSeconds(180))).isEqualTo("SUCCEEDED");

            pages.runStep("finish");
            assertThat(pages.awaitStep("finish", Duration.ofSeconds(30))).isEqualTo("SUCCEEDED");
            assertThat(browser.driver.findElement(By.id("run-state")).getText()).isEqualTo("FINISHED");
            assertThat(pages.log()).contains("upgrade finished: schema " + OLD_REVISION + " → "
                    + RealJupyterHub.REVISION_3_0);
            browser.screenshot(Path.of("target", "screenshots", "wizard-finished.png"));

            pages.open("/maintenance");
            assertThat(noticeStatus(browser)).isEqualTo("Completed");
    }

    /** The status of this hub's notice (other tests' hubs may have notices on the same page). */
    private static String noticeStatus(Browser browser) {
        return browser.driver.findElement(By.xpath("//article[h2[text()='Planned maintenance of research-hub']]"
                + "//span[contains(@class, 'notice-status')]")).getText();
    }

    private static java.net.URI URI(String s) {
        return java.net.URI.create(s);
    }
}
