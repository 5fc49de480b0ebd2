package dev.hubconsole.security;

/**
 * A decrypted secret held in memory (hub API token, database URL with password). Its {@code toString} never
 * shows the value, so it cannot leak through logs or templates by accident.
 *
 * @param value the secret itself; read it only where it is used
 */
public record Secret(String value) {

    public Secret {
        if (value == null) {
            throw new IllegalArgumentException("secret must not be null");
        }
    }

    @Override
    public String toString() {
        return "***";
    }
}
