package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds, before anything is copied, the source rows the target would reject: orphans of the target's foreign keys
 * (SQLite does not enforce them, and upgraded SQLite databases miss some), values longer than the target's
 * VARCHAR(n) (SQLite does not enforce lengths), TEXT/BLOB values over MySQL's 65,535 bytes, integers outside
 * 32 bits, and on MySQL/MariaDB unique values that collide under the target database's collation (a case- and
 * trailing-space-insensitive approximation of {@code *_ci}/PAD SPACE collations; accent folding is left to the
 * load, which then fails with the server's message). All checks run as queries on the read-only source.
 */
final class CopyHealthCheck {

    /** At most this many findings per check are listed; the count of the rest is given. */
    static final int LIMIT = 200;

    private final Connection source;
    private final Engine sourceEngine;
    private final Engine targetEngine;
    private final String targetCollation;
    private final List<CopyFinding> findings = new ArrayList<>();

    CopyHealthCheck(Connection source, Engine sourceEngine, Engine targetEngine, String targetCollation) {
        this.source = source;
        this.sourceEngine = sourceEngine;
        this.targetEngine = targetEngine;
        this.targetCollation = targetCollation == null ? "" : targetCollation.toLowerCase(Locale.ROOT);
    }

    List<CopyFinding> check(List<CopyTable> tables) throws SQLException {
        Map<String, CopyTable> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        for (CopyTable t : tables) {
            values(t);
            for (ForeignKeyDef f : t.target().foreignKeys()) {
                orphans(t, f, byName.get(f.refTable()));
            }
            if (targetEngine == Engine.MYSQL) {
                collisions(t);
            }
        }
        return List.copyOf(findings);
    }

