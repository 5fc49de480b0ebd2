package dev.hubconsole.wizard;

import java.time.Instant;

/**
 * An upgrade run of one hub.
 *
 * @param id         database id
 * @param hubId      the hub
 * @param state      where it stands
 * @param createdBy  who started it
 * @param createdAt  when
 * @param finishedAt when it ended, or null
 * @param version    optimistic-lock version
 */
public record Run(long id, long hubId, RunState state, String createdBy, Instant createdAt, Instant finishedAt,
                  int version) {

    public Run {
        if (state == null || createdBy == null || createdAt == null) {
            throw new IllegalArgumentException("run needs state, creator and creation time");
        }
    }
}
