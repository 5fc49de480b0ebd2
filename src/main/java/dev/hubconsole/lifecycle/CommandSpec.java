package dev.hubconsole.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An external command as an argument list (never a shell string): the program and its arguments, the working
 * directory ({@code null} = the console's own working directory), a timeout and extra environment variables
 * that are added to the console's environment. {@link #toString()} names the environment variables but never
 * their values, as they may hold passwords.
 *
 * @param argv     program followed by its arguments; not empty, the program not blank, no {@code null} entries
 * @param workDir  working directory, or {@code null} for the console's own
 * @param timeout  how long the command may run before its whole process tree is killed; positive
 * @param extraEnv variables added to (or overriding) the inherited environment; may be {@code null} for none
 */
public record CommandSpec(List<String> argv, Path workDir, Duration timeout, Map<String, String> extraEnv) {

    public CommandSpec {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("A command needs at least a program name");
        }
        if (argv.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("A command argument is null: " + argv);
        }
        if (argv.get(0).isBlank()) {
            throw new IllegalArgumentException("The program name of a command is blank");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("A command timeout must be positive, got " + timeout);
        }
        argv = List.copyOf(argv);
        extraEnv = extraEnv == null ? Map.of() : Map.copyOf(extraEnv);
    }

    /** A command run in the console's working directory with no extra environment. */
    public static CommandSpec of(List<String> argv, Duration timeout) {
        return new CommandSpec(argv, null, timeout, Map.of());
    }

    /** The same command in another working directory. */
    public CommandSpec inDirectory(Path dir) {
        return new CommandSpec(argv, dir, timeout, extraEnv);
    }

    /** The program, i.e. the first element of {@link #argv()}. */
    public String program() {
        return argv.get(0);
    }

    @Override
    public String toString() {
        return "CommandSpec[argv=" + argv + ", workDir=" + workDir + ", timeout=" + timeout
                + ", extraEnv=" + new TreeMap<>(extraEnv).keySet() + "]";
    }
}
