package dev.hubconsole.backup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a dump or restore tool as an argument list (never a shell), with a timeout; passwords go in the environment. */
final class ExternalCommand {

    private static final int OUTPUT_LIMIT = 64 * 1024;

    private ExternalCommand() {
    }

    /**
     * The outcome of a command.
     *
     * @param exitCode its exit code
     * @param stdout   the start of its standard output (unless it was sent to a file)
     * @param stderr   the end of its standard error, for messages
     */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The last non-blank line of standard error, for a one-line message. */
        String lastError() {
            List<String> lines = stderr.lines().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? "exit code " + exitCode : lines.get(lines.size() - 1).strip();
        }
    }

    static Result run(List<String> command, Map<String, String> environment, Path stdin, Duration timeout)
            throws IOException {
        Path out = Files.createTempFile("hubconsole-cmd-", ".out");
        Path err = Files.createTempFile("hubconsole-cmd-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
                    : ProcessBuilder.Redirect.from(stdin.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IOException(command.get(0) + " did not finish within " + timeout.toMinutes()
                            + " minutes and was stopped");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(command.get(0) + " was interrupted", e);
            }
            return new Result(process.exitValue(), head(out), tail(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Whether {@code name} is an executable on PATH (or an executable path). */
    static boolean onPath(String name) {
        if (name.contains("/")) {
            return Files.isExecutable(Path.of(name));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static String head(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(OUTPUT_LIMIT), StandardCharsets.UTF_8);
        }
    }

    private static String tail(Path file) throws IOException {
        long size = Files.size(file);
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long start = Math.max(0, size - OUTPUT_LIMIT);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - start));
            channel.read(buffer, start);
            return new String(buffer.array(), StandardCharsets.UTF_8);
        }
    }
}
