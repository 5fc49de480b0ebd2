package dev.hubconsole.hubdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for Python literals as they appear in {@code jupyterhub_config.py}: strings (with the usual escapes,
 * adjacent strings joined), numbers, True/False/None, lists, tuples, sets, dicts and {@code set(...)}, {@code
 * frozenset(...)}, {@code list(...)}, {@code dict(...)} of one literal. Never evaluates anything else.
 */
final class PythonLiteral {

    private final String s;
    private int i;

    private PythonLiteral(String s) {
        this.s = s;
    }

    /** The value: String, Long/Double, Boolean, null, List (list, tuple, set) or Map. */
    static Object parse(String source) {
        PythonLiteral p = new PythonLiteral(source);
        Object value = p.value();
        p.skip();
        if (p.i < p.s.length() && p.s.charAt(p.i) == ';') {
            p.i++;
            p.skip();
        }
        if (p.i < p.s.length()) {
            throw new IllegalArgumentException("unexpected '" + p.s.charAt(p.i) + "'");
        }
        return value;
    }

    /** Whether brackets and strings are closed (a continuation line is not needed). */
    static boolean balanced(String source) {
        int depth = 0;
        for (int k = 0; k < source.length(); k++) {
            char c = source.charAt(k);
            if (c == '#') {
                while (k < source.length() && source.charAt(k) != '\n') {
                    k++;
                }
            } else if (c == '\'' || c == '"') {
                boolean triple = source.startsWith(String.valueOf(c).repeat(3), k);
                String close = triple ? String.valueOf(c).repeat(3) : String.valueOf(c);
                k += close.length();
                while (k < source.length() && !source.startsWith(close, k)) {
                    k += source.charAt(k) == '\\' ? 2 : 1;
                }
                if (k >= source.length()) {
                    return false;
                }
                k += close.length() - 1;
            } else if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0) {
                depth--;
            }
        }
        return depth <= 0 && !source.stripTrailing().endsWith("\\");
    }

    private void skip() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c) || c == '\\') {
                i++;
            } else {
                return;
            }
        }
    }

    private Object value() {
        skip();
        if (i >= s.length()) {
            throw new IllegalArgumentException("no value");
        }
        char c = s.charAt(i);
        if (c == '[') {
            i++;
            return items(']');
        }
        if (c == '(') {
            i++;
            List<Object> items = items(')');
            return items;
        }
        if (c == '{') {
            i++;
            return braces();
        }
        if (c == '\'' || c == '"' || (Character.isLetter(c) && stringPrefixAhead())) {
            StringBuilder joined = new StringBuilder();
            do {
                joined.append(string());
                skip();
            } while (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"'
                    || (Character.isLetter(s.charAt(i)) && stringPrefixAhead())));
            return joined.toString();
        }
        if (Character.isDigit(c) || c == '-' || c == '+') {
            int start = i++;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.'
                    || s.charAt(i) == '_')) {
                i++;
            }
            String number = s.substring(start, i).replace("_", "");
            try {
                return number.contains(".") ? Double.valueOf(number) : Long.valueOf(number);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + number);
            }
        }
        if (Character.isLetter(c) || c == '_') {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            String name = s.substring(start, i);
            switch (name) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return null;
                case "set", "frozenset", "list", "tuple", "dict", "sorted":
                    skip();
                    if (i < s.length() && s.charAt(i) == '(') {
                        i++;
                        skip();
                        if (i < s.length() && s.charAt(i) == ')') {
                            i++;
                            return name.equals("dict") ? new LinkedHashMap<>() : new ArrayList<>();
                        }
                        Object inner = value();
                        skip();
                        expect(')');
                        return inner;
                    }
                    throw new IllegalArgumentException(name + " is not called with a literal");
                default:
                    throw new IllegalArgumentException("'" + name + "' is a name, not a literal");
            }
        }
        throw new IllegalArgumentException("unexpected '" + c + "'");
    }

    private boolean stringPrefixAhead() {
        int k = i;
        while (k < s.length() && k - i < 2 && "rRuUbBfF".indexOf(s.charAt(k)) >= 0) {
            k++;
        }
        return k > i && k < s.length() && (s.charAt(k) == '\'' || s.charAt(k) == '"');
    }

    private String string() {
        StringBuilder prefix = new StringBuilder();
        while ("rRuUbBfF".indexOf(s.charAt(i)) >= 0) {
            prefix.append(Character.toLowerCase(s.charAt(i++)));
        }
        if (prefix.indexOf("b") >= 0 || prefix.indexOf("f") >= 0) {
            throw new IllegalArgumentException("bytes or f-string");
        }
        boolean raw = prefix.indexOf("r") >= 0;
        char q = s.charAt(i);
        String close = s.startsWith(String.valueOf(q).repeat(3), i) ? String.valueOf(q).repeat(3) : String.valueOf(q);
        i += close.length();
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unterminated string");
            }
            if (s.startsWith(close, i)) {
                i += close.length();
                return out.toString();
            }
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                i += 2;
                if (raw) {
                    out.append('\\').append(n);
                    continue;
                }
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '\\', '\'', '"' -> out.append(n);
                    case '\n' -> { }
                    case 'x', 'u', 'U' -> {
                        int len = n == 'x' ? 2 : n == 'u' ? 4 : 8;
                        if (i + len > s.length() || !s.substring(i, i + len).matches("[0-9a-fA-F]+")) {
                            throw new IllegalArgumentException("bad escape");
                        }
                        out.appendCodePoint(Integer.parseInt(s.substring(i, i + len), 16));
                        i += len;
                    }
                    default -> throw new IllegalArgumentException("escape \\" + n + " is not read");
                }
                continue;
            }
            out.append(c);
            i++;
        }
    }

    private List<Object> items(char close) {
        List<Object> out = new ArrayList<>();
        while (true) {
            skip();
            if (i < s.length() && s.charAt(i) == close) {
                i++;
                return out;
            }
            out.add(value());
            skip();
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            } else {
                expect(close);
                return out;
            }
        }
    }

    private Object braces() {
        skip();
        if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return new LinkedHashMap<>();
        }
        Object first = value();
        skip();
        if (i < s.length() && s.charAt(i) == ':') {
            Map<Object, Object> map = new LinkedHashMap<>();
            i++;
            map.put(first, value());
            while (true) {
                skip();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                    skip();
                }
                if (i < s.length() && s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                Object key = value();
                skip();
                expect(':');
                map.put(key, value());
            }
        }
        List<Object> set = new ArrayList<>();
        set.add(first);
        if (i < s.length() && s.charAt(i) == ',') {
            i++;
        }
        set.addAll(items('}'));
        return set;
    }

    private void expect(char c) {
        skip();
        if (i >= s.length() || s.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "'");
        }
        i++;
    }
}
