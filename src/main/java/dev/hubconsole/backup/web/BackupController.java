package dev.hubconsole.backup.web;

import dev.hubconsole.audit.AuditEntry;
import dev.hubconsole.audit.AuditLog;
import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.backup.BackupArtefact;
import dev.hubconsole.backup.BackupContents;
import dev.hubconsole.backup.BackupException;
import dev.hubconsole.backup.BackupSummary;
import dev.hubconsole.backup.Backups;
import dev.hubconsole.backup.DatabaseRestoreResult;
import dev.hubconsole.backup.RestoreTarget;
import dev.hubconsole.backup.ServerDatabase;
import dev.hubconsole.backup.VerificationStatus;
import dev.hubconsole.backup.VerifyResult;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hub.Hubs;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.Engine;
import dev.hubconsole.lifecycle.HubApiClient;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A hub's backups: the list (newest first) with each one's last verification, verifying one, and restoring any
 * past one while the hub is stopped (refused while the hub's API answers; what is replaced is kept). Verifications
 * and restores run off the request thread ({@link BackupJobs}); their outcomes are persisted (verification status,
 * audit log) and shown on reload. Changing requests are ADMIN-only by the security configuration.
 * Post/redirect/get.
 */
@Controller
class BackupController {

    static final String LIST_VIEW = "backup/list";
    private final Hubs hubs;
    private final Backups backups;
    private final HubApiClient api;
    private final AuditLog audit;
    private final BackupJobs jobs;
    private final Clock clock = Clock.systemUTC();

    BackupController(Hubs hubs, Backups backups, HubApiClient api, AuditLog audit, BackupJobs jobs) {
        this.hubs = hubs;
        this.backups = backups;
        this.api = api;
        this.audit = audit;
        this.jobs = jobs;
    }

    /** One row of the list. */
    record Row(String name, BackupSummary summary, String engine, String jupyterhubVersion, String revision,
            long rows, VerificationStatus status) {
    }

    @GetMapping("/hubs/{id}/backups")
    String list(@PathVariable long id, Model model) {
        Hub hub = hub(id);
        List<Row> rows = new ArrayList<>();
        String problem = null;
        try {
            for (BackupSummary summary : backups.list(root(hub), hub.name())) {
                String engine = "";
                long count = 0;
                if (summary.complete()) {
                    BackupContents contents = backups.contents(summary.directory());
                    engine = contents.engine();
                    count = contents.rowCounts().values().stream().mapToLong(Long::longValue).sum();
                }
                rows.add(new Row(summary.directory().getFileName().toString(), summary, engine,
                        summary.context().getOrDefault("jupyterhubVersion", ""),
                        summary.context().getOrDefault("alembicRevision", ""), count,
                        backups.lastVerification(summary.directory()).orElse(null)));
            }
        } catch (BackupException e) {
            problem = e.getMessage();
        }
        model.addAttribute("hub", hub);
        model.addAttribute("backups", rows);
        model.addAttribute("problem", problem);
        model.addAttribute("running", jobs.running(id).orElse(null));
        model.addAttribute("restores", audit.recent(200).stream().filter(e -> e.action().equals("backup.restore")
                && Long.valueOf(id).equals(e.hubId())).limit(5).toList());
        model.addAttribute("serverEngine", DbUrl.parse(hub.dbUrl().value(), hub.workDir()).engine() != Engine.SQLITE);
        return LIST_VIEW;
    }

    @PostMapping("/hubs/{id}/backups/{name}/verify")
    String verify(@PathVariable long id, @PathVariable String name,
                  @RequestParam(defaultValue = "false") boolean temporaryDatabase, Principal principal,
                  RedirectAttributes redirect) {
        Hub hub = hub(id);
        Path dir = backupDir(hub, name);
        String actor = principal.getName();
        boolean started = jobs.start(id, "Verifying " + name, () -> {
            try {
                BackupContents contents = backups.contents(dir);
                VerifyResult result = !contents.sqlite() && temporaryDatabase
                        ? backups.verifyInTemporaryDatabase(dir, server(hub)) : backups.verify(dir);
                record(actor, "backup.verify", hub, result.verified() ? AuditOutcome.OK : AuditOutcome.FAILED,
                        result.summary());
            } catch (BackupException e) {
                record(actor, "backup.verify", hub, AuditOutcome.FAILED, name + ": " + e.getMessage());
            }
        });
        flash(redirect, started, "Verifying " + name + ": reload this page to see the result.");
        return redirectTo(id);
    }

    @PostMapping("/hubs/{id}/backups/{name}/restore")
    String restore(@PathVariable long id, @PathVariable String name,
                   @RequestParam(defaultValue = "false") boolean confirm, Principal principal,
                   RedirectAttributes redirect) {
        Hub hub = hub(id);
        Path dir = backupDir(hub, name);
        if (!confirm) {
            redirect.addFlashAttribute("error", "Restoring replaces the hub's database and files: tick the"
                    + " confirmation to restore " + name + ".");
            return redirectTo(id);
        }
        BooleanSupplier hubIsUp = () -> api.version(hub.apiUrl()).isPresent();
        String actor = principal.getName();
        if (hubIsUp.getAsBoolean()) {
            String refusal = "Refusing to restore while the hub is running: stop JupyterHub first, then restore;"
                    + " nothing was changed.";
            record(actor, "backup.restore", hub, AuditOutcome.REFUSED, name + ": " + refusal);
            redirect.addFlashAttribute("error", refusal);
            return redirectTo(id);
        }
        boolean started = jobs.start(id, "Restoring " + name, () -> {
            try {
                record(actor, "backup.restore", hub, AuditOutcome.OK, restore(hub, dir, hubIsUp));
            } catch (BackupException | IllegalArgumentException e) {
                record(actor, "backup.restore", hub, AuditOutcome.FAILED, name + ": " + e.getMessage());
            }
        });
        flash(redirect, started, "Restoring " + name + ": reload this page to see the outcome.");
        return redirectTo(id);
    }

    private static void flash(RedirectAttributes redirect, boolean started, String message) {
        if (started) {
            redirect.addFlashAttribute("message", message);
        } else {
            redirect.addFlashAttribute("error", "A verification or restore of this hub is running already: wait"
                    + " for it to finish.");
        }
    }

    /** Restores database and files; returns what was done, in one line. */
    private String restore(Hub hub, Path dir, BooleanSupplier hubIsUp) {
        BackupContents contents = backups.contents(dir);
        Map<String, Path> extras = new LinkedHashMap<>();
        contents.withRole(BackupArtefact.ROLE_FILE).forEach(a -> extras.put(a.fileName(), Path.of(a.source())));
        List<String> lines = new ArrayList<>();
        if (contents.sqlite()) {
            DbUrl url = DbUrl.parse(hub.dbUrl().value(), hub.workDir());
            if (url.engine() != Engine.SQLITE) {
                throw new BackupException("Backup " + dir.getFileName() + " is of a SQLite database but the hub now"
                        + " uses " + url.engine() + ": restore it with the CLI into a SQLite file; nothing was"
                        + " changed.");
            }
            lines.add(backups.restore(dir, new RestoreTarget(url.sqliteFile(), hub.configFile(), extras), hubIsUp)
                    .summary());
        } else {
            DatabaseRestoreResult database = backups.restoreDatabaseReplacing(dir, server(hub), hubIsUp);
            lines.add(database.summary());
            lines.add(backups.restore(dir, RestoreTarget.filesOnly(hub.configFile(), extras), hubIsUp).summary());
        }
        return String.join("; ", lines);
    }

    private void record(String actor, String action, Hub hub, AuditOutcome outcome, String detail) {
        audit.append(AuditEntry.of(clock.instant(), actor, action, hub.id(), null, outcome, detail));
    }

    private static ServerDatabase server(Hub hub) {
        DbUrl url = DbUrl.parse(hub.dbUrl().value(), hub.workDir());
        if (url.engine() == Engine.SQLITE) {
            throw new BackupException("The hub's database is SQLite, not a server database: restore a SQLite backup;"
                    + " nothing was changed.");
        }
        return new ServerDatabase(url.jdbcUrl(), url.username(), url.password());
    }

    /** The backup folder of that name among the hub's backups; anything else is 404 (no path from the request). */
    private Path backupDir(Hub hub, String name) {
        return backups.list(root(hub), hub.name()).stream().map(BackupSummary::directory)
                .filter(dir -> dir.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No backup " + name));
    }

    private static Path root(Hub hub) {
        return hub.backupRoot().toAbsolutePath().normalize();
    }

    private Hub hub(long id) {
        return hubs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No hub " + id));
    }

    private static String redirectTo(long id) {
        return "redirect:/hubs/" + id + "/backups";
    }
}
