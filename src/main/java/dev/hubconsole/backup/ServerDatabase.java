package dev.hubconsole.backup;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A hub database on a PostgreSQL or MariaDB/MySQL server, as plain values.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host[:port]/db[?…]}, {@code jdbc:mariadb://…} or {@code jdbc:mysql://…};
 *                 {@code user}/{@code password} query parameters are used when the fields are null
 * @param user     the user to connect as, or null to take it from the URL
 * @param password the password, or null for none or the URL's; never shown by {@link #toString()}
 */
public record ServerDatabase(String jdbcUrl, String user, String password) {

    /** Engine name of PostgreSQL in manifests. */
    public static final String POSTGRESQL = "postgresql";
    /** Engine name of MariaDB and MySQL in manifests. */
    public static final String MARIADB = "mariadb";

    public ServerDatabase {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:postgresql://") || jdbcUrl.startsWith("jdbc:mariadb://")
                || jdbcUrl.startsWith("jdbc:mysql://"))) {
            throw new IllegalArgumentException("Database URL must start with jdbc:postgresql://, jdbc:mariadb:// or"
                    + " jdbc:mysql://: give the hub database's JDBC URL.");
        }
        URI uri = parse(jdbcUrl);
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2
                || uri.getPath().indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("Database URL " + redact(jdbcUrl) + " must name a host and one"
                    + " database (jdbc:postgresql://host:5432/jupyterhub).");
        }
    }

    /** A database named only by its URL (user and password as URL parameters, or none). */
    public static ServerDatabase of(String jdbcUrl) {
        return new ServerDatabase(jdbcUrl, null, null);
    }

    /** {@link #POSTGRESQL} or {@link #MARIADB}. */
    public String engine() {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : MARIADB;
    }

    public String host() {
        return parse(jdbcUrl).getHost();
    }

    public int port() {
        int port = parse(jdbcUrl).getPort();
        return port > 0 ? port : POSTGRESQL.equals(engine()) ? 5432 : 3306;
    }

    public String databaseName() {
        return URLDecoder.decode(parse(jdbcUrl).getPath().substring(1), StandardCharsets.UTF_8);
    }

    /** The user in effect: the field, else the URL's {@code user} parameter, else null. */
    public String effectiveUser() {
        return user != null ? user : parameters().get("user");
    }

    /** The password in effect: the field, else the URL's {@code password} parameter, else null. */
    String effectivePassword() {
        return password != null ? password : parameters().get("password");
    }

    /** The URL without its parameters, safe to show and record. */
    public String describe() {
        return redact(jdbcUrl) + (effectiveUser() == null ? "" : " as " + effectiveUser());
    }

    /** The same server, user and parameters, selecting the database {@code name} instead. */
    ServerDatabase withDatabase(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("Database name '" + name + "' must be 1-63 letters, digits or _.");
        }
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        int slash = base.indexOf('/', base.indexOf("//") + 2);
        return new ServerDatabase(base.substring(0, slash + 1) + name + (query < 0 ? "" : jdbcUrl.substring(query)),
                user, password);
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    @Override
    public String toString() {
        return "ServerDatabase[" + describe() + (effectivePassword() == null ? "" : ", password ****") + "]";
    }

    private Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = parse(jdbcUrl).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    private static URI parse(String jdbcUrl) {
        try {
            return new URI(jdbcUrl.substring("jdbc:".length()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Database URL " + redact(jdbcUrl) + " is not a valid URL ("
                    + e.getReason() + "): check it.");
        }
    }

    private static String redact(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        int at = base.indexOf('@');
        return at < 0 ? base : "jdbc:" + base.substring(5, base.indexOf("//") + 2) + base.substring(at + 1);
    }
}
