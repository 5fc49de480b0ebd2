package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, before anything is copied, the source rows the target would reject: orphans of the target's foreign keys
 * (SQLite does not enforce them, and upgraded SQLite databases miss some), values longer than the target's
 * VARCHAR(n) (SQLite does not enforce lengths), TEXT/BLOB values over MySQL's 65,535 bytes, integers outside
 * 32 bits, and unique values that would be equal on the target. The latter are asked of the target server itself
 * ({@link CopyUniqueCheck}): on MySQL/MariaDB always, as its collation decides (case, accents, trailing spaces);
 * on the other engines only for columns where the copy cuts values, as cut values may meet. All other checks run
 * as queries on the read-only source. Each violating row is also reported to {@link CopyViolations}, which decides
 * what happens to it when the copy handles violations; the findings list at most {@link #LIMIT} rows per check.
 */
final class CopyHealthCheck {

    /** At most this many findings per check are listed; the count of the rest is given. */
    static final int LIMIT = 200;

    private final Connection source;
    private final Engine sourceEngine;
    private final Engine targetEngine;
    private final String targetCollation;
    private final boolean wholeSeconds;
    private final CopyViolations violations;
    private final CopyUniqueCheck unique;
    private final List<CopyFinding> findings = new ArrayList<>();

    CopyHealthCheck(Connection source, Engine sourceEngine, String targetCollation, CopyViolations violations,
            CopyUniqueCheck unique) {
        this.source = source;
        this.sourceEngine = sourceEngine;
        this.targetEngine = unique.engine();
        this.targetCollation = targetCollation;
        this.wholeSeconds = targetEngine == Engine.MYSQL;
        this.violations = violations;
        this.unique = unique;
    }

    List<CopyFinding> check(List<CopyTable> tables) throws SQLException {
        Map<String, CopyTable> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        for (CopyTable t : tables) {
            values(t);
            for (ForeignKeyDef f : t.target().foreignKeys()) {
                orphans(t, f, byName.get(f.refTable()));
            }
        }
        violations.followForeignKeys(source, sourceEngine, wholeSeconds);
        for (CopyTable t : tables) {
            collisions(t);
        }
        violations.followForeignKeys(source, sourceEngine, wholeSeconds);
        return List.copyOf(findings);
    }

    private void values(CopyTable t) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<ColumnDef> columns = t.target().columns();
        for (int i = 0; i < columns.size(); i++) {
            String src = t.sourceColumns().get(i);
            if (src == null) {
                continue;
            }
            ColumnDef c = columns.get(i);
            String col = q(src);
            int before = conditions.size();
            switch (c.type()) {
                case "VARCHAR" -> {
                    conditions.add(charLength(col) + " > " + c.length());
                    details.add(c.name() + " is longer than VARCHAR(" + c.length() + ")");
                }
                case "TEXT", "BLOB" -> {
                    if (targetEngine == Engine.MYSQL) {
                        conditions.add(byteLength(col) + " > 65535");
                        details.add(c.name() + " is over 65,535 bytes (MySQL " + c.type() + ")");
                    }
                }
                case "INTEGER" -> {
                    if (sourceEngine == Engine.SQLITE && targetEngine != Engine.SQLITE) {
                        conditions.add("(" + col + " > 2147483647 OR " + col + " < -2147483648)");
                        details.add(c.name() + " does not fit a 32-bit INTEGER");
                    }
                }
                default -> {
                }
            }
            if (conditions.size() > before) {
                positions.add(i);
            }
        }
        if (conditions.isEmpty()) {
            return;
        }
        int[] keys = violations.keyPositions(t);
        StringBuilder sql = new StringBuilder("SELECT ").append(RowKey.sourceColumns(t, keys, sourceEngine, null));
        for (String cond : conditions) {
            sql.append(", CASE WHEN ").append(cond).append(" THEN 1 ELSE 0 END");
        }
        sql.append(" FROM ").append(q(t.name())).append(" WHERE ").append(String.join(" OR ", conditions));
        int count = 0;
        try (Statement s = fetching(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                Object[] row = RowKey.read(rs, 1, t, keys, sourceEngine, wholeSeconds);
                RowKey key = RowKey.of(row, keys);
                for (int k = 0; k < conditions.size(); k++) {
                    if (rs.getInt(keys.length + 1 + k) != 1) {
                        continue;
                    }
                    ColumnDef c = columns.get(positions.get(k));
                    boolean range = c.type().equals("INTEGER");
                    if (++count <= LIMIT) {
                        findings.add(new CopyFinding(range ? CopyFinding.Kind.OUT_OF_RANGE : CopyFinding.Kind.TOO_LONG,
                                t.name(), t.describeKey(row), details.get(k)));
                    }
                    if (range) {
                        violations.skip(t, key, details.get(k));
                    } else {
                        violations.tooLong(t, key, positions.get(k), c.type().equals("VARCHAR") ? c.length() : 0,
                                details.get(k));
                    }
                }
            }
        }
        more(t, count, CopyFinding.Kind.TOO_LONG, "values too long or out of range");
    }

    private void orphans(CopyTable t, ForeignKeyDef f, CopyTable parent) throws SQLException {
        if (parent == null) {
            return;
        }
        List<String> child = new ArrayList<>();
        List<String> ref = new ArrayList<>();
        for (int k = 0; k < f.columns().size(); k++) {
            String c = sourceColumn(t, f.columns().get(k));
            String r = sourceColumn(parent, f.refColumns().get(k));
            if (c == null || r == null) {
                return;
            }
            child.add(c);
            ref.add(r);
        }
        int[] keys = violations.keyPositions(t);
        StringBuilder sql = new StringBuilder("SELECT ").append(RowKey.sourceColumns(t, keys, sourceEngine, "c"));
        child.forEach(c -> sql.append(", c.").append(q(c)));
        sql.append(" FROM ").append(q(t.name())).append(" c WHERE ");
        child.forEach(c -> sql.append("c.").append(q(c)).append(" IS NOT NULL AND "));
        sql.append("NOT EXISTS (SELECT 1 FROM ").append(q(parent.name())).append(" p WHERE ");
        for (int k = 0; k < child.size(); k++) {
            sql.append(k == 0 ? "" : " AND ").append("p.").append(q(ref.get(k))).append(" = c.").append(q(child.get(k)));
        }
        sql.append(")");
        int count = 0;
        try (Statement s = fetching(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                Object[] row = RowKey.read(rs, 1, t, keys, sourceEngine, wholeSeconds);
                List<Object> values = new ArrayList<>();
                for (int k = 0; k < child.size(); k++) {
                    values.add(rs.getString(keys.length + 1 + k));
                }
                String detail = CopyViolations.describe(f.columns(), values) + " has no row in " + f.refTable() + " "
                        + f.refColumns();
                if (++count <= LIMIT) {
                    findings.add(new CopyFinding(CopyFinding.Kind.ORPHAN, t.name(), t.describeKey(row), detail));
                }
                violations.orphan(t, RowKey.of(row, keys), f, detail);
            }
        }
        more(t, count, CopyFinding.Kind.ORPHAN, "orphans of " + f.columns());
    }

    private void collisions(CopyTable t) throws SQLException {
        List<IndexDef> uniques = new ArrayList<>(t.target().uniques());
        if (t.target().primaryKey() != null) {
            uniques.add(t.target().primaryKey());
        }
        t.target().indexes().stream().filter(IndexDef::unique).forEach(uniques::add);
        int[] keys = violations.keyPositions(t);
        for (IndexDef u : uniques) {
            int column = u.columns().size() == 1 ? RowKey.position(t, u.columns().get(0)) : -1;
            if (column < 0 || t.sourceColumns().get(column) == null
                    || !t.target().columns().get(column).type().equals("VARCHAR")
                    || targetEngine != Engine.MYSQL && !violations.truncates(t, column)) {
                continue;
            }
            ColumnDef c = t.target().columns().get(column);
            String where = targetEngine == Engine.MYSQL ? "under the target collation " + targetCollation
                    : "on the target once cut to VARCHAR(" + c.length() + ")";
            int[] count = {0};
            String[] kept = {null};
            unique.collisions(source, sourceEngine, t, column, keys, wholeSeconds, violations.filter(t),
                    (key, value, keep) -> {
                        String keyText = t.describeKey(key.sparseRow(t, keys));
                        String shown = c.name() + " '" + CopyValues.shorten(value) + "'";
                        if (++count[0] <= LIMIT) {
                            findings.add(new CopyFinding(CopyFinding.Kind.COLLISION, t.name(), keyText, shown
                                    + " equals another row's " + where + " (unique " + u.columns() + ")"));
                        }
                        if (keep) {
                            kept[0] = keyText;
                        } else {
                            violations.skip(t, key, shown + " equals that of [" + kept[0] + "], which is kept, "
                                    + where);
                        }
                    });
            more(t, count[0], CopyFinding.Kind.COLLISION, "collisions on " + c.name());
        }
    }

    private void more(CopyTable t, int count, CopyFinding.Kind kind, String what) {
        if (count > LIMIT) {
            findings.add(new CopyFinding(kind, t.name(), null, (count - LIMIT) + " more " + what + " not listed"));
        }
    }

    /** A statement that streams its result (violations may be many). */
    private Statement fetching() throws SQLException {
        Statement s = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        s.setFetchSize(1000);
        return s;
    }

    private static String sourceColumn(CopyTable t, String targetColumn) {
        int at = RowKey.position(t, targetColumn);
        return at < 0 ? null : t.sourceColumns().get(at);
    }

    private String charLength(String col) {
        return sourceEngine == Engine.SQLITE ? "length(" + col + ")" : "char_length(" + col + ")";
    }

    private String byteLength(String col) {
        return switch (sourceEngine) {
            case SQLITE -> "length(CAST(" + col + " AS BLOB))";
            case POSTGRESQL -> "octet_length(" + col + ")";
            case MYSQL -> "length(" + col + ")";
        };
    }

    private String q(String identifier) {
        return CopyDdl.quote(sourceEngine, identifier);
    }
}
