package dev.hubconsole.notice;

import java.time.Instant;

/**
 * A maintenance notice as users see it.
 *
 * @param id          database id
 * @param hubId       the hub
 * @param hubName     its name
 * @param runId       the run it belongs to, or null
 * @param title       headline
 * @param message     the admin's message
 * @param windowStart planned start
 * @param windowEnd   planned end
 * @param status      where the maintenance stands
 * @param progress    one line on what is happening now
 * @param updatedAt   when it last changed
 */
public record Notice(long id, long hubId, String hubName, Long runId, String title, String message,
                     Instant windowStart, Instant windowEnd, NoticeStatus status, String progress, Instant updatedAt) {

    public Notice {
        if (title == null || title.isBlank() || message == null || windowStart == null || windowEnd == null
                || status == null) {
            throw new IllegalArgumentException("a notice needs title, message, window and status");
        }
        if (windowEnd.isBefore(windowStart)) {
            throw new IllegalArgumentException("a notice's window must end after it starts");
        }
    }
}
