package dev.hubconsole.audit.web;

import dev.hubconsole.audit.AuditEntry;
import dev.hubconsole.audit.AuditLog;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The audit trail, as a page and as JSON. */
@Controller
class AuditController {

    static final String VIEW = "audit/list";
    private static final int PAGE = 500;
    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    String page(Model model) {
        model.addAttribute("entries", audit.recent(PAGE));
        return VIEW;
    }

    @GetMapping("/api/audit")
    @ResponseBody
    List<AuditEntry> json() {
        return audit.recent(PAGE);
    }
}
