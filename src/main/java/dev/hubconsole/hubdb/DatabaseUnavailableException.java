package dev.hubconsole.hubdb;

/**
 * A JupyterHub database that could not be opened: a server that does not answer or refuses the credentials, or a
 * SQLite file that is missing or unreadable. The message is one line, names the database (never the password) and
 * says what to check.
 */
public class DatabaseUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the database could not be opened. */
    public enum Reason {
        /** The SQLite file does not exist. */
        MISSING_FILE,
        /** The SQLite file exists but cannot be read (permissions, not a database). */
        UNREADABLE_FILE,
        /** The server did not answer (host, port, firewall, timeout). */
        UNREACHABLE,
        /** The server answered but refused the user, password or database. */
        UNAUTHORISED,
        /** Anything else the driver reported. */
        OTHER
    }

    private final Reason reason;

    public DatabaseUnavailableException(Reason reason, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.reason = reason;
    }

    /** Why the database could not be opened. */
    public Reason reason() {
        return reason;
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
