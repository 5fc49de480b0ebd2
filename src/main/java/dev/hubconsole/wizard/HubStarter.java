package dev.hubconsole.wizard;

import dev.hubconsole.hub.Hub;
import dev.hubconsole.lifecycle.HubLogScanner;
import dev.hubconsole.lifecycle.HubProbe;
import dev.hubconsole.lifecycle.LogFindings;
import dev.hubconsole.lifecycle.LogLine;
import dev.hubconsole.lifecycle.UpProof;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Starts a hub with its start command, waits until {@code /hub/health} and {@code /hub/api/} answer with the
 * expected version, and scans the part of the hub log written since the start for errors and deprecations.
 * Shared by Restart and Roll back.
 */
@Component
class HubStarter {

    private final HubCommandsRunner commands;
    private final HubProbe probe;
    private final HubLogScanner scanner;
    private final WizardProperties properties;

    HubStarter(HubCommandsRunner commands, HubProbe probe, HubLogScanner scanner, WizardProperties properties) {
        this.commands = commands;
        this.probe = probe;
        this.scanner = scanner;
        this.properties = properties;
    }

    /** Starts the hub and returns what was found; throws {@link StepFailure} when it does not come up. */
    Map<String, Object> start(StepContext ctx, String expectedVersion) {
        Hub hub = ctx.hub();
        Optional<Path> log = hub.logFile();
        long offset = log.map(scanner::size).orElse(0L);
        commands.run(ctx, "start", hub.commands().start());
        ctx.log("Waiting up to " + properties.restartWait().toSeconds() + " s for the hub to be healthy with "
                + "version " + expectedVersion);
        UpProof up = probe.awaitUp(hub.apiUrl(), HubEndpoints.hubBase(hub), expectedVersion, properties.restartWait(),
                ctx::log);
        Map<String, Object> result = new LinkedHashMap<>();
        Optional<LogFindings> findings = log.map(file -> scanner.scanFrom(file, offset));
        findings.ifPresentOrElse(f -> report(ctx, f, result),
                () -> ctx.log("No hub log file registered: errors and deprecation warnings cannot be checked"));
        if (!up.up()) {
            throw new StepFailure("The hub did not come up: " + up.message()
                    + (findings.map(f -> f.errors().isEmpty() ? "" : "; first error in its log: "
                    + f.errors().get(0).text()).orElse("")));
        }
        result.put("version", up.version());
        result.put("waitedSeconds", up.waited().toSeconds());
        ctx.log("The hub is healthy, JupyterHub " + up.version() + ", after " + up.waited().toSeconds() + " s");
        return result;
    }

    private static void report(StepContext ctx, LogFindings f, Map<String, Object> result) {
        result.put("logErrors", texts(f.errors()));
        result.put("logDeprecations", texts(f.deprecations()));
        result.put("logWarnings", texts(f.warnings()));
        f.errors().forEach(l -> ctx.log("log ERROR: " + l.text()));
        f.deprecations().forEach(l -> ctx.log("log DEPRECATION: " + l.text()));
        ctx.log("Hub log since start: " + f.errors().size() + " error(s), " + f.deprecations().size()
                + " deprecation warning(s), " + f.warnings().size() + " other warning(s)");
    }

    private static List<String> texts(List<LogLine> lines) {
        return lines.stream().map(LogLine::text).toList();
    }
}
