package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.DatabaseUnavailableException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * Opens JupyterHub databases. This is the only way the console connects to a hub's database: never as Spring's
 * DataSource. Reading connections are read-only at every level the engine offers (SQLite: a {@code mode=ro} URI
 * that never creates the file; PostgreSQL and MySQL/MariaDB: a read-only connection and session). Connecting gives
 * up after {@value #CONNECT_TIMEOUT_SECONDS} seconds. Server connections come back in a read-only transaction
 * (auto-commit off: one consistent snapshot until the caller commits or rolls back); SQLite connections stay in
 * auto-commit so that they hold no lock between statements and never block a running hub's writes. Usable without Spring ({@code new HubDatabases()}).
 */
@Component
public final class HubDatabases {

    /** Seconds to wait for a server (or a SQLite lock) before giving up. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;

    /**
     * Loads SQLite's native library and the driver (through an in-memory database) on a thread of its own, for a
     * headless command to call first thing: its first connection then does not wait for them (no file is touched;
     * errors are left for that connection to report).
     */
    public static void prepareSqliteInBackground() {
        Thread t = new Thread(() -> {
            try {
                SqliteNativeLibrary.prepare();
                // opening an in-memory database loads the library and links the driver (about 0.1 s the first time)
                try (Connection c = driver(Engine.SQLITE).connect("jdbc:sqlite::memory:", sqliteProperties(false));
                        Statement s = c.createStatement()) {
                    s.executeQuery("SELECT count(*) FROM sqlite_master").close();
                }
            } catch (Exception | LinkageError e) {
                // the first connection loads it again and reports what fails
            }
        }, "hubdb-sqlite-library");
        t.setDaemon(true);
        t.start();
    }

    /** Creates the factory; it holds no state. */
    public HubDatabases() {
    }

    /**
     * Opens the database for reading only. The caller closes the connection; nothing it does through it can
     * change the database.
     *
     * @throws DatabaseUnavailableException when the file is missing or unreadable, or the server is unreachable or
     *                                      refuses the credentials
     */
    public Connection openReadOnly(DbUrl url) {
        if (url.engine() == Engine.SQLITE) {
            requireReadableFile(url.sqliteFile());
            Properties props = sqliteProperties(true);
            Connection c = connect(url, "jdbc:sqlite:" + url.sqliteFile().toUri().toString().replace("file:///", "file:/")
                    + "?mode=ro", props);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = ON");
                s.executeQuery("SELECT count(*) FROM sqlite_master").close();
            } catch (SQLException e) {
                closeQuietly(c);
                throw new DatabaseUnavailableException(Reason.UNREADABLE_FILE, "The SQLite file " + url.sqliteFile()
                        + " cannot be read as a database (" + e.getMessage() + "): check that it is the hub's "
                        + "SQLite database and not damaged.", e);
            }
            return c;
        }
        Connection c = connect(url, url.jdbcUrl(), serverProperties(url, true));
        try {
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.execute(url.engine() == Engine.POSTGRESQL
                        ? "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
                        : "SET SESSION TRANSACTION READ ONLY");
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw unavailable(url, e);
        }
    }

    /**
     * Opens the database for writing (migrations, restores, copies into it). A SQLite file is created if missing.
     * On SQLite foreign keys are enforced, as JupyterHub does on its own connections.
     */
    public Connection openForWrite(DbUrl url) {
        if (url.engine() == Engine.SQLITE) {
            Path parent = url.sqliteFile().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new DatabaseUnavailableException(Reason.MISSING_FILE, "The directory " + parent + " of the "
                        + "SQLite database does not exist: create it or fix the path in the database URL.", null);
            }
            Connection c = connect(url, url.jdbcUrl(), sqliteProperties(false));
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA foreign_keys = ON");
            } catch (SQLException e) {
                closeQuietly(c);
                throw unavailable(url, e);
            }
            return c;
        }
        return connect(url, url.jdbcUrl(), serverProperties(url, false));
    }

    /**
     * The alembic revision JupyterHub stamped into the database, or empty when there is no {@code alembic_version}
     * table (or it is empty): then it is not a JupyterHub database, or one JupyterHub 0.7 or older created and no
     * 0.8+ hub has started on since (0.7 did not stamp fresh databases).
     */
    public Optional<String> alembicRevision(Connection c) {
        try {
            Optional<String> table = baseTables(c).stream()
                    .filter(t -> t.equalsIgnoreCase("alembic_version")).findFirst();
            if (table.isEmpty()) {
                return Optional.empty();
            }
            List<String> versions = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT version_num FROM " + quote(c, table.get()))) {
                while (rs.next()) {
                    versions.add(rs.getString(1));
                }
            }
            if (versions.size() > 1) {
                throw new IllegalStateException("alembic_version holds " + versions.size() + " revisions " + versions
                        + ": JupyterHub keeps exactly one; repair the table before upgrading.");
            }
            return versions.stream().findFirst();
        } catch (SQLException e) {
            throw new IllegalStateException("Reading alembic_version failed: " + oneLine(e), e);
        }
    }

    /** {@link #alembicRevision(Connection)} of the database behind {@code url}, opened read-only for it. */
    public Optional<String> alembicRevision(DbUrl url) {
        try (Connection c = openReadOnly(url)) {
            return alembicRevision(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Closing " + url.display() + " failed: " + oneLine(e), e);
        }
    }

    /** The number of rows in every base table, ordered by table name. */
    public Map<String, Long> rowCounts(Connection c) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            for (String table : baseTables(c)) {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + quote(c, table))) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("Counting rows failed: " + oneLine(e), e);
        }
    }

    /** The base tables of the connection's own database/schema, sorted by name (SQLite internals left out). */
    static List<String> baseTables(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
        String catalog = product.contains("sqlite") ? null : c.getCatalog();
        String schema = product.contains("postgres") ? c.getSchema() : null;
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                    tables.add(name);
                }
            }
        }
        tables.sort(null);
        return tables;
    }

    static String quote(Connection c, String identifier) throws SQLException {
        String q = c.getMetaData().getIdentifierQuoteString();
        if (q == null || q.isBlank()) {
            return identifier;
        }
        return q + identifier.replace(q, q + q) + q;
    }

    private static void requireReadableFile(Path file) {
        if (!Files.exists(file)) {
            throw new DatabaseUnavailableException(Reason.MISSING_FILE, "The SQLite database " + file + " does not "
                    + "exist: check c.JupyterHub.db_url and the hub's working directory.", null);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new DatabaseUnavailableException(Reason.UNREADABLE_FILE, "The SQLite database " + file + " is not a "
                    + "readable file: run the console as a user who may read it.", null);
        }
    }

    private static Properties sqliteProperties(boolean readOnly) {
        Properties props = new Properties();
        props.setProperty("open_mode", String.valueOf(readOnly ? 0x41 : 0x46)); // READONLY|URI or RW|CREATE|URI
        props.setProperty("busy_timeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
        return props;
    }

    private static Properties serverProperties(DbUrl url, boolean readOnly) {
        Properties props = url.jdbcProperties();
        if (url.engine() == Engine.POSTGRESQL) {
            cap(props, "connectTimeout", CONNECT_TIMEOUT_SECONDS);
            cap(props, "loginTimeout", CONNECT_TIMEOUT_SECONDS);
            props.setProperty("ApplicationName", props.getProperty("ApplicationName", "hub-upgrade-console"));
            if (readOnly) {
                props.setProperty("readOnly", "true");
                props.setProperty("readOnlyMode", "always");
            }
        } else {
            cap(props, "connectTimeout", CONNECT_TIMEOUT_SECONDS * 1000);
        }
        return props;
    }

    private static void cap(Properties props, String key, int max) {
        String value = props.getProperty(key);
        int current;
        try {
            current = value == null ? 0 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            current = 0;
        }
        props.setProperty(key, String.valueOf(current <= 0 ? max : Math.min(current, max)));
    }

    /**
     * Connects through the engine's own driver: a hub database URL never goes to another driver, and a headless
     * command does not load and register every driver on the class path (as {@link DriverManager} does first).
     */
    private static Connection connect(DbUrl url, String jdbcUrl, Properties props) {
        try {
            if (url.engine() == Engine.SQLITE) {
                SqliteNativeLibrary.prepare();
            }
            Connection c = driver(url.engine()).connect(jdbcUrl, props);
            if (c == null) {
                return DriverManager.getConnection(jdbcUrl, props);
            }
            return c;
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
    }

    /** The engine's driver: one instance for every connection ({@link Drivers}). */
    static java.sql.Driver driver(Engine engine) {
        return switch (engine) {
            case SQLITE -> Drivers.Sqlite.DRIVER;
            case POSTGRESQL -> Drivers.Postgres.DRIVER;
            case MYSQL -> Drivers.Mariadb.DRIVER;
        };
    }

    /**
     * One instance of each driver, made when its engine is first used: a driver reads its defaults when made (pgjdbc
     * looks for its properties file in every jar on the class path), so a copy's many connections share one.
     */
    private static final class Drivers {
        private static final class Sqlite {
            static final java.sql.Driver DRIVER = new org.sqlite.JDBC();
        }

        private static final class Postgres {
            static final java.sql.Driver DRIVER = new org.postgresql.Driver();
        }

        private static final class Mariadb {
            static final java.sql.Driver DRIVER = new org.mariadb.jdbc.Driver();
        }
    }

    private static DatabaseUnavailableException unavailable(DbUrl url, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = url.engine() == Engine.SQLITE ? "the SQLite database " + url.sqliteFile()
                : url.engine().label() + " at " + url.host() + ":" + url.port() + " (database " + url.database()
                        + (url.username() == null ? "" : ", user " + url.username()) + ")";
        if (url.engine() == Engine.SQLITE) {
            return new DatabaseUnavailableException(Reason.UNREADABLE_FILE, "Cannot open " + where + ": "
                    + oneLine(e) + ". Check the path and the file's permissions.", e);
        }
        if (state.startsWith("28") || state.equals("42000") && e.getErrorCode() == 1044 || e.getErrorCode() == 1045
                || state.equals("3D000") || e.getErrorCode() == 1049) {
            return new DatabaseUnavailableException(Reason.UNAUTHORISED, "The server refused " + where + ": "
                    + oneLine(e) + ". Check the user, password and database name in the database URL.", e);
        }
        if (state.startsWith("08") || e.getCause() instanceof java.io.IOException) {
            return new DatabaseUnavailableException(Reason.UNREACHABLE, "Cannot reach " + where + ": " + oneLine(e)
                    + ". Check that the server runs and the host and port are right.", e);
        }
        return new DatabaseUnavailableException(Reason.OTHER, "Cannot open " + where + ": " + oneLine(e) + ".", e);
    }

    private static String oneLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = DatabaseUnavailableException.oneLine(message);
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing; the first error is the one reported
        }
    }
}
