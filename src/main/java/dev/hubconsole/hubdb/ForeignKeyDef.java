package dev.hubconsole.hubdb;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key. {@code name} is {@code null} where JupyterHub leaves it to the engine (0.x/1.x) or the engine does
 * not keep it (SQLite); {@code onDelete} is CASCADE, SET NULL, SET DEFAULT or NO ACTION (RESTRICT is reported as
 * NO ACTION on MySQL/MariaDB, where InnoDB treats them alike).
 */
public record ForeignKeyDef(String name, List<String> columns, String refTable, List<String> refColumns,
        String onDelete) {

    /** Checks the invariants. */
    public ForeignKeyDef {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns);
        Objects.requireNonNull(refTable, "refTable");
        Objects.requireNonNull(onDelete, "onDelete");
        if (columns.isEmpty() || columns.size() != refColumns.size()) {
            throw new IllegalArgumentException("a foreign key pairs one or more columns with as many referenced ones");
        }
    }

    ForeignKeyDef named(String newName) {
        return new ForeignKeyDef(newName, columns, refTable, refColumns, onDelete);
    }
}
