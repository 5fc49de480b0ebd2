package dev.hubconsole.hubdb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What deleting the database and letting JupyterHub start fresh would lose, as numbers: what lives only in the
 * database and is not recreated from {@code jupyterhub_config.py}.
 *
 * @param configRead              whether a configuration was read (without one every user and group counts as
 *                                not from the configuration)
 * @param users                   users in the database
 * @param usersNotFromConfig      users the configuration does not name (added through the UI/API or by logging in)
 * @param userExamples            a few of them
 * @param groups                  groups in the database
 * @param groupsNotFromConfig     groups not in {@code load_groups}
 * @param groupExamples           a few of them
 * @param apiTokens               API tokens (and, before 2.0, OAuth access tokens) in the database
 * @param tokensByOwner           tokens by owner kind: {@code user}, {@code service}, {@code none}
 * @param tokensByExpiry          tokens by expiry: {@code expired}, {@code expiresLater}, {@code neverExpires}
 * @param runningServers          servers the hub believes running (their processes or containers would be orphaned)
 * @param namedServers            named servers (running or not)
 * @param spawnerStates           servers whose spawner state is not empty (it may name volumes, containers, pods)
 * @param spawnerStateExamples    a few of them: user, server and the state's keys (never its values)
 * @param oauthClients            OAuth clients
 * @param oauthClientsNotRecreated OAuth clients that are neither the hub's own, nor a server's, nor a service's
 * @param oauthClientExamples     a few of their ids
 * @param roleAssignments         rows per role map table ({@code user_role_map}, …)
 * @param customRoleAssignments   assignments of roles other than JupyterHub's defaults (user, admin, server, token)
 * @param safeToStartFresh        the conclusion
 * @param reasons                 why (one line each; when safe, why nothing is lost)
 */
public record DeleteImpact(boolean configRead, long users, long usersNotFromConfig, List<String> userExamples,
        long groups, long groupsNotFromConfig, List<String> groupExamples, long apiTokens,
        Map<String, Long> tokensByOwner, Map<String, Long> tokensByExpiry, long runningServers, long namedServers,
        long spawnerStates, List<String> spawnerStateExamples, long oauthClients, long oauthClientsNotRecreated,
        List<String> oauthClientExamples, Map<String, Long> roleAssignments, long customRoleAssignments,
        boolean safeToStartFresh, List<String> reasons) {

    /** Checks the invariants and freezes the collections. */
    public DeleteImpact {
        userExamples = List.copyOf(userExamples);
        groupExamples = List.copyOf(groupExamples);
        tokensByOwner = frozen(tokensByOwner);
        tokensByExpiry = frozen(tokensByExpiry);
        spawnerStateExamples = List.copyOf(spawnerStateExamples);
        oauthClientExamples = List.copyOf(oauthClientExamples);
        roleAssignments = frozen(roleAssignments);
        reasons = List.copyOf(reasons);
        if (usersNotFromConfig > users || groupsNotFromConfig > groups || oauthClientsNotRecreated > oauthClients) {
            throw new IllegalArgumentException("a part cannot exceed its total");
        }
    }

    private static Map<String, Long> frozen(Map<String, Long> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(map)));
    }

    /** The stable JSON form (see {@link Inspection#toMap()}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("safeToStartFresh", safeToStartFresh);
        m.put("reasons", reasons);
        m.put("configRead", configRead);
        m.put("users", Map.of("total", users, "notFromConfig", usersNotFromConfig, "examples", userExamples));
        m.put("groups", Map.of("total", groups, "notFromConfig", groupsNotFromConfig, "examples", groupExamples));
        m.put("apiTokens", Map.of("total", apiTokens, "byOwner", tokensByOwner, "byExpiry", tokensByExpiry));
        m.put("servers", Map.of("running", runningServers, "named", namedServers));
        m.put("spawnerStates", Map.of("nonEmpty", spawnerStates, "examples", spawnerStateExamples));
        m.put("oauthClients", Map.of("total", oauthClients, "notRecreated", oauthClientsNotRecreated,
                "examples", oauthClientExamples));
        m.put("roleAssignments", Map.of("byTable", roleAssignments, "customRoles", customRoleAssignments));
        return sorted(m);
    }

    private static Map<String, Object> sorted(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> inner && !(v instanceof LinkedHashMap<?, ?>)
                ? new java.util.TreeMap<>(inner) : v));
        return out;
    }
}
