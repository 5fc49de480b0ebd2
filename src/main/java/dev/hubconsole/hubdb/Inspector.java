package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.RevisionCatalog.Verdict;
import dev.hubconsole.hubdb.RevisionCatalog.VerdictKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;

/**
 * Inspects a JupyterHub database read-only: revision, rows per table, drift from the schema JupyterHub creates at
 * that revision, data health and what deleting it would lose ({@link Inspection}). Everything is SQL aggregates
 * and bounded example lists over read-only connections: one connection, hence one snapshot, on PostgreSQL and
 * MySQL/MariaDB; on SQLite a few connections scan tables in parallel. No table is held in memory. Usable without Spring ({@code new Inspector()}).
 */
@Component
public final class Inspector {

    /** Threads that scan a SQLite database. */
    static final int SQLITE_THREADS = 2;

    private final HubDatabases databases = new HubDatabases();
    private final LiveSchemaReader reader = new LiveSchemaReader();
    private final RevisionCatalog revisions = RevisionCatalog.standard();
    private final SchemaCatalog schemas = SchemaCatalog.standard();
    private final Clock clock;

    /** An inspector on the system clock. */
    public Inspector() {
        this(Clock.systemUTC());
    }

    Inspector(Clock clock) {
        this.clock = clock;
    }

    /**
     * Inspects the database.
     *
     * @param url    the database
     * @param config the users and groups the hub's configuration creates, or empty when no configuration was read
     * @throws DatabaseUnavailableException when the database cannot be opened
     * @throws InspectionFailedException    when it is not a JupyterHub database or its revision is unknown
     */
    public Inspection inspect(DbUrl url, Optional<ConfigIdentities> config) {
        long started = System.nanoTime();
        try (Connection c = databases.openReadOnly(url)) {
            Optional<String> revision;
            try {
                revision = databases.alembicRevision(c);
            } catch (IllegalStateException e) {
                throw new InspectionFailedException(e.getMessage());
            }
            Verdict verdict = revisions.verdict(revision);
            if (verdict.kind() != VerdictKind.KNOWN) {
                throw new InspectionFailedException(url.display() + ": " + verdict.message());
            }
            String rev = revision.orElseThrow().strip();
            List<TableDef> live = reader.read(c);
            Optional<ExpectedSchema> expected = schemas.at(rev, url.engine());
            List<String> notes = new ArrayList<>();
            List<DriftFinding> drift = expected.map(e -> DriftDetector.compare(e, live)).orElse(List.of());
            if (expected.isEmpty()) {
                notes.add("Revision " + rev + " lies between releases: the console has no schema to compare it with, "
                        + "so drift was not checked and data health used the live table definitions.");
            }
            expected.ifPresent(e -> e.notes().forEach(n -> notes.add("Schema " + rev + ": " + n)));
            ConfigIdentities identities = config.orElse(ConfigIdentities.none());
            LocalDateTime now = LocalDateTime.now(clock);
            List<HealthFinding> findings = new ArrayList<>();
            Map<String, Long> rowCounts = new TreeMap<>();
            DeleteImpact impact;
            if (url.engine() == Engine.SQLITE) {
                impact = scanSqliteInParallel(url, expected, live, identities, config.isPresent(), now, findings,
                        rowCounts);
            } else {
                HealthScanner health = new HealthScanner(c, url.engine(), expected, live);
                health.scan();
                findings.addAll(health.findings());
                rowCounts.putAll(health.rowCounts());
                impact = new DeleteImpactCounter(c, url.engine(), live, identities, config.isPresent()).count(now);
            }
            if (url.engine() != Engine.SQLITE) {
                notes.add(url.engine().label() + " enforces UTF-8 and datetime types itself: those checks ran on "
                        + "SQLite only.");
            }
            notes.add("Name collisions compare names as MySQL's *_ci collations roughly do: ignoring case and "
                    + "trailing spaces (in SQL), and accents and ß/ss (for names with non-ASCII characters).");
            identities.unreadable().forEach(u -> notes.add("Configuration: " + u));
            endSnapshot(c, url);
            return new Inspection(url.engine(), url.display(), rev, verdict.releases(), verdict.message(),
                    revisions.head().id(), rowCounts, expected.isPresent(), drift, findings, impact, notes,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw new InspectionFailedException("Reading " + url.display() + " failed: " + e.getMessage());
        }
    }

    /**
     * SQLite: the tables are scanned on {@value #SQLITE_THREADS} threads, each with its own read-only connection
     * (SQLite readers do not block each other or the hub), largest tables first; the delete impact is counted
     * alongside. Findings come back in table-name order, as a sequential scan gives them.
     */
    private DeleteImpact scanSqliteInParallel(DbUrl url, Optional<ExpectedSchema> expected, List<TableDef> live,
            ConfigIdentities identities, boolean configRead, LocalDateTime now, List<HealthFinding> findings,
            Map<String, Long> rowCounts) throws SQLException {
        Map<String, Long> sizes = new HashMap<>();
        try (Connection c = databases.openReadOnly(url)) {
            sizes.putAll(databases.rowCounts(c));
        }
        ExecutorService pool = Executors.newFixedThreadPool(SQLITE_THREADS, r -> {
            Thread t = new Thread(r, "inspect");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<DeleteImpact> impact = pool.submit(() -> {
                try (Connection c = databases.openReadOnly(url)) {
                    return new DeleteImpactCounter(c, url.engine(), live, identities, configRead).count(now);
                }
            });
            Map<String, Future<HealthScanner>> scans = new TreeMap<>();
            live.stream().map(TableDef::name)
                    .sorted(Comparator.comparing((String t) -> sizes.getOrDefault(t, 0L)).reversed())
                    .forEach(table -> scans.put(table, pool.submit(() -> {
                        try (Connection c = databases.openReadOnly(url)) {
                            HealthScanner scanner = new HealthScanner(c, url.engine(), expected, live);
                            scanner.scan(table);
                            return scanner;
                        }
                    })));
            for (Future<HealthScanner> scan : scans.values()) {
                HealthScanner scanner = result(scan);
                findings.addAll(scanner.findings());
                rowCounts.putAll(scanner.rowCounts());
            }
            return result(impact);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T result(Future<T> future) throws SQLException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InspectionFailedException("Interrupted while inspecting the database.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void endSnapshot(Connection c, DbUrl url) throws SQLException {
        if (url.engine() != Engine.SQLITE) {
            c.rollback();
        }
    }
}
