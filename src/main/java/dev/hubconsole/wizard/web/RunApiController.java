package dev.hubconsole.wizard.web;

import dev.hubconsole.audit.AuditEntry;
import dev.hubconsole.audit.AuditLog;
import dev.hubconsole.wizard.Run;
import dev.hubconsole.wizard.RunProgress;
import dev.hubconsole.wizard.RunView;
import dev.hubconsole.wizard.StepInput;
import dev.hubconsole.wizard.Wizard;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * JSON API of runs: everything the wizard pages do. Actions answer 202 (the step runs in the background) with
 * the run's new view; poll {@code GET /api/runs/{id}} or the log until the step is no longer running.
 */
@RestController
class RunApiController {

    private final Wizard wizard;
    private final RunProgress progress;
    private final AuditLog audit;

    RunApiController(Wizard wizard, RunProgress progress, AuditLog audit) {
        this.wizard = wizard;
        this.progress = progress;
        this.audit = audit;
    }

    /**
     * An action's optional body.
     *
     * @param input   step input fields
     * @param version the run version the caller saw (refused if it moved on)
     * @param confirm for abandon: the hub was stopped and the caller will bring it back
     */
    record ActionRequest(Map<String, String> input, Integer version, Boolean confirm) {

        OptionalInt expectedVersion() {
            return version == null ? OptionalInt.empty() : OptionalInt.of(version);
        }
    }

    @GetMapping("/api/runs")
    List<Run> runs(@RequestParam Optional<Long> hub) {
        return wizard.runs(hub, 200);
    }

    @PostMapping("/api/hubs/{hubId}/runs")
    @ResponseStatus(HttpStatus.CREATED)
    RunView start(@PathVariable long hubId, Principal principal) {
        return wizard.view(wizard.startRun(hubId, principal.getName()).id());
    }

    @GetMapping("/api/runs/{id}")
    RunView run(@PathVariable long id) {
        return wizard.view(id);
    }

    @GetMapping("/api/runs/{id}/results")
    Map<?, Map<String, Object>> results(@PathVariable long id) {
        wizard.view(id);
        return progress.results(id);
    }

    @GetMapping("/api/runs/{id}/log")
    List<RunProgress.LogLine> log(@PathVariable long id, @RequestParam(defaultValue = "0") long after) {
        wizard.view(id);
        return progress.log(id, after);
    }

    @GetMapping("/api/runs/{id}/audit")
    List<AuditEntry> audit(@PathVariable long id) {
        wizard.view(id);
        return audit.forRun(id);
    }

    @PostMapping("/api/runs/{id}/steps/{step}/start")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RunView startStep(@PathVariable long id, @PathVariable String step,
                      @RequestBody(required = false) ActionRequest body, Principal principal) {
        ActionRequest request = orEmpty(body);
        wizard.startStep(id, RunController.kind(step), new StepInput(request.input()), principal.getName(),
                request.expectedVersion());
        return wizard.view(id);
    }

    @PostMapping("/api/runs/{id}/steps/{step}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RunView retry(@PathVariable long id, @PathVariable String step,
                  @RequestBody(required = false) ActionRequest body, Principal principal) {
        ActionRequest request = orEmpty(body);
        wizard.retryStep(id, RunController.kind(step), Optional.ofNullable(request.input()).filter(m -> !m.isEmpty())
                .map(StepInput::new), principal.getName(), request.expectedVersion());
        return wizard.view(id);
    }

    @PostMapping("/api/runs/{id}/steps/{step}/skip")
    RunView skip(@PathVariable long id, @PathVariable String step,
                 @RequestBody(required = false) ActionRequest body, Principal principal) {
        wizard.skipStep(id, RunController.kind(step), principal.getName(), orEmpty(body).expectedVersion());
        return wizard.view(id);
    }

    @PostMapping("/api/runs/{id}/rollback")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RunView rollback(@PathVariable long id, @RequestBody(required = false) ActionRequest body, Principal principal) {
        wizard.rollback(id, principal.getName(), orEmpty(body).expectedVersion());
        return wizard.view(id);
    }

    @PostMapping("/api/runs/{id}/abandon")
    RunView abandon(@PathVariable long id, @RequestBody(required = false) ActionRequest body, Principal principal) {
        ActionRequest request = orEmpty(body);
        wizard.abandon(id, principal.getName(), Boolean.TRUE.equals(request.confirm()), request.expectedVersion());
        return wizard.view(id);
    }

    private static ActionRequest orEmpty(ActionRequest body) {
        return body == null ? new ActionRequest(Map.of(), null, null)
                : new ActionRequest(body.input() == null ? Map.of() : body.input(), body.version(), body.confirm());
    }
}
