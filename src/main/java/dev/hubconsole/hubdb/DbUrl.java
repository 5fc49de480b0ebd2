package dev.hubconsole.hubdb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JupyterHub database URL, parsed from the SQLAlchemy form admins write as {@code c.JupyterHub.db_url} or from a
 * JDBC URL, and turned into what the JDBC drivers need.
 *
 * <p>{@code jdbcUrl} never holds credentials: they are in {@code username} and {@code password}, and
 * {@link #jdbcProperties()} hands them to the driver. {@code params} are the query parameters exactly as written
 * (decoded); {@link #jdbcProperties()} maps those with a JDBC equivalent and {@link #notes()} reports the rest.
 * MySQL URLs are opened with the MariaDB driver. {@link #toString()} and {@link #display()} mask the password.
 *
 * @param engine     the engine
 * @param original   the URL as given (contains the password: never log it, use {@link #display()})
 * @param jdbcUrl    the JDBC URL without credentials or parameters
 * @param username   the user, or {@code null} when the URL names none (always {@code null} for SQLite)
 * @param password   the password, or {@code null} when the URL has none
 * @param sqliteFile the absolute SQLite file for {@link Engine#SQLITE}, otherwise {@code null}
 * @param params     the query parameters as written, in order
 */
public record DbUrl(Engine engine, String original, String jdbcUrl, String username, String password, Path sqliteFile,
        Map<String, String> params) {

    private static final String MASK = "***";
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+._-]*)://(.*)$", Pattern.DOTALL);
    /** The authority/path/query grammar of SQLAlchemy's own URL parser. */
    private static final Pattern REST = Pattern.compile(
            "^(?:(?<user>[^:/]*)(?::(?<pw>[^@]*))?@)?"
            + "(?:(?:\\[(?<ipv6>[^/?\\]]+)\\]|(?<host>[^/:?\\[\\]]+))?(?::(?<port>[^/?]*))?)?"
            + "(?:/(?<db>[^?]*))?(?:\\?(?<query>.*))?$", Pattern.DOTALL);
    private static final Pattern SERVER_JDBC = Pattern.compile(
            "^jdbc:(postgresql|mariadb)://(\\[[^\\]]+\\]|[^:/\\[\\]]+):(\\d+)/(.*)$");
    private static final Set<String> SECRET_PARAMS = Set.of("password", "passwd", "sslpassword");
    private static final Set<String> UTF8_CHARSETS = Set.of("utf8mb4", "utf8", "utf8mb3");

    /** Checks the invariants and freezes {@code params}. */
    public DbUrl {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if ((engine == Engine.SQLITE) != (sqliteFile != null)) {
            throw new IllegalArgumentException("sqliteFile is required for SQLite and only for SQLite");
        }
        if (sqliteFile != null && !sqliteFile.isAbsolute()) {
            throw new IllegalArgumentException("sqliteFile must be absolute: " + sqliteFile);
        }
        if (engine != Engine.SQLITE && (jdbcUrl.contains("?") || jdbcUrl.contains("@"))) {
            throw new IllegalArgumentException("jdbcUrl must carry neither credentials nor parameters");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
    }

    /**
     * Parses a SQLAlchemy URL ({@code sqlite:///jupyterhub.sqlite}, {@code postgresql+psycopg2://u:p@host/db},
     * {@code mysql+pymysql://u:p@host/db?charset=utf8mb4}, {@code mariadb+…://}, {@code postgres://}) or a JDBC URL
     * ({@code jdbc:sqlite:}, {@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code jdbc:mysql:}).
     *
     * @param raw     the URL
     * @param workDir the hub's working directory, against which relative SQLite paths are resolved
     * @throws InvalidDbUrlException when the URL cannot be used; the message names the problem and the fix
     */
    public static DbUrl parse(String raw, Path workDir) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidDbUrlException("The database URL is empty: set c.JupyterHub.db_url, for example "
                    + "sqlite:///jupyterhub.sqlite or postgresql://user:password@host:5432/jupyterhub.");
        }
        String url = raw.strip();
        if (url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return parseJdbc(url, workDir);
        }
        Matcher m = SCHEME.matcher(url);
        if (!m.matches()) {
            throw new InvalidDbUrlException("The database URL has no scheme://: write it as SQLAlchemy does, for "
                    + "example sqlite:///jupyterhub.sqlite or postgresql://user:password@host:5432/jupyterhub.");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        String dialect = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
        String driver = scheme.contains("+") ? scheme.substring(scheme.indexOf('+') + 1) : "";
        Matcher r = REST.matcher(m.group(2));
        if (!r.matches()) {
            throw new InvalidDbUrlException("The database URL (" + scheme + "://…) cannot be parsed: percent-encode "
                    + "@, : and / in the user name and password (%40, %3A, %2F).");
        }
        Map<String, String> params = parseQuery(r.group("query"), scheme);
        return switch (dialect) {
            case "sqlite" -> sqliteFromSqlalchemy(url, scheme, driver, r, params, workDir);
            case "postgresql", "postgres" -> server(Engine.POSTGRESQL, url, scheme, r, params, 5432);
            case "mysql", "mariadb" -> server(Engine.MYSQL, url, scheme, r, params, 3306);
            default -> throw new InvalidDbUrlException("Unsupported database scheme '" + scheme + "': JupyterHub "
                    + "databases on SQLite (sqlite:///…), PostgreSQL (postgresql://…) or MySQL/MariaDB "
                    + "(mysql+pymysql://…) are supported.");
        };
    }

    private static DbUrl sqliteFromSqlalchemy(String url, String scheme, String driver, Matcher r,
            Map<String, String> params, Path workDir) {
        if (driver.equals("pysqlcipher")) {
            throw new InvalidDbUrlException("SQLCipher-encrypted SQLite (sqlite+pysqlcipher://) cannot be read: "
                    + "decrypt the database to a plain SQLite file first.");
        }
        if (r.group("user") != null || r.group("host") != null || r.group("ipv6") != null
                || r.group("port") != null) {
            throw new InvalidDbUrlException("A SQLite URL has no user or host: write sqlite:///relative/path.sqlite "
                    + "or sqlite:////absolute/path.sqlite (three or four slashes).");
        }
        String db = r.group("db");
        if (db == null || db.isEmpty() || db.equals(":memory:")) {
            throw new InvalidDbUrlException("'" + scheme + "://" + (db == null ? "" : "/" + db) + "' is an in-memory "
                    + "SQLite database that vanishes with the hub: point c.JupyterHub.db_url at a file, for "
                    + "example sqlite:///jupyterhub.sqlite.");
        }
        return sqlite(url, db, params, workDir);
    }

    private static DbUrl sqlite(String url, String file, Map<String, String> params, Path workDir) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new InvalidDbUrlException("The SQLite path '" + file + "' is not a valid file name: "
                    + "fix the path in c.JupyterHub.db_url.");
        }
        if (!path.isAbsolute()) {
            if (workDir == null) {
                throw new InvalidDbUrlException("The SQLite path '" + file + "' is relative and the hub's working "
                        + "directory is unknown: give the working directory or use sqlite:////absolute/path.sqlite.");
            }
            path = workDir.toAbsolutePath().resolve(path);
        }
        path = path.normalize();
        return new DbUrl(Engine.SQLITE, url, "jdbc:sqlite:" + path, null, null, path, params);
    }

    private static DbUrl server(Engine engine, String url, String scheme, Matcher r, Map<String, String> params,
            int defaultPort) {
        String user = decode(r.group("user"));
        String password = decode(r.group("pw"));
        String host = r.group("ipv6") != null ? "[" + r.group("ipv6") + "]" : r.group("host");
        if (host == null || host.isEmpty()) {
            host = "localhost";
        }
        if (host.contains("@")) {
            throw new InvalidDbUrlException("The host in the database URL (" + scheme + "://…) contains @: "
                    + "percent-encode @ in the user name and password as %40.");
        }
        int port = port(r.group("port"), defaultPort, scheme);
        String db = decode(r.group("db"));
        if (db == null || db.isEmpty()) {
            throw new InvalidDbUrlException("The database URL (" + scheme + "://…" + host + ") names no database: "
                    + "add it after the host, for example " + scheme + "://user:password@" + host + ":" + port
                    + "/jupyterhub.");
        }
        if (user != null && user.isEmpty()) {
            user = null;
        }
        String prefix = engine == Engine.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://";
        return new DbUrl(engine, url, prefix + host + ":" + port + "/" + db, user, password, null, params);
    }

    private static int port(String text, int defaultPort, String scheme) {
        if (text == null || text.isEmpty()) {
            return defaultPort;
        }
        if (text.matches("\\d{1,5}")) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw new InvalidDbUrlException("The port in the database URL (" + scheme + "://…) is not a number from 1 to "
                + "65535: fix the port, and percent-encode @, : and / in the password (%40, %3A, %2F).");
    }

    private static DbUrl parseJdbc(String url, Path workDir) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            String rest = url.substring("jdbc:sqlite:".length());
            int q = rest.indexOf('?');
            Map<String, String> params = parseQuery(q < 0 ? null : rest.substring(q + 1), "jdbc:sqlite");
            String file = q < 0 ? rest : rest.substring(0, q);
            if (file.startsWith("file:")) {
                file = file.substring("file:".length());
                file = file.startsWith("//") ? file.substring(2) : file;
            }
            if (file.isEmpty() || file.equals(":memory:") || file.startsWith(":resource:")) {
                throw new InvalidDbUrlException("'jdbc:sqlite:" + file + "' is not a SQLite database file: point the "
                        + "URL at the hub's file, for example jdbc:sqlite:/srv/jupyterhub/jupyterhub.sqlite.");
            }
            return sqlite(url, decode(file), params, workDir);
        }
        Engine engine;
        int defaultPort;
        String rest;
        if (lower.startsWith("jdbc:postgresql:")) {
            engine = Engine.POSTGRESQL;
            defaultPort = 5432;
            rest = url.substring("jdbc:postgresql:".length());
        } else if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            engine = Engine.MYSQL;
            defaultPort = 3306;
            rest = url.substring(url.indexOf(':', 5) + 1);
        } else {
            String scheme = url.length() > 5 && url.indexOf(':', 5) > 0 ? url.substring(0, url.indexOf(':', 5))
                    : "jdbc";
            throw new InvalidDbUrlException("Unsupported JDBC URL '" + scheme + ":…': use jdbc:sqlite:, "
                    + "jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:, or the hub's own SQLAlchemy URL.");
        }
        String scheme = url.substring(0, url.length() - rest.length() - 1);
        if (!rest.startsWith("//")) {
            if (engine == Engine.POSTGRESQL && !rest.isEmpty() && !rest.startsWith("/")) {
                rest = "//localhost/" + rest;
            } else {
                throw new InvalidDbUrlException("The JDBC URL '" + scheme + ":…' is not of the form " + scheme
                        + "://host:port/database: write the host, port and database that way.");
            }
        }
        Matcher r = REST.matcher(rest.substring(2));
        if (!r.matches() || r.group("user") != null || rest.substring(2).split("[/?]", 2)[0].contains(",")) {
            throw new InvalidDbUrlException("The JDBC URL '" + scheme + "://…' must name exactly one host as "
                    + scheme + "://host:port/database?user=…&password=…: rewrite it that way.");
        }
        Map<String, String> params = parseQuery(r.group("query"), scheme);
        String user = params.remove("user");
        String password = params.remove("password");
        String host = r.group("ipv6") != null ? "[" + r.group("ipv6") + "]" : r.group("host");
        if (host == null || host.isEmpty()) {
            host = "localhost";
        }
        int port = port(r.group("port"), defaultPort, scheme);
        String db = r.group("db");
        if (db == null || db.isEmpty()) {
            throw new InvalidDbUrlException("The JDBC URL '" + scheme + "://" + host + "' names no database: add it "
                    + "after the host, for example " + scheme + "://" + host + ":" + port + "/jupyterhub.");
        }
        String prefix = engine == Engine.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mariadb://";
        return new DbUrl(engine, url, prefix + host + ":" + port + "/" + db, user, password, null, params);
    }

    private static Map<String, String> parseQuery(String query, String scheme) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.put(URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new InvalidDbUrlException("A query parameter of the database URL (" + scheme + "://…?…) has a "
                        + "broken percent-escape: write % as %25.");
            }
        }
        return params;
    }

    /** Percent-decoding as Python's {@code urllib.parse.unquote}: {@code +} stays a plus. */
    private static String decode(String text) {
        if (text == null) {
            return null;
        }
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidDbUrlException("The user name, password or database in the database URL has a broken "
                    + "percent-escape: write % as %25.");
        }
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Whether the URL was given in JDBC form rather than JupyterHub's SQLAlchemy form. */
    public boolean jdbcForm() {
        return original.regionMatches(true, 0, "jdbc:", 0, 5);
    }

    /** Whether the URL says the server is MariaDB ({@code mariadb+…://} or {@code jdbc:mariadb:}). */
    public boolean mariaDb() {
        return engine == Engine.MYSQL && original.regionMatches(true, jdbcForm() ? 5 : 0, "mariadb", 0, 7);
    }

    /** The server's host ({@code [..]} around IPv6 addresses), or empty for SQLite. */
    public String host() {
        return server().map(m -> m.group(2)).orElse("");
    }

    /** The server's port, or 0 for SQLite. */
    public int port() {
        return server().map(m -> Integer.parseInt(m.group(3))).orElse(0);
    }

    /** The database name on the server, or the file name for SQLite. */
    public String database() {
        return engine == Engine.SQLITE ? sqliteFile.getFileName().toString() : server().map(m -> m.group(4)).orElse("");
    }

    private java.util.Optional<Matcher> server() {
        Matcher m = SERVER_JDBC.matcher(jdbcUrl);
        return m.matches() ? java.util.Optional.of(m) : java.util.Optional.empty();
    }

    /**
     * The connection properties for the JDBC driver: user, password and every parameter with a JDBC equivalent
     * (JDBC-form URLs: all their parameters). Contains the password: never log it.
     */
    public Properties jdbcProperties() {
        Properties props = new Properties();
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        if (jdbcForm()) {
            params.forEach(props::setProperty);
            return props;
        }
        params.forEach((key, value) -> {
            String jdbcKey = jdbcEquivalent(key, value);
            if (jdbcKey != null && !jdbcKey.isEmpty() && !props.containsKey(jdbcKey)) {
                props.setProperty(jdbcKey, jdbcValue(key, value));
            }
        });
        return props;
    }

    /**
     * What the console cannot honour exactly as the hub would: parameters without a JDBC equivalent and a missing
     * host (libpq would use the local Unix socket; JDBC connects to localhost over TCP). One line each.
     */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (!jdbcForm()) {
            params.forEach((key, value) -> {
                if (jdbcEquivalent(key, value) == null) {
                    notes.add("Parameter '" + key + "' has no JDBC equivalent and is ignored when the console "
                            + "connects.");
                }
            });
            if (engine != Engine.SQLITE && originalNamesNoHost()) {
                notes.add("The URL names no host: the hub may use the local Unix socket, the console connects to "
                        + "localhost over TCP.");
            }
        } else {
            params.keySet().stream().filter(k -> sqlalchemyEquivalent(k) == null).forEach(k -> notes.add(
                    "JDBC property '" + k + "' has no SQLAlchemy equivalent and is left out of sqlalchemyUrl()."));
        }
        return List.copyOf(notes);
    }

    private boolean originalNamesNoHost() {
        Matcher m = SCHEME.matcher(original);
        Matcher r = m.matches() ? REST.matcher(m.group(2)) : null;
        return r != null && r.matches() && r.group("host") == null && r.group("ipv6") == null;
    }

    /** The JDBC property for a SQLAlchemy/DB-API parameter; "" when the driver needs none; null when none exists. */
    private String jdbcEquivalent(String key, String value) {
        return switch (engine) {
            case SQLITE -> null;
            case POSTGRESQL -> switch (key) {
                case "user", "password" -> key;
                case "sslmode", "sslrootcert", "sslcert", "sslkey", "options", "connect_timeout" ->
                        key.equals("connect_timeout") ? "connectTimeout" : key;
                case "application_name" -> "ApplicationName";
                case "client_encoding" -> value.equalsIgnoreCase("utf8") || value.equalsIgnoreCase("utf-8") ? "" : null;
                default -> null;
            };
            case MYSQL -> switch (key) {
                case "user", "password" -> key;
                case "charset" -> UTF8_CHARSETS.contains(value.toLowerCase(Locale.ROOT)) ? "" : null;
                case "ssl_ca" -> "serverSslCert";
                case "ssl_mode" -> "sslMode";
                case "connect_timeout" -> "connectTimeout";
                case "read_timeout" -> "socketTimeout";
                case "unix_socket" -> "localSocket";
                default -> null;
            };
        };
    }

    private String jdbcValue(String key, String value) {
        return switch (key) {
            case "connect_timeout" -> engine == Engine.MYSQL ? seconds(value) * 1000 + "" : seconds(value) + "";
            case "read_timeout" -> seconds(value) * 1000 + "";
            case "ssl_mode" -> switch (value.toUpperCase(Locale.ROOT)) {
                case "DISABLED" -> "disable";
                case "VERIFY_CA" -> "verify-ca";
                case "VERIFY_IDENTITY" -> "verify-full";
                default -> "trust";
            };
            default -> value;
        };
    }

    private static long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidDbUrlException("The timeout parameter '" + value + "' is not a whole number of seconds: "
                    + "fix it in the database URL.");
        }
    }

    private String sqlalchemyEquivalent(String jdbcKey) {
        return switch (engine) {
            case POSTGRESQL -> switch (jdbcKey) {
                case "sslmode", "sslrootcert", "sslcert", "sslkey", "options" -> jdbcKey;
                case "ApplicationName" -> "application_name";
                default -> null;
            };
            case MYSQL -> switch (jdbcKey) {
                case "serverSslCert" -> "ssl_ca";
                case "localSocket" -> "unix_socket";
                default -> null;
            };
            case SQLITE -> null;
        };
    }

    /**
     * The URL in JupyterHub's SQLAlchemy form, for {@code c.JupyterHub.db_url = …}. SQLite paths are written
     * absolute; {@code postgres://} becomes {@code postgresql://} (SQLAlchemy 1.4+ refuses the old alias); a JDBC
     * MySQL/MariaDB URL becomes {@code mysql+pymysql://…?charset=utf8mb4}. Contains the password.
     */
    public String sqlalchemyUrl() {
        return render(false);
    }

    /** {@link #sqlalchemyUrl()} with the password replaced by {@code ***}: safe to show and log. */
    public String display() {
        return render(true);
    }

    private String render(boolean masked) {
        Map<String, String> query = new LinkedHashMap<>();
        String scheme;
        if (jdbcForm()) {
            scheme = switch (engine) {
                case SQLITE -> "sqlite";
                case POSTGRESQL -> "postgresql";
                case MYSQL -> "mysql+pymysql";
            };
            params.forEach((k, v) -> {
                String key = sqlalchemyEquivalent(k);
                if (key != null) {
                    query.put(key, v);
                }
            });
            if (engine == Engine.MYSQL) {
                query.putIfAbsent("charset", "utf8mb4");
            }
        } else {
            scheme = original.substring(0, original.indexOf("://")).toLowerCase(Locale.ROOT);
            if (scheme.equals("postgres") || scheme.startsWith("postgres+")) {
                scheme = "postgresql" + scheme.substring("postgres".length());
            }
            query.putAll(params);
        }
        StringBuilder out = new StringBuilder(scheme).append("://");
        if (engine == Engine.SQLITE) {
            out.append('/').append(sqliteFile);
        } else {
            if (username != null) {
                out.append(encode(username));
                if (password != null) {
                    out.append(':').append(masked ? MASK : encode(password));
                }
                out.append('@');
            }
            out.append(host()).append(':').append(port()).append('/').append(encode(database()));
        }
        String sep = "?";
        for (Map.Entry<String, String> e : query.entrySet()) {
            boolean secret = SECRET_PARAMS.contains(e.getKey().toLowerCase(Locale.ROOT));
            out.append(sep).append(encode(e.getKey())).append('=')
                    .append(secret && masked ? MASK : encode(e.getValue()));
            sep = "&";
        }
        return out.toString();
    }

    /** Masks the password (and password-like parameters). */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        params.forEach((k, v) -> shown.put(k, SECRET_PARAMS.contains(k.toLowerCase(Locale.ROOT)) ? MASK : v));
        return "DbUrl[engine=" + engine + ", url=" + display() + ", jdbcUrl=" + jdbcUrl + ", username=" + username
                + ", password=" + (password == null ? "null" : MASK) + ", sqliteFile=" + sqliteFile
                + ", params=" + shown + "]";
    }
}
