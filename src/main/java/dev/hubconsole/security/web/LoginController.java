package dev.hubconsole.security.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page; Spring Security handles the POST. */
@Controller
class LoginController {

    static final String VIEW = "security/login";

    @GetMapping("/login")
    String login() {
        return VIEW;
    }
}
