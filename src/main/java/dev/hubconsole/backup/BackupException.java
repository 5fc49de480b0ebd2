package dev.hubconsole.backup;

/**
 * A backup, verification, restore or retention run could not be done. The message is one line naming the problem
 * and the fix; when it is thrown by {@link Backups#create}, the partial backup folder has already been removed, and
 * when it is thrown by {@link Backups#restore} before any file was swapped, nothing was changed.
 */
public class BackupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
