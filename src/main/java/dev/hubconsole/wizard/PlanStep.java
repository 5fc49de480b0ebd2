package dev.hubconsole.wizard;

import dev.hubconsole.audit.AuditOutcome;
import dev.hubconsole.hub.Hub;
import dev.hubconsole.hubdb.ConfigFileUnreadableException;
import dev.hubconsole.hubdb.ConfigIdentities;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.DriftFinding;
import dev.hubconsole.hubdb.HubDatabases;
import dev.hubconsole.hubdb.Inspection;
import dev.hubconsole.hubdb.InspectionFailedException;
import dev.hubconsole.hubdb.Inspector;
import dev.hubconsole.hubdb.RevisionCatalog;
import dev.hubconsole.lifecycle.CommandException;
import dev.hubconsole.lifecycle.ActiveServer;
import dev.hubconsole.lifecycle.CommandResult;
import dev.hubconsole.lifecycle.CommandRunner;
import dev.hubconsole.lifecycle.CommandSpec;
import dev.hubconsole.lifecycle.HubApiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * revisions will apply; and the users with running servers (hub API, when the hub answers). It inspects the database
 * ({@link Inspector}: drift, data health, what deleting it would lose) and asks the hub's own JupyterHub for the SQL
 * {@code upgrade-db} would run ({@code python3 -m jupyterhub.dbutil alembic upgrade <from>:head --sql}, best effort).
 * Blocking findings fail the step unless the input has {@value #ACKNOWLEDGE}{@code =true}; the acknowledgement is
 * audited ({@code plan.acknowledged}). With a target database in the input it also plans an engine change
 * ({@link EngineChangePlanner}).
 */
@Component
class PlanStep implements WizardStep {

    /** The input flag that lets the run go on despite blocking findings. */
    static final String ACKNOWLEDGE = "acknowledgeBlockingFindings";
    /** Longest time the upgrade SQL preview may take. */
    static final Duration SQL_TIMEOUT = Duration.ofSeconds(60);
    /** Most SQL lines kept for the page. */
    static final int MAX_SQL_LINES = 4000;

    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+(?:[.-]?[a-z0-9]+)*)");
    private static final Pattern ALEMBIC_LOG = Pattern.compile("^(?:(?:INFO|WARNING|WARN|DEBUG)\\s+\\[|\\[[IWD] \\d{4}-).*");
    private static final Pattern PYTHON_ERROR = Pattern.compile("^[A-Za-z_.]*(Error|Exception): .*");
    private final HubDatabases databases;
    private final CommandRunner commands;
    private final HubApiClient api;
    private final Inspector inspector;
    private final EngineChangePlanner engines;
    private final RevisionCatalog catalog = RevisionCatalog.standard();

    PlanStep(HubDatabases databases, CommandRunner commands, HubApiClient api, Inspector inspector,
             EngineChangePlanner engines) {
        this.databases = databases;
        this.commands = commands;
        this.api = api;
        this.inspector = inspector;
        this.engines = engines;
    }

    @Override
    public java.util.Set<String> secretInputs() {
        return java.util.Set.of(EngineChange.TARGET);
    }

    @Override
    public void checkInput(StepInput input, StepContext.Facts facts) {
        try {
            EngineChange.from(input, Path.of("/"));
        } catch (StepFailure e) {
            throw WizardRefusal.invalid(e.getMessage());
        }
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
        Optional<String> revision = databases.alembicRevision(url);
        Map<String, Long> rows;
        RevisionCatalog.Verdict verdict = catalog.verdict(revision);
        ctx.log("Database revision: " + verdict.message());
        String current = revision.orElseThrow(() -> new StepFailure("The database has no alembic_version table: "
                + "it is not a JupyterHub database, or not initialised; check db_url in " + hub.configFile()));
        if (catalog.find(current).isEmpty()) {
            throw new StepFailure(verdict.message());
        }
        result.put("revision", current);
        result.put("revisionReleases", verdict.releases());
        Inspection inspection = inspect(ctx, url);
        rows = inspection.tables();
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

        result.put("driftChecked", inspection.driftChecked());
        result.put("drift", inspection.driftMaps());
        result.put("health", inspection.healthMaps());
        result.put("deleteImpact", inspection.deleteImpact().toMap());
        result.put("inspectionNotes", inspection.notes());
        result.put("upgradeSql", toApply.isEmpty() ? upgradeSqlNotNeeded(head) : upgradeSql(ctx, current));
        List<String> blocking = inspection.blocking();
        result.put("blocking", blocking);
        String summary = (toApply.isEmpty() ? "no schema upgrade needed" : "upgrade " + current + " → " + head)
                + "; JupyterHub " + installed + "; " + servers.size() + " running server(s)";
        Optional<EngineChange> change = EngineChange.from(ctx.input(), hub.workDir());
        if (change.isPresent()) {
            result.put("engineChange", engines.plan(ctx, change.get(), url, !toApply.isEmpty(), result));
            summary += "; engine change to " + change.get().target().display() + " (" + change.get().mode().slug()
                    + ")";
        }
        if (!blocking.isEmpty()) {
            blocking.forEach(b -> ctx.log("BLOCKING " + b));
            if (!ctx.input().flag(ACKNOWLEDGE)) {
                throw new StepFailure(blocking.size() + " blocking finding(s), first: " + blocking.get(0)
                        + "; resolve them, or acknowledge them (" + ACKNOWLEDGE + ") and run the plan again", result);
            }
            ctx.audit("plan.acknowledged", AuditOutcome.OK, "acknowledged " + blocking.size()
                    + " blocking finding(s): " + String.join("; ", blocking));
            ctx.log("The admin acknowledged " + blocking.size() + " blocking finding(s)");
            result.put("blockingAcknowledged", true);
            summary += "; " + blocking.size() + " blocking finding(s) acknowledged";
        }
        return StepOutcome.succeeded(summary, result);
    }

    private Inspection inspect(StepContext ctx, DbUrl url) {
        Hub hub = ctx.hub();
        Optional<ConfigIdentities> identities;
        try {
            identities = Optional.of(ConfigIdentities.read(hub.configFile()));
        } catch (ConfigFileUnreadableException e) {
            ctx.log("Users and groups from the configuration unknown: " + e.getMessage());
            identities = Optional.empty();
        }
        Inspection inspection;
        try {
            inspection = inspector.inspect(url, identities);
        } catch (InspectionFailedException e) {
            throw new StepFailure(e.getMessage(), e);
        }
        long driftRisky = inspection.drift().stream().filter(d -> d.kind() == DriftFinding.Kind.RISKY).count();
        long additions = inspection.drift().stream().filter(d -> d.kind() == DriftFinding.Kind.ADDITION).count();
        ctx.log("Inspected in " + inspection.elapsedMillis() + " ms: " + inspection.drift().size()
                + " schema difference(s) (" + additions + " additions, " + driftRisky + " risky), "
                + inspection.health().size() + " data health finding(s); starting fresh would "
                + (inspection.deleteImpact().safeToStartFresh() ? "lose nothing that matters" : "lose data"));
        inspection.drift().stream().filter(d -> d.kind() != DriftFinding.Kind.ARTEFACT)
                .forEach(d -> ctx.log("  drift " + d.kind() + ": " + d.detail()));
        inspection.health().forEach(h -> ctx.log("  health: " + h.count() + " row(s) " + h.problem() + " in "
                + h.object()));
        return inspection;
    }

    private static Map<String, Object> upgradeSqlNotNeeded(String head) {
        Map<String, Object> sql = new LinkedHashMap<>();
        sql.put("status", "NOT_NEEDED");
        sql.put("reason", "The schema is at " + head + " already: upgrade-db runs no SQL.");
        sql.put("sql", "");
        return sql;
    }

    /**
     * The SQL {@code upgrade-db} would run, from the hub's own JupyterHub: {@code python3 -m jupyterhub.dbutil
     * alembic upgrade <from>:head --sql} in the hub's working directory (dbutil reads jupyterhub_config.py there).
     * Best effort: when it cannot be had, the map says why; the plan never fails for it.
     */
    private Map<String, Object> upgradeSql(StepContext ctx, String from) {
        Hub hub = ctx.hub();
        Map<String, Object> sql = new LinkedHashMap<>();
        List<String> argv = List.of(python(hub), "-m", "jupyterhub.dbutil", "alembic", "upgrade", from + ":head",
                "--sql");
        sql.put("command", String.join(" ", argv));
        Path expectedConfig = hub.workDir().resolve("jupyterhub_config.py");
        if (!hub.configFile().toAbsolutePath().normalize().equals(expectedConfig.toAbsolutePath().normalize())) {
            sql.put("status", "UNAVAILABLE");
            sql.put("reason", "jupyterhub.dbutil reads jupyterhub_config.py in the working directory " + hub.workDir()
                    + ", but the hub's configuration is " + hub.configFile() + ": the preview would use another "
                    + "database URL.");
            sql.put("sql", "");
            return sql;
        }
        List<String> lines = new ArrayList<>();
        List<String> log = new ArrayList<>();
        CommandResult run;
        try {
            run = commands.run(new CommandSpec(argv, hub.workDir(), SQL_TIMEOUT.compareTo(hub.commandTimeout()) < 0
                    ? SQL_TIMEOUT : hub.commandTimeout(), Map.of()), line -> {
                        if (ALEMBIC_LOG.matcher(line).matches()) {
                            log.add(line);
                        } else if (lines.size() < MAX_SQL_LINES) {
                            lines.add(line);
                        }
                    });
        } catch (CommandException e) {
            sql.put("status", "UNAVAILABLE");
            sql.put("reason", e.getMessage());
            sql.put("sql", "");
            ctx.log("Upgrade SQL preview unavailable: " + e.getMessage());
            return sql;
        }
        if (!run.succeeded()) {
            String last = run.tail().isEmpty() ? "" : run.tail().get(run.tail().size() - 1);
            for (int i = run.tail().size() - 1; i >= 0; i--) {
                String line = run.tail().get(i).strip();
                if (PYTHON_ERROR.matcher(line).matches() && !line.startsWith("subprocess.CalledProcessError")) {
                    last = line;
                    break;
                }
            }
            sql.put("status", "UNAVAILABLE");
            sql.put("reason", "The preview command " + run.summary() + (last.isBlank() ? "" : ": " + last)
                    + " (alembic's offline mode cannot run every JupyterHub migration; upgrade-db itself may still "
                    + "work).");
            sql.put("sql", "");
            ctx.log("Upgrade SQL preview unavailable: " + sql.get("reason"));
            return sql;
        }
        sql.put("status", "OK");
        sql.put("reason", lines.size() >= MAX_SQL_LINES ? "Only the first " + MAX_SQL_LINES + " lines are shown."
                : "");
        sql.put("sql", String.join("\n", lines));
        ctx.log("Upgrade SQL preview: " + lines.size() + " line(s) from " + String.join(" ", argv));
        return sql;
    }

    /** The hub environment's Python: the one next to the upgrade-db command's program, else /usr/bin/python3. */
    private static String python(Hub hub) {
        String program = hub.commands().upgradeDb().get(0);
        if (program.contains("/")) {
            Path dir = hub.workDir().resolve(program).getParent();
            for (String name : List.of("python3", "python")) {
                Path candidate = dir == null ? null : dir.resolve(name);
                if (candidate != null && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return "/usr/bin/python3";
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
