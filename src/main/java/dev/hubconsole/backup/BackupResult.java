package dev.hubconsole.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A backup that was made and checked: its folder, artefacts and the database facts recorded in its manifest.
 *
 * @param directory     the new backup folder
 * @param createdAt     when the backup started (UTC)
 * @param artefacts     every file of the backup except {@code manifest.json}
 * @param engine        the database engine: {@code sqlite}, {@code postgresql} or {@code mariadb}
 * @param rowCounts     rows per table of the database copy
 * @param tools         versions of the tools that made it ({@code sqlite}, {@code pg_dump}, {@code java} …)
 * @param took          how long it took
 * @param warnings      things the admin should know that did not stop the backup (e.g. a file that changed while
 *                      it was archived)
 */
public record BackupResult(Path directory, Instant createdAt, String engine, List<BackupArtefact> artefacts,
        Map<String, Long> rowCounts, Map<String, String> tools, Duration took, List<String> warnings) {

    public BackupResult {
        tools = Map.copyOf(tools);
        artefacts = List.copyOf(artefacts);
        rowCounts = Map.copyOf(rowCounts);
        warnings = List.copyOf(warnings);
    }

    /** Total size of all artefacts in bytes. */
    public long totalBytes() {
        return artefacts.stream().mapToLong(BackupArtefact::size).sum();
    }

    /** One line for a step log. */
    public String summary() {
        long rows = rowCounts.values().stream().mapToLong(Long::longValue).sum();
        return "Backup written to " + directory + ": " + artefacts.size() + " files, " + Sizes.human(totalBytes())
                + "; " + engine + " database copy checked, " + rowCounts.size() + " tables, " + rows + " rows; took "
                + took.toSeconds() + " s" + (warnings.isEmpty() ? "" : "; " + warnings.size() + " warning(s)");
    }

    @Override
    public String toString() {
        return summary();
    }
}
