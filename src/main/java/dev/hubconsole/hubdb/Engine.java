package dev.hubconsole.hubdb;

/**
 * The database engines a JupyterHub database can live on. {@link #MYSQL} covers MySQL and MariaDB alike (both are
 * opened with the MariaDB driver); {@link DbUrl#mariaDb()} tells MariaDB apart where the URL says so.
 */
public enum Engine {
    SQLITE("SQLite"),
    POSTGRESQL("PostgreSQL"),
    MYSQL("MySQL/MariaDB");

    private final String label;

    Engine(String label) {
        this.label = label;
    }

    /** The name shown to an administrator. */
    public String label() {
        return label;
    }
}
