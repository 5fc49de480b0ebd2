package dev.hubconsole.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One backup folder as {@link Backups#list} sees it, without verifying it.
 *
 * @param directory  the backup folder
 * @param hubName    the hub name recorded in the manifest (the folder's parent name if there is no manifest)
 * @param createdAt  creation time from the manifest (the folder's modification time if there is no manifest)
 * @param complete   whether {@code manifest.json} exists and could be read; a folder without one is a backup that
 *                   is still being written or that was interrupted
 * @param totalBytes total size of the artefacts the manifest lists (0 when incomplete)
 * @param context    the context recorded in the manifest (empty when incomplete)
 */
public record BackupSummary(Path directory, String hubName, Instant createdAt, boolean complete, long totalBytes,
        Map<String, String> context) {

    public BackupSummary {
        context = Map.copyOf(context);
    }

    /** One line for a list. */
    public String summary() {
        return createdAt + "  " + directory + "  " + (complete ? Sizes.human(totalBytes) : "INCOMPLETE (no manifest)");
    }

    @Override
    public String toString() {
        return summary();
    }
}
