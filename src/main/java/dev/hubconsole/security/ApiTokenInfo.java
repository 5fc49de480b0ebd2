package dev.hubconsole.security;

/**
 * A personal API token's public facts; the token itself is shown once at creation and never stored.
 *
 * @param id         database id
 * @param name       what the owner called it
 * @param prefix     the first characters, to recognise it
 * @param createdAt  ISO-8601 creation time
 * @param lastUsedAt ISO-8601 time of last use, or null
 */
public record ApiTokenInfo(long id, String name, String prefix, String createdAt, String lastUsedAt) {
}
