package dev.hubconsole.security;

/** What an account may do: ADMIN acts, VIEWER reads runs and audit but cannot act. */
public enum Role {
    ADMIN, VIEWER
}
