package dev.hubconsole.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Reads a hub's log (its output redirected to a file) and picks out errors, warnings and deprecations.
 *
 * <p>Recognised: JupyterHub/tornado/traitlets lines {@code [E 2026-11-22 02:34:08.289 JupyterHub app:2775] …}
 * ({@code E}/{@code C} = error, {@code W} = warning), configurable-http-proxy lines
 * {@code 02:34:08.603 [ConfigProxy] error: …} (colour codes stripped), Python {@code logging} style
 * {@code ERROR}/{@code CRITICAL}/{@code WARNING}, {@code Traceback (most recent call last):}, the hub's refusal
 * to start on a stale schema ({@code Found database schema version …}) and, as deprecations, any line with
 * {@code DeprecationWarning} or the word {@code deprecated}.
 *
 * <p>Streaming: the log is read once, line by line, from the offset to the size it had when the scan began,
 * so memory stays flat for any log size. A log shorter than the offset (rotated or truncated since) is scanned
 * from the start and {@link LogFindings#restarted()} says so. A last line without a line break is left for the
 * next scan ({@link LogFindings#endOffset()} stops before it). A plain object, and a Spring component.
 */
@Component
public final class HubLogScanner {

    /** How many lines of each kind a {@link LogFindings} keeps; the counts go on. */
    public static final int MAX_FINDINGS = 100;
    /** Longest line kept; longer lines are cut and end with "…". */
    public static final int MAX_LINE_CHARS = 2000;

    private static final int MAX_LINE_BYTES = 64 * 1024;
    private static final Pattern TORNADO = Pattern.compile("^\\[([DIWEC]) \\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d");
    private static final Pattern PROXY = Pattern.compile("\\[ConfigProxy\\] (error|warn)\\b");
    private static final Pattern ERROR_WORD = Pattern.compile("\\b(ERROR|CRITICAL|FATAL)\\b");
    private static final Pattern WARNING_WORD = Pattern.compile("\\bWARN(ING)?\\b");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern DEPRECATED = Pattern.compile("DeprecationWarning|\\bdeprecated\\b",
            Pattern.CASE_INSENSITIVE);

    /** The log's size in bytes, 0 when it does not exist (yet). */
    public long size(Path log) {
        try {
            return Files.size(log);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of the hub log " + log + ": " + e.getMessage(), e);
        }
    }

    /**
     * Scans the log from byte {@code offset} (typically {@link #size} taken before the hub was started).
     * A missing log gives empty findings with a note.
     *
     * @throws UncheckedIOException when the log exists but cannot be read
     */
    public LogFindings scanFrom(Path log, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (!Files.exists(log)) {
            return new LogFindings(List.of(), List.of(), List.of(), 0, 0, 0, 0, 0, offset > 0,
                    "Hub log " + log + " does not exist");
        }
        Collector collector = new Collector();
        try (SeekableByteChannel channel = Files.newByteChannel(log, StandardOpenOption.READ)) {
            long size = channel.size();
            boolean restarted = offset > size;
            long from = restarted ? 0 : offset;
            channel.position(from);
            long end = readLines(Channels.newInputStream(channel), from, size, collector);
            String note = restarted ? "Hub log " + log + " is shorter (" + size + " bytes) than the offset " + offset
                    + ": it was rotated or truncated, scanned it from the start" : "";
            return collector.findings(from, end, restarted, note);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the hub log " + log + ": " + e.getMessage(), e);
        }
    }

    /** Reads complete lines between {@code from} and {@code limit}; returns the offset after the last one. */
    private static long readLines(InputStream in, long from, long limit, Collector collector) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        byte[] buffer = new byte[1 << 16];
        byte[] line = new byte[MAX_LINE_BYTES];
        int length = 0;
        long position = from;
        long lineStart = from;
        while (position < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - position));
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    collector.accept(lineStart, decode(decoder, line, length));
                    length = 0;
                    lineStart = position + i + 1;
                } else if (length < line.length) {
                    line[length++] = b;
                }
            }
            position += n;
        }
        return lineStart;
    }

    private static String decode(CharsetDecoder decoder, byte[] bytes, int length) throws CharacterCodingException {
        int end = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
        return decoder.decode(ByteBuffer.wrap(bytes, 0, end)).toString();
    }

    /** Which kind of finding a line is, or {@code null} for none. */
    static Kind classify(String line) {
        Matcher tornado = TORNADO.matcher(line);
        if (tornado.find()) {
            char level = tornado.group(1).charAt(0);
            if (level == 'E' || level == 'C') {
                return Kind.ERROR;
            }
            if (DEPRECATED.matcher(line).find()) {
                return Kind.DEPRECATION;
            }
            return level == 'W' ? Kind.WARNING : null;
        }
        Matcher proxy = PROXY.matcher(line);
        if (proxy.find()) {
            return proxy.group(1).equals("error") ? Kind.ERROR : Kind.WARNING;
        }
        if (ERROR_WORD.matcher(line).find() || line.startsWith("Traceback (most recent call last)")
                || line.startsWith("Found database schema version")) {
            return Kind.ERROR;
        }
        if (DEPRECATED.matcher(line).find()) {
            return Kind.DEPRECATION;
        }
        return WARNING_WORD.matcher(line).find() || line.toLowerCase(Locale.ROOT).contains("warning:")
                ? Kind.WARNING : null;
    }

    enum Kind { ERROR, WARNING, DEPRECATION }

    private static final class Collector {
        private final List<LogLine> errors = new ArrayList<>();
        private final List<LogLine> warnings = new ArrayList<>();
        private final List<LogLine> deprecations = new ArrayList<>();
        private long errorCount;
        private long warningCount;
        private long deprecationCount;

        void accept(long offset, String raw) {
            String line = raw.indexOf('\u001B') >= 0 ? ANSI.matcher(raw).replaceAll("") : raw;
            Kind kind = classify(line);
            if (kind == null) {
                return;
            }
            switch (kind) {
                case ERROR -> {
                    errorCount++;
                    add(errors, offset, line);
                }
                case WARNING -> {
                    warningCount++;
                    add(warnings, offset, line);
                }
                case DEPRECATION -> {
                    deprecationCount++;
                    add(deprecations, offset, line);
                }
            }
        }

        private static void add(List<LogLine> list, long offset, String line) {
            if (list.size() < MAX_FINDINGS) {
                String text = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
                list.add(new LogLine(offset, text));
            }
        }

        LogFindings findings(long from, long end, boolean restarted, String note) {
            return new LogFindings(errors, warnings, deprecations, errorCount, warningCount, deprecationCount, from,
                    end, restarted, note);
        }
    }
}
