package dev.hubconsole.notice;

/** What users are told about the maintenance. */
public enum NoticeStatus {
    SCHEDULED, IN_PROGRESS, COMPLETED, CANCELLED
}
