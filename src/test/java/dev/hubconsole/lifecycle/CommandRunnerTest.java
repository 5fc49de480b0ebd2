package dev.hubconsole.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final CommandRunner runner = new CommandRunner(Duration.ofMillis(500));
    private final List<Long> pidsToKill = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void killLeftovers() {
        pidsToKill.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void streamsMergedOutputLineByLineInOrderWhileTheCommandRuns() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();

        CommandResult result = runner.run(bash("for i in 1 2 3; do echo out$i; echo err$i >&2; sleep 0.3; done"),
                line -> {
                    lines.add(line);
                    arrivals.add(System.nanoTime() - start);
                });

        assertThat(result.succeeded()).isTrue();
        assertThat(lines).containsExactly("out1", "err1", "out2", "err2", "out3", "err3");
        assertThat(result.tail()).isEqualTo(lines);
        assertThat(Duration.ofNanos(arrivals.get(0))).isLessThan(result.elapsed().minusMillis(500));
    }

    @Test
    void reportsTheExitCodeOfAFailingCommand() {
        CommandResult result = runner.runQuietly(bash("echo failing; exit 3"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.tail()).containsExactly("failing");
        assertThat(result.summary()).startsWith("exit 3 after");
    }

    @Test
    void passesExtraEnvironmentAndWorkingDirectory() {
        CommandSpec spec = new CommandSpec(List.of("bash", "-c", "echo \"$HC_GREETING\"; pwd"), dir, TEN_SECONDS,
                Map.of("HC_GREETING", "hello"));

        assertThat(runner.runQuietly(spec).tail()).containsExactly("hello", dir.toString());
    }

    @Test
    void looksUpTheProgramOnThePathGivenInTheExtraEnvironment() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("hub-supervisor"), "#!/bin/sh\necho supervised \"$@\"\n");
        Files.setPosixFilePermissions(tool, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandSpec spec = new CommandSpec(List.of("hub-supervisor", "start"), null, TEN_SECONDS,
                Map.of("PATH", bin + ":/usr/bin:/bin"));

        assertThat(runner.runQuietly(spec).tail()).containsExactly("supervised start");
        assertThat(runner.runQuietly(new CommandSpec(List.of("./bin/hub-supervisor", "stop"), dir, TEN_SECONDS,
                Map.of())).tail()).containsExactly("supervised stop");
    }

    @Test
    void killsTheWholeProcessTreeWhenTheTimeoutExpires() throws IOException {
        Path pidFile = dir.resolve("child.pid");
        CommandSpec spec = new CommandSpec(List.of("bash", "-c", "sleep 600 & echo $! > " + pidFile + "; sleep 600"),
                dir, Duration.ofSeconds(1), Map.of());

        CommandResult result = runner.runQuietly(spec);

        long child = Long.parseLong(Files.readString(pidFile).trim());
        pidsToKill.add(child);
        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).startsWith("timed out after");
        assertThat(result.elapsed()).isLessThan(Duration.ofMillis(1000 + CommandRunner.KILL_GRACE_MILLIS + 1000));
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void doesNotHangWhenABackgroundChildKeepsTheOutputPipeOpen() throws IOException {
        Path pidFile = dir.resolve("daemon.pid");
        CommandSpec spec = new CommandSpec(
                List.of("bash", "-c", "setsid nohup sleep 120 & echo $! > " + pidFile + "; echo started"),
                dir, Duration.ofSeconds(60), Map.of());
        long start = System.nanoTime();

        CommandResult result = runner.runQuietly(spec);

        long daemon = Long.parseLong(Files.readString(pidFile).trim());
        pidsToKill.add(daemon);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.tail()).contains("started");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false))
                .as("the background child is the admin's business and keeps running").isTrue();
    }

    @Test
    void namesAMissingProgramAndHowToFixIt() {
        assertThatThrownBy(() -> runner.runQuietly(CommandSpec.of(List.of("no-such-hub-supervisor"), TEN_SECONDS)))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("'no-such-hub-supervisor' not found on PATH")
                .hasMessageContaining("full path");
        assertThatThrownBy(() -> runner.runQuietly(CommandSpec.of(List.of("/nonexistent/start-hub.sh"), TEN_SECONDS)))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("'/nonexistent/start-hub.sh' not found");
    }

    @Test
    void namesAProgramThatIsNotExecutable() throws IOException {
        Path script = Files.writeString(dir.resolve("start-hub.sh"), "echo hi\n");

        assertThatThrownBy(() -> runner.runQuietly(CommandSpec.of(List.of(script.toString()), TEN_SECONDS)))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("is not executable")
                .hasMessageContaining("[\"bash\", \"" + script + "\"]")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesAMissingWorkingDirectory() {
        Path missing = dir.resolve("gone");
        CommandSpec spec = new CommandSpec(List.of("true"), missing, TEN_SECONDS, Map.of());

        assertThatThrownBy(() -> runner.runQuietly(spec))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("Working directory " + missing + " does not exist");
    }

    @Test
    void toleratesInvalidUtf8AndKeepsOnlyTheLastLines() {
        CommandResult invalid = runner.runQuietly(bash("printf 'caf\\xc3\\xa9 \\xff\\xfe ok\\n'"));
        assertThat(invalid.tail()).containsExactly("café \uFFFD\uFFFD ok");

        CommandResult many = runner.runQuietly(bash("seq 1 500"));
        assertThat(many.tail()).hasSize(CommandRunner.TAIL_LINES).startsWith("301").endsWith("500");
    }

    @Test
    void commandSpecChecksItsInvariantsAndHidesEnvironmentValues() {
        assertThatThrownBy(() -> CommandSpec.of(List.of(), TEN_SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSpec.of(List.of(" "), TEN_SECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSpec.of(List.of("true"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);

        CommandSpec spec = new CommandSpec(List.of("pg_dump"), null, TEN_SECONDS, Map.of("PGPASSWORD", "s3cret"));
        assertThat(spec.toString()).contains("PGPASSWORD").doesNotContain("s3cret");
    }

    private static CommandSpec bash(String script) {
        return CommandSpec.of(List.of("bash", "-c", script), TEN_SECONDS);
    }
}
