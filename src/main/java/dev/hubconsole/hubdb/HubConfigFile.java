package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.DbUrlSetting.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code jupyterhub_config.py} read as text, never executed. It answers what the hub's database URL and cookie
 * secret file are when the file says so plainly (string literals, environment variables with literal names); for
 * anything else it says it cannot tell rather than guess. The last top-level assignment wins, as in Python; an
 * assignment inside an indented block (if/try/def) makes the result unevaluable.
 */
public final class HubConfigFile {

    /** JupyterHub's default cookie secret file, relative to the hub's working directory. */
    public static final String DEFAULT_COOKIE_SECRET_FILE = "jupyterhub_cookie_secret";

    private static final int MAX_CONTINUATION_LINES = 50;

    private final String text;
    private final UnaryOperator<String> environment;

    HubConfigFile(String text, UnaryOperator<String> environment) {
        this.text = Objects.requireNonNull(text, "text");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Reads the file (UTF-8).
     *
     * @throws ConfigFileUnreadableException when it is missing or cannot be read
     */
    public static HubConfigFile read(Path file) {
        try {
            return new HubConfigFile(Files.readString(file, StandardCharsets.UTF_8), System::getenv);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigFileUnreadableException("The JupyterHub configuration " + file + " does not exist: give "
                    + "the path of the jupyterhub_config.py the hub is started with (-f).", e);
        } catch (IOException | RuntimeException e) {
            throw new ConfigFileUnreadableException("The JupyterHub configuration " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "): check its permissions and that it is UTF-8 text.", e);
        }
    }

    /** A configuration given as text, with this process's environment. */
    public static HubConfigFile of(String text) {
        return new HubConfigFile(text, System::getenv);
    }

    /** The file's text. */
    String text() {
        return text;
    }

    /** What the file says about {@code c.JupyterHub.db_url}. */
    public DbUrlSetting dbUrl() {
        Evaluation e = evaluate("db_url");
        if (e == null) {
            return new DbUrlSetting(Source.DEFAULT, Optional.of(DbUrlSetting.DEFAULT_URL), Optional.empty(), false, 0,
                    "c.JupyterHub.db_url is not set: JupyterHub uses " + DbUrlSetting.DEFAULT_URL
                            + " in its working directory.");
        }
        return new DbUrlSetting(e.source, e.value, e.variable, e.variableSet, e.line, e.detail("c.JupyterHub.db_url"));
    }

    /**
     * The cookie secret file as the configuration gives it (relative paths are relative to the hub's working
     * directory): {@value #DEFAULT_COOKIE_SECRET_FILE} when not set, empty when it cannot be told without running
     * the file.
     */
    public Optional<String> cookieSecretFile() {
        Evaluation e = evaluate("cookie_secret_file");
        return e == null ? Optional.of(DEFAULT_COOKIE_SECRET_FILE) : e.value;
    }

    private record Evaluation(Source source, Optional<String> value, Optional<String> variable, boolean variableSet,
            int line, String reason) {
        String detail(String trait) {
            return switch (source) {
                case LITERAL -> trait + " is set as a string at line " + line + ".";
                case ENVIRONMENT -> trait + " comes from environment variable " + variable.orElseThrow() + " (line "
                        + line + "), which is " + (variableSet ? "set" : "not set") + " in the console's environment"
                        + (value.isPresent() ? (variableSet ? "." : "; the default in the file applies.")
                                : "; set it or give the URL directly.") ;
                case UNEVALUABLE -> trait + " at line " + line + " " + reason + ": the console will not guess; give "
                        + "the URL directly.";
                case DEFAULT -> trait + " is not set.";
            };
        }
    }

    // ---- scanning ------------------------------------------------------------------------------------------

    private Evaluation evaluate(String trait) {
        Pattern assignment = Pattern.compile("^(\\s*)c\\s*\\.\\s*JupyterHub\\s*\\.\\s*" + trait + "\\s*=(?!=)(.*)$");
        String[] lines = text.split("\\R", -1);
        Evaluation last = null;
        String openTriple = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (openTriple != null) {
                openTriple = tripleStateAfter(line, openTriple);
                continue;
            }
            Matcher m = assignment.matcher(line);
            if (m.matches()) {
                StringBuilder expression = new StringBuilder(m.group(2));
                int j = i;
                while ((!balanced(expression.toString()) || expression.toString().stripTrailing().endsWith("\\"))
                        && j + 1 < lines.length && j - i < MAX_CONTINUATION_LINES) {
                    String joined = expression.toString().stripTrailing();
                    expression.setLength(0);
                    expression.append(joined.endsWith("\\") ? joined.substring(0, joined.length() - 1) : joined)
                            .append(' ').append(lines[++j]);
                }
                last = m.group(1).isEmpty()
                        ? evaluateExpression(expression.toString(), i + 1)
                        : unevaluable(i + 1, "is assigned inside an indented block, so whether it runs depends on "
                                + "the code around it");
                i = j;
                continue;
            }
            openTriple = tripleStateAfter(line, null);
        }
        return last;
    }

