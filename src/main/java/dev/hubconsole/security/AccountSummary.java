package dev.hubconsole.security;

/**
 * An account as pages show it.
 *
 * @param username           login name
 * @param role               ADMIN or VIEWER
 * @param mustChangePassword whether the next login must change the password
 */
public record AccountSummary(String username, Role role, boolean mustChangePassword) {
}
