package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.HealthFinding.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks for data that would break an upgrade or an engine change, with SQL aggregates: one scan per table counts
 * every problem at once (foreign keys, lengths, NULLs, JSON, datetimes, non-ASCII text), then a bounded query per
 * problem found fetches at most {@value HealthFinding#MAX_EXAMPLES} examples. Only the rows that need Java's eyes
 * are streamed (SQLite text with non-ASCII bytes for UTF-8 validity; PostgreSQL JSON columns, as PostgreSQL 15 has
 * no JSON validity test), never a whole table into memory. The table definitions JupyterHub declares at the
 * revision are the reference; without them (a revision between releases) the live definitions are.
 */
final class HealthScanner {

    /** Columns people or other systems fill with free text, where SQLite may have been given other encodings. */
    private static final Set<String> FREE_TEXT = Set.of("name", "description", "display_name");
    private static final String NON_ASCII_GLOB = "*[^\u0001-\u007f]*";
    /** Most non-ASCII names folded per table. */
    static final int MAX_FOLDED = 100_000;
    private static final Set<String> NAMED_TABLES = Set.of("users", "groups", "roles", "services");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Connection c;
    private final Engine engine;
    private final Map<String, TableDef> live;
    private final Map<String, TableDef> reference;
    private final List<HealthFinding> findings = new ArrayList<>();
    private final Map<String, Long> rowCounts = new LinkedHashMap<>();

    /** A check inside a table's one scan. */
    private record Check(Problem problem, String object, String predicate, String exampleColumns, String meaning,
            boolean blocking) {
    }

    HealthScanner(Connection c, Engine engine, Optional<ExpectedSchema> expected, List<TableDef> liveTables) {
        this.c = c;
        this.engine = engine;
        this.live = new LinkedHashMap<>();
        liveTables.forEach(t -> live.put(t.name(), t));
        this.reference = new LinkedHashMap<>();
        liveTables.forEach(t -> reference.put(t.name(),
                expected.flatMap(e -> e.table(t.name())).orElse(expected.isPresent() ? null : t)));
    }

    /** The findings, in table order. */
    List<HealthFinding> findings() {
        return List.copyOf(findings);
    }

    /** Rows per table, counted during the scan. */
    Map<String, Long> rowCounts() {
        return rowCounts;
    }

    /** Scans every table over this scanner's connection, in name order. */
    void scan() throws SQLException {
        for (String table : live.keySet()) {
            scan(table);
        }
    }

    /** Scans one table (the scanner's findings and counts grow by that table's). */
    void scan(String tableName) throws SQLException {
        TableDef table = live.get(tableName);
        TableDef ref = reference.get(table.name());
        List<Check> checks = ref == null ? List.of() : checks(table, ref);
        List<String> nonAscii = new ArrayList<>();
        scanTable(table, checks, nonAscii);
        if (ref != null) {
            for (String column : nonAscii) {
                invalidUtf8(table, column);
            }
            if (engine == Engine.POSTGRESQL) {
                invalidJsonStreamed(table, ref);
            }
            if (NAMED_TABLES.contains(table.name()) && table.column("name").isPresent()) {
                caseCollisions(table);
                if (engine == Engine.POSTGRESQL || nonAscii.contains("name")) {
                    accentCollisions(table);
                }
            }
        }
    }

    private List<Check> checks(TableDef table, TableDef ref) {
        List<Check> checks = new ArrayList<>();
        String t = table.name();
        for (ColumnDef r : ref.columns()) {
            Optional<ColumnDef> l = table.column(r.name());
            if (l.isEmpty()) {
                continue;
            }
            ColumnDef lc = l.get();
            String col = q(r.name());
            String object = t + "." + r.name();
            if (!r.nullable() && !r.autoIncrement() && lc.nullable()) {
                checks.add(new Check(Problem.NULL_IN_NOT_NULL, object, col + " IS NULL", null,
                        "JupyterHub declares " + object + " NOT NULL: the hub fails on these rows and the target "
                                + "refuses them; fill in values or delete the rows.", true));
            }
            if ("VARCHAR".equals(r.type()) && r.length() != null && (engine == Engine.SQLITE
                    || !"VARCHAR".equals(lc.type()) || lc.length() == null || lc.length() > r.length())) {
                checks.add(new Check(Problem.TOO_LONG, object, length(col) + " > " + r.length(),
                        length(col), "Longer than JupyterHub's VARCHAR(" + r.length() + "): PostgreSQL and MySQL "
                                + "refuse these values in an engine change; shorten them first.", false));
            }
            if ("TEXT".equals(r.type()) && engine != Engine.POSTGRESQL) {
                String invalid = engine == Engine.SQLITE ? "json_valid(" + col + ") = 0" : "JSON_VALID(" + col + ") = 0";
                checks.add(new Check(Problem.INVALID_JSON, object, col + " IS NOT NULL AND " + invalid,
                        length(col), "JupyterHub reads " + object + " as JSON: the hub fails (JSONDecodeError) on "
                                + "these rows; repair or clear them.", true));
            }
            if (engine == Engine.SQLITE && FREE_TEXT.contains(r.name())
                    && ("VARCHAR".equals(r.type()) || "TEXT".equals(r.type()))) {
                checks.add(new Check(Problem.INVALID_UTF8, object, "typeof(" + col + ") = 'text' AND " + col
                        + " GLOB '" + NON_ASCII_GLOB + "'", null, "", true));
            }
            if ("DATETIME".equals(r.type()) && engine == Engine.SQLITE) {
                checks.add(new Check(Problem.DATETIME_FORMAT, object, col + " IS NOT NULL AND NOT (" + col
                        + " GLOB '????-??-?? ??:??:??.??????' OR " + col + " GLOB '????-??-?? ??:??:??')", col,
                        "SQLAlchemy reads SQLite datetimes as 'YYYY-MM-DD HH:MM:SS[.ffffff]': the hub fails on these "
                                + "and an engine change cannot convert them; rewrite them in that form (UTC).", true));
            }
        }
        for (ForeignKeyDef fk : ref.foreignKeys()) {
            if (fk.columns().size() != 1 || !live.containsKey(fk.refTable())
                    || table.column(fk.columns().get(0)).isEmpty()
                    || live.get(fk.refTable()).column(fk.refColumns().get(0)).isEmpty()) {
                continue;
            }
            boolean enforced = engine != Engine.SQLITE && table.foreignKeys().stream()
                    .anyMatch(f -> f.columns().equals(fk.columns()) && f.refTable().equals(fk.refTable()));
            if (enforced) {
                continue;
            }
            String col = q(fk.columns().get(0));
            String refColumn = q(fk.refColumns().get(0));
            // SQLite answers NOT IN from the parent's index fastest; the servers plan NOT EXISTS as an anti-join
            String missing = engine == Engine.SQLITE
                    ? col + " NOT IN (SELECT " + refColumn + " FROM " + q(fk.refTable()) + " WHERE " + refColumn
                            + " IS NOT NULL)"
                    : "NOT EXISTS (SELECT 1 FROM " + q(fk.refTable()) + " p WHERE p." + refColumn + " = " + q(t) + "."
                            + col
                            + ")";
            checks.add(new Check(Problem.FOREIGN_KEY, t + "." + fk.columns().get(0) + " -> " + fk.refTable() + "."
                    + fk.refColumns().get(0), col + " IS NOT NULL AND " + missing, col,
                    "These rows point at " + fk.refTable() + " rows that do not exist: a target that enforces foreign "
                            + "keys refuses them, and JupyterHub (ON DELETE " + fk.onDelete() + ") would have removed "
                            + "them; delete them or repair the reference.", false));
        }
        return checks;
    }

    private void scanTable(TableDef table, List<Check> checks, List<String> nonAscii) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*)");
        for (Check check : checks) {
            sql.append(", SUM(CASE WHEN ").append(check.predicate()).append(" THEN 1 ELSE 0 END)");
        }
        sql.append(" FROM ").append(q(table.name()));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            rowCounts.put(table.name(), rs.getLong(1));
            for (int k = 0; k < checks.size(); k++) {
                long count = rs.getLong(k + 2);
                Check check = checks.get(k);
                if (count > 0 && check.problem() == Problem.INVALID_UTF8) {
                    nonAscii.add(check.object().substring(check.object().indexOf('.') + 1));
                } else if (count > 0) {
                    findings.add(new HealthFinding(check.problem(), check.object(), count,
                            examples(table, check.predicate(), check.exampleColumns()), check.meaning(),
                            check.blocking()));
                }
            }
        }
    }

    private List<String> examples(TableDef table, String predicate, String valueExpression) throws SQLException {
        List<String> key = key(table);
        String sql = "SELECT " + String.join(", ", key.stream().map(this::q).toList())
                + (valueExpression == null ? "" : ", " + valueExpression) + " FROM " + q(table.name()) + " WHERE "
                + predicate + " ORDER BY " + String.join(", ", key.stream().map(this::q).toList()) + " " + limit();
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder e = new StringBuilder();
                for (int k = 0; k < key.size(); k++) {
                    e.append(k == 0 ? "" : ", ").append(key.get(k)).append('=').append(rs.getString(k + 1));
                }
                if (valueExpression != null) {
                    e.append(": ").append(shorten(rs.getString(key.size() + 1)));
                }
                out.add(e.toString());
            }
        }
        return out;
    }

    /** SQLite keeps whatever bytes it is given; non-ASCII rows are found in SQL, then decoded strictly here. */
    private void invalidUtf8(TableDef table, String column) throws SQLException {
        List<String> key = key(table);
        String col = q(column);
        String sql = "SELECT " + String.join(", ", key.stream().map(this::q).toList()) + ", CAST(" + col
                + " AS BLOB) FROM " + q(table.name()) + " WHERE typeof(" + col + ") = 'text' AND " + col
                + " GLOB '" + NON_ASCII_GLOB + "'";
        long count = 0;
        List<String> examples = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                byte[] bytes = rs.getBytes(key.size() + 1);
                if (bytes != null && !validUtf8(bytes)) {
                    count++;
                    if (examples.size() < HealthFinding.MAX_EXAMPLES) {
                        StringBuilder e = new StringBuilder();
                        for (int k = 0; k < key.size(); k++) {
                            e.append(k == 0 ? "" : ", ").append(key.get(k)).append('=').append(rs.getString(k + 1));
                        }
                        examples.add(e + " (" + bytes.length + " bytes)");
                    }
                }
            }
        }
        if (count > 0) {
            findings.add(new HealthFinding(Problem.INVALID_UTF8, table.name() + "." + column, count, examples,
                    "Not valid UTF-8: Python cannot decode it (the hub fails on the row) and PostgreSQL/MySQL "
                            + "refuse it; rewrite the values as UTF-8.", true));
        }
    }

    /** PostgreSQL 15 has no JSON validity test in SQL: stream the non-empty values and parse them here. */
    private void invalidJsonStreamed(TableDef table, TableDef ref) throws SQLException {
        List<String> key = key(table);
        for (ColumnDef r : ref.columns()) {
            if (!"TEXT".equals(r.type()) || table.column(r.name()).isEmpty()) {
                continue;
            }
            String col = q(r.name());
            String sql = "SELECT " + String.join(", ", key.stream().map(this::q).toList()) + ", " + col + " FROM "
                    + q(table.name()) + " WHERE " + col + " IS NOT NULL";
            long count = 0;
            List<String> examples = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.setFetchSize(1000);
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        String value = rs.getString(key.size() + 1);
                        if (!validJson(value)) {
                            count++;
                            if (examples.size() < HealthFinding.MAX_EXAMPLES) {
                                examples.add(key.get(0) + "=" + rs.getString(1) + ": " + value.length() + " chars");
                            }
                        }
                    }
                }
            }
            if (count > 0) {
                findings.add(new HealthFinding(Problem.INVALID_JSON, table.name() + "." + r.name(), count, examples,
                        "JupyterHub reads " + table.name() + "." + r.name() + " as JSON: the hub fails "
                                + "(JSONDecodeError) on these rows; repair or clear them.", true));
            }
        }
    }

    private void caseCollisions(TableDef table) throws SQLException {
        String folded = "LOWER(RTRIM(" + q("name") + "))";
        // every collision has a member whose name differs from its folded form: only those folds are grouped
        String sql = "SELECT " + folded + ", COUNT(*) FROM " + q(table.name()) + " WHERE " + folded + " IN (SELECT "
                + folded + " FROM " + q(table.name()) + " WHERE " + q("name") + " <> " + folded + ") GROUP BY "
                + folded + " HAVING COUNT(*) > 1";
        long rows = 0;
        List<String> keys = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows += rs.getLong(2);
                if (keys.size() < HealthFinding.MAX_EXAMPLES) {
                    keys.add(rs.getString(1));
                }
            }
        }
        if (rows == 0) {
            return;
        }
        List<String> examples = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + q("name") + " FROM " + q(table.name())
                + " WHERE " + folded + " = ? ORDER BY " + String.join(", ", key(table).stream().map(this::q).toList()) + " "
                + limit())) {
            for (String k : keys) {
                ps.setString(1, k);
                List<String> names = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add("'" + shorten(rs.getString(1)) + "'");
                    }
                }
                examples.add(String.join(" = ", names));
            }
        }
        findings.add(new HealthFinding(Problem.CASE_COLLISION, table.name() + ".name", rows, examples,
                "Equal when compared case-insensitively (trailing spaces ignored): MySQL/MariaDB's default collations "
                        + "refuse them on the unique name index, so an engine change to MySQL fails; rename them "
                        + "first (or use a utf8mb4_nopad_bin / utf8mb4_0900_bin collation).", false));
    }

    /**
     * Names that MySQL's accent-insensitive {@code *_ci} collations take as equal (zoë/zoe, straße/strasse): only the
     * few names with non-ASCII characters are streamed and folded here; a folded name is looked up by the unique
     * name index, and folded names are compared among themselves (at most {@value #MAX_FOLDED} of them).
     */
    private void accentCollisions(TableDef table) throws SQLException {
        String name = q("name");
        String nonAscii = engine == Engine.SQLITE ? "typeof(" + name + ") = 'text' AND " + name + " GLOB '"
                + NON_ASCII_GLOB + "'" : name + " ~ '[^\\x01-\\x7f]'";
        Map<String, List<String>> byFold = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery("SELECT " + name + " FROM " + q(table.name()) + " WHERE " + nonAscii)) {
                while (rs.next() && byFold.size() < MAX_FOLDED) {
                    String n = rs.getString(1);
                    byFold.computeIfAbsent(fold(n), k -> new ArrayList<>()).add(n);
                }
            }
        }
        long rows = 0;
        List<String> examples = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + name + " FROM " + q(table.name()) + " WHERE "
                + name + " = ?")) {
            for (Map.Entry<String, List<String>> e : byFold.entrySet()) {
                List<String> names = new ArrayList<>(e.getValue());
                if (!names.contains(e.getKey())) {
                    ps.setString(1, e.getKey());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            names.add(0, rs.getString(1));
                        }
                    }
                }
                if (names.size() > 1) {
                    rows += names.size();
                    if (examples.size() < HealthFinding.MAX_EXAMPLES) {
                        examples.add(String.join(" = ", names.stream().map(n -> "'" + shorten(n) + "'").toList()));
                    }
                }
            }
        }
        if (rows > 0) {
            findings.add(new HealthFinding(Problem.CASE_COLLISION, table.name() + ".name (accents)", rows, examples,
                    "Equal under MySQL/MariaDB's accent-insensitive *_ci collations (e.g. utf8mb4_unicode_ci): the "
                            + "unique name index refuses them in an engine change to MySQL; rename them first (or use "
                            + "a utf8mb4_nopad_bin / utf8mb4_0900_bin collation).", false));
        }
    }

    /** Lower case, accents removed, ß as ss, trailing spaces removed: roughly how utf8mb4_unicode_ci compares. */
    static String fold(String name) {
        String decomposed = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "");
        return decomposed.toLowerCase(java.util.Locale.ROOT).replace("ß", "ss").stripTrailing();
    }

    private List<String> key(TableDef table) {
        if (table.primaryKey() != null) {
            return table.primaryKey().columns();
        }
        return List.of(table.columns().get(0).name());
    }

    private String length(String col) {
        return (engine == Engine.SQLITE ? "LENGTH(" : "CHAR_LENGTH(") + col + ")";
    }

    private String limit() {
        return "LIMIT " + HealthFinding.MAX_EXAMPLES;
    }

    private String q(String identifier) {
        return engine == Engine.MYSQL ? "`" + identifier.replace("`", "``") + "`"
                : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static boolean validUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static boolean validJson(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String shorten(String value) {
        if (value == null) {
            return "NULL";
        }
        String oneLine = value.replaceAll("[\\r\\n\\t]", " ");
        return oneLine.length() > 60 ? oneLine.substring(0, 57) + "…" : oneLine;
    }
}
