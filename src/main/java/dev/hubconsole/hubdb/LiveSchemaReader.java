package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Reads a live database's schema into the engine-neutral model of {@link ExpectedSchema}: {@link DatabaseMetaData}
 * for PostgreSQL and MySQL/MariaDB (plus PostgreSQL's catalog to tell unique constraints from unique indexes and to
 * read enum labels), SQLite's PRAGMAs (its JDBC metadata has no constraint origins). Engine type names are mapped
 * back to neutral ones (int4/INT → INTEGER, varchar → VARCHAR, timestamp/DATETIME → DATETIME, bool/tinyint(1) →
 * BOOLEAN, bytea → BLOB, serial/AUTO_INCREMENT → autoIncrement); types JupyterHub never creates keep their own
 * name (TIMESTAMPTZ, JSONB, LONGTEXT, …) so that they show up as drift. Only reads; works on read-only connections.
 */
@Component
public final class LiveSchemaReader {

    private static final Pattern SQLITE_TYPE = Pattern.compile("^\\s*([A-Za-z][A-Za-z ]*?)\\s*(?:\\(\\s*(\\d+)"
            + "(?:\\s*,\\s*\\d+)?\\s*\\))?\\s*$");

    /** Creates the reader; it holds no state. */
    public LiveSchemaReader() {
    }

    /** The base tables of the connection's database (schema), sorted by name. */
    public List<TableDef> read(Connection c) {
        try {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            List<TableDef> tables = new ArrayList<>();
            for (String table : HubDatabases.baseTables(c)) {
                tables.add(product.contains("sqlite") ? readSqlite(c, table)
                        : readServer(c, table, product.contains("postgres") ? Engine.POSTGRESQL : Engine.MYSQL));
            }
            return List.copyOf(tables);
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the database schema failed: " + e.getMessage(), e);
        }
    }

    // ---- SQLite ----------------------------------------------------------------------------------------------