    /** Which triple quote is still open after this line, starting with {@code open} (null: none). */
    private static String tripleStateAfter(String line, String open) {
        int i = 0;
        while (i < line.length()) {
            if (open != null) {
                int close = line.indexOf(open, i);
                if (close < 0) {
                    return open;
                }
                i = close + 3;
                open = null;
                continue;
            }
            char c = line.charAt(i);
            if (c == '#') {
                return null;
            }
            if (c == '\'' || c == '"') {
                String q = String.valueOf(c).repeat(3);
                if (line.startsWith(q, i)) {
                    open = q;
                    i += 3;
                    continue;
                }
                int end = i + 1;
                while (end < line.length() && line.charAt(end) != c) {
                    end += line.charAt(end) == '\\' ? 2 : 1;
                }
                i = end + 1;
                continue;
            }
            i++;
        }
        return open;
    }

    private static boolean balanced(String expression) {
        try {
            int depth = 0;
            for (Token t : tokenize(expression)) {
                if (t.kind == Kind.PUNCT && "([{".contains(t.text)) {
                    depth++;
                } else if (t.kind == Kind.PUNCT && ")]}".contains(t.text)) {
                    depth--;
                }
            }
            return depth <= 0;
        } catch (IllegalArgumentException unterminated) {
            return false;
        }
    }

