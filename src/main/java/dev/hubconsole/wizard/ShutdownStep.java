package dev.hubconsole.wizard;

import dev.hubconsole.hub.Hub;
import dev.hubconsole.lifecycle.ActiveServer;
import dev.hubconsole.lifecycle.DownProof;
import dev.hubconsole.lifecycle.HubApiClient;
import dev.hubconsole.lifecycle.HubProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Shutdown: stops the single-user servers through the hub API (when the hub answers), then the hub through its
 * supervisor's stop command, and proves it is down (the API no longer answers and the status command, if any,
 * says it is stopped). Stopping running servers needs the admin's explicit confirmation.
 */
@Component
class ShutdownStep implements WizardStep {

    static final String CONFIRM_SERVERS = "confirmStopServers";
    private final HubApiClient api;
    private final HubProbe probe;
    private final HubCommandsRunner commands;
    private final WizardProperties properties;

    ShutdownStep(HubApiClient api, HubProbe probe, HubCommandsRunner commands, WizardProperties properties) {
        this.api = api;
        this.probe = probe;
        this.commands = commands;
        this.properties = properties;
    }

    @Override
    public StepKind kind() {
        return StepKind.SHUTDOWN;
    }

    @Override
    public void checkInput(StepInput input, StepContext.Facts facts) {
        boolean serversRunning = facts.value(StepKind.PLAN, "activeServers")
                .map(v -> v instanceof List<?> list && !list.isEmpty()).orElse(false);
        if (serversRunning && !input.flag(CONFIRM_SERVERS)) {
            throw WizardRefusal.invalid("Users have running servers (see Plan); tick the confirmation that they "
                    + "will be stopped, after warning users with the notice");
        }
    }

    @Override
    public StepOutcome execute(StepContext ctx) {
        Hub hub = ctx.hub();
        Map<String, Object> result = new LinkedHashMap<>();
        int stopped = 0;
        if (api.version(hub.apiUrl()).isPresent()) {
            List<ActiveServer> servers = api.activeServers(hub.apiUrl(), hub.apiToken().value());
            for (ActiveServer server : servers) {
                ctx.log("Stopping server " + server.label());
                api.stopServer(hub.apiUrl(), hub.apiToken().value(), server.user(), server.serverName());
                stopped++;
            }
            awaitNoServers(ctx, hub);
        } else {
            ctx.log("The hub API does not answer; no servers to stop through it");
        }
        result.put("serversStopped", stopped);
        commands.run(ctx, "stop", hub.commands().stop());
        DownProof proof = probe.proveDown(hub.apiUrl(), HubEndpoints.hubBase(hub), HubCommandsRunner.status(hub),
                properties.shutdownWait());
        proof.evidence().forEach(line -> ctx.log("down? " + line));
        if (!proof.down()) {
            throw new StepFailure("The hub is still up after the stop command: " + proof.summary()
                    + "; check the stop command");
        }
        result.put("downEvidence", proof.evidence());
        return StepOutcome.succeeded("hub stopped (" + stopped + " server(s) stopped first); " + proof.summary(),
                result);
    }

    private void awaitNoServers(StepContext ctx, Hub hub) {
        Instant deadline = Instant.now().plus(properties.shutdownWait());
        while (true) {
            List<ActiveServer> left = api.activeServers(hub.apiUrl(), hub.apiToken().value());
            if (left.isEmpty()) {
                ctx.log("No user servers running");
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StepFailure(left.size() + " server(s) still running after "
                        + properties.shutdownWait().toSeconds() + " s: "
                        + String.join(", ", left.stream().map(ActiveServer::label).toList())
                        + "; stop them from the hub's admin page, then retry");
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while waiting for servers to stop");
        }
    }
}
