package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Finds, before anything is copied, the source rows the target would reject: orphans of the target's foreign keys
 * (SQLite does not enforce them, and upgraded SQLite databases miss some), values longer than the target's
 * VARCHAR(n) (SQLite does not enforce lengths), TEXT/BLOB values over MySQL's 65,535 bytes, integers outside
 * 32 bits, and unique values that would be equal on the target. The latter are asked of the target server itself
 * ({@link CopyUniqueCheck}): on MySQL/MariaDB always, as its collation decides (case, accents, trailing spaces);
 * on the other engines only for columns where the copy cuts values, as cut values may meet. All other checks run
 * as queries on the read-only source. Each violating row is also reported to {@link CopyViolations}, which decides
 * what happens to it when the copy handles violations; the findings list at most {@link #LIMIT} rows per check.
 *
 * <p>The value checks of a table and each of its foreign keys are separate queries on the source, run several at once
 * on connections of their own (the largest tables first); their findings and decisions are then taken in the order
 * one connection would have produced them, so the result does not depend on which query finished first.
 */
final class CopyHealthCheck {

    /** At most this many findings per check are listed; the count of the rest is given. */
    static final int LIMIT = 200;

    private final Connection source;
    private final Engine sourceEngine;
    private final Engine targetEngine;
    private final String targetCollation;
    private final boolean wholeSeconds;
    private final CopyViolations violations;
    private final CopyUniqueCheck unique;
    private final Opener more;
    private final int workers;
    private final List<CopyFinding> findings = new ArrayList<>();

    /** Opens one more read-only connection to the source. */
    interface Opener {
        Connection open() throws SQLException;
    }

    /** With up to {@code workers} queries at once, on the source connection and connections {@code more} opens. */
    CopyHealthCheck(Connection source, Engine sourceEngine, String targetCollation, CopyViolations violations,
            CopyUniqueCheck unique, Opener more, int workers) {
        this.more = more;
        this.workers = more == null ? 1 : Math.max(1, workers);
        this.source = source;
        this.sourceEngine = sourceEngine;
        this.targetEngine = unique.engine();
        this.targetCollation = targetCollation;
        this.wholeSeconds = targetEngine == Engine.MYSQL;
        this.violations = violations;
        this.unique = unique;
    }

    /**
     * Runs every check; {@code rows} (the source's row counts, may be empty) only decides which queries start first.
     */
    List<CopyFinding> check(List<CopyTable> tables, Map<String, Long> rows) throws SQLException {
        Map<String, CopyTable> byName = new HashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        List<Check> checks = new ArrayList<>();
        for (CopyTable t : tables) {
            long size = rows.getOrDefault(t.name(), 0L);
            checks.add(new Check(size, c -> values(c, t)));
            for (ForeignKeyDef f : t.target().foreignKeys()) {
                checks.add(new Check(size, c -> orphans(c, t, f, byName.get(f.refTable()))));
            }
        }
        for (Part part : run(checks)) {
            findings.addAll(part.findings());
            part.decisions().forEach(d -> d.accept(violations));
        }
        violations.followForeignKeys(source, sourceEngine, wholeSeconds);
        for (CopyTable t : tables) {
            collisions(t);
        }
        violations.followForeignKeys(source, sourceEngine, wholeSeconds);
        return List.copyOf(findings);
    }

    /** One query of the check: what it found and what it decided about rows, taken later in the checks' order. */
    private record Part(List<CopyFinding> findings, List<Consumer<CopyViolations>> decisions) {
        static final Part NONE = new Part(List.of(), List.of());
    }

    private interface Query {
        Part on(Connection c) throws SQLException;
    }

    private record Check(long rows, Query query) {
    }

    /** Runs the checks, several at once when allowed; returns their parts in the checks' order. */
    private List<Part> run(List<Check> checks) throws SQLException {
        Part[] parts = new Part[checks.size()];
        int threads = Math.min(workers, checks.size());
        if (threads <= 1) {
            for (int i = 0; i < parts.length; i++) {
                parts[i] = checks.get(i).query().on(source);
            }
            return List.of(parts);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> -checks.get(i).rows()));
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hubdb-health-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                boolean first = w == 0;
                futures.add(pool.submit(() -> {
                    Connection c = first ? source : more.open();
                    try {
                        for (int i = next.getAndIncrement(); i < parts.length; i = next.getAndIncrement()) {
                            parts[order.get(i)] = checks.get(order.get(i)).query().on(c);
                        }
                    } catch (Throwable e) {
                        next.set(parts.length); // the other workers stop after their current query
                        throw e;
                    } finally {
                        if (!c.getAutoCommit()) {
                            c.rollback();
                        }
                        if (!first) {
                            c.close();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("The health check was interrupted.", e);
        } finally {
            pool.shutdownNow();
        }
        return List.of(parts);
    }

    private Part values(Connection c, CopyTable t) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<ColumnDef> columns = t.target().columns();
        for (int i = 0; i < columns.size(); i++) {
            String src = t.sourceColumns().get(i);
            if (src == null) {
                continue;
            }
            ColumnDef column = columns.get(i);
            String col = q(src);
            int before = conditions.size();
            switch (column.type()) {
                case "VARCHAR" -> {
                    conditions.add(longerThan(col, column.length()));
                    details.add(column.name() + " is longer than VARCHAR(" + column.length() + ")");
                }
                case "TEXT", "BLOB" -> {
                    if (targetEngine == Engine.MYSQL) {
                        conditions.add(byteLength(col) + " > 65535");
                        details.add(column.name() + " is over 65,535 bytes (MySQL " + column.type() + ")");
                    }
                }
                case "INTEGER" -> {
                    if (sourceEngine == Engine.SQLITE && targetEngine != Engine.SQLITE) {
                        conditions.add("(" + col + " > 2147483647 OR " + col + " < -2147483648)");
                        details.add(column.name() + " does not fit a 32-bit INTEGER");
                    }
                }
                default -> {
                }
            }
            if (conditions.size() > before) {
                positions.add(i);
            }
        }
        if (conditions.isEmpty()) {
            return Part.NONE;
        }
        List<CopyFinding> found = new ArrayList<>();
        List<Consumer<CopyViolations>> decisions = new ArrayList<>();
        int[] keys = violations.keyPositions(t);
        StringBuilder sql = new StringBuilder("SELECT ").append(RowKey.sourceColumns(t, keys, sourceEngine, null));
        for (String cond : conditions) {
            sql.append(", CASE WHEN ").append(cond).append(" THEN 1 ELSE 0 END");
        }
        sql.append(" FROM ").append(q(t.name())).append(" WHERE ").append(String.join(" OR ", conditions));
        int count = 0;
        try (Statement s = fetching(c); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                Object[] row = RowKey.read(rs, 1, t, keys, sourceEngine, wholeSeconds);
                RowKey key = RowKey.of(row, keys);
                for (int k = 0; k < conditions.size(); k++) {
                    if (rs.getInt(keys.length + 1 + k) != 1) {
                        continue;
                    }
                    ColumnDef column = columns.get(positions.get(k));
                    boolean range = column.type().equals("INTEGER");
                    String detail = details.get(k);
                    if (++count <= LIMIT) {
                        found.add(new CopyFinding(range ? CopyFinding.Kind.OUT_OF_RANGE : CopyFinding.Kind.TOO_LONG,
                                t.name(), t.describeKey(row), detail));
                    }
                    if (range) {
                        decisions.add(v -> v.skip(t, key, detail));
                    } else {
                        int at = positions.get(k);
                        int length = column.type().equals("VARCHAR") ? column.length() : 0;
                        decisions.add(v -> v.tooLong(t, key, at, length, detail));
                    }
                }
            }
        }
        more(found, t, count, CopyFinding.Kind.TOO_LONG, "values too long or out of range");
        return new Part(found, decisions);
    }

    /**
     * The rows whose foreign key values have no parent row: an outer join keeping the unmatched rows (each child row
     * appears once, whatever the parent holds), which every engine runs as an anti-join.
     */
    private Part orphans(Connection c, CopyTable t, ForeignKeyDef f, CopyTable parent) throws SQLException {
        if (parent == null) {
            return Part.NONE;
        }
        List<String> child = new ArrayList<>();
        List<String> ref = new ArrayList<>();
        for (int k = 0; k < f.columns().size(); k++) {
            String col = sourceColumn(t, f.columns().get(k));
            String r = sourceColumn(parent, f.refColumns().get(k));
            if (col == null || r == null) {
                return Part.NONE;
            }
            child.add(col);
            ref.add(r);
        }
        int[] keys = violations.keyPositions(t);
        StringBuilder sql = new StringBuilder("SELECT ").append(RowKey.sourceColumns(t, keys, sourceEngine, "c"));
        child.forEach(col -> sql.append(", c.").append(q(col)));
        sql.append(" FROM ").append(q(t.name())).append(" c LEFT JOIN ").append(q(parent.name())).append(" p ON ");
        for (int k = 0; k < child.size(); k++) {
            sql.append(k == 0 ? "" : " AND ").append("p.").append(q(ref.get(k))).append(" = c.").append(q(child.get(k)));
        }
        sql.append(" WHERE ");
        child.forEach(col -> sql.append("c.").append(q(col)).append(" IS NOT NULL AND "));
        sql.append("p.").append(q(ref.get(0))).append(" IS NULL");
        List<CopyFinding> found = new ArrayList<>();
        List<Consumer<CopyViolations>> decisions = new ArrayList<>();
        int count = 0;
        try (Statement s = fetching(c); ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                Object[] row = RowKey.read(rs, 1, t, keys, sourceEngine, wholeSeconds);
                List<Object> values = new ArrayList<>();
                for (int k = 0; k < child.size(); k++) {
                    values.add(rs.getString(keys.length + 1 + k));
                }
                String detail = CopyViolations.describe(f.columns(), values) + " has no row in " + f.refTable() + " "
                        + f.refColumns();
                if (++count <= LIMIT) {
                    found.add(new CopyFinding(CopyFinding.Kind.ORPHAN, t.name(), t.describeKey(row), detail));
                }
                RowKey key = RowKey.of(row, keys);
                decisions.add(v -> v.orphan(t, key, f, detail));
            }
        }
        more(found, t, count, CopyFinding.Kind.ORPHAN, "orphans of " + f.columns());
        return new Part(found, decisions);
    }

    private void collisions(CopyTable t) throws SQLException {
        List<IndexDef> uniques = new ArrayList<>(t.target().uniques());
        if (t.target().primaryKey() != null) {
            uniques.add(t.target().primaryKey());
        }
        t.target().indexes().stream().filter(IndexDef::unique).forEach(uniques::add);
        int[] keys = violations.keyPositions(t);
        for (IndexDef u : uniques) {
            int column = u.columns().size() == 1 ? RowKey.position(t, u.columns().get(0)) : -1;
            if (column < 0 || t.sourceColumns().get(column) == null
                    || !t.target().columns().get(column).type().equals("VARCHAR")
                    || targetEngine != Engine.MYSQL && !violations.truncates(t, column)) {
                continue;
            }
            ColumnDef c = t.target().columns().get(column);
            String where = targetEngine == Engine.MYSQL ? "under the target collation " + targetCollation
                    : "on the target once cut to VARCHAR(" + c.length() + ")";
            int[] count = {0};
            String[] kept = {null};
            unique.collisions(source, sourceEngine, t, column, keys, wholeSeconds, violations.filter(t),
                    (key, value, keep) -> {
                        String keyText = t.describeKey(key.sparseRow(t, keys));
                        String shown = c.name() + " '" + CopyValues.shorten(value) + "'";
                        if (++count[0] <= LIMIT) {
                            findings.add(new CopyFinding(CopyFinding.Kind.COLLISION, t.name(), keyText, shown
                                    + " equals another row's " + where + " (unique " + u.columns() + ")"));
                        }
                        if (keep) {
                            kept[0] = keyText;
                        } else {
                            violations.skip(t, key, shown + " equals that of [" + kept[0] + "], which is kept, "
                                    + where);
                        }
                    });
            more(findings, t, count[0], CopyFinding.Kind.COLLISION, "collisions on " + c.name());
        }
    }

    private static void more(List<CopyFinding> findings, CopyTable t, int count, CopyFinding.Kind kind, String what) {
        if (count > LIMIT) {
            findings.add(new CopyFinding(kind, t.name(), null, (count - LIMIT) + " more " + what + " not listed"));
        }
    }

    /** A statement that streams its result (violations may be many). */
    private static Statement fetching(Connection c) throws SQLException {
        Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        s.setFetchSize(1000);
        return s;
    }

    private static String sourceColumn(CopyTable t, String targetColumn) {
        int at = RowKey.position(t, targetColumn);
        return at < 0 ? null : t.sourceColumns().get(at);
    }

    /**
     * A value of more than {@code length} characters. On SQLite the byte length, which it knows without reading the
     * value, rules out most values first: a value cannot have more characters than bytes.
     */
    private String longerThan(String col, int length) {
        return sourceEngine == Engine.SQLITE ? "(octet_length(" + col + ") > " + length + " AND length(" + col + ") > "
                + length + ")" : "char_length(" + col + ") > " + length;
    }

    private String byteLength(String col) {
        return switch (sourceEngine) {
            case SQLITE -> "length(CAST(" + col + " AS BLOB))";
            case POSTGRESQL -> "octet_length(" + col + ")";
            case MYSQL -> "length(" + col + ")";
        };
    }

    private String q(String identifier) {
        return CopyDdl.quote(sourceEngine, identifier);
    }
}
