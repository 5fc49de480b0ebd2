package dev.hubconsole.lifecycle;

import java.util.Objects;

/**
 * A running (or starting/stopping) single-user server as the hub's REST API lists it.
 *
 * @param user       the user's name
 * @param serverName the server's name; {@code ""} for the user's default server, else a named server
 * @param url        the server's path on the hub, e.g. {@code /user/alice/}; may be empty when not reported
 * @param ready      whether the server is up and ready
 * @param pending    {@code "spawn"}, {@code "stop"} or {@code null} when nothing is pending
 */
public record ActiveServer(String user, String serverName, String url, boolean ready, String pending) {

    public ActiveServer {
        Objects.requireNonNull(user, "user");
        serverName = serverName == null ? "" : serverName;
        url = url == null ? "" : url;
    }

    /** Whether this is the user's default (unnamed) server. */
    public boolean isDefault() {
        return serverName.isEmpty();
    }

    /** {@code alice} for a default server, {@code alice/gpu} for a named one. */
    public String label() {
        return isDefault() ? user : user + "/" + serverName;
    }
}
