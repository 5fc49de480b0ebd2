package dev.hubconsole.e2e;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Page objects of the console, as an admin uses it in a browser. */
final class ConsolePages {

    private final WebDriver driver;
    private final String base;

    ConsolePages(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String currentPath() {
        return driver.getCurrentUrl().substring(base.length());
    }

    /** Waits until the browser shows a page whose path matches, then returns the path. */
    String awaitPath(String regex) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> currentPath().matches(regex));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("Expected a page matching " + regex + " but the browser shows " + currentPath()
                    + ": " + driver.findElement(By.tagName("body")).getText());
        }
        return currentPath();
    }

    void logIn(String user, String password) {
        open("/login");
        type("username", user);
        type("password", password);
        driver.findElement(By.id("login-submit")).click();
    }

    void changePassword(String current, String next) {
        type("currentPassword", current);
        type("newPassword", next);
        type("confirmPassword", next);
        driver.findElement(By.id("password-submit")).click();
    }

    /** Fills the registration form; commands are argument lists, one per line. */
    void registerHub(String name, String workDir, String config, String publicUrl, String apiUrl, String token,
                     String logFile, List<String> stop, List<String> start, List<String> status,
                     List<String> upgradeDb, List<String> version) {
        open("/hubs/new");
        type("name", name);
        type("workDir", workDir);
        type("configPath", config);
        type("publicUrl", publicUrl);
        type("apiUrl", apiUrl);
        type("apiToken", token);
        type("logFile", logFile);
        type("stopCommand", String.join("\n", stop));
        type("startCommand", String.join("\n", start));
        type("statusCommand", String.join("\n", status));
        type("upgradeDbCommand", String.join("\n", upgradeDb));
        type("versionCommand", String.join("\n", version));
        driver.findElement(By.id("hub-submit")).click();
    }

    /** Registers a real test hub with its own scripts and the real {@code jupyterhub upgrade-db} and version. */
    void registerRealHub(String name, dev.hubconsole.testsupport.RealJupyterHub hub) {
        List<String> python = List.of(dev.hubconsole.testsupport.RealJupyterHub.PYTHON, "-m", "jupyterhub");
        List<String> upgradeDb = new java.util.ArrayList<>(python);
        upgradeDb.addAll(List.of("upgrade-db", "-f", hub.configFile().toString()));
        List<String> version = new java.util.ArrayList<>(python);
        version.add("--version");
        registerHub(name, hub.dir().toString(), "jupyterhub_config.py", hub.publicUrl().toString(),
                hub.apiUrl().toString(), hub.apiToken(), hub.logFile().toString(), hub.stopCommand(),
                hub.startCommand(), hub.statusCommand(), upgradeDb, version);
    }

    void click(String id) {
        driver.findElement(By.id(id)).click();
    }

    void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Starts the run's next step (filling nothing: the step's defaults). */
    void runStep(String slug) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class).until(d -> {
            try {
                WebElement button = ExpectedConditions.elementToBeClickable(By.id("start-" + slug)).apply(d);
                if (button == null) {
                    return false;
                }
                button.click();
                return true;
            } catch (WebDriverException e) {
                // The live page re-rendered the button between finding and clicking it: chromedriver may say so as
                // "Node with given id does not belong to the document" instead of a stale element. Nothing was
                // clicked; find it again.
                if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Waits until the run page shows the step in one of the final states, and returns that state. */
    String awaitStep(String slug, Duration timeout) {
        new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).until(d -> {
            String state = stepState(d, slug);
            return state != null && !"RUNNING".equals(state) && !"PENDING".equals(state);
        });
        driver.navigate().refresh();
        return new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .until(d -> stepState(d, slug));
    }

    /** The step's state on the page, or {@code null} when the live page replaced its element while it was read. */
    private static String stepState(WebDriver d, String slug) {
        try {
            return d.findElement(By.id("step-" + slug)).getAttribute("data-state");
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return null;
            }
            throw e;
        }
    }

    String log() {
        return text("log");
    }
}
