package dev.hubconsole.hub;

/**
 * A hub as lists show it, without secrets.
 *
 * @param id           database id
 * @param name         name
 * @param dbUrlDisplay database URL with password masked
 * @param publicUrl    where users reach it
 */
public record HubSummary(long id, String name, String dbUrlDisplay, String publicUrl) {
}
