package dev.hubconsole.wizard;

import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.ConfigFileUnreadableException;
import dev.hubconsole.hubdb.CopyFailedException;
import dev.hubconsole.hubdb.CopyProgress;
import dev.hubconsole.hubdb.CopyReport;
import dev.hubconsole.hubdb.DatabaseCopy;
import dev.hubconsole.hubdb.DatabaseUnavailableException;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.DbUrlConfigEdit;
import dev.hubconsole.hubdb.DbUrlSetting;
import dev.hubconsole.hubdb.HubConfigFile;
import dev.hubconsole.hubdb.HubDatabases;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The Migrate step's part of an engine change: copies the hub's database to the target with live per-table
 * progress ({@link DatabaseCopy}: verified row by row, the source opened read-only), writes
 * {@code c.JupyterHub.db_url} into the configuration when the admin allowed it (audited; the original is in the
 * run's backup) or says which line to set, and, all at once, runs the release's {@code upgrade-db} on the copy.
 */
@Component
class EngineChangeMigration {

    /** The Migrate result key that says the hub's database moved. */
    static final String CHANGED = "engineChanged";

    private final DatabaseCopy copy;
    private final HubDatabases databases;
    private final HubCommandsRunner commands;

    EngineChangeMigration(DatabaseCopy copy, HubDatabases databases, HubCommandsRunner commands) {
        this.copy = copy;
        this.databases = databases;
        this.commands = commands;
    }

    /** The engine change the run planned, if any (from the Plan step's input and result). */
    static Optional<EngineChange> planned(StepContext ctx) {
        if (ctx.facts().value(StepKind.PLAN, "engineChange").isEmpty()) {
            return Optional.empty();
        }
        StepInput input = ctx.facts().inputs().getOrDefault(StepKind.PLAN, StepInput.none());
        return EngineChange.from(input, ctx.hub().workDir());
    }

    Map<String, Object> migrate(StepContext ctx, EngineChange change, DbUrl source, String targetRevision) {
        Hub hub = ctx.hub();
        DbUrl target = change.target();
        Map<String, Object> result = new LinkedHashMap<>();
        String before = databases.alembicRevision(source).orElse("(none)");
        result.put("revisionBefore", before);
        result.put("source", source.display());
        result.put("target", target.display());
        result.put("mode", change.mode().slug());
        ctx.log("Copying " + source.display() + " (read-only) to " + target.display());
        CopyReport report;
        try {
            report = copy.copy(source, target, change.copyOptions(), new LoggingProgress(ctx));
        } catch (CopyFailedException e) {
            e.details().stream().limit(50).forEach(d -> ctx.log("  " + d));
            result.put("copyFailure", e.getMessage());
            result.put("targetTouched", e.targetTouched());
            throw new StepFailure(e.getMessage() + " The source was not modified: retry, or roll back.", result);
        } catch (DatabaseUnavailableException e) {
            throw new StepFailure("The copy could not open a database: " + e.getMessage() + "; retry when it is "
                    + "reachable, or roll back", result);
        }
        if (!report.dropped().isEmpty()) {
            ctx.audit("migrate.target-replaced", AuditOutcome.OK, "dropped from " + target.display() + ": "
                    + String.join(", ", report.dropped()));
        }
        List<Map<String, Object>> tables = new ArrayList<>();
        for (CopyReport.TableResult t : report.tables()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("table", t.table());
            row.put("rows", t.rows());
            row.put("loadMillis", t.loadMillis());
            row.put("checksum", t.checksum());
            tables.add(row);
        }
        result.put("tables", tables);
        result.put("rows", report.totalRows());
        result.put("copyMillis", report.millis());
        ctx.audit("migrate.copied", AuditOutcome.OK, report.totalRows() + " rows in " + tables.size()
                + " tables copied to " + target.display() + " and verified (row counts and checksums)");
        ctx.log("Copy verified: " + report.totalRows() + " rows in " + tables.size() + " tables, "
                + report.millis() + " ms");
        String line = DbUrlConfigEdit.maskedAssignment(target);
        result.put("configLine", line);
        result.put("configFile", hub.configFile().toString());
        if (change.writeConfig()) {
            writeConfig(ctx, source, target);
            result.put("configWritten", true);
        } else {
            result.put("configWritten", false);
            ctx.log("Set this line in " + hub.configFile() + " before Restart (the target's password where *** "
                    + "is): " + line);
        }
        boolean upgrade = change.mode() == EngineChange.Mode.ALL_AT_ONCE && !before.equals(targetRevision);
        if (upgrade) {
            ctx.log("Upgrading the copy's schema with the release's upgrade-db (the configuration now points at it)");
            requireConfigPointsAt(ctx, target);
            commands.run(ctx, "upgrade-db", hub.commands().upgradeDb());
        }
        String after = databases.alembicRevision(target).orElse("(none)");
        result.put("revisionAfter", after);
        String expected = upgrade ? targetRevision : before;
        if (!expected.equals(after)) {
            throw new StepFailure("The copy is at revision " + after + ", not " + expected + "; read the log above, "
                    + "then retry or roll back (the source was not modified)", result);
        }
        result.put(CHANGED, true);
        ctx.log("The copy is at revision " + after + (upgrade ? " (upgraded from " + before + ")" : ""));
        return result;
    }

    /**
     * Fails unless the configuration points the hub at the target (when that can be read from the file without
     * running it; otherwise says so in the log).
     */
    static void requireConfigPointsAt(StepContext ctx, DbUrl target) {
        Hub hub = ctx.hub();
        DbUrlSetting setting;
        try {
            setting = HubConfigFile.read(hub.configFile()).dbUrl();
        } catch (ConfigFileUnreadableException e) {
            throw new StepFailure(e.getMessage());
        }
        Optional<DbUrl> configured;
        try {
            configured = setting.parse(hub.workDir());
        } catch (RuntimeException e) {
            configured = Optional.empty();
        }
        if (configured.isEmpty()) {
            ctx.log("Cannot tell from " + hub.configFile() + " which database the hub will use (" + setting.detail()
                    + "); make sure it is " + target.display());
            return;
        }
        DbUrl c = configured.get();
        if (c.engine() != target.engine() || !c.jdbcUrl().equals(target.jdbcUrl())) {
            throw new StepFailure(hub.configFile() + " still points the hub at " + c.display() + ": set "
                    + DbUrlConfigEdit.maskedAssignment(target) + " (the target's password where *** is), then retry");
        }
        ctx.log(hub.configFile() + " points the hub at " + target.display());
    }

    private void writeConfig(StepContext ctx, DbUrl source, DbUrl target) {
        Hub hub = ctx.hub();
        DbUrlConfigEdit edit;
        try {
            edit = DbUrlConfigEdit.plan(hub.configFile(), target, "Hub Upgrade Console, run #" + ctx.run().id()
                    + ": the hub's database moved from " + source.display() + " (the previous file is in the run's "
                    + "backup)");
            edit.apply();
        } catch (ConfigFileUnreadableException | IllegalStateException e) {
            throw new StepFailure("The copy is verified, but the configuration was not changed: " + e.getMessage());
        } catch (IOException e) {
            throw new StepFailure("The copy is verified, but " + hub.configFile() + " could not be written ("
                    + e.getClass().getSimpleName() + "): check the folder's permissions, then retry");
        }
        ctx.audit("migrate.config-written", AuditOutcome.OK, edit.description());
        ctx.log("Wrote " + edit.description());
    }


    /** Per-table progress into the step log: a line when a table starts, about every 2 s, and when it ends. */
    private static final class LoggingProgress implements CopyProgress {

        private static final long EVERY_MILLIS = 2000;
        private final StepContext ctx;
        private final Map<String, long[]> tables = new ConcurrentHashMap<>();

        LoggingProgress(StepContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public synchronized void phase(String description) {
            ctx.log("copy: " + description);
        }

        @Override
        public synchronized void tableStarted(String table, long expectedRows) {
            tables.put(table, new long[] {expectedRows, System.currentTimeMillis(), System.currentTimeMillis()});
            ctx.log("copy: " + table + ": started, " + expectedRows + " rows");
        }

        @Override
        public synchronized void rowsCopied(String table, long rows) {
            long[] t = tables.get(table);
            long now = System.currentTimeMillis();
            if (t == null || now - t[2] < EVERY_MILLIS) {
                return;
            }
            t[2] = now;
            long percent = t[0] == 0 ? 100 : rows * 100 / t[0];
            ctx.log("copy: " + table + ": " + rows + "/" + t[0] + " rows (" + percent + "%), " + rate(rows, now - t[1])
                    + " rows/s");
        }

        @Override
        public synchronized void tableFinished(String table, long rows, long millis) {
            ctx.log("copy: " + table + ": loaded and verified, " + rows + " rows in " + millis + " ms ("
                    + rate(rows, millis) + " rows/s)");
        }

        private static long rate(long rows, long millis) {
            return millis <= 0 ? rows : rows * 1000 / millis;
        }
    }
}
