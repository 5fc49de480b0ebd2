package dev.hubconsole.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** File helpers: checksums, POSIX attributes, recursive delete. */
final class FileOps {

    private static final int BUFFER = 1 << 16;
    private static final int COPY_BUFFER = 1 << 20;

    private FileOps() {
    }

    /** Lower-case hex SHA-256 of a file, read as a stream. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Copies {@code source} to {@code target} (which must not exist) and returns the lower-case hex SHA-256 of the
     * bytes copied: one read of the source for both.
     */
    static String copyWithSha256(Path source, Path target) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[COPY_BUFFER];
        try (InputStream in = Files.newInputStream(source);
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** POSIX permissions, owner and group of a file; nulls where the file system has none. */
    record Ownership(String permissions, String owner, String group) {

        static Ownership of(Path file) throws IOException {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (view == null) {
                return new Ownership(null, null, null);
            }
            PosixFileAttributes attributes = view.readAttributes();
            return new Ownership(PosixFilePermissions.toString(attributes.permissions()), attributes.owner().getName(),
                    attributes.group().getName());
        }

        /**
         * Applies these permissions, owner and group to {@code file} where possible; returns a one-line note for
         * each part that could not be applied (e.g. the owner does not exist here).
         */
        java.util.List<String> applyTo(Path file) {
            java.util.List<String> notes = new java.util.ArrayList<>();
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view == null) {
                return notes;
            }
            UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
            if (owner != null) {
                try {
                    view.setOwner(lookup.lookupPrincipalByName(owner));
                } catch (IOException | UnsupportedOperationException e) {
                    notes.add("could not make " + owner + " the owner of " + file + " (" + e.getMessage() + ")");
                }
            }
            if (group != null) {
                try {
                    view.setGroup(lookup.lookupPrincipalByGroupName(group));
                } catch (IOException | UnsupportedOperationException e) {
                    notes.add("could not set group " + group + " on " + file + " (" + e.getMessage() + ")");
                }
            }
            if (permissions != null) {
                try {
                    view.setPermissions(PosixFilePermissions.fromString(permissions));
                } catch (IOException | IllegalArgumentException e) {
                    notes.add("could not set permissions " + permissions + " on " + file + " (" + e.getMessage()
                            + ")");
                }
            }
            return notes;
        }
    }

    /** Restricts a file or folder of a backup to its owner (backups hold tokens and secrets). */
    static void ownerOnly(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view != null) {
            view.setPermissions(PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
        }
    }

    /** Deletes a folder and everything in it, never following symbolic links; a missing folder is fine. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Whether an exception (or one of its causes) says the disk is full. */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t instanceof FileSystemException fse ? fse.getReason() + " " + fse.getMessage()
                    : String.valueOf(t.getMessage());
            if (text.contains("No space left on device") || text.contains("SQLITE_FULL")
                    || text.contains("database or disk is full") || text.contains("Disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }
}
