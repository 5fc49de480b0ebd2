package dev.hubconsole.cli;

import dev.hubconsole.hubdb.CopyFailedException;
import dev.hubconsole.hubdb.CopyFinding;
import dev.hubconsole.hubdb.CopyHandledRow;
import dev.hubconsole.hubdb.CopyOptions;
import dev.hubconsole.hubdb.CopyPlan;
import dev.hubconsole.hubdb.CopyProgress;
import dev.hubconsole.hubdb.CopyReport;
import dev.hubconsole.hubdb.DatabaseCopy;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.InvalidDbUrlException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code migrate --from URL --to URL}: copies a JupyterHub database to another engine or server and verifies it
 * ({@link DatabaseCopy}). Exit 0 only when the copy is verified; 1 on failure (one line on stderr, details in the
 * report on stdout); 2 on usage errors. URLs take JupyterHub's db_url forms and JDBC URLs; passwords are masked in
 * everything printed.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy a JupyterHub database to another engine or server, then verify every table.")
final class MigrateCommand implements Callable<Integer> {

    /** Handled rows printed on the terminal; the JSON output lists all. */
    static final int HANDLED_SHOWN = 100;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "The source database URL (opened read-only).")
    String from;

    @Option(names = "--to", required = true, description = "The target database URL (must be empty).")
    String to;

    @Option(names = "--dry-run", description = "Print the plan (target DDL, row counts, findings) and copy nothing.")
    boolean dryRun;

    @Option(names = "--replace-target", description = "Drop the JupyterHub tables found in the target first.")
    boolean replaceTarget;

    @Option(names = "--keep-leftovers", description = "Carry known upgrade leftovers (old columns) across.")
    boolean keepLeftovers;

    @Option(names = "--on-violation", defaultValue = "stop", paramLabel = "stop|skip|truncate", description = {
        "What to do with source rows the target would reject (orphans of a foreign key, values too long for their "
                + "column, integers out of range, unique values equal under the target's collation, which the target "
                + "itself is asked about):",
        "  stop (default): list them and copy nothing;",
        "  skip: leave each such row out, and the rows that depend on it, as deleting it would have (a foreign key "
                + "with ON DELETE SET NULL gets NULL instead, and so does an orphan of such a key); of rows with "
                + "equal unique values the one with the lowest key is kept;",
        "  truncate: as skip, but a value too long for its VARCHAR column is cut to the column's length when the "
                + "column is in no key.",
        "Every handled row is listed in the report (all of them with --json) and the verification compares exactly "
                + "what was meant to arrive. The source is never changed. More than "
                + "100,000 handled rows are refused: repair such a source instead."})
    String onViolation;

    @Option(names = "--json", description = "Print the plan or report as JSON.")
    boolean json;

    @Option(names = "--work-dir", description = "The hub's working directory, for relative sqlite:/// paths "
            + "(default: the current directory).")
    Path workDir;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|lines|none", description = {
        "Progress on stderr: auto (default) draws per-table bars when stderr is a terminal; lines prints a line per "
                + "phase and per table started and finished, with the seconds since the start (for logs); none."})
    String progressMode;

    @Option(names = "--parallel", defaultValue = "0", description = "Tables copied at once (0: automatic).")
    int parallel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DbUrl source = url("--from", from);
        DbUrl target = url("--to", to);
        if (!List.of("auto", "lines", "none").contains(progressMode)) {
            throw new ParameterException(spec.commandLine(), "--progress must be auto, lines or none, not '"
                    + progressMode + "'");
        }
        if (parallel < 0 || parallel > 16) {
            throw new ParameterException(spec.commandLine(), "--parallel must be between 0 and 16");
        }
        CopyOptions options = new CopyOptions(replaceTarget, keepLeftovers, parallel, onViolation());
        DatabaseCopy copy = DatabaseCopy.standalone();
        try {
            if (dryRun) {
                CopyPlan plan = copy.plan(source, target, options);
                if (json) {
                    out.println(toJson(Map.of("plan", plan)));
                } else {
                    printPlan(out, plan);
                }
                return 0;
            }
            if (replaceTarget) {
                List<String> drop = copy.plan(source, target, options).tablesToDrop();
                err.println(drop.isEmpty() ? "--replace-target: the target holds no JupyterHub tables to drop."
                        : "--replace-target: dropping the JupyterHub tables found in the target: "
                                + String.join(", ", drop));
            }
            CopyProgress progress = switch (progressMode) {
                case "lines" -> new LineProgress(err);
                case "none" -> CopyProgress.NONE;
                default -> System.console() != null && !json ? new TerminalProgress(err) : CopyProgress.NONE;
            };
            CopyReport report = copy.copy(source, target, options, progress);
            if (json) {
                out.println(toJson(Map.of("verified", true, "report", report)));
            } else {
                printPlan(out, report.plan());
                out.println();
                out.println("Copied and verified:");
                for (CopyReport.TableResult t : report.tables()) {
                    out.printf(Locale.ROOT, "  %-24s %,12d rows  checksum %s%n", t.table(), t.rows(), t.checksum());
                }
                double seconds = Math.max(report.millis(), 1) / 1000.0;
                out.printf(Locale.ROOT, "%,d rows in %.1f s (%,.0f rows/s), verification included.%n",
                        report.totalRows(), seconds, report.totalRows() / seconds);
                out.println("Point the hub at the copy in jupyterhub_config.py (put the real password in):");
                out.println("  " + report.dbUrlLine());
            }
            return 0;
        } catch (CopyFailedException e) {
            if (json) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("verified", false);
                failure.put("error", e.getMessage());
                failure.put("details", e.details());
                failure.put("targetTouched", e.targetTouched());
                out.println(toJson(failure));
            } else if (!e.details().isEmpty()) {
                out.println("Details:");
                e.details().forEach(d -> out.println("  " + d));
            }
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private CopyOptions.OnViolation onViolation() {
        return switch (onViolation.strip().toLowerCase(Locale.ROOT)) {
            case "stop" -> CopyOptions.OnViolation.STOP;
            case "skip" -> CopyOptions.OnViolation.SKIP;
            case "truncate" -> CopyOptions.OnViolation.TRUNCATE;
            default -> throw new ParameterException(spec.commandLine(), "--on-violation must be stop, skip or "
                    + "truncate, not '" + onViolation + "'");
        };
    }

    private DbUrl url(String option, String raw) {
        try {
            return DbUrl.parse(raw, workDir != null ? workDir.toAbsolutePath() : Path.of("").toAbsolutePath());
        } catch (InvalidDbUrlException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private static void printPlan(PrintWriter out, CopyPlan plan) {
        out.println("Source: " + plan.source());
        out.println("Target: " + plan.target());
        out.println("Revision: " + plan.revision() + " (JupyterHub " + String.join(", ", plan.releases()) + ")");
        out.printf(Locale.ROOT, "Rows to copy: %,d%n", plan.totalRows());
        plan.rowCounts().forEach((t, n) -> out.printf(Locale.ROOT, "  %-24s %,12d%n", t, n));
        section(out, "Upgrade leftovers", plan.leftovers());
        section(out, "The admin's additions carried across", plan.additions());
        section(out, "Tables already in the target", plan.existingTables());
        section(out, "Tables dropped from the target first", plan.tablesToDrop());
        section(out, "Notes", plan.notes());
        String flag = "--on-violation " + plan.onViolation().name().toLowerCase(Locale.ROOT);
        section(out, plan.onViolation() == CopyOptions.OnViolation.STOP ? "Findings (the copy stops while there are "
                + "any)" : "Findings (handled by " + flag + ", see below)", plan.findings().stream()
                .map(CopyFinding::line).toList());
        if (!plan.handled().isEmpty()) {
            Map<CopyHandledRow.Action, Long> byAction = new java.util.EnumMap<>(CopyHandledRow.Action.class);
            plan.handled().forEach(h -> byAction.merge(h.action(), 1L, Long::sum));
            out.printf(Locale.ROOT, "Rows handled by %s: %,d skipped, %,d changed (%,d values cut, %,d set to NULL)%n",
                    flag, plan.skippedRows(), plan.handled().stream().filter(h -> h.action()
                            != CopyHandledRow.Action.SKIPPED).map(h -> h.table() + " " + h.key()).distinct().count(),
                    byAction.getOrDefault(CopyHandledRow.Action.TRUNCATED, 0L),
                    byAction.getOrDefault(CopyHandledRow.Action.SET_NULL, 0L));
            plan.handled().stream().limit(HANDLED_SHOWN).forEach(h -> out.println("  " + h.line()));
            if (plan.handled().size() > HANDLED_SHOWN) {
                out.printf(Locale.ROOT, "  … and %,d more (--json lists every one)%n",
                        plan.handled().size() - HANDLED_SHOWN);
            }
        }
        out.println("Target DDL:");
        plan.ddl().forEach(d -> out.println(d.replace("\n\t", " ").replace("\n", " ") + ";"));
    }

    private static void section(PrintWriter out, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            out.println(title + ":");
            lines.forEach(l -> out.println("  " + l));
        }
    }

    private static String toJson(Object value) {
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(value);
    }

    /** The seconds since {@code started}, as progress lines begin. */
    static String stamp(long started) {
        return String.format(Locale.ROOT, "[%6.1f s] ", (System.currentTimeMillis() - started) / 1000.0);
    }

    /** A per-table progress bar with rows/s on the terminal (stderr), redrawn at most five times a second. */
    static final class TerminalProgress implements CopyProgress {
        private final PrintWriter err;
        private final Map<String, long[]> active = new LinkedHashMap<>();
        private final long started = System.currentTimeMillis();
        private long lastDraw;

        TerminalProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void phase(String description) {
            err.print("\r\033[K");
            err.println(stamp(started) + description + " …");
            err.flush();
        }

        @Override
        public synchronized void tableStarted(String table, long expectedRows) {
            active.put(table, new long[] {0, expectedRows, System.currentTimeMillis()});
        }

        @Override
        public synchronized void rowsCopied(String table, long rows) {
            long[] s = active.get(table);
            if (s != null) {
                s[0] = rows;
            }
            long now = System.currentTimeMillis();
            if (now - lastDraw >= 200) {
                lastDraw = now;
                StringBuilder line = new StringBuilder("\r\033[K");
                active.forEach((t, v) -> line.append(bar(t, v[0], v[1], now - v[2])).append("  "));
                err.print(line);
                err.flush();
            }
        }

        @Override
        public synchronized void tableFinished(String table, long rows, long millis) {
            active.remove(table);
            err.print("\r\033[K");
            err.println(bar(table, rows, rows, millis));
            err.flush();
        }

        private static String bar(String table, long done, long total, long millis) {
            int width = 20;
            int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
            double rate = done * 1000.0 / Math.max(millis, 1);
            return String.format(Locale.ROOT, "%s [%s%s] %,d/%,d %,.0f rows/s", table, "#".repeat(filled),
                    ".".repeat(width - filled), done, total, rate);
        }
    }

    /** Progress as plain lines on stderr, one per phase and per table started and finished (for logs). */
    static final class LineProgress implements CopyProgress {
        private final PrintWriter err;
        private final long started = System.currentTimeMillis();

        LineProgress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void phase(String description) {
            line(description);
        }

        @Override
        public synchronized void tableStarted(String table, long expectedRows) {
            line(String.format(Locale.ROOT, "%s: copying %,d %s", table, expectedRows, expectedRows == 1 ? "row"
                    : "rows"));
        }

        @Override
        public void rowsCopied(String table, long rows) {
        }

        @Override
        public synchronized void tableFinished(String table, long rows, long millis) {
            line(String.format(Locale.ROOT, "%s: %,d %s copied in %.1f s (%,.0f rows/s), indexed and verified",
                    table, rows, rows == 1 ? "row" : "rows", millis / 1000.0, rows * 1000.0 / Math.max(millis, 1)));
        }

        private void line(String text) {
            err.println(stamp(started) + text);
            err.flush();
        }
    }
}
