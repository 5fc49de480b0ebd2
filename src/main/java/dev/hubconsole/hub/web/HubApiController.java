package dev.hubconsole.hub.web;

import dev.hubconsole.hub.ConnectionReport;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.HubRegistration;
import dev.hubconsole.hub.HubSummary;
import dev.hubconsole.hub.Hubs;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** JSON API for hubs. Secrets are accepted on registration and never returned. */
@RestController
class HubApiController {

    private final Hubs hubs;

    HubApiController(Hubs hubs) {
        this.hubs = hubs;
    }

    @GetMapping("/api/hubs")
    List<HubSummary> list() {
        return hubs.all();
    }

    @GetMapping("/api/hubs/{id}")
    HubView get(@PathVariable long id) {
        return HubView.of(hubs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No hub " + id)));
    }

    @PostMapping("/api/hubs")
    @ResponseStatus(HttpStatus.CREATED)
    HubView register(@RequestBody HubRegistration registration, Principal principal) {
        return HubView.of(hubs.register(registration, principal.getName()));
    }

    @PostMapping("/api/hubs/{id}/test")
    ConnectionReport test(@PathVariable long id, Principal principal) {
        return hubs.testConnection(id, principal.getName());
    }

    /** A hub as the API shows it: everything but its secrets. */
    record HubView(long id, String name, String workDir, String configFile, String dbUrl, String publicUrl,
                   String apiUrl, String logFile, List<String> stopCommand, List<String> startCommand,
                   List<String> statusCommand, List<String> upgradeDbCommand, List<String> versionCommand,
                   long commandTimeoutSeconds, String backupRoot, int version) {

        static HubView of(Hub h) {
            return new HubView(h.id(), h.name(), h.workDir().toString(), h.configFile().toString(), h.dbUrlDisplay(),
                    h.publicUrl().toString(), h.apiUrl().toString(), h.logFile().map(Object::toString).orElse(null),
                    h.commands().stop(), h.commands().start(), h.commands().status(), h.commands().upgradeDb(),
                    h.commands().version(), h.commandTimeout().toSeconds(), h.backupRoot().toString(), h.version());
        }
    }
}
