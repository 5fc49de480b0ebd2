package dev.hubconsole.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One file inside a backup folder, as the manifest records it.
 *
 * @param path        path relative to the backup folder, with {@code /} separators ({@code database.sqlite},
 *                    {@code files/jupyterhub_config.py}, {@code home.tar.gz})
 * @param role        {@code database}, {@code config}, {@code file} or {@code home}
 * @param method      how it was made: {@code sqlite-online-backup}, {@code file-copy} or {@code tar.gz}
 * @param size        size in bytes
 * @param sha256      lower-case hex SHA-256 of the file
 * @param source      absolute path it was made from
 * @param permissions POSIX permissions of the source (e.g. {@code rw-------}), or {@code null} where unknown
 * @param owner       owner of the source, or {@code null} where unknown
 * @param group       group of the source, or {@code null} where unknown
 */
public record BackupArtefact(String path, String role, String method, long size, String sha256, String source,
        String permissions, String owner, String group) {

    /** Role of the database copy. */
    public static final String ROLE_DATABASE = "database";
    /** Role of the config file copy. */
    public static final String ROLE_CONFIG = "config";
    /** Role of an extra file copy. */
    public static final String ROLE_FILE = "file";
    /** Role of the home directory archive. */
    public static final String ROLE_HOME = "home";

    public BackupArtefact {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(sha256, "sha256");
        if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new IllegalArgumentException("Artefact path '" + path + "' must be relative to the backup folder.");
        }
        if (size < 0) {
            throw new IllegalArgumentException("Artefact size must not be negative: " + size);
        }
    }

    /** Describes {@code dir/relative}, made from the file {@code source} (whose permissions and owner it records). */
    static BackupArtefact ofFile(Path dir, String relative, String role, String method, Path source)
            throws IOException {
        return ofFile(dir, relative, role, method, source, FileOps.sha256(dir.resolve(relative)));
    }

    /** Like {@link #ofFile(Path, String, String, String, Path)}, with the file's SHA-256 already computed. */
    static BackupArtefact ofFile(Path dir, String relative, String role, String method, Path source, String sha256)
            throws IOException {
        FileOps.Ownership ownership = FileOps.Ownership.of(source);
        return new BackupArtefact(relative, role, method, Files.size(dir.resolve(relative)), sha256,
                source.toString(), ownership.permissions(), ownership.owner(), ownership.group());
    }

    /** Describes {@code dir/relative}, made from a database server described by {@code source} (no secrets). */
    static BackupArtefact ofDump(Path dir, String relative, String method, String source) throws IOException {
        Path file = dir.resolve(relative);
        return new BackupArtefact(relative, ROLE_DATABASE, method, Files.size(file), FileOps.sha256(file), source,
                null, null, null);
    }

    /** The file name, e.g. {@code jupyterhub_config.py} for {@code files/jupyterhub_config.py}. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return path + " (" + role + ", " + method + ", " + size + " bytes, sha256 " + sha256.substring(0,
                Math.min(12, sha256.length())) + "…)";
    }
}
