package dev.hubconsole.security.web;

import dev.hubconsole.security.AccountException;
import dev.hubconsole.security.AccountManagement;
import jakarta.validation.Valid;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The caller's own account: password and personal API tokens. Open to every logged-in role. */
@Controller
class AccountController {

    static final String ACCOUNT_VIEW = "security/account";
    static final String PASSWORD_VIEW = "security/password";
    private final AccountManagement accounts;

    AccountController(AccountManagement accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/account")
    String account(Principal principal, Model model) {
        model.addAttribute("tokens", accounts.tokens(principal.getName()));
        return ACCOUNT_VIEW;
    }

    @GetMapping("/account/password")
    String passwordForm(Model model) {
        model.addAttribute("form", new PasswordForm());
        return PASSWORD_VIEW;
    }

    @PostMapping("/account/password")
    String changePassword(Principal principal, @Valid @ModelAttribute("form") PasswordForm form,
                          BindingResult result, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return PASSWORD_VIEW;
        }
        try {
            accounts.changePassword(principal.getName(), form.getCurrentPassword(), form.getNewPassword());
        } catch (AccountException e) {
            result.reject("account.refused", e.getMessage());
            return PASSWORD_VIEW;
        }
        redirect.addFlashAttribute("message", "Password changed.");
        return "redirect:/";
    }

    @PostMapping("/account/tokens")
    String createToken(Principal principal, @RequestParam(defaultValue = "") String name,
                       RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("newToken", accounts.createToken(principal.getName(), name));
        } catch (AccountException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/account";
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revokeToken(Principal principal, @PathVariable long id, RedirectAttributes redirect) {
        try {
            accounts.revokeToken(principal.getName(), id);
            redirect.addFlashAttribute("message", "Token revoked.");
        } catch (AccountException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/account";
    }
}
