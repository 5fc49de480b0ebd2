package dev.hubconsole.hubdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The report on one JupyterHub database: its revision, tables, drift from JupyterHub's schema, data health and what
 * deleting it would lose.
 *
 * <p>{@link #toMap()} is the stable JSON form ({@code inspect --json}), format {@value #FORMAT}:
 * <pre>
 * { "format": 1,
 *   "engine": "SQLITE" | "POSTGRESQL" | "MYSQL",
 *   "database": URL with the password masked,
 *   "revision": alembic revision, "releases": ["3.0", "3.1"] (empty between releases),
 *   "revisionMessage": one line,
 *   "latestRevision": newest revision the console knows,
 *   "tables": { table: row count, … } (sorted by name),
 *   "driftChecked": false when no schema is known for the revision (between releases),
 *   "drift": [ { "kind": "ARTEFACT" | "ADDITION" | "RISKY" | "BLOCKING", "object", "detail", "upgrade",
 *                "engineChange" } ],
 *   "health": [ { "problem": "FOREIGN_KEY" | "CASE_COLLISION" | "TOO_LONG" | "INVALID_JSON" | "NULL_IN_NOT_NULL"
 *                 | "INVALID_UTF8" | "DATETIME_FORMAT", "object", "count", "examples": [..≤5], "meaning",
 *                 "blocking" } ],
 *   "deleteImpact": { "safeToStartFresh", "reasons": [..], "configRead", "users": {total, notFromConfig,
 *                     examples}, "groups": {…}, "apiTokens": {total, byOwner: {user, service, none},
 *                     byExpiry: {expired, expiresLater, neverExpires}}, "servers": {running, named},
 *                     "spawnerStates": {nonEmpty, examples}, "oauthClients": {total, notRecreated, examples},
 *                     "roleAssignments": {byTable, customRoles} },
 *   "blocking": [ one line per blocking finding ],
 *   "notes": [ one line each ],
 *   "elapsedMillis": time the inspection took }
 * </pre>
 * Keys are only ever added, never renamed or removed, within a format number.
 *
 * @param engine          the engine
 * @param database        the database URL with the password masked
 * @param revision        the alembic revision
 * @param releases        the release lines whose head the revision is
 * @param revisionMessage the catalog's verdict in one line
 * @param latestRevision  the newest revision the console knows
 * @param tables          rows per table, sorted by name
 * @param driftChecked    whether a schema was known to compare with
 * @param drift           drift findings
 * @param health          data health findings
 * @param deleteImpact    what deleting the database would lose
 * @param notes           anything else worth a line
 * @param elapsedMillis   how long the inspection took
 */
public record Inspection(Engine engine, String database, String revision, List<String> releases,
        String revisionMessage, String latestRevision, Map<String, Long> tables, boolean driftChecked,
        List<DriftFinding> drift, List<HealthFinding> health, DeleteImpact deleteImpact, List<String> notes,
        long elapsedMillis) {

    /** The JSON format number. */
    public static final int FORMAT = 1;

    /** Checks the invariants and freezes the collections. */
    public Inspection {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(deleteImpact, "deleteImpact");
        releases = List.copyOf(releases);
        tables = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tables));
        drift = List.copyOf(drift);
        health = List.copyOf(health);
        notes = List.copyOf(notes);
    }

    /** One line per finding that must be resolved or acknowledged before an upgrade runs. */
    public List<String> blocking() {
        List<String> out = new ArrayList<>();
        drift.stream().filter(d -> d.kind() == DriftFinding.Kind.BLOCKING)
                .forEach(d -> out.add("drift: " + d.detail()));
        health.stream().filter(HealthFinding::blocking)
                .forEach(h -> out.add("health: " + h.count() + " rows with " + label(h.problem()) + " in "
                        + h.object()));
        return out;
    }

    /** The drift findings as JSON-ready maps. */
    public List<Map<String, Object>> driftMaps() {
        return drift.stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", d.kind().name());
            m.put("object", d.object());
            m.put("detail", d.detail());
            m.put("upgrade", d.upgrade());
            m.put("engineChange", d.engineChange());
            return m;
        }).toList();
    }

    /** The health findings as JSON-ready maps. */
    public List<Map<String, Object>> healthMaps() {
        return health.stream().map(h -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("problem", h.problem().name());
            m.put("object", h.object());
            m.put("count", h.count());
            m.put("examples", h.examples());
            m.put("meaning", h.meaning());
            m.put("blocking", h.blocking());
            return m;
        }).toList();
    }

    /** The stable JSON form described above. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("engine", engine.name());
        m.put("database", database);
        m.put("revision", revision);
        m.put("releases", releases);
        m.put("revisionMessage", revisionMessage);
        m.put("latestRevision", latestRevision);
        m.put("tables", tables);
        m.put("driftChecked", driftChecked);
        m.put("drift", driftMaps());
        m.put("health", healthMaps());
        m.put("deleteImpact", deleteImpact.toMap());
        m.put("blocking", blocking());
        m.put("notes", notes);
        m.put("elapsedMillis", elapsedMillis);
        return m;
    }

    /** The human-readable report. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("JupyterHub database ").append(database).append(" (").append(engine.label()).append(")\n");
        b.append(revisionMessage).append(" The newest revision the console knows is ").append(latestRevision)
                .append(".\n");
        b.append("\nTables (rows)\n");
        tables.forEach((t, n) -> b.append(String.format(Locale.ROOT, "  %-24s %,12d%n", t, n)));
        b.append("\nDrift from JupyterHub's schema at ").append(revision).append('\n');
        if (!driftChecked) {
            b.append("  not checked: no schema is known for this revision\n");
        } else if (drift.isEmpty()) {
            b.append("  none: the schema is exactly what JupyterHub creates\n");
        }
        for (DriftFinding d : drift) {
            b.append("  [").append(d.kind()).append("] ").append(d.detail()).append('\n')
                    .append("      upgrade: ").append(d.upgrade()).append('\n')
                    .append("      engine change: ").append(d.engineChange()).append('\n');
        }
        b.append("\nData health\n");
        if (health.isEmpty()) {
            b.append("  no problems found\n");
        }
        for (HealthFinding h : health) {
            b.append("  [").append(h.blocking() ? "BLOCKING" : "WARNING").append("] ").append(h.count())
                    .append(" rows with ").append(label(h.problem())).append(" in ").append(h.object()).append('\n')
                    .append("      ").append(h.meaning()).append('\n');
            h.examples().forEach(e -> b.append("      e.g. ").append(e).append('\n'));
        }
        DeleteImpact d = deleteImpact;
        b.append("\nWhat deleting the database would lose\n");
        b.append("  users: ").append(d.users()).append(" (").append(d.usersNotFromConfig())
                .append(" not from the configuration").append(examples(d.userExamples())).append(")\n");
        b.append("  groups: ").append(d.groups()).append(" (").append(d.groupsNotFromConfig())
                .append(" not from the configuration").append(examples(d.groupExamples())).append(")\n");
        b.append("  API tokens: ").append(d.apiTokens()).append(" by owner ").append(d.tokensByOwner())
                .append(", by expiry ").append(d.tokensByExpiry()).append('\n');
        b.append("  servers: ").append(d.runningServers()).append(" running, ").append(d.namedServers())
                .append(" named\n");
        b.append("  spawner state: ").append(d.spawnerStates()).append(" servers")
                .append(examples(d.spawnerStateExamples())).append('\n');
        b.append("  OAuth clients: ").append(d.oauthClients()).append(" (").append(d.oauthClientsNotRecreated())
                .append(" not recreated").append(examples(d.oauthClientExamples())).append(")\n");
        b.append("  role assignments: ").append(d.roleAssignments()).append(", ").append(d.customRoleAssignments())
                .append(" of custom roles\n");
        b.append(d.safeToStartFresh() ? "  Conclusion: safe to start fresh.\n"
                : "  Conclusion: NOT safe to start fresh.\n");
        d.reasons().forEach(r -> b.append("    - ").append(r).append('\n'));
        List<String> blocking = blocking();
        b.append('\n').append(blocking.isEmpty() ? "No blocking findings.\n" : blocking.size()
                + " blocking finding(s): resolve them (or acknowledge them in the console) before upgrading.\n");
        notes.forEach(n -> b.append("Note: ").append(n).append('\n'));
        b.append(String.format(Locale.ROOT, "Inspected in %.1f s.%n", elapsedMillis / 1000.0));
        return b.toString();
    }

    private static String examples(List<String> examples) {
        return examples.isEmpty() ? "" : ", e.g. " + String.join("; ", examples);
    }

    static String label(HealthFinding.Problem problem) {
        return switch (problem) {
            case FOREIGN_KEY -> "a broken foreign key";
            case CASE_COLLISION -> "a name that collides case-insensitively";
            case TOO_LONG -> "a value longer than the column";
            case INVALID_JSON -> "invalid JSON";
            case NULL_IN_NOT_NULL -> "NULL in a NOT NULL column";
            case INVALID_UTF8 -> "invalid UTF-8";
            case DATETIME_FORMAT -> "a datetime in an unexpected format";
        };
    }
}
