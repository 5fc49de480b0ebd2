package dev.hubconsole.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;

/** The hub database a backup copies: a SQLite file or a database server. */
interface DatabaseSource {

    /** {@code sqlite}, {@code postgresql} or {@code mariadb}, as recorded in the manifest. */
    String engine();

    /** The database for messages and the manifest: a path or a URL without password. */
    String describe();

    /** Throws a {@link BackupException} naming problem and fix when the database cannot be backed up. */
    void check();

    /** Roughly how many bytes the copy will take. */
    long estimateBytes() throws IOException, SQLException;

    /** Writes the copy into the backup folder and checks it. */
    DatabaseCopy copyInto(Path dir, BackupProgress progress) throws IOException, SQLException;

    /**
     * A database copy inside a backup folder.
     *
     * @param artefact    the copy
     * @param rowCounts   rows per table of the copied snapshot
     * @param tools       versions of the tools involved
     * @param journalMode SQLite's journal mode of the source, {@code null} for servers
     * @param contentChecksums per table, a checksum of the rows of the copied snapshot (empty when unknown)
     */
    record DatabaseCopy(BackupArtefact artefact, Map<String, Long> rowCounts, Map<String, String> tools,
            String journalMode, Map<String, String> contentChecksums) {
        public DatabaseCopy {
            Objects.requireNonNull(artefact, "artefact");
            rowCounts = Map.copyOf(rowCounts);
            tools = Map.copyOf(tools);
            contentChecksums = Map.copyOf(contentChecksums);
        }

        DatabaseCopy(BackupArtefact artefact, Map<String, Long> rowCounts, Map<String, String> tools,
                String journalMode) {
            this(artefact, rowCounts, tools, journalMode, Map.of());
        }
    }
}
