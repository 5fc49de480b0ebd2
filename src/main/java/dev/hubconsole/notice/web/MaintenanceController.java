package dev.hubconsole.notice.web;

import dev.hubconsole.notice.Notice;
import dev.hubconsole.notice.Notices;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The public maintenance page for the hub's users, and its JSON for self-refresh. No login needed. */
@Controller
class MaintenanceController {

    static final String VIEW = "notice/maintenance";
    private final Notices notices;

    MaintenanceController(Notices notices) {
        this.notices = notices;
    }

    @GetMapping("/maintenance")
    String page(Model model) {
        model.addAttribute("notices", notices.current());
        return VIEW;
    }

    @GetMapping("/maintenance/status.json")
    @ResponseBody
    List<Notice> status() {
        return notices.current();
    }
}
