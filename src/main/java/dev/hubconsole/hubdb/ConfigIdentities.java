package dev.hubconsole.hubdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The users and groups a {@code jupyterhub_config.py} creates, read as text and never executed: literal
 * {@code c.<…>Authenticator.allowed_users}, {@code admin_users} and {@code whitelist} (sets, lists, tuples,
 * {@code set([...])}) and {@code c.JupyterHub.load_groups} (a dict of group → member list, or 4.0's
 * {@code {"users": [...], "properties": {...}}}). Anything else (an expression, an assignment inside a block, a
 * later {@code .add()}/{@code |=}) is listed in {@code unreadable} instead of guessed.
 *
 * @param users      user names the configuration names (allowed, admin, group members)
 * @param groups     group names from {@code load_groups}
 * @param read       the settings read, e.g. {@code "c.Authenticator.allowed_users (line 4)"}
 * @param unreadable settings the console could not read as literals, one line each
 */
public record ConfigIdentities(Set<String> users, Set<String> groups, List<String> read, List<String> unreadable) {

    private static final Pattern ASSIGNMENT = Pattern.compile(
            "^(\\s*)c\\s*\\.\\s*(\\w*Authenticator|JupyterHub)\\s*\\.\\s*(allowed_users|admin_users|whitelist"
                    + "|load_groups)\\s*(=|\\|=|\\.\\s*(?:add|update)\\s*\\()(?!=)(.*)$");

    /** Checks the invariants and freezes the collections. */
    public ConfigIdentities {
        users = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(users, "users")));
        groups = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(groups, "groups")));
        read = List.copyOf(read);
        unreadable = List.copyOf(unreadable);
    }

    /** Nothing known: no configuration was given. */
    public static ConfigIdentities none() {
        return new ConfigIdentities(Set.of(), Set.of(), List.of(), List.of());
    }

    /**
     * Reads the file (UTF-8).
     *
     * @throws ConfigFileUnreadableException when it is missing or cannot be read
     */
    public static ConfigIdentities read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new ConfigFileUnreadableException("The JupyterHub configuration " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "): check the path, its permissions and that it is UTF-8 text.",
                    e);
        }
    }

    /** Reads a configuration given as text. */
    public static ConfigIdentities parse(String text) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        List<String> read = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Map<String, Set<String>> userSettings = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = ASSIGNMENT.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            String setting = "c." + m.group(2) + "." + m.group(3);
            String where = setting + " (line " + (i + 1) + ")";
            StringBuilder expression = new StringBuilder(m.group(5));
            int j = i;
            while (!PythonLiteral.balanced(expression.toString()) && j + 1 < lines.length && j - i < 2000) {
                expression.append('\n').append(lines[++j]);
            }
            i = j;
            if (!m.group(1).isEmpty()) {
                unreadable.add(where + " is set inside an indented block: the console does not run the file");
                continue;
            }
            boolean plain = m.group(4).equals("=");
            String source = expression.toString();
            if (!plain && m.group(4).contains("(")) {
                source = source.substring(0, Math.max(0, source.lastIndexOf(')')));
            }
            Object value;
            try {
                value = PythonLiteral.parse(source);
            } catch (IllegalArgumentException e) {
                unreadable.add(where + " is not a literal (" + e.getMessage() + ")");
                continue;
            }
            if (m.group(3).equals("load_groups")) {
                if (!(value instanceof Map<?, ?> map)) {
                    unreadable.add(where + " is not a dict literal");
                    continue;
                }
                if (plain) {
                    groups.clear();
                }
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    groups.add(String.valueOf(e.getKey()));
                    Object members = e.getValue() instanceof Map<?, ?> spec ? spec.get("users") : e.getValue();
                    strings(members).forEach(users::add);
                }
                read.add(where);
            } else {
                List<String> names = value instanceof String s && !plain ? List.of(s) : strings(value);
                Set<String> current = userSettings.computeIfAbsent(setting, k -> new LinkedHashSet<>());
                if (plain) {
                    current.clear();
                }
                current.addAll(names);
                read.add(where);
            }
        }
        userSettings.values().forEach(users::addAll);
        return new ConfigIdentities(users, groups, read, unreadable);
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Iterable<?> items) {
            items.forEach(item -> {
                if (item instanceof String s) {
                    out.add(s);
                }
            });
        } else if (value instanceof Map<?, ?> map) {
            map.keySet().forEach(k -> out.add(String.valueOf(k)));
        }
        return out;
    }
}
