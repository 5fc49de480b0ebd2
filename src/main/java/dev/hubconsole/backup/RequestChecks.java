package dev.hubconsole.backup;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Invariants shared by the request and target records; each failure is a one-line problem and fix. */
final class RequestChecks {

    private RequestChecks() {
    }

    static void hubName(String hubName) {
        if (hubName == null || hubName.isBlank()) {
            throw new IllegalArgumentException("Hub name is missing: give the hub's name.");
        }
    }

    static void absolute(String what, Path path) {
        if (path == null) {
            throw new IllegalArgumentException(what + " is missing: give its absolute path.");
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(what + " '" + path + "' is relative: give an absolute path.");
        }
        if (path.getFileName() == null) {
            throw new IllegalArgumentException(what + " '" + path + "' has no file name: give a file or folder path.");
        }
    }

    /** Checks the config file and extra files and returns an unmodifiable copy of the extra files. */
    static List<Path> files(Path configFile, List<Path> extraFiles) {
        absolute("Config file", configFile);
        List<Path> extras = List.copyOf(Objects.requireNonNullElse(extraFiles, List.of()));
        Set<String> names = new HashSet<>();
        names.add(configFile.getFileName().toString());
        for (Path extra : extras) {
            absolute("Extra file", extra);
            if (!names.add(extra.getFileName().toString())) {
                throw new IllegalArgumentException("Extra file " + extra + " has the same file name as another file"
                        + " in the backup: give each extra file a distinct name.");
            }
        }
        return extras;
    }

    static Optional<Path> home(Optional<Path> homeDirectories) {
        Optional<Path> home = Objects.requireNonNullElse(homeDirectories, Optional.empty());
        home.ifPresent(dir -> absolute("Home directories folder", dir));
        return home;
    }

    static List<String> excludes(List<String> homeExcludes) {
        List<String> excludes = List.copyOf(Objects.requireNonNullElse(homeExcludes, List.of()));
        for (String pattern : excludes) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Home exclude pattern '" + pattern + "' is not a valid glob: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "; fix the pattern.");
            }
        }
        return excludes;
    }

    static Map<String, String> context(Map<String, String> context) {
        Map<String, String> copy = new LinkedHashMap<>();
        Objects.requireNonNullElse(context, Map.<String, String>of()).forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("Backup context has a null key or value: leave such entries out.");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
