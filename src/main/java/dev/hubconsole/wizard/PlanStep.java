package dev.hubconsole.wizard;

import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.HubDatabases;
import dev.hubconsole.hubdb.RevisionCatalog;
import dev.hubconsole.lifecycle.ActiveServer;
import dev.hubconsole.lifecycle.CommandResult;
import dev.hubconsole.lifecycle.CommandRunner;
import dev.hubconsole.lifecycle.CommandSpec;
import dev.hubconsole.lifecycle.HubApiClient;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Plan: reads the hub's database (alembic revision, row counts) read-only, the installed JupyterHub version
 * (version command), the head revision that version expects, hence whether a schema upgrade is needed and which
 * revisions will apply; and the users with running servers (hub API, when the hub answers).
 */
@Component
class PlanStep implements WizardStep {

    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+(?:[.-]?[a-z0-9]+)*)");
    private final HubDatabases databases;
    private final CommandRunner commands;
    private final HubApiClient api;
    private final RevisionCatalog catalog = RevisionCatalog.standard();

    PlanStep(HubDatabases databases, CommandRunner commands, HubApiClient api) {
        this.databases = databases;
        this.commands = commands;
        this.api = api;
    }

    @Override
    public StepKind kind() {
        return StepKind.PLAN;
    }

    @Override
    public StepOutcome execute(StepContext ctx) throws Exception {
        Hub hub = ctx.hub();
        Map<String, Object> result = new LinkedHashMap<>();
        DbUrl url = DbUrl.parse(hub.dbUrl().value(), hub.workDir());
        result.put("engine", url.engine().name());
        result.put("database", url.display());
        ctx.log("Reading the hub database " + url.display() + " (read-only)");
        Optional<String> revision;
        Map<String, Long> rows;
        try (Connection c = databases.openReadOnly(url)) {
            revision = databases.alembicRevision(c);
            rows = databases.rowCounts(c);
        }
        RevisionCatalog.Verdict verdict = catalog.verdict(revision);
        ctx.log("Database revision: " + verdict.message());
        String current = revision.orElseThrow(() -> new StepFailure("The database has no alembic_version table: "
                + "it is not a JupyterHub database, or not initialised; check db_url in " + hub.configFile()));
        if (catalog.find(current).isEmpty()) {
            throw new StepFailure(verdict.message());
        }
        result.put("revision", current);
        result.put("revisionReleases", verdict.releases());
        result.put("rowCounts", rows);
        rows.forEach((table, count) -> ctx.log("  " + table + ": " + count + " rows"));

        String installed = installedVersion(ctx);
        result.put("jupyterhubVersion", installed);
        String head = catalog.headFor(installed).orElseThrow(() -> new StepFailure("JupyterHub " + installed
                + " is not in the console's revision catalog; the console knows releases 0.7 to 6.0"));
        result.put("targetRevision", head);
        List<Map<String, String>> toApply = new ArrayList<>();
        if (!head.equals(current)) {
            List<RevisionCatalog.Revision> path;
            try {
                path = catalog.pathBetween(current, head);
            } catch (RuntimeException e) {
                throw new StepFailure("The database (revision " + current + ") is newer than what JupyterHub "
                        + installed + " expects (" + head + "); install the release that wrote it, or restore an "
                        + "older backup");
            }
            for (RevisionCatalog.Revision r : path) {
                toApply.add(Map.of("id", r.id(), "description", r.description(),
                        "releases", String.join(", ", r.releases())));
                ctx.log("  will apply " + r.id() + ": " + r.description());
            }
        }
        result.put("upgradeNeeded", !toApply.isEmpty());
        result.put("revisionsToApply", toApply);
        ctx.log(toApply.isEmpty() ? "Schema is at " + head + " already: upgrade-db will have nothing to do"
                : "Schema upgrade needed: " + current + " → " + head + " (" + toApply.size() + " revision(s))");

        Optional<String> running = api.version(hub.apiUrl());
        result.put("hubRunning", running.isPresent());
        running.ifPresent(v -> result.put("runningVersion", v));
        List<String> servers = new ArrayList<>();
        if (running.isPresent()) {
            ctx.log("The hub answers at " + hub.apiUrl() + " (JupyterHub " + running.get() + ")");
            for (ActiveServer server : api.activeServers(hub.apiUrl(), hub.apiToken().value())) {
                servers.add(server.label());
            }
            ctx.log(servers.isEmpty() ? "No user servers are running"
                    : servers.size() + " user server(s) running (Shutdown will stop them): " + String.join(", ", servers));
        } else {
            ctx.log("The hub API does not answer at " + hub.apiUrl() + ": the hub is stopped (or unreachable); "
                    + "running servers cannot be listed");
        }
        result.put("activeServers", servers);
        String summary = (toApply.isEmpty() ? "no schema upgrade needed" : "upgrade " + current + " → " + head)
                + "; JupyterHub " + installed + "; " + servers.size() + " running server(s)";
        return StepOutcome.succeeded(summary, result);
    }

    private String installedVersion(StepContext ctx) {
        Hub hub = ctx.hub();
        List<String> out = new ArrayList<>();
        CommandResult result = commands.run(new CommandSpec(hub.commands().version(), hub.workDir(),
                hub.commandTimeout(), Map.of()), line -> {
                    out.add(line);
                    ctx.log("version> " + line);
                });
        if (!result.succeeded()) {
            throw new StepFailure("The version command " + hub.commands().version() + " " + result.summary()
                    + "; fix the command in the hub's settings");
        }
        for (int i = out.size() - 1; i >= 0; i--) {
            Matcher m = VERSION.matcher(out.get(i));
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new StepFailure("The version command printed no version number; it should print e.g. 3.0.0");
    }
}
