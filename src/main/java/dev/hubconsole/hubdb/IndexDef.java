package dev.hubconsole.hubdb;

import java.util.List;

/**
 * A primary key, unique constraint or index over ordered columns. {@code name} is {@code null} where JupyterHub
 * leaves it to the engine or the engine does not keep it (SQLite constraints, MySQL primary keys).
 */
public record IndexDef(String name, List<String> columns, boolean unique) {

    /** Checks the invariants. */
    public IndexDef {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("an index needs at least one column");
        }
    }

    IndexDef named(String newName) {
        return new IndexDef(newName, columns, unique);
    }
}
