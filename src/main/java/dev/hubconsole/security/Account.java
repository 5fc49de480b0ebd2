package dev.hubconsole.security;

/**
 * A console account.
 *
 * @param id                 database id
 * @param username           login name
 * @param passwordHash       bcrypt hash (never shown)
 * @param role               what the account may do
 * @param mustChangePassword true until the first password change after a generated password
 */
record Account(long id, String username, String passwordHash, Role role, boolean mustChangePassword) {

    Account {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank");
        }
    }

    @Override
    public String toString() {
        return "Account[" + username + ", " + role + "]";
    }
}
