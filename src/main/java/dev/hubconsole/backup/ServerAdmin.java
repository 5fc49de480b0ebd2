package dev.hubconsole.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Whole databases on a PostgreSQL or MariaDB server: creating an empty one like the hub's (same encoding and
 * collation), dropping one the console created, and moving the hub's database aside by renaming, so that nothing
 * is ever deleted. Every name passed in SQL is one the console made from letters, digits and {@code _}.
 */
final class ServerAdmin {

    private static final int MAX_NAME = 63;

    private ServerAdmin() {
    }

    /** A new database name {@code <base>_<tag>_<suffix>} that fits every engine's limit. */
    static String name(String base, String tag, String suffix) {
        String clean = base.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
        String tail = "_" + tag + "_" + suffix;
        return clean.substring(0, Math.min(clean.length(), MAX_NAME - tail.length())) + tail;
    }

    static String randomSuffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Creates an empty database {@code name} on the server of {@code like}, with the same encoding/collation. */
    static ServerDatabase createLike(ServerDatabase like, String name) throws SQLException {
        try (Connection c = like.connect(); Statement s = c.createStatement()) {
            if (ServerDatabase.POSTGRESQL.equals(like.engine())) {
                String[] enc = row(c, "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database"
                        + " WHERE datname = current_database()");
                s.execute("CREATE DATABASE " + pg(name) + " TEMPLATE template0 ENCODING " + literal(enc[0])
                        + " LC_COLLATE " + literal(enc[1]) + " LC_CTYPE " + literal(enc[2]));
            } else {
                String[] cs = row(c, "SELECT default_character_set_name, default_collation_name FROM"
                        + " information_schema.schemata WHERE schema_name = DATABASE()");
                s.execute("CREATE DATABASE " + my(name) + " CHARACTER SET " + identifierWord(cs[0]) + " COLLATE "
                        + identifierWord(cs[1]));
            }
        }
        return like.withDatabase(name);
    }

    /** Drops a database the console created (a scratch or an unused restore target), connected via {@code via}. */
    static void drop(ServerDatabase via, String name) throws SQLException {
        try (Connection c = via.connect(); Statement s = c.createStatement()) {
            s.execute(ServerDatabase.POSTGRESQL.equals(via.engine())
                    ? "DROP DATABASE IF EXISTS " + pg(name) + " WITH (FORCE)"
                    : "DROP DATABASE IF EXISTS " + my(name));
        }
    }

    /**
     * Puts the database {@code restoredName} in the place of {@code hub} and keeps the hub's database as
     * {@code replacedName}. PostgreSQL: two {@code ALTER DATABASE … RENAME}, each from a connection to another
     * database (refused by the server while anyone, e.g. the hub, is connected). MariaDB/MySQL, which cannot rename
     * a database: one atomic {@code RENAME TABLE} moving the hub's tables into {@code replacedName} and the restored
     * tables into the hub's database.
     */
    static void swap(ServerDatabase hub, String restoredName, String replacedName) throws SQLException {
        String hubName = hub.databaseName();
        if (ServerDatabase.POSTGRESQL.equals(hub.engine())) {
            try (Connection c = hub.withDatabase(restoredName).connect(); Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + pg(hubName) + " RENAME TO " + pg(replacedName));
            }
            try (Connection c = hub.withDatabase(replacedName).connect(); Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + pg(restoredName) + " RENAME TO " + pg(hubName));
            } catch (SQLException e) {
                try (Connection c = hub.withDatabase(restoredName).connect(); Statement s = c.createStatement()) {
                    s.execute("ALTER DATABASE " + pg(replacedName) + " RENAME TO " + pg(hubName));
                } catch (SQLException undo) {
                    e.addSuppressed(undo);
                    throw new SQLException("the hub's database was renamed to " + replacedName + " but the restored"
                            + " one could not take its place and the rename could not be undone (" + undo.getMessage()
                            + "); rename " + replacedName + " back to " + hubName + " by hand", e);
                }
                throw e;
            }
            return;
        }
        createLike(hub, replacedName);
        try (Connection c = hub.connect(); Statement s = c.createStatement()) {
            List<String> moves = new ArrayList<>();
            for (String table : tables(c, hubName)) {
                moves.add(my(hubName) + "." + my(table) + " TO " + my(replacedName) + "." + my(table));
            }
            for (String table : tables(c, restoredName)) {
                moves.add(my(restoredName) + "." + my(table) + " TO " + my(hubName) + "." + my(table));
            }
            s.execute("SET FOREIGN_KEY_CHECKS = 0");
            try {
                s.execute("RENAME TABLE " + String.join(", ", moves));
            } finally {
                s.execute("SET FOREIGN_KEY_CHECKS = 1");
            }
            if (tables(c, restoredName).isEmpty()) {
                s.execute("DROP DATABASE " + my(restoredName));
            }
        }
    }

    private static List<String> tables(Connection c, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    private static String[] row(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no result for " + sql);
            }
            String[] values = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getString(i + 1);
            }
            return values;
        }
    }

    private static String pg(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String my(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String identifierWord(String value) throws SQLException {
        if (value == null || !value.matches("[A-Za-z0-9_]+")) {
            throw new SQLException("unexpected character set or collation name '" + value + "'");
        }
        return value;
    }
}