    private Evaluation evaluateExpression(String expression, int line) {
        List<Token> tokens;
        try {
            tokens = tokenize(expression);
        } catch (IllegalArgumentException e) {
            return unevaluable(line, "is not a complete expression on its line");
        }
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(";")) {
            tokens = tokens.subList(0, tokens.size() - 1);
        }
        while (tokens.size() >= 2 && tokens.get(0).is("(") && tokens.get(tokens.size() - 1).is(")")) {
            tokens = tokens.subList(1, tokens.size() - 1);
        }
        if (tokens.isEmpty()) {
            return unevaluable(line, "has no value");
        }
        if (tokens.stream().allMatch(t -> t.kind == Kind.STRING)) {
            StringBuilder value = new StringBuilder();
            for (Token t : tokens) {
                if (t.value == null) {
                    return unevaluable(line, "is an f-string, bytes or escape the console does not evaluate");
                }
                value.append(t.value);
            }
            return new Evaluation(Source.LITERAL, Optional.of(value.toString()), Optional.empty(), false, line, "");
        }
        return environmentLookup(tokens, line);
    }

    /** {@code os.environ.get('X'[, default])}, {@code os.getenv('X'[, default])}, {@code os.environ['X']}. */
    private Evaluation environmentLookup(List<Token> tokens, int line) {
        int i = 0;
        if (tokens.size() > 2 && tokens.get(0).is("os") && tokens.get(1).is(".")) {
            i = 2;
        }
        boolean subscript;
        if (at(tokens, i, "environ", ".", "get", "(")) {
            i += 4;
            subscript = false;
        } else if (at(tokens, i, "getenv", "(")) {
            i += 2;
            subscript = false;
        } else if (at(tokens, i, "environ", "[")) {
            i += 2;
            subscript = true;
        } else {
            return unevaluable(line, "is an expression");
        }
        if (i >= tokens.size() || tokens.get(i).kind != Kind.STRING || tokens.get(i).value == null) {
            return unevaluable(line, "reads an environment variable whose name is not a plain string");
        }
        String variable = tokens.get(i++).value;
        Optional<Token> fallback = Optional.empty();
        boolean fallbackNone = false;
        if (!subscript && i < tokens.size() && tokens.get(i).is(",")) {
            i++;
            if (i < tokens.size() && tokens.get(i).kind == Kind.STRING && tokens.get(i).value != null) {
                fallback = Optional.of(tokens.get(i++));
            } else if (i < tokens.size() && tokens.get(i).is("None")) {
                fallbackNone = true;
                i++;
            } else {
                return unevaluable(line, "reads environment variable " + variable + " with a default that is not a "
                        + "plain string");
            }
            if (i < tokens.size() && tokens.get(i).is(",")) {
                i++;
            }
        }
        if (i != tokens.size() - 1 || !tokens.get(i).is(subscript ? "]" : ")")) {
            return unevaluable(line, "reads environment variable " + variable + " inside a larger expression");
        }
        String value = environment.apply(variable);
        boolean set = value != null;
        Optional<String> url = set ? Optional.of(value) : fallback.map(t -> t.value);
        if (fallbackNone && !set) {
            url = Optional.empty();
        }
        return new Evaluation(Source.ENVIRONMENT, url, Optional.of(variable), set, line, "");
    }

    private static boolean at(List<Token> tokens, int i, String... texts) {
        if (i + texts.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < texts.length; k++) {
            if (!tokens.get(i + k).is(texts[k])) {
                return false;
            }
        }
        return true;
    }

    private static Evaluation unevaluable(int line, String reason) {
        return new Evaluation(Source.UNEVALUABLE, Optional.empty(), Optional.empty(), false, line, reason);
    }

    // ---- a tokenizer for one Python expression -------------------------------------------------------------------

    private enum Kind { STRING, NAME, NUMBER, PUNCT }

    /** A token; for strings {@code value} is the evaluated literal, or null when the console does not evaluate it. */
    private record Token(Kind kind, String text, String value) {
        boolean is(String s) {
            return kind != Kind.STRING && text.equals(s);
        }
    }

    private static final Pattern STRING_START = Pattern.compile("(?i)(r|u|b|f|br|rb|fr|rf)?('''|\"\"\"|'|\")");

    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            Matcher m = STRING_START.matcher(s).region(i, s.length());
            if (m.lookingAt() && (m.group(1) == null || m.group(1).chars().allMatch(Character::isLetter))) {
                String prefix = m.group(1) == null ? "" : m.group(1).toLowerCase(java.util.Locale.ROOT);
                String quote = m.group(2);
                int start = m.end();
                int end = start;
                StringBuilder raw = new StringBuilder();
                while (true) {
                    if (end >= s.length()) {
                        throw new IllegalArgumentException("unterminated string");
                    }
                    if (s.startsWith(quote, end)) {
                        break;
                    }
                    if (s.charAt(end) == '\\' && end + 1 < s.length()) {
                        raw.append(s, end, end + 2);
                        end += 2;
                        continue;
                    }
                    raw.append(s.charAt(end++));
                }
                i = end + quote.length();
                String value;
                if (prefix.contains("b") || (prefix.contains("f") && raw.toString().matches("(?s).*[{}].*"))) {
                    value = null;
                } else {
                    value = prefix.contains("r") ? raw.toString() : unescape(raw.toString());
                }
                tokens.add(new Token(Kind.STRING, s.substring(m.start(), i), value));
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                    end++;
                }
                tokens.add(new Token(Kind.NAME, s.substring(i, end), null));
                i = end;
                continue;
            }
            if (Character.isDigit(c)) {
                int end = i;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(Kind.NUMBER, s.substring(i, end), null));
                i = end;
                continue;
            }
            tokens.add(new Token(Kind.PUNCT, String.valueOf(c), null));
            i++;
        }
        return tokens;
    }

    /** Python escape sequences; returns null for {@code \N{…}}, which the console does not evaluate. */
    private static String unescape(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                out.append(c);
                continue;
            }
            char n = raw.charAt(++i);
            switch (n) {
                case '\\', '\'', '"' -> out.append(n);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case 'x', 'u', 'U' -> {
                    int len = n == 'x' ? 2 : n == 'u' ? 4 : 8;
                    if (i + len >= raw.length()) {
                        return null;
                    }
                    String hex = raw.substring(i + 1, i + 1 + len);
                    if (!hex.matches("[0-9a-fA-F]+")) {
                        return null;
                    }
                    out.appendCodePoint(Integer.parseInt(hex, 16));
                    i += len;
                }
                case 'N' -> {
                    return null;
                }
                default -> {
                    if (n >= '0' && n <= '7') {
                        int end = i;
                        while (end < raw.length() && end < i + 3 && raw.charAt(end) >= '0' && raw.charAt(end) <= '7') {
                            end++;
                        }
                        out.append((char) Integer.parseInt(raw.substring(i, end), 8));
                        i = end - 1;
                    } else {
                        out.append('\\').append(n);
                    }
                }
            }
        }
        return out.toString();
    }
}
