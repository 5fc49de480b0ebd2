package dev.hubconsole.hubdb;

import java.util.List;
import java.util.Objects;

/**
 * One column in engine-neutral terms: {@code type} is one of INTEGER, BIGINT, VARCHAR (with {@code length}), TEXT,
 * DATETIME (naive), BOOLEAN, BLOB, ENUM (with {@code enumName} and {@code enumValues}); a live database may also
 * report what JupyterHub never creates (TIMESTAMPTZ, JSON, JSONB, LONGTEXT, …) under its own name.
 *
 * @param name          the column name
 * @param type          the engine-neutral type
 * @param length        the length for VARCHAR (and ENUM on SQLite), otherwise {@code null}
 * @param nullable      whether NULL is allowed
 * @param defaultValue  the server-side default as the engine shows it, or {@code null} (JupyterHub sets its
 *                      defaults in Python, so fresh databases have none)
 * @param autoIncrement whether the engine generates the value (SERIAL, AUTO_INCREMENT, SQLite rowid alias)
 * @param enumName      the enum type's name for ENUM (PostgreSQL creates a type of that name), otherwise {@code null}
 * @param enumValues    the allowed values for ENUM, otherwise empty
 */
public record ColumnDef(String name, String type, Integer length, boolean nullable, String defaultValue,
        boolean autoIncrement, String enumName, List<String> enumValues) {

    /** Checks the invariants. */
    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
    }

    ColumnDef withType(String newType, Integer newLength) {
        return new ColumnDef(name, newType, newLength, nullable, defaultValue, autoIncrement, enumName, enumValues);
    }
}
