package dev.hubconsole.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The actor recorded in audit events: the logged-in account, or {@code system} outside a request. */
public final class CurrentUser {

    /** The actor name used for work the console does on its own (start-up recovery, schedulers). */
    public static final String SYSTEM = "system";

    private CurrentUser() {
    }

    /** The current account's username, or {@link #SYSTEM}. */
    public static String name() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            return SYSTEM;
        }
        return auth.getName();
    }
}
