package dev.hubconsole.hubdb;

/** A {@code jupyterhub_config.py} that cannot be read; the message is one line naming the file and the fix. */
public class ConfigFileUnreadableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigFileUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
