package dev.hubconsole.hubdb;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One table: columns in their order, primary key, foreign keys, unique constraints and the other indexes (the
 * indexes that back the primary key and unique constraints are not repeated). Foreign keys, uniques and indexes
 * are kept sorted by columns, then name, so that equal tables are equal records.
 */
public record TableDef(String name, List<ColumnDef> columns, IndexDef primaryKey, List<ForeignKeyDef> foreignKeys,
        List<IndexDef> uniques, List<IndexDef> indexes) {

    private static final Comparator<IndexDef> INDEX_ORDER = Comparator
            .comparing((IndexDef i) -> String.join(",", i.columns()))
            .thenComparing(i -> String.valueOf(i.name()));
    private static final Comparator<ForeignKeyDef> FK_ORDER = Comparator
            .comparing((ForeignKeyDef f) -> String.join(",", f.columns()))
            .thenComparing(f -> String.valueOf(f.name()));

    /** Checks the invariants and sorts the constraint lists. */
    public TableDef {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        foreignKeys = foreignKeys.stream().sorted(FK_ORDER).toList();
        uniques = uniques.stream().sorted(INDEX_ORDER).toList();
        indexes = indexes.stream().sorted(INDEX_ORDER).toList();
    }

    /** The column with this name. */
    public Optional<ColumnDef> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
