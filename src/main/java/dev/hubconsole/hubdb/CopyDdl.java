package dev.hubconsole.hubdb;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The DDL of a copy's target, per engine, in the order a bulk load wants it: {@link #create} before the rows (on
 * SQLite every constraint, as SQLite cannot add them later; on MySQL/MariaDB the primary key, which InnoDB clusters
 * on and AUTO_INCREMENT needs), {@link #afterLoad} once the rows are in (primary keys on PostgreSQL, unique
 * constraints, indexes), then {@link #foreignKeys}. The types are the ones JupyterHub's SQLAlchemy models create:
 * VARCHAR(n), TEXT, naive timestamps, BOOLEAN/tinyint(1), BYTEA/BLOB, SERIAL/AUTO_INCREMENT.
 */
final class CopyDdl {

    private CopyDdl() {
    }

    static String quote(Engine engine, String identifier) {
        return engine == Engine.MYSQL ? "`" + identifier.replace("`", "``") + "`"
                : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String columnList(Engine engine, List<String> columns) {
        return columns.stream().map(c -> quote(engine, c)).collect(Collectors.joining(", "));
    }

    static List<String> create(TableDef t, Engine engine) {
        List<String> out = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (ColumnDef c : t.columns()) {
            if (engine == Engine.POSTGRESQL && c.type().equals("ENUM") && c.enumName() != null) {
                out.add("DO $$ BEGIN CREATE TYPE " + quote(engine, c.enumName()) + " AS ENUM (" + c.enumValues()
                        .stream().map(CopyDdl::literal).collect(Collectors.joining(", "))
                        + "); EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            }
            parts.add(column(c, engine));
        }
        if (engine != Engine.POSTGRESQL && t.primaryKey() != null) {
            parts.add(constraint(engine, t.primaryKey().name()) + "PRIMARY KEY (" + columnList(engine,
                    t.primaryKey().columns()) + ")");
        }
        if (engine == Engine.SQLITE) {
            for (IndexDef u : t.uniques()) {
                parts.add(constraint(engine, u.name()) + "UNIQUE (" + columnList(engine, u.columns()) + ")");
            }
            for (ForeignKeyDef f : t.foreignKeys()) {
                parts.add(constraint(engine, f.name()) + references(engine, f));
            }
        }
        out.add("CREATE TABLE " + quote(engine, t.name()) + " (\n\t" + String.join(", \n\t", parts) + "\n)");
        return out;
    }

    static List<String> afterLoad(TableDef t, Engine engine) {
        List<String> out = new ArrayList<>();
        String table = quote(engine, t.name());
        if (engine == Engine.POSTGRESQL && t.primaryKey() != null) {
            out.add("ALTER TABLE " + table + " ADD " + constraint(engine, t.primaryKey().name()) + "PRIMARY KEY ("
                    + columnList(engine, t.primaryKey().columns()) + ")");
        }
        if (engine == Engine.MYSQL) { // one statement: InnoDB builds all the indexes in one pass over the table
            List<String> clauses = new ArrayList<>();
            t.uniques().forEach(u -> clauses.add("ADD " + constraint(engine, u.name()) + "UNIQUE (" + columnList(
                    engine, u.columns()) + ")"));
            t.indexes().forEach(i -> clauses.add("ADD " + (i.unique() ? "UNIQUE " : "") + "INDEX " + quote(engine,
                    indexName(t, i)) + " (" + columnList(engine, i.columns()) + ")"));
            return clauses.isEmpty() ? out : List.of("ALTER TABLE " + table + " " + String.join(", ", clauses));
        }
        if (engine == Engine.POSTGRESQL) {
            for (IndexDef u : t.uniques()) {
                out.add("ALTER TABLE " + table + " ADD " + constraint(engine, u.name()) + "UNIQUE ("
                        + columnList(engine, u.columns()) + ")");
            }
        }
        for (IndexDef i : t.indexes()) {
            out.add("CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + quote(engine, indexName(t, i)) + " ON "
                    + table + " (" + columnList(engine, i.columns()) + ")");
        }
        return out;
    }

    private static String indexName(TableDef t, IndexDef i) {
        return i.name() != null ? i.name() : "ix_" + t.name() + "_" + String.join("_", i.columns());
    }

    static List<String> foreignKeys(TableDef t, Engine engine) {
        if (engine == Engine.SQLITE) {
            return List.of();
        }
        return t.foreignKeys().stream().map(f -> foreignKey(t, f, engine, false)).toList();
    }

    /**
     * One foreign key of {@link #foreignKeys}; on PostgreSQL {@code notValid} adds it without checking the rows (a
     * catalog change), for a {@link #validate} that lets other tables be worked on meanwhile.
     */
    static String foreignKey(TableDef t, ForeignKeyDef f, Engine engine, boolean notValid) {
        return "ALTER TABLE " + quote(engine, t.name()) + " ADD " + constraint(engine, f.name()) + references(engine, f)
                + (notValid && engine == Engine.POSTGRESQL ? " NOT VALID" : "");
    }

    /** Checks the rows against a foreign key added {@code NOT VALID} (PostgreSQL): it then stands as if added whole. */
    static String validate(TableDef t, ForeignKeyDef f) {
        return "ALTER TABLE " + quote(Engine.POSTGRESQL, t.name()) + " VALIDATE CONSTRAINT "
                + quote(Engine.POSTGRESQL, f.name());
    }

    /** The statement that moves the table's id generator past its highest id, or {@code null} when none is needed. */
    static String resetSequence(TableDef t, Engine engine, long maxId) {
        ColumnDef auto = t.columns().stream().filter(ColumnDef::autoIncrement).findFirst().orElse(null);
        if (auto == null || engine == Engine.SQLITE) {
            return null;
        }
        if (engine == Engine.POSTGRESQL) {
            return "SELECT setval(pg_get_serial_sequence(" + literal(quote(engine, t.name())) + ", "
                    + literal(auto.name()) + "), " + Math.max(maxId, 1) + ", " + (maxId >= 1) + ")";
        }
        return "ALTER TABLE " + quote(engine, t.name()) + " AUTO_INCREMENT = " + (Math.max(maxId, 0) + 1);
    }

    private static String column(ColumnDef c, Engine engine) {
        StringBuilder out = new StringBuilder(quote(engine, c.name())).append(' ').append(type(c, engine));
        boolean serial = engine == Engine.POSTGRESQL && c.autoIncrement();
        if (!c.nullable() && !serial || c.autoIncrement() && engine != Engine.POSTGRESQL) {
            out.append(" NOT NULL");
        }
        if (c.autoIncrement() && engine == Engine.MYSQL) {
            out.append(" AUTO_INCREMENT");
        }
        if (c.defaultValue() != null && !c.autoIncrement()) {
            String def = CopySchemaPlanner.simpleDefault(c.defaultValue());
            if (def != null) {
                if (c.type().equals("BOOLEAN") && engine == Engine.POSTGRESQL) {
                    def = def.equals("0") || def.equalsIgnoreCase("false") ? "false" : "true";
                }
                out.append(" DEFAULT ").append(def);
            }
        }
        return out.toString();
    }

    static String type(ColumnDef c, Engine engine) {
        return switch (c.type()) {
            case "INTEGER" -> engine == Engine.POSTGRESQL && c.autoIncrement() ? "SERIAL" : "INTEGER";
            case "BIGINT" -> engine == Engine.POSTGRESQL && c.autoIncrement() ? "BIGSERIAL" : "BIGINT";
            case "VARCHAR" -> "VARCHAR(" + c.length() + ")";
            case "DATETIME" -> engine == Engine.POSTGRESQL ? "TIMESTAMP WITHOUT TIME ZONE" : "DATETIME";
            case "BOOLEAN" -> engine == Engine.MYSQL ? "BOOL" : "BOOLEAN";
            case "BLOB" -> engine == Engine.POSTGRESQL ? "BYTEA" : "BLOB";
            case "ENUM" -> switch (engine) {
                case POSTGRESQL -> c.enumName() == null ? "TEXT" : quote(engine, c.enumName());
                case MYSQL -> "ENUM(" + c.enumValues().stream().map(CopyDdl::literal).collect(Collectors.joining(","))
                        + ")";
                case SQLITE -> "VARCHAR(" + (c.length() != null ? c.length()
                        : c.enumValues().stream().mapToInt(String::length).max().orElse(255)) + ")";
            };
            default -> "TEXT";
        };
    }

    private static String constraint(Engine engine, String name) {
        return name == null ? "" : "CONSTRAINT " + quote(engine, name) + " ";
    }

    private static String references(Engine engine, ForeignKeyDef f) {
        String onDelete = f.onDelete().equals("NO ACTION") ? "" : " ON DELETE " + f.onDelete();
        return "FOREIGN KEY(" + columnList(engine, f.columns()) + ") REFERENCES " + quote(engine, f.refTable()) + " ("
                + columnList(engine, f.refColumns()) + ")" + onDelete;
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
