package dev.hubconsole.lifecycle;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs an admin's supervisor commands (stop/start/status of a hub, upgrade tools) as argument lists, never
 * through a shell string.
 *
 * <ul>
 * <li>stdout and stderr are merged and handed to the line sink line by line as they arrive, decoded as UTF-8
 * (invalid bytes become U+FFFD); over-long lines are cut at {@value #MAX_LINE_CHARS} characters.</li>
 * <li>A program name without a slash is looked up on the command's PATH (its {@code extraEnv} may set one);
 * a name with a slash is taken as a path, relative to the working directory.</li>
 * <li>stdin is closed at once, so a command that asks a question gets end-of-file instead of hanging.</li>
 * <li>On timeout the whole process tree (the process and all its descendants) gets SIGTERM, then SIGKILL after
 * {@value #KILL_GRACE_MILLIS} ms.</li>
 * <li><b>Background children.</b> A start script that launches the hub in the background ({@code nohup … &},
 * {@code setsid}) may leave that child holding the output pipe open, so end-of-file would never come. The
 * runner therefore stops waiting for output once the direct process has exited and the output grace period
 * (default 2 s) has passed, and returns. The output of such a child is still drained in a daemon thread (so the
 * child never blocks on a full pipe) but discarded, not passed to the sink. Well-behaved scripts redirect
 * the child's output to a log file ({@code >> hub.log 2>&1}).</li>
 * </ul>
 *
 * A plain object usable without Spring (the CLI) and also a Spring component.
 */
@Component
public final class CommandRunner {

    /** How many of the last output lines a {@link CommandResult} keeps. */
    public static final int TAIL_LINES = 200;
    /** Longest line passed on; the rest of a longer line is dropped and marked with "…". */
    public static final int MAX_LINE_CHARS = 8192;
    /** Time between SIGTERM and SIGKILL when a timed-out process tree is killed. */
    public static final long KILL_GRACE_MILLIS = 2000;

    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

    private final Duration outputGrace;

    /** A runner that waits 2 s for remaining output after the direct process exited. */
    public CommandRunner() {
        this(Duration.ofSeconds(2));
    }

    /** A runner that waits {@code outputGrace} for remaining output after the direct process exited. */
    public CommandRunner(Duration outputGrace) {
        Objects.requireNonNull(outputGrace, "outputGrace");
        if (outputGrace.isNegative()) {
            throw new IllegalArgumentException("outputGrace must not be negative: " + outputGrace);
        }
        this.outputGrace = outputGrace;
    }

    /** Runs the command and discards its output (the tail is still kept in the result). */
    public CommandResult runQuietly(CommandSpec spec) {
        return run(spec, line -> { });
    }

    /**
     * Runs the command, passing each output line to {@code lineSink} (on a reader thread, in order) while it
     * runs, and returns once it has ended or been killed for exceeding its timeout.
     *
     * @throws CommandException when the program cannot be found or executed, the working directory is missing,
     *                          or the calling thread is interrupted (the process tree is then killed)
     */
    public CommandResult run(CommandSpec spec, Consumer<String> lineSink) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(lineSink, "lineSink");
        checkWorkDir(spec.workDir());
        ProcessBuilder builder = new ProcessBuilder().redirectErrorStream(true);
        if (spec.workDir() != null) {
            builder.directory(spec.workDir().toFile());
        }
        Map<String, String> env = builder.environment();
        env.putAll(spec.extraEnv());
        // resolved here with the command's own PATH (the JDK would search the console's PATH)
        List<String> command = new ArrayList<>(spec.argv());
        command.set(0, resolveProgram(spec.program(), env.get("PATH"), spec.workDir()).toString());
        builder.command(command);

        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandException("Cannot run '" + spec.program() + "': " + firstLine(e.getMessage())
                    + "; give the program's full path or add its directory to PATH", e);
        }
        closeQuietly(process.getOutputStream());
        OutputPump pump = new OutputPump(process.getInputStream(), lineSink, spec.program());
        Thread reader = new Thread(pump, "command-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();

        boolean timedOut = false;
        try {
            if (!process.waitFor(spec.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                log.warn("Command {} exceeded its timeout of {}; killing its process tree", spec.program(),
                        spec.timeout());
                killTree(process);
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new CommandException("Interrupted while running '" + spec.program() + "'; its processes were killed");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (!pump.awaitEnd(outputGrace)) {
            pump.detach();
            log.info("Command {} exited but a background process still holds its output open; "
                    + "no longer reading it", spec.program());
        }
        return new CommandResult(exitValue(process), timedOut, elapsed, pump.tail());
    }

    private static void checkWorkDir(Path workDir) {
        if (workDir != null && !Files.isDirectory(workDir)) {
            throw new CommandException("Working directory " + workDir
                    + " does not exist or is not a directory; create it or correct the path");
        }
    }

    /**
     * Checks, without running anything, that a command's program exists and is executable, as {@link #run} would
     * find it with the console's own PATH; throws {@link CommandException} with a one-line message otherwise.
     */
    public static Path checkProgram(String program, Path workDir) {
        return resolveProgram(program, System.getenv("PATH"), workDir);
    }

    /** The program's path: as given when it contains a slash (relative to the working directory), else from PATH. */
    private static Path resolveProgram(String program, String path, Path workDir) {
        if (program.contains("/")) {
            Path file = Path.of(program);
            if (!file.isAbsolute() && workDir != null) {
                file = workDir.resolve(file);
            }
            if (!Files.exists(file)) {
                throw new CommandException("Program '" + program + "' not found; give its full path, "
                        + "or a bare name found on PATH");
            }
            if (Files.isDirectory(file) || !Files.isExecutable(file)) {
                throw new CommandException("Program '" + program + "' is not executable; make it executable "
                        + "(chmod +x) or run it through its interpreter, e.g. [\"bash\", \"" + program + "\"]");
            }
            return file.toAbsolutePath();
        }
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        throw new CommandException("Program '" + program + "' not found on PATH (" + path
                + "); give its full path or add its directory to PATH");
    }

    /** SIGTERM to the process and all descendants, SIGKILL to whatever is left after the grace period. */
    private static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_GRACE_MILLIS);
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(50);
        }
        // descendants started during the grace period are caught here too
        process.descendants().forEach(tree::add);
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(KILL_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int exitValue(Process process) {
        try {
            return process.exitValue();
        } catch (IllegalThreadStateException e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing to do: the process has gone already
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Reads merged output into lines; after {@link #detach()} keeps draining but drops the lines. */
    private static final class OutputPump implements Runnable {
        private final InputStream in;
        private final Consumer<String> sink;
        private final String program;
        private final ArrayDeque<String> tail = new ArrayDeque<>();
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicBoolean detached = new AtomicBoolean();
        private boolean sinkFailed;

        OutputPump(InputStream in, Consumer<String> sink, String program) {
            this.in = in;
            this.sink = sink;
            this.program = program;
        }

        @Override
        public void run() {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (Reader reader = new InputStreamReader(in, decoder)) {
                StringBuilder line = new StringBuilder();
                boolean cut = false;
                char[] buf = new char[8192];
                int n;
                while ((n = reader.read(buf)) >= 0) {
                    for (int i = 0; i < n; i++) {
                        char c = buf[i];
                        if (c == '\n') {
                            emit(line, cut);
                            line.setLength(0);
                            cut = false;
                        } else if (line.length() < MAX_LINE_CHARS) {
                            line.append(c);
                        } else {
                            cut = true;
                        }
                    }
                }
                if (line.length() > 0 || cut) {
                    emit(line, cut);
                }
            } catch (IOException e) {
                if (!detached.get()) {
                    log.debug("Output of {} ended: {}", program, e.getMessage());
                }
            } finally {
                ended.countDown();
            }
        }

        private void emit(StringBuilder raw, boolean cut) {
            int end = raw.length();
            if (end > 0 && raw.charAt(end - 1) == '\r') {
                end--;
            }
            String text = raw.substring(0, end) + (cut ? "…" : "");
            // under the lock so that no line reaches the sink after detach() returned
            synchronized (tail) {
                if (detached.get()) {
                    return;
                }
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(text);
                if (!sinkFailed) {
                    try {
                        sink.accept(text);
                    } catch (RuntimeException e) {
                        sinkFailed = true;
                        log.warn("Output sink of {} failed, further lines are only kept in the tail: {}",
                                program, e.toString());
                    }
                }
            }
        }

        boolean awaitEnd(Duration grace) {
            try {
                return ended.await(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void detach() {
            synchronized (tail) {
                detached.set(true);
            }
        }

        List<String> tail() {
            synchronized (tail) {
                return List.copyOf(tail);
            }
        }
    }
}