    private void values(CopyTable t) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<ColumnDef> columns = t.target().columns();
        for (int i = 0; i < columns.size(); i++) {
            String src = t.sourceColumns().get(i);
            if (src == null) {
                continue;
            }
            ColumnDef c = columns.get(i);
            String col = q(src);
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
        }
        if (conditions.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(keySelect(t));
        for (String cond : conditions) {
            sql.append(", CASE WHEN ").append(cond).append(" THEN 1 ELSE 0 END");
        }
        sql.append(" FROM ").append(q(t.name())).append(" WHERE ").append(String.join(" OR ", conditions));
        int keys = keyColumns(t).size();
        int count = 0;
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                String key = key(rs, t);
                for (int k = 0; k < conditions.size(); k++) {
                    if (rs.getInt(keys + 1 + k) == 1 && ++count <= LIMIT) {
                        CopyFinding.Kind kind = details.get(k).contains("32-bit") ? CopyFinding.Kind.OUT_OF_RANGE
                                : CopyFinding.Kind.TOO_LONG;
                        findings.add(new CopyFinding(kind, t.name(), key, details.get(k)));
                    }
                }
            }
        }
        more(t, count, "values too long or out of range");
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
        StringBuilder sql = new StringBuilder("SELECT ").append(keySelect(t, "c"));
        child.forEach(c -> sql.append(", c.").append(q(c)));
        sql.append(" FROM ").append(q(t.name())).append(" c WHERE ");
        child.forEach(c -> sql.append("c.").append(q(c)).append(" IS NOT NULL AND "));
        sql.append("NOT EXISTS (SELECT 1 FROM ").append(q(parent.name())).append(" p WHERE ");
        for (int k = 0; k < child.size(); k++) {
            sql.append(k == 0 ? "" : " AND ").append("p.").append(q(ref.get(k))).append(" = c.").append(q(child.get(k)));
        }
        sql.append(")");
        int count = 0;
        int keys = keyColumns(t).size();
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                if (++count <= LIMIT) {
                    List<String> values = new ArrayList<>();
                    for (int k = 0; k < child.size(); k++) {
                        values.add(f.columns().get(k) + "=" + CopyValues.shorten(rs.getString(keys + 1 + k)));
                    }
                    findings.add(new CopyFinding(CopyFinding.Kind.ORPHAN, t.name(), key(rs, t), String.join(", ",
                            values) + " has no row in " + f.refTable() + " " + f.refColumns()));
                }
            }
        }
        more(t, count, "orphans of " + f.columns());
    }

    private void collisions(CopyTable t) throws SQLException {
        boolean ci = !targetCollation.contains("_bin");
        boolean pad = !targetCollation.contains("nopad") && !targetCollation.contains("0900");
        if (!ci && !pad) {
            return;
        }
        List<IndexDef> uniques = new ArrayList<>(t.target().uniques());
        if (t.target().primaryKey() != null) {
            uniques.add(t.target().primaryKey());
        }
        t.target().indexes().stream().filter(IndexDef::unique).forEach(uniques::add);
        for (IndexDef u : uniques) {
            if (u.columns().size() != 1) {
                continue;
            }
            ColumnDef c = t.target().column(u.columns().get(0)).orElseThrow();
            String src = sourceColumn(t, c.name());
            if (src == null || !(c.type().equals("VARCHAR") || c.type().equals("TEXT"))) {
                continue;
            }
            String expr = q(src);
            if (pad) {
                expr = "rtrim(" + expr + ")";
            }
            if (ci) {
                expr = "lower(" + expr + ")";
            }
            String sql = "SELECT " + keySelect(t, "c") + ", c." + q(src) + " FROM " + q(t.name()) + " c WHERE " + expr
                    .replace(q(src), "c." + q(src)) + " IN (SELECT " + expr + " FROM " + q(t.name()) + " WHERE "
                    + q(src) + " IS NOT NULL GROUP BY " + expr + " HAVING COUNT(*) > 1) ORDER BY " + expr
                    .replace(q(src), "c." + q(src));
            int count = 0;
            int keys = keyColumns(t).size();
            try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    if (++count <= LIMIT) {
                        findings.add(new CopyFinding(CopyFinding.Kind.COLLISION, t.name(), key(rs, t), c.name() + " '"
                                + CopyValues.shorten(rs.getString(keys + 1)) + "' equals another row's under the "
                                + "target collation " + targetCollation + " (unique " + u.columns() + ")"));
                    }
                }
            }
            more(t, count, "collisions on " + c.name());
        }
    }

    private void more(CopyTable t, int count, String what) {
        if (count > LIMIT) {
            findings.add(new CopyFinding(CopyFinding.Kind.SCHEMA, t.name(), null, (count - LIMIT) + " more " + what
                    + " not listed"));
        }
    }

    private List<String> keyColumns(CopyTable t) {
        List<String> out = new ArrayList<>();
        if (t.target().primaryKey() != null) {
            for (String c : t.target().primaryKey().columns()) {
                String src = sourceColumn(t, c);
                if (src != null) {
                    out.add(src);
                }
            }
        }
        if (out.isEmpty()) {
            out.add(t.sourceColumns().stream().filter(c -> c != null).findFirst().orElseThrow());
        }
        return out;
    }

    private String keySelect(CopyTable t) {
        return String.join(", ", keyColumns(t).stream().map(this::q).toList());
    }

    private String keySelect(CopyTable t, String alias) {
        return String.join(", ", keyColumns(t).stream().map(c -> alias + "." + q(c)).toList());
    }

    private String key(ResultSet rs, CopyTable t) throws SQLException {
        List<String> cols = keyColumns(t);
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < cols.size(); k++) {
            parts.add(cols.get(k) + "=" + CopyValues.shorten(rs.getString(k + 1)));
        }
        return String.join(", ", parts);
    }

    private static String sourceColumn(CopyTable t, String targetColumn) {
        List<ColumnDef> columns = t.target().columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(targetColumn)) {
                return t.sourceColumns().get(i);
            }
        }
        return null;
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
