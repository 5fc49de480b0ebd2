package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts what only the database holds ({@link DeleteImpact}) with SQL aggregates; names are streamed and compared
 * with the configuration's, and only a bounded number of examples is kept.
 */
final class DeleteImpactCounter {

    private static final Set<String> DEFAULT_ROLES = Set.of("user", "admin", "server", "token");
    private static final int EXAMPLES = HealthFinding.MAX_EXAMPLES;
    /** Up to this many configured names are compared in SQL; more are compared while streaming the names. */
    private static final int IN_LIST = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Connection c;
    private final Engine engine;
    private final Map<String, TableDef> live = new LinkedHashMap<>();
    private final ConfigIdentities config;
    private final boolean configRead;

    DeleteImpactCounter(Connection c, Engine engine, List<TableDef> liveTables, ConfigIdentities config,
            boolean configRead) {
        this.c = c;
        this.engine = engine;
        liveTables.forEach(t -> live.put(t.name(), t));
        this.config = config;
        this.configRead = configRead;
    }

    DeleteImpact count(LocalDateTime nowUtc) throws SQLException {
        long users = count("users", null);
        List<String> userExamples = new ArrayList<>();
        long usersNotFromConfig = notIn("users", config.users(), userExamples);
        long groups = count("groups", null);
        List<String> groupExamples = new ArrayList<>();
        long groupsNotFromConfig = notIn("groups", config.groups(), groupExamples);

        Map<String, Long> byOwner = new LinkedHashMap<>();
        Map<String, Long> byExpiry = new LinkedHashMap<>();
        for (String k : List.of("user", "service", "none")) {
            byOwner.put(k, 0L);
        }
        for (String k : List.of("expired", "expiresLater", "neverExpires")) {
            byExpiry.put(k, 0L);
        }
        long liveUserTokens = 0;
        long apiTokens = 0;
        for (String table : List.of("api_tokens", "oauth_access_tokens")) {
            TableDef t = live.get(table);
            if (t == null) {
                continue;
            }
            String owner = t.column("service_id").isPresent()
                    ? "CASE WHEN user_id IS NOT NULL THEN 'user' WHEN service_id IS NOT NULL THEN 'service' "
                            + "ELSE 'none' END"
                    : "CASE WHEN user_id IS NOT NULL THEN 'user' ELSE 'none' END";
            boolean datetimeExpiry = t.column("expires_at").filter(col -> col.type().equals("DATETIME")).isPresent();
            boolean unixExpiry = t.column("expires_at").filter(col -> !col.type().equals("DATETIME")).isPresent();
            String expiry = datetimeExpiry || unixExpiry ? "CASE WHEN expires_at IS NULL THEN 'neverExpires' "
                    + "WHEN expires_at < ? THEN 'expired' ELSE 'expiresLater' END" : "'neverExpires'";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + owner + ", " + expiry + ", COUNT(*) FROM "
                    + q(table) + " GROUP BY 1, 2")) {
                if (datetimeExpiry || unixExpiry) {
                    bindNow(ps, 1, nowUtc, unixExpiry);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(3);
                        byOwner.merge(rs.getString(1), n, Long::sum);
                        byExpiry.merge(rs.getString(2), n, Long::sum);
                        apiTokens += n;
                        if (!"expired".equals(rs.getString(2)) && "user".equals(rs.getString(1))) {
                            liveUserTokens += n;
                        }
                    }
                }
            }
        }

        long running = live.containsKey("spawners") && live.get("spawners").column("server_id").isPresent()
                ? count("spawners", "server_id IS NOT NULL") : 0;
        long named = live.containsKey("spawners") && live.get("spawners").column("name").isPresent()
                ? count("spawners", "name IS NOT NULL AND name <> ''") : 0;
        List<String> stateExamples = new ArrayList<>();
        long states = spawnerStates(stateExamples);

        long clients = count("oauth_clients", null);
        List<String> clientExamples = new ArrayList<>();
        long clientsNotRecreated = 0;
        if (live.containsKey("oauth_clients") && live.get("oauth_clients").column("identifier").isPresent()) {
            String other = "identifier <> 'jupyterhub' AND identifier NOT LIKE 'jupyterhub-user-%' "
                    + "AND identifier NOT LIKE 'service-%'";
            clientsNotRecreated = count("oauth_clients", other);
            examples("SELECT identifier FROM oauth_clients WHERE " + other + " ORDER BY identifier", clientExamples);
        }

        Map<String, Long> roleAssignments = new LinkedHashMap<>();
        long custom = 0;
        for (String map : List.of("user_role_map", "group_role_map", "service_role_map")) {
            if (!live.containsKey(map)) {
                continue;
            }
            roleAssignments.put(map, count(map, null));
            if (live.containsKey("roles") && live.get(map).column("role_id").isPresent()) {
                custom += count(map, "role_id IN (SELECT id FROM roles WHERE name NOT IN ('user', 'admin', "
                        + "'server', 'token'))");
            }
        }

        List<String> reasons = new ArrayList<>();
        if (!configRead && users + groups > 0) {
            reasons.add("No jupyterhub_config.py was read: every user and group counts as not from the configuration "
                    + "(give --config).");
        }
        if (usersNotFromConfig > 0) {
            reasons.add(usersNotFromConfig + " of " + users + " users are not named in the configuration: they "
                    + "would be gone, with their group memberships, roles and servers.");
        }
        if (groupsNotFromConfig > 0) {
            reasons.add(groupsNotFromConfig + " of " + groups + " groups are not in load_groups: gone with their "
                    + "members.");
        }
        if (liveUserTokens > 0) {
            reasons.add(liveUserTokens + " user API tokens have not expired: every person and script using them "
                    + "would need a new token (and every login session ends).");
        }
        if (running > 0) {
            reasons.add(running + " servers are running: the new hub would not know them, their processes or "
                    + "containers would be orphaned; stop them first.");
        }
        if (states > 0) {
            reasons.add(states + " servers have spawner state that may name external resources (volumes, "
                    + "containers, pods): those would be orphaned.");
        }
        if (clientsNotRecreated > 0) {
            reasons.add(clientsNotRecreated + " OAuth clients are not the hub's, a server's or a service's: "
                    + "applications registered with them stop working.");
        }
        if (custom > 0) {
            reasons.add(custom + " assignments of custom roles: those not in load_roles are lost.");
        }
        boolean safe = reasons.isEmpty();
        if (safe) {
            reasons.add("Everything in the database comes from the configuration or is recreated at start: only "
                    + "login sessions, expired tokens and activity times would be lost.");
        }
        return new DeleteImpact(configRead, users, usersNotFromConfig, userExamples, groups, groupsNotFromConfig,
                groupExamples, apiTokens, byOwner, byExpiry, running, named, states, stateExamples, clients,
                clientsNotRecreated, clientExamples, roleAssignments, custom, safe, reasons);
    }

    private long spawnerStates(List<String> examples) throws SQLException {
        TableDef spawners = live.get("spawners");
        if (spawners == null || spawners.column("state").isEmpty()) {
            return 0;
        }
        String nonEmpty = "state IS NOT NULL AND state NOT IN ('', '{}', 'null')";
        long n = count("spawners", nonEmpty);
        if (n == 0) {
            return 0;
        }
        boolean joinUsers = spawners.column("user_id").isPresent() && live.containsKey("users");
        String name = spawners.column("name").isPresent() ? "s.name" : "''";
        String sql = "SELECT " + (joinUsers ? "u.name" : "s.id") + ", " + name + ", s.state FROM spawners s "
                + (joinUsers ? "LEFT JOIN users u ON u.id = s.user_id " : "") + "WHERE s." + nonEmpty.replace(
                        " AND state", " AND s.state") + " ORDER BY s.id LIMIT " + EXAMPLES;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String server = rs.getString(2) == null || rs.getString(2).isEmpty() ? "default server"
                        : "server '" + rs.getString(2) + "'";
                examples.add(rs.getString(1) + " (" + server + "): " + keys(rs.getString(3)));
            }
        }
        return n;
    }

    private static String keys(String state) {
        try {
            JsonNode node = JSON.readTree(state);
            if (node.isObject()) {
                List<String> names = new ArrayList<>();
                Iterator<String> it = node.propertyNames().iterator();
                while (it.hasNext()) {
                    names.add(it.next());
                }
                return "keys " + names;
            }
            return "not a JSON object";
        } catch (RuntimeException e) {
            return "not valid JSON";
        }
    }

    private long notIn(String table, Set<String> names, List<String> examples) throws SQLException {
        TableDef t = live.get(table);
        if (t == null || t.column("name").isEmpty()) {
            return 0;
        }
        if (names.size() <= IN_LIST) {
            return notInSmall(table, names, examples);
        }
        long total = 0;
        long inConfig = 0;
        String sql = "SELECT name FROM " + q(table) + " ORDER BY id";
        try (Statement s = c.createStatement()) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    total++;
                    String name = rs.getString(1);
                    if (names.contains(name)) {
                        inConfig++;
                    } else if (examples.size() < EXAMPLES) {
                        examples.add(name);
                    }
                }
            }
        }
        return total - inConfig;
    }

    /** A configuration naming few users: counted through the unique name index instead of reading every name. */
    private long notInSmall(String table, Set<String> names, List<String> examples) throws SQLException {
        long total = count(table, null);
        if (names.isEmpty()) {
            examples("SELECT name FROM " + q(table) + " ORDER BY id", examples);
            return total;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
        List<String> list = List.copyOf(names);
        long inConfig;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + q(table) + " WHERE name IN (" + marks
                + ")")) {
            for (int k = 0; k < list.size(); k++) {
                ps.setString(k + 1, list.get(k));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                inConfig = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM " + q(table) + " WHERE name NOT IN (" + marks
                + ") ORDER BY id LIMIT " + EXAMPLES)) {
            for (int k = 0; k < list.size(); k++) {
                ps.setString(k + 1, list.get(k));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    examples.add(rs.getString(1));
                }
            }
        }
        return total - inConfig;
    }

    private void examples(String sql, List<String> examples) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql + " LIMIT " + EXAMPLES)) {
            while (rs.next()) {
                examples.add(rs.getString(1));
            }
        }
    }

    private long count(String table, String where) throws SQLException {
        if (!live.containsKey(table)) {
            return 0;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + q(table)
                + (where == null ? "" : " WHERE " + where))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void bindNow(PreparedStatement ps, int index, LocalDateTime nowUtc, boolean unix) throws SQLException {
        if (unix) {
            ps.setLong(index, nowUtc.toEpochSecond(ZoneOffset.UTC));
        } else if (engine == Engine.SQLITE) {
            ps.setString(index, nowUtc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")));
        } else {
            ps.setTimestamp(index, Timestamp.valueOf(nowUtc));
        }
    }

    private String q(String identifier) {
        return engine == Engine.MYSQL ? "`" + identifier + "`" : "\"" + identifier + "\"";
    }
}