    private static TableDef readSqlite(Connection c, String table) throws SQLException {
        List<ColumnDef> columns = new ArrayList<>();
        Map<Integer, String> pk = new TreeMap<>();
        List<String[]> raw = new ArrayList<>();
        try (ResultSet rs = pragma(c, "table_info", table)) {
            while (rs.next()) {
                raw.add(new String[] {rs.getString("name"), rs.getString("type"), rs.getString("notnull"),
                        rs.getString("dflt_value"), rs.getString("pk")});
                if (rs.getInt("pk") > 0) {
                    pk.put(rs.getInt("pk"), rs.getString("name"));
                }
            }
        }
        for (String[] r : raw) {
            Matcher m = SQLITE_TYPE.matcher(r[1] == null ? "" : r[1]);
            String type = m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : r[1].toUpperCase(Locale.ROOT);
            Integer length = m.matches() && m.group(2) != null && type.contains("CHAR")
                    ? Integer.valueOf(m.group(2)) : null;
            boolean rowid = pk.size() == 1 && pk.containsValue(r[0]) && type.equals("INTEGER");
            columns.add(new ColumnDef(r[0], type, length, "0".equals(r[2]) && !rowid, r[3], rowid, null, List.of()));
        }
        IndexDef primaryKey = pk.isEmpty() ? null : new IndexDef(null, List.copyOf(pk.values()), true);

        Map<Integer, List<String[]>> fkRows = new TreeMap<>();
        try (ResultSet rs = pragma(c, "foreign_key_list", table)) {
            while (rs.next()) {
                fkRows.computeIfAbsent(rs.getInt("id"), k -> new ArrayList<>()).add(new String[] {
                        rs.getString("seq"), rs.getString("table"), rs.getString("from"), rs.getString("to"),
                        rs.getString("on_delete")});
            }
        }
        List<ForeignKeyDef> foreignKeys = new ArrayList<>();
        for (List<String[]> rows : fkRows.values()) {
            rows.sort((a, b) -> Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0])));
            String refTable = rows.get(0)[1];
            List<String> from = rows.stream().map(r -> r[2]).toList();
            List<String> to = rows.stream().map(r -> r[3]).toList();
            if (to.stream().anyMatch(x -> x == null)) {
                to = sqlitePrimaryKey(c, refTable);
            }
            foreignKeys.add(new ForeignKeyDef(null, from, refTable, to, rows.get(0)[4].toUpperCase(Locale.ROOT)));
        }

        List<IndexDef> uniques = new ArrayList<>();
        List<IndexDef> indexes = new ArrayList<>();
        List<String[]> indexRows = new ArrayList<>();
        try (ResultSet rs = pragma(c, "index_list", table)) {
            while (rs.next()) {
                indexRows.add(new String[] {rs.getString("name"), rs.getString("unique"), rs.getString("origin")});
            }
        }
        for (String[] i : indexRows) {
            if ("pk".equals(i[2])) {
                continue;
            }
            List<String> cols = new ArrayList<>();
            try (ResultSet rs = pragma(c, "index_info", i[0])) {
                Map<Integer, String> bySeq = new TreeMap<>();
                while (rs.next()) {
                    bySeq.put(rs.getInt("seqno"), rs.getString("name"));
                }
                cols.addAll(bySeq.values());
            }
            boolean unique = "1".equals(i[1]);
            if ("u".equals(i[2])) {
                uniques.add(new IndexDef(null, cols, true));
            } else {
                indexes.add(new IndexDef(i[0], cols, unique));
            }
        }
        return new TableDef(table, columns, primaryKey, foreignKeys, uniques, indexes);
    }

    private static List<String> sqlitePrimaryKey(Connection c, String table) throws SQLException {
        Map<Integer, String> pk = new TreeMap<>();
        try (ResultSet rs = pragma(c, "table_info", table)) {
            while (rs.next()) {
                if (rs.getInt("pk") > 0) {
                    pk.put(rs.getInt("pk"), rs.getString("name"));
                }
            }
        }
        return List.copyOf(pk.values());
    }

    private static ResultSet pragma(Connection c, String pragma, String name) throws SQLException {
        Statement s = c.createStatement();
        s.closeOnCompletion();
        return s.executeQuery("PRAGMA " + pragma + "('" + name.replace("'", "''") + "')");
    }

    // ---- PostgreSQL and MySQL/MariaDB ------------------------------------------------------------------------

    private static TableDef readServer(Connection c, String table, Engine engine) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String catalog = engine == Engine.MYSQL ? c.getCatalog() : null;
        String schema = engine == Engine.POSTGRESQL ? c.getSchema() : null;
        Map<String, List<String>> enums = engine == Engine.POSTGRESQL ? postgresEnums(c) : Map.of();
        Map<String, String> mysqlColumnTypes = engine == Engine.MYSQL ? mysqlColumnTypes(c, table) : Map.of();

        List<ColumnDef> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(catalog, schema, table, "%")) {
            while (rs.next()) {
                if (!table.equals(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                columns.add(column(engine, rs, enums, mysqlColumnTypes));
            }
        }

        Map<Integer, String> pkColumns = new TreeMap<>();
        String pkName = null;
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                pkColumns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
                pkName = rs.getString("PK_NAME");
            }
        }
        String pkIndexName = engine == Engine.MYSQL ? "PRIMARY" : pkName;
        IndexDef primaryKey = pkColumns.isEmpty() ? null
                : new IndexDef(engine == Engine.MYSQL ? null : pkName, List.copyOf(pkColumns.values()), true);

        Map<String, List<String[]>> fkRows = new LinkedHashMap<>();
        try (ResultSet rs = md.getImportedKeys(catalog, schema, table)) {
            while (rs.next()) {
                fkRows.computeIfAbsent(rs.getString("FK_NAME"), k -> new ArrayList<>()).add(new String[] {
                        rs.getString("KEY_SEQ"), rs.getString("PKTABLE_NAME"), rs.getString("FKCOLUMN_NAME"),
                        rs.getString("PKCOLUMN_NAME"), rs.getString("DELETE_RULE")});
            }
        }
        List<ForeignKeyDef> foreignKeys = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> e : fkRows.entrySet()) {
            List<String[]> rows = e.getValue();
            rows.sort((a, b) -> Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0])));
            foreignKeys.add(new ForeignKeyDef(e.getKey(), rows.stream().map(r -> r[2]).toList(), rows.get(0)[1],
                    rows.stream().map(r -> r[3]).toList(), deleteRule(Integer.parseInt(rows.get(0)[4]), engine)));
        }

        Set<String> uniqueConstraints = engine == Engine.POSTGRESQL ? postgresUniqueConstraints(c, schema, table)
                : null;
        Map<String, Map<Integer, String>> indexColumns = new LinkedHashMap<>();
        Map<String, Boolean> indexUnique = new LinkedHashMap<>();
        try (ResultSet rs = md.getIndexInfo(catalog, schema, table, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                if (name == null || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
                        || name.equals(pkIndexName)) {
                    continue;
                }
                indexColumns.computeIfAbsent(name, k -> new TreeMap<>())
                        .put(rs.getInt("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
                indexUnique.put(name, !rs.getBoolean("NON_UNIQUE"));
            }
        }
        List<IndexDef> uniques = new ArrayList<>();
        List<IndexDef> indexes = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, String>> e : indexColumns.entrySet()) {
            boolean unique = indexUnique.get(e.getKey());
            IndexDef index = new IndexDef(e.getKey(), List.copyOf(e.getValue().values()), unique);
            boolean constraint = unique && (uniqueConstraints == null || uniqueConstraints.contains(e.getKey()));
            (constraint ? uniques : indexes).add(index);
        }
        return new TableDef(table, columns, primaryKey, foreignKeys, uniques, indexes);
    }

    private static ColumnDef column(Engine engine, ResultSet rs, Map<String, List<String>> enums,
            Map<String, String> mysqlColumnTypes) throws SQLException {
        String name = rs.getString("COLUMN_NAME");
        String typeName = rs.getString("TYPE_NAME");
        int size = rs.getInt("COLUMN_SIZE");
        boolean nullable = rs.getInt("NULLABLE") == DatabaseMetaData.columnNullable;
        String def = rs.getString("COLUMN_DEF");
        boolean autoIncrement = "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"));
        String type;
        Integer length = null;
        String enumName = null;
        List<String> enumValues = List.of();
        if (engine == Engine.POSTGRESQL) {
            String t = typeName.replace("\"", "");
            if (def != null && def.startsWith("nextval(")) {
                autoIncrement = true;
                def = null;
            }
            switch (t) {
                case "serial", "int4" -> type = "INTEGER";
                case "bigserial", "int8" -> type = "BIGINT";
                case "varchar" -> {
                    type = "VARCHAR";
                    length = size;
                }
                case "text" -> type = "TEXT";
                case "timestamp" -> type = "DATETIME";
                case "bool" -> type = "BOOLEAN";
                case "bytea" -> type = "BLOB";
                default -> {
                    if (enums.containsKey(t)) {
                        type = "ENUM";
                        enumName = t;
                        enumValues = enums.get(t);
                    } else {
                        type = t.toUpperCase(Locale.ROOT);
                    }
                }
            }
        } else {
            String columnType = mysqlColumnTypes.getOrDefault(name, typeName).toLowerCase(Locale.ROOT);
            if ("NULL".equalsIgnoreCase(def)) {
                def = null; // MariaDB shows the implicit DEFAULT NULL of nullable columns
            }
            if (columnType.startsWith("tinyint(1)") || columnType.equals("boolean") || columnType.equals("bit(1)")) {
                type = "BOOLEAN";
            } else if (columnType.startsWith("int")) {
                type = "INTEGER";
            } else if (columnType.startsWith("bigint")) {
                type = "BIGINT";
            } else if (columnType.startsWith("varchar")) {
                type = "VARCHAR";
                length = size;
            } else if (columnType.startsWith("enum(")) {
                type = "ENUM";
                enumValues = mysqlEnumValues(mysqlColumnTypes.getOrDefault(name, typeName));
            } else if (columnType.equals("datetime")) {
                type = "DATETIME";
            } else {
                type = columnType.replaceAll("\\(.*$", "").toUpperCase(Locale.ROOT);
                if (type.equals("CHAR")) {
                    length = size;
                }
            }
        }
        return new ColumnDef(name, type, length, nullable, def, autoIncrement, enumName, enumValues);
    }

    private static String deleteRule(int rule, Engine engine) {
        return switch (rule) {
            case DatabaseMetaData.importedKeyCascade -> "CASCADE";
            case DatabaseMetaData.importedKeySetNull -> "SET NULL";
            case DatabaseMetaData.importedKeySetDefault -> "SET DEFAULT";
            case DatabaseMetaData.importedKeyRestrict -> engine == Engine.MYSQL ? "NO ACTION" : "RESTRICT";
            default -> "NO ACTION";
        };
    }

    private static Map<String, List<String>> postgresEnums(Connection c) throws SQLException {
        Map<String, List<String>> enums = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
                        + "ORDER BY t.typname, e.enumsortorder")) {
            while (rs.next()) {
                enums.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return enums;
    }

    private static Set<String> postgresUniqueConstraints(Connection c, String schema, String table)
            throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT con.conname FROM pg_constraint con "
                + "JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace "
                + "WHERE con.contype = 'u' AND rel.relname = ? AND ns.nspname = ?")) {
            ps.setString(1, table);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static Map<String, String> mysqlColumnTypes(Connection c, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    private static List<String> mysqlEnumValues(String columnType) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("'((?:[^']|'')*)'").matcher(columnType.substring(columnType.indexOf('(')));
        while (m.find()) {
            values.add(m.group(1).replace("''", "'"));
        }
        return values;
    }
}
