package dev.hubconsole.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code manifest.json} of a backup folder. Written last and atomically: a folder without it is incomplete.
 *
 * @param formatVersion  {@link #FORMAT_VERSION}
 * @param hubName        the hub's name as the caller gave it
 * @param createdAt      ISO-8601 UTC instant when the backup started
 * @param engine         {@code sqlite}, {@code postgresql} or {@code mariadb}
 * @param sourceDatabase the database that was copied: a path, or a server URL without password
 * @param journalMode    a SQLite source's journal mode at backup time ({@code delete}, {@code wal} …), else null
 * @param artefacts      every file of the backup except the manifest
 * @param tools          versions of the tools that made it ({@code sqlite}, {@code sqlite-jdbc}, {@code java})
 * @param rowCounts      rows per table, counted in the database copy (a consistent snapshot)
 * @param home           facts about the home directory archive, or {@code null} when there is none
 * @param context        the caller's context (JupyterHub version, alembic revision …)
 * @param contentChecksums per table, an order-independent checksum of every row's values, counted in the same
 *                       snapshot as the copy (server engines where that is possible; empty otherwise)
 */
record Manifest(int formatVersion, String hubName, String createdAt, String engine, String sourceDatabase,
        String journalMode,
        List<BackupArtefact> artefacts, Map<String, String> tools, Map<String, Long> rowCounts, HomeArchive home,
        Map<String, String> context, Map<String, String> contentChecksums) {

    static final int FORMAT_VERSION = 1;
    static final String FILE_NAME = "manifest.json";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    Manifest {
        Objects.requireNonNull(hubName, "hubName");
        Objects.requireNonNull(createdAt, "createdAt");
        engine = Objects.requireNonNullElse(engine, SqliteSource.ENGINE);
        artefacts = List.copyOf(Objects.requireNonNullElse(artefacts, List.of()));
        tools = Map.copyOf(Objects.requireNonNullElse(tools, Map.of()));
        rowCounts = Map.copyOf(Objects.requireNonNullElse(rowCounts, Map.of()));
        context = Map.copyOf(Objects.requireNonNullElse(context, Map.of()));
        contentChecksums = Map.copyOf(Objects.requireNonNullElse(contentChecksums, Map.of()));
    }

    /** The database artefact; every manifest has exactly one. */
    BackupArtefact database() {
        return artefacts.stream().filter(a -> BackupArtefact.ROLE_DATABASE.equals(a.role())).findFirst()
                .orElseThrow(() -> new BackupException("The manifest lists no database copy: this is not a usable"
                        + " backup; make a new one."));
    }

    /**
     * Facts about {@code home.tar.gz}.
     *
     * @param root     the folder that was archived
     * @param files    number of regular files in the archive
     * @param bytes    their total size before compression
     * @param excludes the exclude patterns that applied
     */
    record HomeArchive(String root, long files, long bytes, List<String> excludes) {
        HomeArchive {
            excludes = List.copyOf(Objects.requireNonNullElse(excludes, List.of()));
        }
    }

    /** Writes {@code manifest.json} into {@code dir} via a temporary file and an atomic move. */
    void writeTo(Path dir) throws IOException {
        Path temp = dir.resolve(FILE_NAME + ".tmp");
        Files.write(temp, JSON.writeValueAsBytes(this));
        try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Reads the manifest of a backup folder; a clear {@link BackupException} when it is missing or unreadable. */
    static Manifest readFrom(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try (InputStream in = Files.newInputStream(file)) {
            Manifest manifest = JSON.readValue(in, Manifest.class);
            if (manifest.formatVersion() != FORMAT_VERSION) {
                throw new BackupException("Manifest " + file + " has format version " + manifest.formatVersion()
                        + ", this console reads version " + FORMAT_VERSION + ": use a matching console version.");
            }
            return manifest;
        } catch (NoSuchFileException e) {
            throw new BackupException("No " + FILE_NAME + " in " + dir + ": the backup is incomplete or this is not a"
                    + " backup folder; choose a complete backup.");
        } catch (IOException | JacksonException e) {
            throw new BackupException("Cannot read " + file + " (" + firstLine(e) + "): the manifest is damaged;"
                    + " choose another backup.", e);
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        return message.lines().findFirst().orElse(message);
    }
}
