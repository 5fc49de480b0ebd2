package dev.hubconsole.wizard.web;

import dev.hubconsole.shared.Refusal;
import dev.hubconsole.audit.AuditLog;
import dev.hubconsole.hub.Hubs;
import dev.hubconsole.wizard.Run;
import dev.hubconsole.wizard.RunProgress;
import dev.hubconsole.wizard.RunView;
import dev.hubconsole.wizard.StepInput;
import dev.hubconsole.wizard.StepKind;
import dev.hubconsole.wizard.Wizard;
import java.security.Principal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The run pages: list, start, the run page itself (steps, logs, actions; rebuilt from the database on every
 * load), the live stream (SSE) and its plain status fallback. Actions post and redirect back to the run page.
 */
@Controller
class RunController {

    static final String LIST_VIEW = "wizard/runs";
    static final String RUN_VIEW = "wizard/run";
    private final Wizard wizard;
    private final RunProgress progress;
    private final Hubs hubs;
    private final AuditLog audit;

    RunController(Wizard wizard, RunProgress progress, Hubs hubs, AuditLog audit) {
        this.wizard = wizard;
        this.progress = progress;
        this.hubs = hubs;
        this.audit = audit;
    }

    @GetMapping("/runs")
    String list(@RequestParam Optional<Long> hub, Model model) {
        model.addAttribute("runs", wizard.runs(hub, 200));
        model.addAttribute("hubNames", hubNames());
        return LIST_VIEW;
    }

    @PostMapping("/hubs/{hubId}/runs")
    String start(@PathVariable long hubId, Principal principal, RedirectAttributes redirect) {
        try {
            Run run = wizard.startRun(hubId, principal.getName());
            redirect.addFlashAttribute("message", "Run #" + run.id() + " started. Begin with the plan.");
            return "redirect:/runs/" + run.id();
        } catch (Refusal e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/hubs/" + hubId;
        }
    }

    @GetMapping("/runs/{id}")
    String run(@PathVariable long id, Model model) {
        RunView view = view(id);
        model.addAttribute("view", view);
        model.addAttribute("results", progress.results(id));
        model.addAttribute("log", progress.log(id, 0));
        model.addAttribute("audit", audit.forRun(id));
        model.addAttribute("hub", hubs.find(view.run().hubId()).orElse(null));
        return RUN_VIEW;
    }

    @PostMapping("/runs/{id}/steps/{step}/start")
    String startStep(@PathVariable long id, @PathVariable String step, @RequestParam Map<String, String> form,
                     Principal principal, RedirectAttributes redirect) {
        return act(id, redirect, () -> wizard.startStep(id, kind(step), input(form), principal.getName(),
                version(form)), "Started " + step + ".");
    }

    @PostMapping("/runs/{id}/steps/{step}/retry")
    String retry(@PathVariable long id, @PathVariable String step, @RequestParam Map<String, String> form,
                 Principal principal, RedirectAttributes redirect) {
        Map<String, String> values = input(form).values();
        return act(id, redirect, () -> wizard.retryStep(id, kind(step),
                values.isEmpty() ? Optional.empty() : Optional.of(new StepInput(values)), principal.getName(),
                version(form)), "Retrying " + step + ".");
    }

    @PostMapping("/runs/{id}/steps/{step}/skip")
    String skip(@PathVariable long id, @PathVariable String step, @RequestParam Map<String, String> form,
                Principal principal, RedirectAttributes redirect) {
        return act(id, redirect, () -> wizard.skipStep(id, kind(step), principal.getName(), version(form)),
                "Skipped " + step + ".");
    }

    @PostMapping("/runs/{id}/rollback")
    String rollback(@PathVariable long id, @RequestParam Map<String, String> form, Principal principal,
                    RedirectAttributes redirect) {
        return act(id, redirect, () -> wizard.rollback(id, principal.getName(), version(form)),
                "Rolling back.");
    }

    @PostMapping("/runs/{id}/abandon")
    String abandon(@PathVariable long id, @RequestParam Map<String, String> form, Principal principal,
                   RedirectAttributes redirect) {
        return act(id, redirect, () -> wizard.abandon(id, principal.getName(),
                "on".equals(form.get("confirm")) || "true".equals(form.get("confirm")), version(form)),
                "Run abandoned.");
    }

    @GetMapping(path = "/runs/{id}/events", produces = "text/event-stream")
    SseEmitter events(@PathVariable long id) {
        view(id);
        return progress.subscribe(id);
    }

    @GetMapping("/runs/{id}/status")
    @ResponseBody
    RunProgress.Status status(@PathVariable long id, @RequestParam(defaultValue = "0") long after) {
        view(id);
        return progress.status(id, after);
    }

    private String act(long id, RedirectAttributes redirect, Runnable action, String message) {
        try {
            action.run();
            redirect.addFlashAttribute("message", message);
        } catch (Refusal e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/runs/" + id;
    }

    private RunView view(long id) {
        try {
            return wizard.view(id);
        } catch (Refusal e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private Map<Long, String> hubNames() {
        Map<Long, String> names = new HashMap<>();
        hubs.all().forEach(h -> names.put(h.id(), h.name()));
        return names;
    }

    static StepKind kind(String slug) {
        try {
            return StepKind.valueOf(slug.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No step " + slug);
        }
    }

    /** The form fields that are step input (everything but the CSRF token and the run version). */
    static StepInput input(Map<String, String> form) {
        Map<String, String> values = new HashMap<>(form);
        values.remove("_csrf");
        values.remove("version");
        return new StepInput(values);
    }

    static OptionalInt version(Map<String, String> form) {
        String v = form.get("version");
        if (v == null || v.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "version must be a number");
        }
    }
}
