package dev.hubconsole.hubdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One table of a copy: its definition on the target engine and, per target column, the source column it is read
 * from ({@code null}: the source lacks it and the target gets NULL).
 *
 * @param target        the table as it is created on the target
 * @param sourceColumns the source column per target column, {@code null} where absent
 * @param addition      whether the table is the admin's own (not JupyterHub's)
 * @param sourceFilter  applied to each source row as read (copy and verification alike): returns the row to copy,
 *                      possibly changed, or {@code null} to leave it out ({@link CopyViolations}); {@code null}: every
 *                      row as it is
 */
record CopyTable(TableDef target, List<String> sourceColumns, boolean addition,
        UnaryOperator<Object[]> sourceFilter) {

    CopyTable {
        Objects.requireNonNull(target, "target");
        sourceColumns = java.util.Collections.unmodifiableList(new ArrayList<>(sourceColumns));
        if (sourceColumns.size() != target.columns().size()) {
            throw new IllegalArgumentException("one source column per target column");
        }
    }

    /** Every source row as it is. */
    CopyTable(TableDef target, List<String> sourceColumns, boolean addition) {
        this(target, sourceColumns, addition, null);
    }

    /** The same table with this source filter. */
    CopyTable withSourceFilter(UnaryOperator<Object[]> filter) {
        return new CopyTable(target, sourceColumns, addition, filter);
    }

    String name() {
        return target.name();
    }

    /** A table the source lacks (one JupyterHub recreates at start): created empty on the target, nothing read. */
    boolean absentInSource() {
        return sourceColumns.stream().allMatch(java.util.Objects::isNull);
    }

    /** The neutral type of each target column. */
    String[] types() {
        return target.columns().stream().map(ColumnDef::type).toArray(String[]::new);
    }

    /** The positions (0-based) of an all-integer primary key, or {@code null} when it has none or another kind. */
    int[] integerKey() {
        IndexDef pk = target.primaryKey();
        if (pk == null) {
            return null;
        }
        int[] positions = new int[pk.columns().size()];
        for (int k = 0; k < positions.length; k++) {
            String col = pk.columns().get(k);
            int at = -1;
            for (int i = 0; i < target.columns().size(); i++) {
                if (target.columns().get(i).name().equals(col)) {
                    at = i;
                }
            }
            if (at < 0 || sourceColumns.get(at) == null
                    || !List.of("INTEGER", "BIGINT").contains(target.columns().get(at).type())) {
                return null;
            }
            positions[k] = at;
        }
        return positions;
    }

    /** The key of a row for a message: {@code id=5} or the whole row (shortened) when there is no primary key. */
    String describeKey(Object[] row) {
        IndexDef pk = target.primaryKey();
        if (pk == null) {
            return "row " + CopyValues.shorten(row);
        }
        List<String> parts = new ArrayList<>();
        for (String col : pk.columns()) {
            for (int i = 0; i < target.columns().size(); i++) {
                if (target.columns().get(i).name().equals(col)) {
                    parts.add(col + "=" + CopyValues.shorten(row[i]));
                }
            }
        }
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "CopyTable[" + name() + ", " + Arrays.toString(types()) + "]";
    }
}
