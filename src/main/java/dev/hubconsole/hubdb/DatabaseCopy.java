package dev.hubconsole.hubdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Copies a JupyterHub database to another engine (or another server of the same engine) so that the same JupyterHub
 * release accepts the result as its own. The source is opened read-only and never written. The target schema is
 * JupyterHub's fresh schema at the source's revision on the target engine ({@link SchemaCatalog}) plus the admin's
 * additions; upgrade leftovers are dropped unless {@link CopyOptions#keepLeftovers()}.
 *
 * <p>Order of work, chosen so that an interrupted copy never looks like a database: a health check on the source
 * (rows the target would reject stop the copy with a list, unless {@link CopyOptions#onViolation()} says how to
 * handle them: {@link CopyViolations}); the marker table {@value CopySchemaPlanner#MARKER} is
 * created first; tables (with an empty {@code alembic_version}) are created and streamed, several at once (big ones
 * in key ranges); then per table primary keys (PostgreSQL), unique constraints and indexes, and the verification (row
 * count and a checksum of normalised values on both sides, naming the first key that differs); foreign keys (on
 * PostgreSQL each as soon as both its tables are done); id generators are moved past the highest id; only then is the
 * revision written into {@code alembic_version} and the marker dropped. A target holding the marker is cleaned up by
 * the next run.
 */
@Component
public final class DatabaseCopy {

    private final HubDatabases databases;
    private final LiveSchemaReader reader;
    /** Loaded in the background (about half a second): a copy first opens the source and reads its schema. */
    private final CompletableFuture<SchemaCatalog> catalog;
    private final long splitRows;

    /** Uses the console's database factory, schema reader and catalog. */
    @org.springframework.beans.factory.annotation.Autowired
    public DatabaseCopy(HubDatabases databases, LiveSchemaReader reader) {
        this(databases, reader, SPLIT_ROWS);
    }

    /** With tables of more than {@code splitRows} rows copied in key ranges at once. */
    DatabaseCopy(HubDatabases databases, LiveSchemaReader reader, long splitRows) {
        if (splitRows < 1) {
            throw new IllegalArgumentException("splitRows must be positive");
        }
        this.databases = databases;
        this.reader = reader;
        this.catalog = CompletableFuture.supplyAsync(SchemaCatalog::standard);
        this.splitRows = splitRows;
    }

    /** Without Spring. */
    public static DatabaseCopy standalone() {
        return new DatabaseCopy(new HubDatabases(), new LiveSchemaReader());
    }

    /** Plans the copy without writing anything (the dry run): DDL, row counts, findings, leftovers, additions. */
    public CopyPlan plan(DbUrl from, DbUrl to, CopyOptions options) {
        return prepare(from, to, options).plan();
    }

    /**
     * Copies and verifies. Returns only when every table is verified and the target carries the source's revision.
     *
     * @throws CopyFailedException       when refused or failed (the message says which and what to do)
     * @throws DatabaseUnavailableException when either database cannot be opened
     */
    public CopyReport copy(DbUrl from, DbUrl to, CopyOptions options, CopyProgress progress) {
        long started = System.currentTimeMillis();
        progress.phase("Checking the source and the target");
        Prepared p = prepare(from, to, options);
        CopyPlan plan = p.plan();
        if (plan.stopped()) {
            throw new CopyFailedException(plan.findings().size() + " finding(s) on the source would break the "
                    + "target; first: " + plan.findings().get(0).line() + ". Repair the source (the hub stopped) and "
                    + "run the copy again" + (options.onViolation() == CopyOptions.OnViolation.STOP ? ", or pass "
                    + "--on-violation skip to leave those rows out (each listed in the report)" : "") + ".",
                    plan.findings().stream().map(CopyFinding::line).toList(), false, null);
        }
        if (p.violations().overflow()) {
            throw new CopyFailedException(String.format(java.util.Locale.ROOT, "More than %,d rows (%,d) would be "
                    + "skipped or changed: repair the source (the hub stopped) and run the copy again.",
                    CopyViolations.MAX_HANDLED, p.violations().handledRows()), plan.findings().stream().map(CopyFinding::line).toList(),
                    false, null);
        }
        if (!plan.existingTables().isEmpty() && !p.incompleteCopy() && !options.replaceTarget()) {
            throw new CopyFailedException("The target " + to.display() + " is not empty (tables: "
                    + String.join(", ", plan.existingTables()) + "): give an empty database, or pass "
                    + "--replace-target to drop its JupyterHub tables.", plan.existingTables(), false, null);
        }
        boolean touched = false;
        try (Connection target = databases.openForWrite(to)) {
            touched = true;
            dropTables(target, to.engine(), plan.tablesToDrop());
            progress.phase("Creating the schema");
            execute(target, to.engine(), List.of("CREATE TABLE " + CopyDdl.quote(to.engine(), CopySchemaPlanner.MARKER)
                    + " (note VARCHAR(255))"));
            try (PreparedStatement ps = target.prepareStatement("INSERT INTO " + CopyDdl.quote(to.engine(),
                    CopySchemaPlanner.MARKER) + " (note) VALUES (?)")) {
                ps.setString(1, "copy from " + from.engine().label() + " started " + java.time.Instant.now()
                        + "; not a usable JupyterHub database until this table is gone");
                ps.executeUpdate();
            }
            commit(target);
            target.setAutoCommit(false);
            for (CopyTable t : p.tables()) {
                execute(target, to.engine(), CopyDdl.create(t.target(), to.engine()));
            }
            target.commit();
            target.setAutoCommit(true);
            progress.phase("Loading rows; then per table: keys, indexes and verification on both sides"
                    + (to.engine() == Engine.POSTGRESQL ? ", foreign keys" : ""));
            List<CopyReport.TableResult> results = loadIndexVerify(from, to, p, options, progress);
            progress.phase("Creating foreign keys");
            if (to.engine() == Engine.MYSQL) {
                // In place instead of a table copy per key; the health check found no orphans in these very rows
                // (the verification just proved them equal to the source's).
                execute(target, to.engine(), List.of("SET SESSION foreign_key_checks = 0"));
            }
            if (to.engine() != Engine.POSTGRESQL) { // PostgreSQL's were added while loading
                for (CopyTable t : p.tables()) {
                    execute(target, to.engine(), CopyDdl.foreignKeys(t.target(), to.engine()));
                }
            }
            if (to.engine() == Engine.MYSQL) {
                execute(target, to.engine(), List.of("SET SESSION foreign_key_checks = 1"));
            }
            foreignKeyCheck(target, to.engine());
            resetSequences(target, to.engine(), p.tables());
            commit(target);
            progress.phase("Writing the revision");
            try (PreparedStatement ps = target.prepareStatement("INSERT INTO " + CopyDdl.quote(to.engine(),
                    CopySchemaPlanner.ALEMBIC) + " (version_num) VALUES (?)")) {
                ps.setString(1, plan.revision());
                ps.executeUpdate();
            }
            execute(target, to.engine(), List.of("DROP TABLE " + CopyDdl.quote(to.engine(), CopySchemaPlanner.MARKER)));
            commit(target);
            String line = "c.JupyterHub.db_url = '" + to.display().replace("'", "\\'") + "'";
            return new CopyReport(plan, results, plan.tablesToDrop(), System.currentTimeMillis() - started, line);
        } catch (SQLException e) {
            throw new CopyFailedException("The copy failed: " + oneLine(e) + ". The target is marked incomplete ("
                    + CopySchemaPlanner.MARKER + "); fix the cause and run the copy again.", List.of(), touched, e);
        } catch (CopyFailedException e) {
            throw new CopyFailedException(e.getMessage(), e.details(), touched, e.getCause());
        } catch (RuntimeException e) {
            if (e instanceof DatabaseUnavailableException && !touched) {
                throw e;
            }
            throw new CopyFailedException("The copy failed: " + oneLine(e) + ". The target is marked incomplete ("
                    + CopySchemaPlanner.MARKER + "); fix the cause and run the copy again.", List.of(), touched, e);
        }
    }

    /** The tables whose names JupyterHub has used in any release (for --replace-target). */
    private Set<String> jupyterhubTableNames(Engine engine) {
        Set<String> names = new HashSet<>();
        SchemaCatalog catalog = catalog();
        for (String revision : catalog.revisions()) {
            catalog.at(revision, engine).ifPresent(s -> s.tables().forEach(t -> names.add(t.name())));
        }
        names.addAll(List.of("oauth_access_tokens", "api_token_role_map", "oauth_code_role_map",
                "oauth_client_role_map", "proxies", "hubs", "alembic_version", CopySchemaPlanner.MARKER));
        return names;
    }

    private SchemaCatalog catalog() {
        return join(catalog);
    }

    record Prepared(CopyPlan plan, List<CopyTable> tables, boolean incompleteCopy, CopyViolations violations) {
    }

    private Prepared prepare(DbUrl from, DbUrl to, CopyOptions options) {
        if (from.engine() == to.engine() && from.jdbcUrl().equals(to.jdbcUrl())) {
            throw new CopyFailedException("The source and the target are the same database (" + to.display()
                    + "): give another target.", List.of(), false, null);
        }
        // The target is asked what it holds while the source is read (each takes a connection's start).
        CompletableFuture<TargetState> targetState = CompletableFuture.supplyAsync(() -> targetState(to), r -> {
            Thread t = new Thread(r, "hubdb-target-check");
            t.setDaemon(true);
            t.start();
        });
        try (Connection source = databases.openReadOnly(from)) {
            String revision = databases.alembicRevision(source).orElseThrow(() -> new CopyFailedException(
                    "The source " + from.display() + " has no alembic revision: it is not a JupyterHub database, or "
                    + "one of 0.7 or older; start a JupyterHub 0.8+ on it once, then copy.", List.of(), false, null));
            List<TableDef> live = reader.read(source);
            SchemaCatalog catalog = catalog();
            ExpectedSchema sourceExpected = catalog.at(revision, from.engine()).orElseThrow(() ->
                    new CopyFailedException("The source is at revision " + revision + ", which is no JupyterHub "
                    + "release's head: upgrade it to a release (jupyterhub upgrade-db) before copying.", List.of(),
                    false, null));
            ExpectedSchema targetExpected = catalog.at(revision, to.engine()).orElseThrow();
            CopySchemaPlanner.Result schema = CopySchemaPlanner.plan(live, sourceExpected, targetExpected,
                    catalog.artefactsAt(revision, from.engine()), options.keepLeftovers());
            List<String> notes = new ArrayList<>(schema.notes());
            TargetState state = join(targetState);
            List<String> existing = state.existing();
            String collation = state.collation();
            notes.addAll(state.notes());
            Map<String, Long> counts = new LinkedHashMap<>();
            for (CopyTable t : schema.tables()) {
                if (t.absentInSource()) {
                    counts.put(t.name(), 0L);
                    continue;
                }
                try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM "
                        + CopyDdl.quote(from.engine(), t.name()))) {
                    rs.next();
                    counts.put(t.name(), rs.getLong(1));
                }
            }
            List<CopyFinding> findings = new ArrayList<>(schema.findings());
            CopyViolations violations = new CopyViolations(options.onViolation(), schema.tables());
            if (findings.isEmpty()) {
                try (CopyUniqueCheck unique = CopyUniqueCheck.on(databases, to)) {
                    findings.addAll(new CopyHealthCheck(source, from.engine(), collation, violations, unique,
                            () -> databases.openReadOnly(from), options.workers()).check(schema.tables(), counts));
                }
            }
            if (violations.overflow()) {
                notes.add(String.format(java.util.Locale.ROOT, "More than %,d rows (%,d) would be skipped or "
                        + "changed: the copy refuses; repair the source.", CopyViolations.MAX_HANDLED,
                        violations.handledRows()));
            }
            boolean incomplete = existing.contains(CopySchemaPlanner.MARKER);
            List<String> drop = List.of();
            if (!existing.isEmpty() && (incomplete || options.replaceTarget())) { // every release's names: all files
                Set<String> ours = jupyterhubTableNames(to.engine());
                schema.tables().forEach(t -> ours.add(t.name()));
                drop = new ArrayList<>(new TreeSet<>(existing.stream().filter(ours::contains).toList()));
            }
            if (incomplete) {
                notes.add("The target holds an incomplete earlier copy (" + CopySchemaPlanner.MARKER + "): its tables "
                        + drop + " are dropped first.");
            }
            List<String> ddl = new ArrayList<>();
            schema.tables().forEach(t -> ddl.addAll(CopyDdl.create(t.target(), to.engine())));
            schema.tables().forEach(t -> ddl.addAll(CopyDdl.afterLoad(t.target(), to.engine())));
            schema.tables().forEach(t -> ddl.addAll(CopyDdl.foreignKeys(t.target(), to.engine())));
            endRead(source);
            CopyPlan plan = new CopyPlan(from.display(), to.display(), revision, sourceExpected.releases(), ddl, counts,
                    findings, schema.leftovers(), schema.additions(), notes, existing, drop, options.onViolation(),
                    violations.handled());
            return new Prepared(plan, violations.filtered(schema.tables()), incomplete, violations);
        } catch (SQLException e) {
            throw new CopyFailedException("Reading the source failed: " + oneLine(e) + ".", List.of(), false, e);
        }
    }

    /** What the target holds: its tables, and on MySQL/MariaDB its collation, with notes about it. */
    private record TargetState(List<String> existing, String collation, List<String> notes) {
    }

    private TargetState targetState(DbUrl to) {
        try {
            if (to.engine() == Engine.SQLITE && !java.nio.file.Files.exists(to.sqliteFile())) {
                return new TargetState(List.of(), null, List.of()); // planning never creates the file
            }
            try (Connection target = databases.openForWrite(to)) {
                List<String> notes = new ArrayList<>();
                List<String> existing = HubDatabases.baseTables(target);
                String collation = to.engine() == Engine.MYSQL ? mysqlCollation(target, to, notes) : null;
                return new TargetState(existing, collation, notes);
            }
        } catch (SQLException e) {
            throw new CopyFailedException("Reading the target failed: " + oneLine(e) + ".", List.of(), false, e);
        }
    }

    /** The future's value; its failure as the exception it was. */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static String mysqlCollation(Connection target, DbUrl to, List<String> notes) throws SQLException {
        try (Statement s = target.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@character_set_database, @@collation_database")) {
            rs.next();
            if (!"utf8mb4".equalsIgnoreCase(rs.getString(1))) {
                throw new CopyFailedException("The target database " + to.database() + " uses the character set "
                        + rs.getString(1) + ", which cannot hold every character JupyterHub stores: run ALTER "
                        + "DATABASE " + to.database() + " CHARACTER SET utf8mb4, then copy again.", List.of(), false,
                        null);
            }
            String collation = rs.getString(2);
            notes.add("MySQL/MariaDB DATETIME as JupyterHub creates it keeps whole seconds: fractions of seconds are "
                    + "cut off (never rounded) and the verification compares whole seconds.");
            notes.add("Unique values are compared by the target itself, under its collation " + collation + " (in a "
                    + "temporary table of the check's own session).");
            return collation;
        }
    }

    /**
     * Streams every table (largest first, several at once; tables of more than {@link #splitRows} rows with a single
     * integer key in key ranges copied at once); the worker that loads a table's last range then creates its keys and
     * indexes and verifies it against the source, while the other workers still load.
     */
    private List<CopyReport.TableResult> loadIndexVerify(DbUrl from, DbUrl to, Prepared p, CopyOptions options,
            CopyProgress progress) throws SQLException {
        int workers = to.engine() == Engine.SQLITE ? 1 : Math.min(options.workers(), p.tables().size());
        Map<String, Long> referenced = new java.util.HashMap<>();
        p.tables().forEach(t -> t.target().foreignKeys().forEach(k -> referenced.merge(k.refTable(), 1L, Long::sum)));
        List<CopyTable> bySize = new ArrayList<>(p.tables()); // the biggest first; of equal ones, parents first
        bySize.sort(java.util.Comparator.comparing((CopyTable t) -> -p.plan().rowCounts().get(t.name()))
                .thenComparing(t -> -referenced.getOrDefault(t.name(), 0L)).thenComparing(CopyTable::name));
        Map<CopyTable, List<CopyTransfer.KeyRange>> ranges = new LinkedHashMap<>();
        try (Connection source = databases.openReadOnly(from)) {
            for (CopyTable t : bySize) {
                long rows = p.plan().rowCounts().get(t.name());
                int parts = workers < 2 ? 1 : (int) Math.min(2L * workers, (rows + splitRows - 1) / splitRows);
                ranges.put(t, CopyTransfer.ranges(source, from.engine(), t, parts));
            }
            endRead(source);
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, DatabaseCopy::daemon);
        ExecutorService keys = Executors.newSingleThreadExecutor(DatabaseCopy::daemon);
        LoadRun run = new LoadRun(from, to, p, progress, keys);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Map.Entry<CopyTable, List<CopyTransfer.KeyRange>> e : ranges.entrySet()) {
                CopyTable t = e.getKey();
                TableLoad load = new TableLoad(e.getValue().size());
                for (CopyTransfer.KeyRange range : e.getValue()) {
                    futures.add(pool.submit(() -> {
                        run.part(t, range, load);
                        return null;
                    }));
                }
            }
            await(futures, pool);
            await(List.copyOf(run.keyTasks), keys);
        } finally {
            pool.shutdownNow();
            keys.shutdownNow();
            run.close(pool, keys);
        }
        if (!run.mismatches.isEmpty()) {
            List<String> sorted = run.mismatches.stream().sorted().toList();
            throw new CopyFailedException("Verification failed: " + sorted.get(0) + (sorted.size() > 1 ? " (and "
                    + (sorted.size() - 1) + " more tables)" : "") + ". The target stays marked incomplete.", sorted,
                    true, null);
        }
        if (!run.pending.isEmpty()) { // keys to tables that were not copied: they fail as they should
            try (Connection target = databases.openForWrite(to)) {
                run.addForeignKeys(target, run.pending);
            }
        }
        return p.tables().stream().filter(t -> run.results.containsKey(t.name())).map(t -> run.results.get(t.name()))
                .toList();
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "hubdb-copy");
        t.setDaemon(true);
        return t;
    }

    /** By default tables of more rows than this are copied in key ranges, several at once. */
    static final long SPLIT_ROWS = 250_000;

    /** How far the loading of one table has come, over the key ranges copied at once. */
    private static final class TableLoad {
        private final AtomicInteger remaining;
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLong hashSum = new AtomicLong();
        private final AtomicLong started = new AtomicLong();
        private final AtomicLong progress = new AtomicLong();

        TableLoad(int parts) {
            remaining = new AtomicInteger(parts);
        }
    }

    /** A worker's connection to the source and to the target. */
    private record Sessions(Connection source, Connection target) {
    }

    /** How long closing waits for the threads to stop after a failure before it looks for connections again. */
    private static final long CONNECTION_CLOSE_WAIT_SECONDS = 5;

    /** A foreign key of a copied table. */
    private record ForeignKey(CopyTable table, ForeignKeyDef key) {
    }

    /**
     * One loading phase: the work every key range shares, what the tables' verifications found, and on PostgreSQL the
     * foreign keys still to add: each is added, on a thread of its own and one at a time (so that two never wait for
     * each other's locks), as soon as its table and the table it references have their keys and indexes, while the
     * workers go on verifying and loading.
     */
    private final class LoadRun {
        private final DbUrl from;
        private final DbUrl to;
        private final Prepared p;
        private final CopyProgress progress;
        private final ExecutorService keys;
        private final Map<String, CopyReport.TableResult> results = new ConcurrentHashMap<>();
        private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        private final List<Future<?>> keyTasks = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> indexed = new HashSet<>();
        private final List<ForeignKey> pending = new ArrayList<>();
        /** Each worker's connections to both sides, kept from one table or key range to the next. */
        private final Queue<Sessions> idle = new ConcurrentLinkedQueue<>();
        private final List<Sessions> opened = Collections.synchronizedList(new ArrayList<>());
        /** The key thread's connection (only that thread uses it). */
        private volatile Connection keyConnection;

        LoadRun(DbUrl from, DbUrl to, Prepared p, CopyProgress progress, ExecutorService keys) {
            this.from = from;
            this.to = to;
            this.p = p;
            this.progress = progress;
            this.keys = keys;
            if (to.engine() == Engine.POSTGRESQL) {
                p.tables().forEach(t -> t.target().foreignKeys().forEach(k -> pending.add(new ForeignKey(t, k))));
            }
        }

        /** Marks the table indexed and hands the foreign keys that now have both their tables to the key thread. */
        private void tableIndexed(CopyTable t) {
            List<ForeignKey> ready;
            synchronized (this) {
                indexed.add(t.name());
                ready = pending.stream().filter(k -> indexed.contains(k.table().name())
                        && indexed.contains(k.key().refTable())).toList();
                pending.removeAll(ready);
            }
            if (!ready.isEmpty()) {
                keyTasks.add(keys.submit(() -> {
                    if (keyConnection == null) {
                        keyConnection = databases.openForWrite(to);
                        execute(keyConnection, to.engine(), List.of(NO_JIT));
                    }
                    addForeignKeys(keyConnection, ready);
                    return null;
                }));
            }
        }

        /** Adds foreign keys on PostgreSQL: {@code NOT VALID} (a catalog change), then validated (reads the rows). */
        void addForeignKeys(Connection target, List<ForeignKey> ready) throws SQLException {
            for (ForeignKey k : ready) {
                boolean named = k.key().name() != null;
                execute(target, to.engine(), List.of(CopyDdl.foreignKey(k.table().target(), k.key(),
                        to.engine(), named)));
                if (named) {
                    execute(target, to.engine(), List.of(CopyDdl.validate(k.table().target(), k.key())));
                }
            }
        }

        /** A worker's connections: the ones a finished part left, or new ones (set up for loading). */
        private Sessions take() throws SQLException {
            Sessions c = idle.poll();
            if (c != null) {
                return c;
            }
            Connection source = databases.openReadOnly(from);
            try {
                Connection target = databases.openForWrite(to);
                c = new Sessions(source, target);
                opened.add(c);
                prepareLoadSession(target, to.engine());
                return c;
            } catch (SQLException | RuntimeException e) {
                source.close();
                throw e;
            }
        }

        /**
         * Closes every connection the run opened. After a failure a worker may still be running a statement: closing
         * its connections ends it; a connection opened meanwhile is closed once the threads have stopped.
         */
        void close(ExecutorService... pools) {
            closeAll();
            for (ExecutorService pool : pools) {
                try {
                    pool.awaitTermination(CONNECTION_CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closeAll();
        }

        private void closeAll() {
            List<Connection> all = new ArrayList<>();
            synchronized (opened) {
                opened.forEach(c -> all.addAll(List.of(c.source(), c.target())));
            }
            Connection keys = keyConnection;
            if (keys != null) {
                all.add(keys);
            }
            for (Connection c : all) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // the work is over (done or failed): nothing is lost
                }
            }
        }

        /**
         * Copies one key range of a table; the last range done also indexes and verifies the whole table (on
         * PostgreSQL the foreign keys that now have both their tables go to the key thread in between).
         */
        void part(CopyTable t, CopyTransfer.KeyRange range, TableLoad load) throws SQLException {
            boolean alembic = t.name().equals(CopySchemaPlanner.ALEMBIC) || t.absentInSource();
            long expected = p.plan().rowCounts().get(t.name()) - p.plan().handled().stream()
                    .filter(h -> h.table().equals(t.name()) && h.action() == CopyHandledRow.Action.SKIPPED).count();
            Sessions sessions = take();
            if (!sessions.target().getAutoCommit()) {
                sessions.target().rollback();
                sessions.target().setAutoCommit(true);
            }
            part(sessions.source(), sessions.target(), t, range, load, alembic, expected);
            idle.add(sessions); // not after a failure: the copy stops, and close() closes them
        }

        private void part(Connection source, Connection target, CopyTable t, CopyTransfer.KeyRange range,
                TableLoad load, boolean alembic, long expected) throws SQLException {
            if (!alembic) {
                if (load.started.compareAndSet(0, System.currentTimeMillis())) {
                    progress.tableStarted(t.name(), expected);
                }
                long[] seen = {0};
                CopyTransfer.Copied copied = CopyTransfer.copy(source, from.engine(), target, to.engine(), t,
                        range, n -> {
                            progress.rowsCopied(t.name(), load.progress.addAndGet(n - seen[0]));
                            seen[0] = n;
                        });
                endRead(source);
                load.rows.addAndGet(copied.rows());
                load.hashSum.addAndGet(copied.hashSum());
            }
            if (load.remaining.decrementAndGet() > 0) {
                return;
            }
            long took = alembic ? 0 : System.currentTimeMillis() - load.started.get();
            execute(target, to.engine(), CopyDdl.afterLoad(t.target(), to.engine()));
            commit(target);
            if (to.engine() == Engine.POSTGRESQL) {
                tableIndexed(t);
            }
            if (alembic) {
                return;
            }
            if (to.engine() != Engine.SQLITE) {
                target.setAutoCommit(false);
            }
            CopyTransfer.Copied copied = new CopyTransfer.Copied(load.rows.get(), load.hashSum.get());
            CopyChecksum.Result r = CopyChecksum.verify(source, from.engine(), target, to.engine(), t, copied);
            endRead(source);
            endRead(target);
            if (r.mismatch() != null) {
                mismatches.add(t.name() + ": " + r.mismatch());
            } else if (copied.rows() != expected) {
                mismatches.add(t.name() + ": " + expected + " rows to copy when the copy began, "
                        + copied.rows() + " read while copying (the source changed: stop the hub and copy again)");
            }
            results.put(t.name(), new CopyReport.TableResult(t.name(), r.rows(), took, r.checksum()));
            progress.tableFinished(t.name(), copied.rows(), took);
        }
    }

    private static void await(List<Future<?>> futures, ExecutorService pool) {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            pool.shutdownNow();
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new CopyFailedException("The copy failed: " + oneLine(cause) + ".", List.of(), true, cause);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new CopyFailedException("The copy was interrupted.", List.of(), true, e);
        }
    }

    private static void prepareLoadSession(Connection target, Engine engine) throws SQLException {
        try (Statement s = target.createStatement()) {
            switch (engine) {
                case MYSQL -> s.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0");
                case SQLITE -> {
                    s.execute("PRAGMA foreign_keys = OFF");
                    s.execute("PRAGMA synchronous = NORMAL");
                }
                case POSTGRESQL -> {
                    s.execute("SET synchronous_commit = off");
                    s.execute(NO_JIT);
                }
            }
        }
    }

    /**
     * PostgreSQL compiles a query estimated as costly (a foreign key's validation over a big table) to machine code
     * first, which takes longer than the query; the copy's sessions run theirs as they are.
     */
    private static final String NO_JIT = "SET jit = off";

    private static void foreignKeyCheck(Connection target, Engine engine) throws SQLException {
        if (engine != Engine.SQLITE) {
            return;
        }
        List<String> orphans = new ArrayList<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next() && orphans.size() < 50) {
                orphans.add(rs.getString(1) + " rowid " + rs.getString(2) + " → " + rs.getString(3));
            }
        }
        if (!orphans.isEmpty()) {
            throw new CopyFailedException("Rows without their parent arrived in the target: " + orphans.get(0) + ".",
                    orphans, true, null);
        }
    }

    private static void resetSequences(Connection target, Engine engine, List<CopyTable> tables) throws SQLException {
        for (CopyTable t : tables) {
            ColumnDef auto = t.target().columns().stream().filter(ColumnDef::autoIncrement).findFirst().orElse(null);
            if (auto == null || engine == Engine.SQLITE) {
                continue;
            }
            long max;
            try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX("
                    + CopyDdl.quote(engine, auto.name()) + ") FROM " + CopyDdl.quote(engine, t.name()))) {
                rs.next();
                max = rs.getLong(1);
            }
            String sql = CopyDdl.resetSequence(t.target(), engine, max);
            if (sql != null) {
                try (Statement s = target.createStatement()) {
                    s.execute(sql);
                }
            }
        }
    }

    private static void dropTables(Connection target, Engine engine, List<String> tables) throws SQLException {
        if (tables.isEmpty()) {
            return;
        }
        try (Statement s = target.createStatement()) {
            if (engine == Engine.MYSQL) {
                s.execute("SET SESSION foreign_key_checks = 0");
            } else if (engine == Engine.SQLITE) {
                s.execute("PRAGMA foreign_keys = OFF");
            }
            for (String t : tables) {
                s.execute("DROP TABLE IF EXISTS " + CopyDdl.quote(engine, t) + (engine == Engine.POSTGRESQL
                        ? " CASCADE" : ""));
            }
            if (engine == Engine.MYSQL) {
                s.execute("SET SESSION foreign_key_checks = 1");
            } else if (engine == Engine.SQLITE) {
                s.execute("PRAGMA foreign_keys = ON");
            }
        }
        commit(target);
    }

    private static void execute(Connection c, Engine engine, List<String> statements) throws SQLException {
        for (String sql : statements) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new SQLException(oneLine(e) + " (while running: " + CopyValues.shorten(sql.replaceAll("\\s+",
                        " ")) + ")", e.getSQLState(), e.getErrorCode(), e);
            }
        }
    }

    private static void endRead(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = DatabaseUnavailableException.oneLine(m);
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }
}
