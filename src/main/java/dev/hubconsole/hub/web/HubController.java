package dev.hubconsole.hub.web;

import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.Hubs;
import dev.hubconsole.hub.InvalidHubException;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Hub pages: list, register, view, change, test connection. Post/redirect/get throughout. */
@Controller
class HubController {

    static final String LIST_VIEW = "hub/list";
    static final String FORM_VIEW = "hub/form";
    static final String DETAIL_VIEW = "hub/detail";
    private final Hubs hubs;

    HubController(Hubs hubs) {
        this.hubs = hubs;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/hubs";
    }

    @GetMapping("/hubs")
    String list(Model model) {
        model.addAttribute("hubs", hubs.all());
        return LIST_VIEW;
    }

    @GetMapping("/hubs/new")
    String newForm(Model model) {
        model.addAttribute("form", new HubForm());
        model.addAttribute("editing", false);
        return FORM_VIEW;
    }

    @PostMapping("/hubs")
    String register(@ModelAttribute("form") HubForm form, BindingResult result, Principal principal, Model model,
                    RedirectAttributes redirect) {
        try {
            Hub hub = hubs.register(form.toRegistration(), principal.getName());
            redirect.addFlashAttribute("message", "Hub " + hub.name() + " registered. Test its connection next.");
            return "redirect:/hubs/" + hub.id();
        } catch (InvalidHubException e) {
            reject(result, e);
            model.addAttribute("editing", false);
            return FORM_VIEW;
        }
    }

    @GetMapping("/hubs/{id}")
    String detail(@PathVariable long id, Model model) {
        model.addAttribute("hub", hub(id));
        return DETAIL_VIEW;
    }

    @GetMapping("/hubs/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        model.addAttribute("form", HubForm.of(hub(id)));
        model.addAttribute("hubId", id);
        model.addAttribute("editing", true);
        return FORM_VIEW;
    }

    @PostMapping("/hubs/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") HubForm form, BindingResult result,
                  Principal principal, Model model, RedirectAttributes redirect) {
        try {
            hubs.update(id, form.getVersion(), form.toRegistration(), principal.getName());
            redirect.addFlashAttribute("message", "Hub saved.");
            return "redirect:/hubs/" + id;
        } catch (InvalidHubException e) {
            reject(result, e);
            model.addAttribute("hubId", id);
            model.addAttribute("editing", true);
            return FORM_VIEW;
        }
    }

    @PostMapping("/hubs/{id}/test")
    String test(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        hub(id);
        redirect.addFlashAttribute("connection", hubs.testConnection(id, principal.getName()));
        return "redirect:/hubs/" + id;
    }

    private Hub hub(long id) {
        return hubs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No hub " + id));
    }

    private static void reject(BindingResult result, InvalidHubException e) {
        if (e.field() != null) {
            result.rejectValue(e.field(), "hub.invalid", e.getMessage());
        } else {
            result.reject("hub.invalid", e.getMessage());
        }
    }
}
