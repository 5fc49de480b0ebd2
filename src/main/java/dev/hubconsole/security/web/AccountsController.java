package dev.hubconsole.security.web;

import dev.hubconsole.security.AccountException;
import dev.hubconsole.security.AccountManagement;
import dev.hubconsole.security.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Lists accounts; admins create ADMIN or VIEWER accounts (who must change the password at first login). */
@Controller
class AccountsController {

    static final String VIEW = "security/accounts";
    private final AccountManagement accounts;

    AccountsController(AccountManagement accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/accounts")
    String list(Model model) {
        model.addAttribute("accounts", accounts.accounts());
        model.addAttribute("roles", Role.values());
        return VIEW;
    }

    @PostMapping("/accounts")
    String create(@RequestParam String username, @RequestParam String password, @RequestParam Role role,
                  RedirectAttributes redirect) {
        try {
            accounts.createAccount(username, password, role);
            redirect.addFlashAttribute("message", "Account " + username + " created.");
        } catch (AccountException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/accounts";
    }
}
