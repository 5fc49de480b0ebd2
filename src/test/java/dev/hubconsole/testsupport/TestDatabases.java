package dev.hubconsole.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The real database servers the tests run against. URLs come from the environment
 * ({@code HUBCONSOLE_TEST_PG_URL}, {@code HUBCONSOLE_TEST_MARIADB_URL}); the defaults are the local servers that
 * {@code .ci/run} starts. A server that cannot be reached fails the test under {@code CI=true} and skips it
 * (with the reason) on a developer's machine: it never passes silently.
 */
public final class TestDatabases {

    /** A server-level JDBC URL (no database selected) for the local PostgreSQL. */
    public static final String PG_SERVER_URL = env("HUBCONSOLE_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    /** A server-level JDBC URL (no database selected) for the local MariaDB. */
    public static final String MARIADB_SERVER_URL = env("HUBCONSOLE_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/?user=root");

    private TestDatabases() {
    }

    /** A fresh, empty PostgreSQL database; dropped by {@link Scratch#close()}. */
    public static Scratch postgres() {
        String name = scratchName();
        execute(PG_SERVER_URL, "CREATE DATABASE " + name);
        String url = PG_SERVER_URL.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
        return new Scratch(name, url, PG_SERVER_URL, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** A fresh, empty MariaDB database (utf8mb4); dropped by {@link Scratch#close()}. */
    public static Scratch mariadb() {
        String name = scratchName();
        execute(MARIADB_SERVER_URL, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        String url = MARIADB_SERVER_URL.replaceFirst("/(\\?|$)", "/" + name + "$1");
        return new Scratch(name, url, MARIADB_SERVER_URL, "DROP DATABASE IF EXISTS " + name);
    }

    /** Fails (CI) or skips (developer machine) unless the server behind {@code serverUrl} answers. */
    public static void requireReachable(String serverUrl) {
        try (Connection c = DriverManager.getConnection(serverUrl)) {
            c.isValid(5);
        } catch (SQLException e) {
            unavailable("database server " + serverUrl + " is not reachable: " + e.getMessage());
        }
    }

    /** Fails under CI=true, otherwise aborts the test as skipped; never returns normally. */
    public static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("Required test component missing under CI=true: " + reason);
        }
        Assumptions.abort(reason);
    }

    private static void execute(String serverUrl, String sql) {
        requireReachable(serverUrl);
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String scratchName() {
        return "hc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A scratch database: its name and a JDBC URL that selects it. */
    public record Scratch(String name, String jdbcUrl, String serverUrl, String dropSql) implements AutoCloseable {
        @Override
        public void close() {
            execute(serverUrl, dropSql);
        }
    }
}
