package dev.hubconsole.backup;

import dev.hubconsole.hubdb.TableChecksums;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pass over a {@code mariadb-dump --skip-extended-insert --hex-blob} script: whether it is complete, the rows of
 * each table (one {@code INSERT} per row; a table without rows counts 0) and, when the columns' kinds are given, each
 * table's content checksum ({@link TableChecksums}) over the values exactly as the dump holds them. The dump is read
 * as ISO-8859-1 so that every byte reads; text values are then decoded as UTF-8 (the dump's character set).
 *
 * @param complete  whether the last non-blank line is mariadb-dump's {@code -- Dump completed} trailer
 * @param lastLine  the last non-blank line, or null for an empty file
 * @param rowCounts rows per table
 * @param checksums per table, the content checksum of its rows (empty when no kinds were given)
 */
record MariaDbDumpScan(boolean complete, String lastLine, Map<String, Long> rowCounts, Map<String, String> checksums) {

    static final String COMPLETED = "-- Dump completed";

    MariaDbDumpScan {
        rowCounts = Map.copyOf(rowCounts);
        checksums = Map.copyOf(checksums);
    }

    /**
     * Reads {@code dump}. With {@code kinds} (per table, its columns' kinds in order), also computes checksums and
     * fails with an {@link IOException} naming the table when a row does not fit them.
     */
    static MariaDbDumpScan read(Path dump, Map<String, List<TableChecksums.Kind>> kinds) throws IOException {
        String last = null;
        Map<String, Long> counts = new TreeMap<>();
        Map<String, TableChecksums.Sum> sums = new TreeMap<>();
        try (BufferedReader reader = Files.newBufferedReader(dump, StandardCharsets.ISO_8859_1)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("CREATE TABLE `")) {
                    String table = identifier(line, "CREATE TABLE ".length());
                    counts.putIfAbsent(table, 0L);
                    if (kinds != null) {
                        List<TableChecksums.Kind> columns = kinds.get(table);
                        if (columns == null) {
                            throw new IOException("the dump has a table " + table + " that the database does not");
                        }
                        sums.putIfAbsent(table, new TableChecksums.Sum(columns));
                    }
                } else if (line.startsWith("INSERT INTO `")) {
                    String table = identifier(line, "INSERT INTO ".length());
                    counts.merge(table, 1L, Long::sum);
                    if (kinds != null) {
                        addRow(line, table, kinds.get(table), sums.get(table));
                    }
                }
                if (!line.isBlank()) {
                    last = line;
                }
            }
        }
        Map<String, String> checksums = new TreeMap<>();
        sums.forEach((table, sum) -> checksums.put(table, sum.hex()));
        return new MariaDbDumpScan(last != null && last.startsWith(COMPLETED), last, counts, checksums);
    }

    private static void addRow(String line, String table, List<TableChecksums.Kind> kinds, TableChecksums.Sum sum)
            throws IOException {
        int start = line.indexOf(" VALUES (");
        if (kinds == null || sum == null || start < 0) {
            throw new IOException("the dump inserts into " + table + " before creating it, or in an unknown form");
        }
        Object[] raw = new Object[kinds.size()];
        int p = start + " VALUES (".length();
        int column = 0;
        while (true) {
            if (column == raw.length) {
                throw new IOException("a row of " + table + " in the dump has more than " + raw.length + " values");
            }
            p = value(line, p, kinds.get(column) == TableChecksums.Kind.BYTES, raw, column++);
            char next = p < line.length() ? line.charAt(p) : 0;
            p++;
            if (next == ')') {
                break;
            }
            if (next != ',') {
                throw new IOException("a row of " + table + " in the dump does not parse at character " + p);
            }
        }
        if (column != raw.length) {
            throw new IOException("a row of " + table + " in the dump has " + column + " values for " + raw.length
                    + " columns");
        }
        sum.add(raw);
    }

    /** Parses the SQL literal at {@code p} into {@code raw[i]}; returns the position after it. */
    private static int value(String line, int p, boolean binary, Object[] raw, int i) throws IOException {
        if (line.startsWith("NULL", p)) {
            raw[i] = null;
            return p + 4;
        }
        if (line.startsWith("_binary '", p)) {
            return quoted(line, p + "_binary ".length(), true, raw, i);
        }
        if (line.startsWith("'", p)) {
            return quoted(line, p, binary, raw, i);
        }
        int end = p;
        while (end < line.length() && line.charAt(end) != ',' && line.charAt(end) != ')') {
            end++;
        }
        String token = line.substring(p, end);
        if (token.startsWith("0x")) {
            byte[] bytes = java.util.HexFormat.of().parseHex(token, 2, token.length());
            raw[i] = binary ? bytes : new java.math.BigInteger(1, bytes).toString();
        } else if (token.startsWith("b'")) {
            raw[i] = new java.math.BigInteger(token.substring(2, token.length() - 1), 2).toString();
        } else {
            raw[i] = token;
        }
        return end;
    }

    /** A quoted string with mariadb-dump's backslash escapes; its bytes for binary columns, else UTF-8 text. */
    private static int quoted(String line, int p, boolean binary, Object[] raw, int i) throws IOException {
        StringBuilder value = new StringBuilder();
        for (int k = p + 1; k < line.length(); k++) {
            char c = line.charAt(k);
            if (c == '\\' && k + 1 < line.length()) {
                char e = line.charAt(++k);
                value.append(switch (e) {
                    case '0' -> '\0';
                    case 'b' -> '\b';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'Z' -> (char) 26;
                    default -> e;
                });
            } else if (c == '\'' && k + 1 < line.length() && line.charAt(k + 1) == '\'') {
                value.append('\'');
                k++;
            } else if (c == '\'') {
                byte[] bytes = value.toString().getBytes(StandardCharsets.ISO_8859_1);
                raw[i] = binary ? bytes : new String(bytes, StandardCharsets.UTF_8);
                return k + 1;
            } else {
                value.append(c);
            }
        }
        throw new IOException("a quoted value in the dump does not end");
    }

    /** The back-quoted identifier starting at {@code start} ({@code ``} inside stands for one back quote). */
    static String identifier(String line, int start) {
        StringBuilder name = new StringBuilder();
        for (int i = start + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '`') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '`') {
                    name.append('`');
                    i++;
                } else {
                    break;
                }
            } else {
                name.append(c);
            }
        }
        return new String(name.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
