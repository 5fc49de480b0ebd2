package dev.hubconsole.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Streams a folder of home directories into a {@code .tar.gz}: one file at a time through a fixed buffer, so the
 * heap stays small whatever the size, compressed at gzip's default level on all cores. Symbolic links are stored as links, never followed; sockets and pipes are
 * skipped with a warning.
 */
final class HomeArchiver {

    private static final int BUFFER = 1 << 16;
    /** gzip's default level, the one {@code tar czf} uses. */
    static final int GZIP_LEVEL = 6;
    private static final long PROGRESS_EVERY = 8L << 20;

    private final Path root;
    private final List<String> excludes;
    private final List<PathMatcher> nameMatchers = new ArrayList<>();
    private final List<PathMatcher> pathMatchers = new ArrayList<>();

    HomeArchiver(Path root, List<String> excludes) {
        this.root = root;
        this.excludes = List.copyOf(excludes);
        for (String pattern : excludes) {
            String trimmed = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (trimmed.contains("/")) {
                pathMatchers.add(FileSystems.getDefault().getPathMatcher("glob:" + trimmed));
                if (trimmed.startsWith("**/")) {
                    // "**/x" should also match x at the top level
                    pathMatchers.add(FileSystems.getDefault().getPathMatcher("glob:" + trimmed.substring(3)));
                }
            } else {
                nameMatchers.add(FileSystems.getDefault().getPathMatcher("glob:" + trimmed));
            }
        }
    }

    /** Files and bytes the archive will hold, counted before it is written. */
    record Scan(long files, long bytes) {
    }

    List<String> excludes() {
        return excludes;
    }

    Scan scan() throws IOException {
        long[] totals = new long[2];
        walk(new Visitor() {
            @Override
            public void directory(Path dir, String name) {
            }

            @Override
            public void file(Path file, String name, BasicFileAttributes attrs) {
                totals[0]++;
                totals[1] += attrs.size();
            }

            @Override
            public void link(Path link, String name) {
            }
        }, new ArrayList<>());
        return new Scan(totals[0], totals[1]);
    }

    /** Writes the archive; returns the files and bytes actually archived. Warnings are added to {@code warnings}. */
    Scan write(Path target, Scan estimate, BackupProgress progress, List<String> warnings) throws IOException {
        long[] done = new long[2];
        try (OutputStream file = Files.newOutputStream(target);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(
                     new ParallelGzipOutputStream(new BufferedOutputStream(file, BUFFER), GZIP_LEVEL))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            byte[] buffer = new byte[BUFFER];
            walk(new Visitor() {
                @Override
                public void directory(Path dir, String name) throws IOException {
                    tar.putArchiveEntry(new TarArchiveEntry(dir, name + "/", LinkOption.NOFOLLOW_LINKS));
                    tar.closeArchiveEntry();
                }

                @Override
                public void file(Path path, String name, BasicFileAttributes attrs) throws IOException {
                    TarArchiveEntry entry = new TarArchiveEntry(path, name, LinkOption.NOFOLLOW_LINKS);
                    long size = entry.getSize();
                    tar.putArchiveEntry(entry);
                    long copied = 0;
                    long lastReport = done[1];
                    try (InputStream in = Files.newInputStream(path)) {
                        while (copied < size) {
                            int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied));
                            if (n < 0) {
                                break;
                            }
                            tar.write(buffer, 0, n);
                            copied += n;
                            done[1] += n;
                            if (done[1] - lastReport >= PROGRESS_EVERY) {
                                progress.bytes(done[1], estimate.bytes());
                                lastReport = done[1];
                            }
                        }
                    }
                    if (copied < size) {
                        warnings.add("home file " + name + " shrank while it was archived; padded to its old size");
                        java.util.Arrays.fill(buffer, (byte) 0);
                        while (copied < size) {
                            int n = (int) Math.min(buffer.length, size - copied);
                            tar.write(buffer, 0, n);
                            copied += n;
                        }
                    }
                    tar.closeArchiveEntry();
                    done[0]++;
                    progress.bytes(done[1], estimate.bytes());
                }

                @Override
                public void link(Path link, String name) throws IOException {
                    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(link).toString());
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                }
            }, warnings);
            tar.finish();
        }
        return new Scan(done[0], done[1]);
    }

    private interface Visitor {
        void directory(Path dir, String name) throws IOException;

        void file(Path file, String name, BasicFileAttributes attrs) throws IOException;

        void link(Path link, String name) throws IOException;
    }

    private void walk(Visitor visitor, List<String> warnings) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                Path relative = root.relativize(dir);
                if (excluded(relative)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                visitor.directory(dir, name(relative));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = root.relativize(file);
                if (excluded(relative)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    visitor.link(file, name(relative));
                } else if (attrs.isRegularFile()) {
                    visitor.file(file, name(relative), attrs);
                } else {
                    warnings.add("home entry " + name(relative) + " is not a regular file, folder or link; skipped");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                throw new IOException("cannot read " + file + " in the home directories (" + exc.getMessage()
                        + ")", exc);
            }
        });
    }

    private boolean excluded(Path relative) {
        Path name = relative.getFileName();
        for (PathMatcher matcher : nameMatchers) {
            if (matcher.matches(name)) {
                return true;
            }
        }
        for (PathMatcher matcher : pathMatchers) {
            if (matcher.matches(relative)) {
                return true;
            }
        }
        return false;
    }

    private static String name(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
