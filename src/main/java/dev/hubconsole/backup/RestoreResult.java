package dev.hubconsole.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Backups#restore} put back and what it moved aside.
 *
 * @param backupDir   the backup that was restored
 * @param restored    each file put back (target path), SHA-256 equal to the manifest
 * @param movedAside  each file that was replaced, at its new name ({@code <name>.replaced-<timestamp>}); never deleted
 * @param notRestored artefacts of the backup that were not put back, each with the reason
 * @param warnings    things to check by hand, e.g. an owner recorded in the manifest that does not exist here
 */
public record RestoreResult(Path backupDir, List<Path> restored, List<Path> movedAside, List<String> notRestored,
        List<String> warnings) {

    public RestoreResult {
        restored = List.copyOf(restored);
        movedAside = List.copyOf(movedAside);
        notRestored = List.copyOf(notRestored);
        warnings = List.copyOf(warnings);
    }

    /** One line for a step log. */
    public String summary() {
        return "Restored " + restored.size() + " file(s) from " + backupDir + "; replaced files kept as "
                + movedAside + (notRestored.isEmpty() ? "" : "; not restored: " + String.join(", ", notRestored))
                + (warnings.isEmpty() ? "" : "; warnings: " + String.join("; ", warnings));
    }

    @Override
    public String toString() {
        return summary();
    }
}
