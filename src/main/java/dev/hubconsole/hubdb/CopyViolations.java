package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The source rows a copy leaves out or changes because the target would reject them as they are
 * ({@link CopyOptions.OnViolation}). The health check reports each violating row here; this class decides what
 * happens to it (skip, cut a value to its column's length, set a foreign key column to NULL), follows the foreign
 * keys so that no row is left pointing at a skipped one (ON DELETE CASCADE: skipped too, transitively; ON DELETE
 * SET NULL: the column gets NULL), and gives each table a source filter that applies exactly these decisions while
 * its rows stream past, for the copy and for the verification alike. The source is never written.
 *
 * <p>With {@link CopyOptions.OnViolation#STOP} nothing is recorded. Memory is one small entry per handled row, at
 * most {@link #MAX_HANDLED}; beyond that rows are only counted and the copy refuses ({@link #overflow()}).
 */
final class CopyViolations {

    /** The most rows a copy skips or changes; a source needing more is to be repaired, not copied around. */
    static final int MAX_HANDLED = 100_000;

    private final CopyOptions.OnViolation mode;
    private final int cap;
    private final Map<String, CopyTable> tables = new LinkedHashMap<>();
    private final Map<String, int[]> keys = new HashMap<>();
    private final Map<String, Map<RowKey, RowFix>> fixes = new HashMap<>();
    private final Map<String, Integer> skipped = new HashMap<>();
    private final Set<String> referenced = new HashSet<>();
    private int held;
    private long handledRows;

    /** What happens to one row: skipped (with the reason), or changed column by column. */
    private static final class RowFix {
        private String skipReason;
        private final List<Change> changes = new ArrayList<>(1);
    }

    /** One changed column: cut to {@code truncateTo} characters, or set to NULL when that is negative. */
    private record Change(int column, int truncateTo, String reason) {
    }

    CopyViolations(CopyOptions.OnViolation mode, List<CopyTable> plan) {
        this(mode, plan, MAX_HANDLED);
    }

    CopyViolations(CopyOptions.OnViolation mode, List<CopyTable> plan, int cap) {
        this.mode = mode;
        this.cap = cap;
        for (CopyTable t : plan) {
            tables.put(t.name(), t);
            keys.put(t.name(), RowKey.positions(t));
            t.target().foreignKeys().forEach(f -> f.refColumns().forEach(c -> referenced.add(f.refTable() + "." + c)));
        }
    }

    /** Whether violating rows are handled (rather than stopping the copy). */
    boolean handling() {
        return mode != CopyOptions.OnViolation.STOP;
    }

    /** Whether more rows would be handled than {@link #MAX_HANDLED} (then not all of them are recorded). */
    boolean overflow() {
        return handledRows > cap;
    }

    /** The rows that would be skipped or changed, counted even beyond the cap. */
    long handledRows() {
        return handledRows;
    }

    /** The key positions of a table of the plan. */
    int[] keyPositions(CopyTable t) {
        return keys.get(t.name());
    }

    /**
     * A value the target column cannot hold: cut to {@code length} characters when truncating and the column may be
     * changed ({@code length} &gt; 0: a VARCHAR outside every key), otherwise the row is skipped.
     */
    void tooLong(CopyTable t, RowKey key, int column, int length, String why) {
        if (mode == CopyOptions.OnViolation.TRUNCATE && length > 0 && changeable(t, column)) {
            change(t, key, new Change(column, length, why + ": cut to " + length + " characters"));
        } else {
            skip(t, key, why);
        }
    }

    /**
     * A foreign key value without its parent row: the row gets NULL there when the key says ON DELETE SET NULL and
     * the columns may be NULL, otherwise it is skipped (what ON DELETE CASCADE would have done).
     */
    void orphan(CopyTable t, RowKey key, ForeignKeyDef f, String why) {
        int[] columns = setNullColumns(t, f);
        if (columns == null) {
            skip(t, key, why + " (ON DELETE " + f.onDelete() + ")");
            return;
        }
        for (int c : columns) {
            change(t, key, new Change(c, -1, why + " (ON DELETE SET NULL)"));
        }
    }

    /** Leaves the row out. */
    void skip(CopyTable t, RowKey key, String why) {
        RowFix fix = fix(t, key);
        if (fix != null && fix.skipReason == null) {
            fix.skipReason = why;
            skipped.merge(t.name(), 1, Integer::sum);
        }
    }

    /** Whether the row is left out. */
    boolean skipped(CopyTable t, RowKey key) {
        Map<RowKey, RowFix> m = fixes.get(t.name());
        RowFix fix = m == null ? null : m.get(key);
        return fix != null && fix.skipReason != null;
    }

    /** Whether some value of this column is cut. */
    boolean truncates(CopyTable t, int column) {
        Map<RowKey, RowFix> m = fixes.get(t.name());
        return m != null && m.values().stream().anyMatch(f -> f.changes.stream().anyMatch(c -> c.column() == column
                && c.truncateTo() >= 0));
    }

    /**
     * The filter applying this table's decisions to rows of its width (read in full or only partly, keys always
     * included): the row as it goes to the target, or {@code null} when it is left out. {@code null} when the table
     * has nothing to handle.
     */
    UnaryOperator<Object[]> filter(CopyTable t) {
        Map<RowKey, RowFix> m = fixes.get(t.name());
        if (m == null || m.isEmpty()) {
            return null;
        }
        int[] positions = keyPositions(t);
        return row -> {
            RowFix fix = m.get(RowKey.of(row, positions));
            if (fix == null) {
                return row;
            }
            if (fix.skipReason != null) {
                return null;
            }
            for (Change c : fix.changes) {
                row[c.column()] = c.truncateTo() < 0 ? null : truncate((String) row[c.column()], c.truncateTo());
            }
            return row;
        };
    }

    /** The plan's tables, each with its filter. */
    List<CopyTable> filtered(List<CopyTable> plan) {
        return plan.stream().map(t -> {
            UnaryOperator<Object[]> f = filter(t);
            return f == null ? t : t.withSourceFilter(f);
        }).toList();
    }

    /** The first {@code length} characters (code points, as the engines count VARCHAR lengths). */
    static String truncate(String s, int length) {
        if (s == null || s.codePointCount(0, s.length()) <= length) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, length));
    }

    /**
     * Follows the foreign keys until nothing changes: a row referring to a skipped row is skipped too, or gets NULL
     * in the referring columns when its key says ON DELETE SET NULL. Streams only the tables that refer to a table
     * with skipped rows.
     */
    void followForeignKeys(Connection source, Engine engine, boolean wholeSeconds) throws SQLException {
        if (!handling()) {
            return;
        }
        Map<ForeignKeyDef, Integer> done = new IdentityHashMap<>();
        boolean changed = true;
        while (changed && !overflow()) {
            changed = false;
            for (CopyTable child : tables.values()) {
                for (ForeignKeyDef f : child.target().foreignKeys()) {
                    CopyTable parent = tables.get(f.refTable());
                    int parentSkips = skipped.getOrDefault(f.refTable(), 0);
                    if (parent == null || parentSkips == 0 || done.getOrDefault(f, -1) == parentSkips) {
                        continue;
                    }
                    done.put(f, parentSkips);
                    Set<List<Object>> gone = skippedValues(source, engine, wholeSeconds, parent, f.refColumns());
                    changed |= dependents(source, engine, wholeSeconds, child, f, gone);
                }
            }
        }
    }

    /** The values of these columns in the parent's skipped rows. */
    private Set<List<Object>> skippedValues(Connection source, Engine engine, boolean wholeSeconds, CopyTable parent,
            List<String> columns) throws SQLException {
        int[] refs = columns.stream().mapToInt(c -> RowKey.position(parent, c)).toArray();
        int[] keyPositions = keyPositions(parent);
        Set<List<Object>> out = new HashSet<>();
        Map<RowKey, RowFix> m = fixes.get(parent.name());
        if (Arrays.equals(refs, keyPositions)) {
            m.forEach((k, fix) -> {
                if (fix.skipReason != null) {
                    out.add(k.values());
                }
            });
            return out;
        }
        if (Arrays.stream(refs).anyMatch(p -> p < 0 || parent.sourceColumns().get(p) == null)) {
            return out;
        }
        RowKey.scan(source, engine, parent, concat(keyPositions, refs), "", wholeSeconds, row -> {
            RowFix fix = m.get(RowKey.of(row, keyPositions));
            if (fix != null && fix.skipReason != null) {
                out.add(RowKey.of(row, refs).values());
            }
        });
        return out;
    }

    /** Handles the child rows whose foreign key holds one of the values; whether rows were newly skipped. */
    private boolean dependents(Connection source, Engine engine, boolean wholeSeconds, CopyTable child,
            ForeignKeyDef f, Set<List<Object>> gone) throws SQLException {
        int[] fk = f.columns().stream().mapToInt(c -> RowKey.position(child, c)).toArray();
        if (gone.isEmpty() || Arrays.stream(fk).anyMatch(p -> p < 0 || child.sourceColumns().get(p) == null)) {
            return false;
        }
        int[] keyPositions = keyPositions(child);
        int[] setNull = setNullColumns(child, f);
        int before = skipped.getOrDefault(child.name(), 0);
        StringBuilder where = new StringBuilder(" WHERE ");
        for (int k = 0; k < fk.length; k++) {
            where.append(k == 0 ? "" : " AND ").append(CopyDdl.quote(engine, child.sourceColumns().get(fk[k])))
                    .append(" IS NOT NULL");
        }
        RowKey.scan(source, engine, child, concat(keyPositions, fk), where.toString(), wholeSeconds, row -> {
            List<Object> value = RowKey.of(row, fk).values();
            if (!gone.contains(value)) {
                return;
            }
            RowKey key = RowKey.of(row, keyPositions);
            if (skipped(child, key)) {
                return;
            }
            String why = describe(f.columns(), value) + " refers to a skipped row of " + f.refTable() + " (ON DELETE "
                    + f.onDelete() + ")";
            if (setNull == null) {
                skip(child, key, why);
            } else {
                for (int c : setNull) {
                    change(child, key, new Change(c, -1, why));
                }
            }
        });
        return skipped.getOrDefault(child.name(), 0) > before;
    }

    /** The rows handled, table by table in the plan's order and by key within a table, one line per decision. */
    List<CopyHandledRow> handled() {
        List<CopyHandledRow> out = new ArrayList<>();
        for (CopyTable t : tables.values()) {
            Map<RowKey, RowFix> m = fixes.get(t.name());
            if (m == null) {
                continue;
            }
            int[] positions = keyPositions(t);
            m.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                String key = t.describeKey(e.getKey().sparseRow(t, positions));
                RowFix fix = e.getValue();
                if (fix.skipReason != null) {
                    out.add(new CopyHandledRow(t.name(), key, CopyHandledRow.Action.SKIPPED, fix.skipReason));
                    return;
                }
                for (Change c : fix.changes) {
                    out.add(new CopyHandledRow(t.name(), key, c.truncateTo() < 0 ? CopyHandledRow.Action.SET_NULL
                            : CopyHandledRow.Action.TRUNCATED, c.reason()));
                }
            });
        }
        return out;
    }

    private void change(CopyTable t, RowKey key, Change change) {
        RowFix fix = fix(t, key);
        if (fix != null && fix.changes.stream().noneMatch(c -> c.column() == change.column())) {
            fix.changes.add(change);
        }
    }

    /** The row's entry, created on first use; {@code null} when not handling or past the cap (then only counted). */
    private RowFix fix(CopyTable t, RowKey key) {
        if (!handling()) {
            return null;
        }
        Map<RowKey, RowFix> m = fixes.computeIfAbsent(t.name(), n -> new HashMap<>());
        RowFix fix = m.get(key);
        if (fix == null) {
            handledRows++;
            if (held >= cap) {
                return null;
            }
            held++;
            fix = new RowFix();
            m.put(key, fix);
        }
        return fix;
    }

    /** A column that is in no key: neither the primary key, nor a foreign key, nor referred to by one. */
    private boolean changeable(CopyTable t, int column) {
        String name = t.target().columns().get(column).name();
        IndexDef pk = t.target().primaryKey();
        return (pk == null || !pk.columns().contains(name)) && !referenced.contains(t.name() + "." + name)
                && t.target().foreignKeys().stream().noneMatch(f -> f.columns().contains(name));
    }

    /** The positions to set to NULL for this foreign key, or {@code null} when its rows must be skipped instead. */
    private int[] setNullColumns(CopyTable t, ForeignKeyDef f) {
        if (!"SET NULL".equalsIgnoreCase(f.onDelete())) {
            return null;
        }
        int[] out = f.columns().stream().mapToInt(c -> RowKey.position(t, c)).toArray();
        IndexDef pk = t.target().primaryKey();
        boolean ok = IntStream.of(out).allMatch(p -> p >= 0 && t.target().columns().get(p).nullable()
                && (pk == null || !pk.columns().contains(t.target().columns().get(p).name()))
                && !referenced.contains(t.name() + "." + t.target().columns().get(p).name()));
        return ok ? out : null;
    }

    static String describe(List<String> columns, List<Object> values) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < columns.size(); k++) {
            parts.add(columns.get(k) + "=" + CopyValues.shorten(values.get(k)));
        }
        return String.join(", ", parts);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
