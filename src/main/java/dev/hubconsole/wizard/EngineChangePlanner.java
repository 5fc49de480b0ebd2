package dev.hubconsole.wizard;

import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.hubdb.CopyFailedException;
import dev.hubconsole.hubdb.CopyFinding;
import dev.hubconsole.hubdb.CopyHandledRow;
import dev.hubconsole.hubdb.CopyPlan;
import dev.hubconsole.hubdb.DatabaseCopy;
import dev.hubconsole.hubdb.DatabaseUnavailableException;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.DbUrlConfigEdit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The Plan step's part of an engine change: checks the choice against the release upgrade, opens the target (the
 * connection check), plans the copy ({@link DatabaseCopy#plan}: DDL, row counts, health findings, leftovers, the
 * admin's additions) and refuses what the copy would refuse, before anything is stopped or written.
 */
@Component
class EngineChangePlanner {

    /** Most handled rows kept in the plan's result (all are counted). */
    static final int MAX_HANDLED = 500;

    private final DatabaseCopy copy;

    EngineChangePlanner(DatabaseCopy copy) {
        this.copy = copy;
    }

    /**
     * Plans the change; returns the report for the Plan's result (key {@code engineChange}).
     *
     * @param upgradeNeeded whether the installed release expects another schema revision than the database's
     */
    Map<String, Object> plan(StepContext ctx, EngineChange change, DbUrl source, boolean upgradeNeeded,
            Map<String, Object> planResult) {
        DbUrl target = change.target();
        ctx.log("Engine change requested: " + source.display() + " → " + target.display() + " (" + change.mode().slug()
                + ")");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", source.display());
        report.put("target", target.display());
        report.put("targetEngine", target.engine().name());
        report.put("mode", change.mode().slug());
        report.put("replaceTarget", change.replaceTarget());
        report.put("keepLeftovers", change.keepLeftovers());
        report.put("writeConfig", change.writeConfig());
        report.put("configLine", DbUrlConfigEdit.maskedAssignment(target));
        report.put("upgradeAfterCopy", change.mode() == EngineChange.Mode.ALL_AT_ONCE && upgradeNeeded);
        report.put("order", change.mode() == EngineChange.Mode.ALL_AT_ONCE ? EngineChange.ORDER
                : "Multi-step: this run copies the database at the installed release, restarts the hub on the copy "
                + "and checks it; the schema upgrade is a second run, after you install the new release.");
        if (change.mode() == EngineChange.Mode.MULTI_STEP && upgradeNeeded) {
            throw new StepFailure("Multi-step changes only the engine in this run, but the installed JupyterHub "
                    + planResult.get("jupyterhubVersion") + " expects revision " + planResult.get("targetRevision")
                    + " and the database is at " + planResult.get("revision") + ": keep the release that matches the "
                    + "database installed for this run, or choose all at once", with(planResult, report));
        }
        if (change.mode() == EngineChange.Mode.ALL_AT_ONCE && upgradeNeeded && !change.writeConfig()) {
            throw new StepFailure("All at once runs upgrade-db on the copy, which needs jupyterhub_config.py to point "
                    + "at it: allow the console to write c.JupyterHub.db_url, or choose multi-step",
                    with(planResult, report));
        }
        CopyPlan plan;
        try {
            ctx.log("Checking the target " + target.display() + " (connection, character set, tables)");
            plan = copy.plan(source, target, change.copyOptions());
        } catch (DatabaseUnavailableException e) {
            throw new StepFailure("The target database cannot be used: " + e.getMessage(), with(planResult, report));
        } catch (CopyFailedException e) {
            throw new StepFailure(e.getMessage(), with(planResult, report));
        }
        report.put("revision", plan.revision());
        report.put("rows", plan.totalRows());
        report.put("ddl", plan.ddl());
        report.put("existingTables", plan.existingTables());
        report.put("tablesToDrop", plan.tablesToDrop());
        report.put("leftovers", plan.leftovers());
        report.put("additions", plan.additions());
        report.put("notes", plan.notes());
        List<String> findings = plan.findings().stream().map(CopyFinding::line).toList();
        report.put("findings", findings);
        report.put("onViolation", change.onViolation().name().toLowerCase(java.util.Locale.ROOT));
        List<String> handled = plan.handled().stream().limit(MAX_HANDLED).map(CopyHandledRow::line).toList();
        report.put("handled", handled);
        report.put("handledCount", plan.handled().size());
        ctx.log("Target reachable; the copy will create " + plan.ddl().size() + " schema statement(s) and copy "
                + plan.totalRows() + " row(s)");
        plan.additions().forEach(a -> ctx.log("  carried across (your addition): " + a));
        plan.leftovers().forEach(l -> ctx.log("  upgrade leftover: " + l));
        plan.notes().forEach(n -> ctx.log("  note: " + n));
        if (!plan.existingTables().isEmpty() && plan.tablesToDrop().isEmpty() && !change.replaceTarget()) {
            throw new StepFailure("The target " + target.display() + " is not empty (tables: "
                    + String.join(", ", plan.existingTables()) + "): give an empty database, or tick 'replace the "
                    + "target's JupyterHub tables'", with(planResult, report));
        }
        findings.forEach(f -> ctx.log("  COPY FINDING " + f));
        if (plan.stopped()) {
            throw new StepFailure(findings.size() + " finding(s) on the source would break the copy, first: "
                    + findings.get(0) + "; repair the source (the hub stopped), or choose how rows the target "
                    + "would reject are handled (skip or truncate), then run the plan again", with(planResult, report));
        }
        if (!plan.handled().isEmpty()) {
            handled.forEach(h -> ctx.log("  will be handled: " + h));
            ctx.audit("plan.violations-handled", AuditOutcome.OK, plan.handled().size() + " source row(s) the target would "
                    + "reject will be handled by the copy (" + report.get("onViolation") + ", " + plan.skippedRows()
                    + " left out); first: " + handled.get(0));
        }
        if (!plan.tablesToDrop().isEmpty()) {
            ctx.audit("plan.replace-target", AuditOutcome.OK, "Migrate will drop these tables of "
                    + target.display() + " before copying: " + String.join(", ", plan.tablesToDrop()));
            ctx.log("Migrate will drop these tables of the target first: " + String.join(", ", plan.tablesToDrop()));
        }
        ctx.log(report.get("order").toString());
        return report;
    }

    private static Map<String, Object> with(Map<String, Object> planResult, Map<String, Object> report) {
        Map<String, Object> out = new LinkedHashMap<>(planResult);
        out.put("engineChange", report);
        return out;
    }
}
