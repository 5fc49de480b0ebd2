package dev.hubconsole.lifecycle;

/**
 * A call to a hub's REST API failed (not reachable, token rejected, unexpected answer). The message is one
 * line naming the request and the reason; it never contains the API token.
 */
public class HubApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HubApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the hub answered with, or -1 when it did not answer. */
    public int status() {
        return status;
    }
}
