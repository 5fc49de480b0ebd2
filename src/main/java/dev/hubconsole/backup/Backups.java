package dev.hubconsole.backup;

import dev.hubconsole.backup.VerifyResult.Check;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Makes, verifies, lists, prunes and restores backups of a JupyterHub whose database is a SQLite file.
 *
 * <p>A backup is a folder {@code <destinationRoot>/<hub>/<yyyyMMdd'T'HHmmss'Z'>/} holding {@code database.sqlite}
 * (made with SQLite's online backup API from a read-only connection, so it is one consistent snapshot even while
 * the hub writes, and checked with {@code PRAGMA integrity_check}), {@code files/<name>} copies of the config file
 * and extra files, optionally {@code home.tar.gz}, and {@code manifest.json}, written last and atomically: a folder
 * without a manifest is incomplete. Backup folders and files are readable by their owner only, because they hold
 * tokens and secrets.
 *
 * <p>Plain Java: the wizard, the CLI and tests use the same object. Thread-safe: its only state is the set of SHA-256
 * digests of the SQLite copies it made and integrity-checked itself, so that verifying such a copy (whose bytes are
 * proven the same by their SHA-256) does not repeat {@code PRAGMA integrity_check}, by far the longest check.
 *
 * <p>Restoring is only safe while the hub is stopped. The caller (the wizard's Roll back step, the CLI) checks that
 * the hub is down, and {@link #restore} enforces it again through its {@code hubIsUp} guard.
 */
@Component
public final class Backups {

    static final String DATABASE_FILE = "database.sqlite";
    static final String FILES_DIR = "files";
    static final String HOME_ARCHIVE = "home.tar.gz";
    static final String METHOD_SQLITE = "sqlite-online-backup";
    static final String METHOD_COPY = "file-copy";
    static final String METHOD_TAR = "tar.gz";
    /** Free space needed is the size estimate times this margin. */
    static final double SPACE_MARGIN = 1.2;

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String[] SQLITE_SIDE_FILES = {"-wal", "-shm", "-journal"};

    private static final tools.jackson.databind.json.JsonMapper STATUS_JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    /** At most this many digests are remembered; the set starts over when it is full. */
    private static final int CHECKED_COPIES_KEPT = 1000;

    private final Clock clock;
    private final FreeSpace freeSpace;
    /** SHA-256 of every SQLite copy this object made whose {@code PRAGMA integrity_check} said ok. */
    private final Set<String> integrityChecked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Backups timed by the system clock, checking the destination's real free space. */
    public Backups() {
        this(Clock.systemUTC(), FreeSpace.OF_FILE_STORE);
    }

    Backups(Clock clock, FreeSpace freeSpace) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.freeSpace = Objects.requireNonNull(freeSpace, "freeSpace");
    }

    /** Usable bytes at a folder; replaceable so tests can simulate a full disk. */
    @FunctionalInterface
    interface FreeSpace {
        FreeSpace OF_FILE_STORE = dir -> Files.getFileStore(dir).getUsableSpace();

        long usableBytes(Path dir) throws IOException;
    }

    // ------------------------------------------------------------------------------------------------ create

    /**
     * Makes a new backup folder of a hub on SQLite and checks it. On any failure the partial folder is removed and a
     * {@link BackupException} with a one-line message (problem and fix) is thrown.
     */
    public BackupResult create(BackupRequest request, BackupProgress progress) {
        Objects.requireNonNull(request, "request");
        return create(new Plan(request.hubName(), request.destinationRoot(),
                new SqliteSource(request.sqliteDatabase()), request.configFile(), request.filesToCopy(),
                request.homeDirectories(), request.homeExcludes(), request.context()), progress);
    }

    /**
     * Makes a new backup folder of a hub on PostgreSQL or MariaDB/MySQL: a {@code pg_dump -Fc} archive or a
     * {@code mariadb-dump --single-transaction} script of one consistent snapshot, with the row counts and content
     * checksums of that snapshot ({@code pg_dump}: counted in its exported snapshot; {@code mariadb-dump}: computed
     * from the dump's own rows), plus the same files as for SQLite. On any failure the partial folder is removed and a
     * {@link BackupException} is thrown.
     */
    public BackupResult create(ServerBackupRequest request, BackupProgress progress) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(progress, "progress");
        return create(new Plan(request.hubName(), request.destinationRoot(),
                ServerDump.choose(request.database(), progress), request.configFile(), request.filesToCopy(),
                request.homeDirectories(), request.homeExcludes(), request.context()), progress);
    }

    /**
     * Like {@link #create(ServerBackupRequest, BackupProgress)} but always with the console's portable snapshot
     * ({@code database.portable.gz}: schema and data of one consistent snapshot through JDBC), whatever dump tools
     * are installed.
     */
    public BackupResult createPortable(ServerBackupRequest request, BackupProgress progress) {
        Objects.requireNonNull(request, "request");
        return create(new Plan(request.hubName(), request.destinationRoot(),
                new PortableSnapshot(request.database(), ServerDump.of(request.database())), request.configFile(),
                request.filesToCopy(), request.homeDirectories(), request.homeExcludes(), request.context()),
                progress);
    }

    /** What one backup run copies, whatever the database engine. */
    record Plan(String hubName, Path destinationRoot, DatabaseSource database, Path configFile, List<Path> files,
            Optional<Path> homeDirectories, List<String> homeExcludes, Map<String, String> context) {
    }

    BackupResult create(Plan plan, BackupProgress progress) {
        Objects.requireNonNull(progress, "progress");
        Instant started = clock.instant();
        progress.step("Checking what to back up for hub '" + plan.hubName() + "'");
        plan.database().check();
        checkFiles(plan);
        Path hubDir = plan.destinationRoot().resolve(sanitise(plan.hubName()));
        HomeArchiver home = plan.homeDirectories().map(dir -> new HomeArchiver(dir, plan.homeExcludes()))
                .orElse(null);
        HomeArchiver.Scan homeScan = null;
        if (home != null) {
            Path homeDir = plan.homeDirectories().get();
            if (hubDir.normalize().startsWith(homeDir.normalize())) {
                throw new BackupException("The backup destination " + hubDir + " lies inside the home directories"
                        + " being archived: choose a destination outside " + homeDir + ".");
            }
            progress.step("Counting files in " + homeDir);
            homeScan = io(home::scan, "Cannot read the home directories " + homeDir, "check the path and permissions");
            progress.step("Home directories: " + homeScan.files() + " files, " + Sizes.human(homeScan.bytes())
                    + " to archive");
        }
        long estimate = estimate(plan, homeScan);
        io(() -> Files.createDirectories(hubDir), "Cannot create the backup destination " + hubDir,
                "check the path and permissions");
        checkFreeSpace(hubDir, estimate);

        Path dir = newBackupFolder(hubDir, started);
        try {
            List<String> warnings = new ArrayList<>();
            List<BackupArtefact> artefacts = new ArrayList<>();
            DatabaseSource.DatabaseCopy copy = plan.database().copyInto(dir, progress);
            artefacts.add(copy.artefact());
            if (plan.database() instanceof SqliteSource) {
                rememberIntegrityChecked(copy.artefact().sha256());
            }
            FileOps.ownerOnly(Files.createDirectory(dir.resolve(FILES_DIR)));
            for (Path source : plan.files()) {
                progress.step("Copying " + source);
                String role = source.equals(plan.configFile()) ? BackupArtefact.ROLE_CONFIG : BackupArtefact.ROLE_FILE;
                artefacts.add(copyFile(source, dir, FILES_DIR + "/" + source.getFileName(), role));
            }
            Manifest.HomeArchive homeFacts = null;
            if (home != null) {
                progress.step("Archiving home directories into " + HOME_ARCHIVE);
                Path archive = dir.resolve(HOME_ARCHIVE);
                HomeArchiver.Scan written = home.write(archive, homeScan, progress, warnings);
                FileOps.ownerOnly(archive);
                homeFacts = new Manifest.HomeArchive(plan.homeDirectories().get().toString(), written.files(),
                        written.bytes(), home.excludes());
                artefacts.add(BackupArtefact.ofFile(dir, HOME_ARCHIVE, BackupArtefact.ROLE_HOME, METHOD_TAR,
                        plan.homeDirectories().get()));
            }
            progress.step("Writing " + Manifest.FILE_NAME);
            Map<String, String> tools = new TreeMap<>(copy.tools());
            tools.put("java", Runtime.version().toString());
            tools.put("hub-upgrade-console", Objects.requireNonNullElse(
                    Backups.class.getPackage().getImplementationVersion(), "development"));
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, plan.hubName(), started.toString(),
                    plan.database().engine(), plan.database().describe(), copy.journalMode(), artefacts, tools,
                    copy.rowCounts(), homeFacts, plan.context(), copy.contentChecksums());
            manifest.writeTo(dir);
            FileOps.ownerOnly(dir.resolve(Manifest.FILE_NAME));
            BackupResult result = new BackupResult(dir, started, plan.database().engine(), artefacts,
                    copy.rowCounts(), tools, Duration.between(started, clock.instant()), warnings);
            progress.step(result.summary());
            return result;
        } catch (IOException | SQLException | RuntimeException e) {
            removePartial(dir, e);
            throw translate(e, plan.database(), dir);
        }
    }

    private static BackupArtefact copyFile(Path source, Path dir, String relative, String role) throws IOException {
        Path target = dir.resolve(relative);
        Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
        FileOps.ownerOnly(target);
        return BackupArtefact.ofFile(dir, relative, role, METHOD_COPY, source);
    }

    private static void checkFiles(Plan plan) {
        for (Path file : plan.files()) {
            String what = file.equals(plan.configFile()) ? "Config file " : "File ";
            if (!Files.isRegularFile(file)) {
                throw new BackupException(what + file + (Files.exists(file) ? " is not a regular file"
                        : " does not exist") + ": give the path of an existing file.");
            }
            try (var in = Files.newInputStream(file)) {
                in.read();
            } catch (IOException e) {
                throw new BackupException(what + file + " is not readable (" + e.getMessage() + "): run the console"
                        + " as a user that can read it, or fix its permissions.", e);
            }
        }
        plan.homeDirectories().ifPresent(home -> {
            if (!Files.isDirectory(home)) {
                throw new BackupException("Home directories folder " + home + " is not a folder: give the folder"
                        + " that holds the users' home directories, or leave it out.");
            }
        });
    }

    private static long estimate(Plan plan, HomeArchiver.Scan homeScan) {
        long database;
        try {
            database = plan.database().estimateBytes();
        } catch (IOException | SQLException e) {
            throw new BackupException("Cannot measure the database " + plan.database().describe() + " ("
                    + firstLine(e) + "): check that it is reachable and readable.", e);
        }
        return database + io(() -> {
            long total = 0;
            for (Path file : plan.files()) {
                total += Files.size(file);
            }
            return total + (homeScan == null ? 0 : homeScan.bytes());
        }, "Cannot measure the files to back up", "check that they are readable");
    }

    private void checkFreeSpace(Path hubDir, long estimate) {
        long needed = (long) Math.ceil(estimate * SPACE_MARGIN);
        long usable = io(() -> freeSpace.usableBytes(hubDir), "Cannot find the free space at " + hubDir,
                "check the backup destination");
        if (usable < needed) {
            throw new BackupException("Not enough free space at " + hubDir + ": the backup needs about "
                    + Sizes.human(needed) + " (estimate " + Sizes.human(estimate) + " + 20% margin) but only "
                    + Sizes.human(usable) + " is free; free up space or choose another backup destination.");
        }
    }

    private Path newBackupFolder(Path hubDir, Instant started) {
        String base = FOLDER_TIME.format(started);
        for (int attempt = 0; attempt < 100; attempt++) {
            Path dir = hubDir.resolve(attempt == 0 ? base : base + "-" + attempt);
            try {
                Files.createDirectory(dir);
                FileOps.ownerOnly(dir);
                return dir;
            } catch (FileAlreadyExistsException e) {
                // a backup started in the same second: take the next suffix
            } catch (IOException e) {
                throw new BackupException("Cannot create the backup folder " + dir + " (" + e.getMessage() + "):"
                        + " check the permissions of the backup destination.", e);
            }
        }
        throw new BackupException("Too many backups in one second under " + hubDir + ": wait a second and retry.");
    }

    private static void removePartial(Path dir, Exception cause) {
        try {
            FileOps.deleteRecursively(dir);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static BackupException translate(Exception e, DatabaseSource database, Path dir) {
        if (e instanceof BackupException backup) {
            return backup;
        }
        if (FileOps.isDiskFull(e)) {
            return new BackupException("Disk full while writing the backup to " + dir.getParent() + ": the partial"
                    + " backup was removed; free up space or choose another backup destination.", e);
        }
        if (e instanceof SQLException) {
            return new BackupException("Could not copy the database " + database.describe() + " (" + firstLine(e)
                    + "): check that it is the hub's database and is not damaged; the partial backup was removed.",
                    e);
        }
        return new BackupException("Backup failed (" + firstLine(e) + "): the partial backup was removed; fix the"
                + " cause and retry.", e);
    }

    // ------------------------------------------------------------------------------------------------ verify

    /**
     * Checks a backup folder: every artefact's size and SHA-256 against the manifest; for SQLite, a scratch copy of
     * the database (made in the same read as its SHA-256) for {@code PRAGMA integrity_check} and the row count of
     * every table. The integrity check is not repeated for a copy this object made and checked itself, whose bytes
     * the SHA-256 proves unchanged. For a server dump, that the dump file is complete ({@link #verifyByRestoring}
     * also restores it). Never changes the backup.
     */
    public VerifyResult verify(Path backupDir) {
        return recorded(check(backupDir));
    }

    /**
     * The last verification recorded for a backup folder, if any (a backup that is changed after it was verified
     * still shows the old result until it is verified again).
     */
    public Optional<VerificationStatus> lastVerification(Path backupDir) {
        Path file = statusFile(backupDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(STATUS_JSON.readValue(file.toFile(), VerificationStatus.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private VerifyResult recorded(VerifyResult result) {
        boolean testRestored = result.checks().stream().anyMatch(c -> c.passed() && c.name().equals("row counts"));
        try {
            Path file = statusFile(result.backupDir());
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temp, STATUS_JSON.writeValueAsBytes(new VerificationStatus(clock.instant(),
                    result.verified(), testRestored, result.summary())));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // a read-only backup location: the result is still returned, only not remembered
        }
        return result;
    }

    /** Records that a SQLite copy with this SHA-256 passed {@code PRAGMA integrity_check} here. */
    private void rememberIntegrityChecked(String sha256) {
        if (integrityChecked.size() >= CHECKED_COPIES_KEPT) {
            integrityChecked.clear();
        }
        integrityChecked.add(sha256);
    }

    private static Path statusFile(Path backupDir) {
        Path dir = backupDir.toAbsolutePath().normalize();
        Path hubDir = dir.getParent();
        Path root = hubDir.getParent() == null ? hubDir : hubDir.getParent();
        return root.resolve(".status").resolve(hubDir.getFileName() + "--" + dir.getFileName() + ".json");
    }

    private VerifyResult check(Path backupDir) {
        Objects.requireNonNull(backupDir, "backupDir");
        List<Check> checks = new ArrayList<>();
        Manifest manifest;
        try {
            manifest = Manifest.readFrom(backupDir);
            checks.add(Check.pass("manifest", "format " + manifest.formatVersion() + ", hub '" + manifest.hubName()
                    + "', created " + manifest.createdAt() + ", " + manifest.artefacts().size() + " artefacts"));
        } catch (BackupException e) {
            checks.add(Check.fail("manifest", e.getMessage()));
            return new VerifyResult(backupDir, checks);
        }
        boolean sqlite = SqliteSource.ENGINE.equals(manifest.engine());
        boolean databaseIntact = false;
        Path scratchDir = null;
        Path scratch = null;
        try {
            for (BackupArtefact artefact : manifest.artefacts()) {
                boolean database = BackupArtefact.ROLE_DATABASE.equals(artefact.role());
                Path copyTo = null;
                if (database && sqlite && scratchDir == null) {
                    // the test restore: a scratch copy, made while the SHA-256 is computed (one read of the file)
                    try {
                        scratchDir = scratchFolder(backupDir);
                        copyTo = scratchDir.resolve(DATABASE_FILE);
                    } catch (IOException e) {
                        checks.add(Check.fail("database", "cannot make a scratch folder: " + firstLine(e)));
                    }
                }
                boolean intact = checkArtefact(backupDir, artefact, checks, copyTo);
                if (database) {
                    databaseIntact = intact;
                    scratch = copyTo;
                }
            }
            if (manifest.artefacts().stream().noneMatch(a -> BackupArtefact.ROLE_DATABASE.equals(a.role()))) {
                checks.add(Check.fail("database", "the manifest lists no database copy"));
            } else if (databaseIntact && sqlite && scratch != null) {
                checkDatabase(scratch, manifest, checks);
            } else if (databaseIntact && !sqlite) {
                checkDump(backupDir, manifest, checks);
            } else if (!databaseIntact) {
                checks.add(Check.fail("database", "not opened: its checksum does not match"));
            }
        } finally {
            removeScratch(scratchDir, checks);
        }
        return new VerifyResult(backupDir, checks);
    }

    /** Checks one artefact's size and SHA-256; with {@code copyTo}, copies it there while reading it for the hash. */
    private static boolean checkArtefact(Path backupDir, BackupArtefact artefact, List<Check> checks, Path copyTo) {
        String name = "sha256 " + artefact.path();
        Path file = backupDir.resolve(artefact.path()).normalize();
        if (!file.startsWith(backupDir.normalize())) {
            checks.add(Check.fail(name, "path leaves the backup folder"));
            return false;
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                checks.add(Check.fail(name, "file is missing"));
                return false;
            }
            long size = Files.size(file);
            if (size != artefact.size()) {
                checks.add(Check.fail(name, "size " + size + " bytes, manifest says " + artefact.size()));
                return false;
            }
            String sha = copyTo == null ? FileOps.sha256(file) : FileOps.copyWithSha256(file, copyTo);
            if (!sha.equals(artefact.sha256())) {
                checks.add(Check.fail(name, "checksum " + sha + " differs from the manifest's " + artefact.sha256()
                        + ": the file was modified or damaged"));
                return false;
            }
            checks.add(Check.pass(name, size + " bytes, checksum matches"));
            return true;
        } catch (IOException e) {
            checks.add(Check.fail(name, (copyTo == null ? "cannot read it: " : "cannot read it into a scratch copy: ")
                    + firstLine(e)));
            return false;
        }
    }

    /**
     * The test restore of a SQLite backup: {@code PRAGMA integrity_check} of the scratch copy (unless this object made
     * and checked these very bytes itself) and its row counts compared with the manifest.
     */
    private void checkDatabase(Path scratch, Manifest manifest, List<Check> checks) {
        try (Connection connection = SqliteFiles.openImmutable(scratch)) {
            if (integrityChecked.contains(manifest.database().sha256())) {
                checks.add(Check.pass("integrity_check", "ok when this console made the backup, on these same bytes"
                        + " (SHA-256 equal); not repeated"));
            } else {
                List<String> integrity = SqliteFiles.integrityCheck(connection);
                checks.add(List.of("ok").equals(integrity)
                        ? Check.pass("integrity_check", "a scratch copy of the database says ok")
                        : Check.fail("integrity_check", "a scratch copy says: " + String.join("; ", integrity)));
            }
            checks.add(compareRowCounts(manifest.rowCounts(), SqliteFiles.rowCounts(connection)));
        } catch (SQLException e) {
            checks.add(Check.fail("database", "cannot open a scratch copy: " + firstLine(e)));
        }
    }

    private static void removeScratch(Path scratchDir, List<Check> checks) {
        if (scratchDir != null) {
            try {
                FileOps.deleteRecursively(scratchDir);
            } catch (IOException e) {
                checks.add(Check.fail("scratch cleanup", "could not remove " + scratchDir + ": " + firstLine(e)));
            }
        }
    }

    /**
     * A scratch folder for a database check: next to the backup (where space for it was planned, hidden from
     * {@link #list} by its leading dot), or in the system's temporary folder when the backup is read-only.
     */
    private static Path scratchFolder(Path backupDir) throws IOException {
        try {
            return Files.createTempDirectory(backupDir.toAbsolutePath().getParent(), ".verify-");
        } catch (IOException e) {
            return Files.createTempDirectory("hubconsole-verify-");
        }
    }

    private static Check compareRowCounts(Map<String, Long> recorded, Map<String, Long> counts) {
        Set<String> tables = new java.util.TreeSet<>(counts.keySet());
        tables.addAll(recorded.keySet());
        List<String> mismatches = new ArrayList<>();
        for (String table : tables) {
            Long expected = recorded.get(table);
            Long actual = counts.get(table);
            if (!Objects.equals(expected, actual)) {
                mismatches.add(table + " has " + (actual == null ? "no table" : actual + " rows") + ", manifest says "
                        + (expected == null ? "no table" : expected + " rows"));
            }
        }
        return mismatches.isEmpty()
                ? Check.pass("row counts", counts.size() + " tables, "
                        + counts.values().stream().mapToLong(Long::longValue).sum() + " rows, as recorded")
                : Check.fail("row counts", String.join("; ", mismatches));
    }

    private static Check compareChecksums(Map<String, String> recorded, Map<String, String> actual) {
        if (recorded.isEmpty() && !actual.isEmpty()) {
            return Check.fail("content checksums", "the manifest records no content checksums (made by an older"
                    + " console): make a new backup to have its content compared");
        }
        List<String> mismatches = new ArrayList<>();
        Set<String> tables = new java.util.TreeSet<>(recorded.keySet());
        tables.addAll(actual.keySet());
        for (String table : tables) {
            if (!Objects.equals(recorded.get(table), actual.get(table))) {
                mismatches.add(table);
            }
        }
        return mismatches.isEmpty()
                ? Check.pass("content checksums", recorded.size() + " tables have the recorded content")
                : Check.fail("content checksums", "content differs from the manifest in " + mismatches);
    }

    private static void checkDump(Path backupDir, Manifest manifest, List<Check> checks) {
        try {
            ServerDump dump = dumpFor(manifest);
            checks.add(Check.pass("dump", dump.checkDumpFile(backupDir.resolve(manifest.database().path()))));
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail("dump", firstLine(e)));
        }
    }

    /** The dump tools for a server backup's engine and method (the database in it is not contacted). */
    private static ServerDump dumpFor(Manifest manifest) {
        ServerDump engine = switch (manifest.engine()) {
            case ServerDatabase.POSTGRESQL -> new PostgresDump(null);
            case ServerDatabase.MARIADB -> new MariaDbDump(null);
            default -> throw new BackupException("Unknown database engine '" + manifest.engine() + "' in the"
                    + " manifest: use a matching console version.");
        };
        return portable(manifest) ? PortableSnapshot.reader(engine) : engine;
    }

    /** What loads a server backup's database into {@code target}. */
    private static ServerDump loaderFor(Manifest manifest, ServerDatabase target) {
        return portable(manifest) ? new PortableSnapshot(target, ServerDump.of(target)) : ServerDump.of(target);
    }

    private static boolean portable(Manifest manifest) {
        return PortableSnapshot.METHOD.equals(manifest.database().method());
    }

    /**
     * Verifies a server backup completely: {@link #verify} and then a restore into {@code emptyScratch} (an empty
     * database of the same engine, e.g. a scratch database made for the purpose) and a comparison of every table's
     * row count and content checksum with the manifest (the failing check names the tables that differ). The
     * scratch database is left filled; the caller drops it.
     */
    public VerifyResult verifyByRestoring(Path backupDir, ServerDatabase emptyScratch) {
        Objects.requireNonNull(emptyScratch, "emptyScratch");
        VerifyResult verified = check(backupDir);
        List<Check> checks = new ArrayList<>(verified.checks());
        if (!verified.verified()) {
            return recorded(new VerifyResult(backupDir, checks));
        }
        Manifest manifest = Manifest.readFrom(backupDir);
        try {
            refuseUnsuitableTarget(manifest, emptyScratch);
            checks.addAll(loadDump(backupDir, manifest, emptyScratch));
        } catch (BackupException e) {
            checks.add(Check.fail("restore", e.getMessage()));
        }
        return recorded(new VerifyResult(backupDir, checks));
    }

    /**
     * Puts a verified server backup's database into {@code emptyTarget}, an empty database of the same engine (the
     * hub's database is never overwritten: roll back by pointing {@code db_url} at the restored database, or drop
     * and recreate the hub's database yourself first). Only while the hub is stopped, like {@link #restore}.
     *
     * @return the checks of the backup and of the restored database (row counts and content checksums equal to the
     *         manifest's)
     * @throws BackupException when the hub is up, the backup fails verification, the target is not empty or of
     *                         another engine, or loading fails
     */
    public VerifyResult restoreDatabase(Path backupDir, ServerDatabase emptyTarget, BooleanSupplier hubIsUp) {
        Objects.requireNonNull(emptyTarget, "emptyTarget");
        Objects.requireNonNull(hubIsUp, "hubIsUp");
        refuseWhileHubIsUp(hubIsUp);
        VerifyResult verified = verifiedOrRefused(backupDir);
        Manifest manifest = Manifest.readFrom(backupDir);
        refuseUnsuitableTarget(manifest, emptyTarget);
        refuseWhileHubIsUp(hubIsUp);
        List<Check> checks = new ArrayList<>(verified.checks());
        checks.addAll(loadDump(backupDir, manifest, emptyTarget));
        VerifyResult result = new VerifyResult(backupDir, checks);
        if (!result.verified()) {
            throw new BackupException("Restored " + backupDir + " into " + emptyTarget.describe() + " but the result"
                    + " differs (" + result.failures().get(0) + "): do not use that database; drop it and retry.");
        }
        return result;
    }

    private static void refuseUnsuitableTarget(Manifest manifest, ServerDatabase target) {
        if (!target.engine().equals(manifest.engine())) {
            throw new BackupException("The backup is of a " + manifest.engine() + " database but "
                    + target.describe() + " is " + target.engine() + ": restore into a database of the same engine.");
        }
        ServerDump dump = ServerDump.of(target);
        try {
            int tables = dump.tableCount(target);
            if (tables > 0) {
                throw new BackupException("Target database " + target.describe() + " already has " + tables
                        + " table(s): restore only into an empty database; create a new one and keep the old.");
            }
        } catch (SQLException e) {
            throw new BackupException("Cannot connect to " + target.describe() + " (" + firstLine(e) + "): check the"
                    + " URL, user and password, and that the server is running.", e);
        }
    }

    private static List<Check> loadDump(Path backupDir, Manifest manifest, ServerDatabase target) {
        ServerDump dump = loaderFor(manifest, target);
        try {
            dump.restoreInto(backupDir.resolve(manifest.database().path()), target);
        } catch (IOException e) {
            throw new BackupException("Restoring into " + target.describe() + " failed (" + firstLine(e) + "):"
                    + " drop and recreate that database before retrying.", e);
        }
        List<Check> checks = new ArrayList<>(List.of(Check.pass("restore", "loaded into " + target.describe())));
        checks.addAll(compareWithManifest(manifest, target));
        return checks;
    }

    /** Row counts and content checksums of every table of {@code restored}, compared with the manifest's. */
    private static List<Check> compareWithManifest(Manifest manifest, ServerDatabase restored) {
        ServerDump dump = loaderFor(manifest, restored);
        try {
            return List.of(compareRowCounts(manifest.rowCounts(), dump.rowCounts(restored)),
                    compareChecksums(manifest.contentChecksums(), dump.contentChecksums(restored)));
        } catch (SQLException e) {
            return List.of(Check.fail("row counts", "cannot read the tables of " + restored.describe() + ": "
                    + firstLine(e)));
        }
    }

    /**
     * Verifies a server backup completely in a temporary database that is created for the purpose on the server of
     * {@code server} (same encoding and collation; the user needs the right to create databases) and dropped
     * afterwards: {@link #verify}, then a restore and the comparison of row counts and content checksums with the
     * manifest.
     */
    public VerifyResult verifyInTemporaryDatabase(Path backupDir, ServerDatabase server) {
        Objects.requireNonNull(server, "server");
        String name = ServerAdmin.name("hubconsole", "verify", ServerAdmin.randomSuffix());
        ServerDatabase scratch;
        try {
            scratch = ServerAdmin.createLike(server, name);
        } catch (SQLException e) {
            List<Check> checks = new ArrayList<>(check(backupDir).checks());
            checks.add(Check.fail("scratch database", "cannot create a temporary database on " + server.describe()
                    + " (" + firstLine(e) + "): grant the right to create databases, or verify by hand"));
            return recorded(new VerifyResult(backupDir, checks));
        }
        List<Check> checks = new ArrayList<>();
        try {
            checks.addAll(verifyByRestoring(backupDir, scratch).checks());
        } finally {
            try {
                ServerAdmin.drop(server, name);
            } catch (SQLException e) {
                checks.add(Check.fail("scratch cleanup", "could not drop the temporary database " + name + ": "
                        + firstLine(e)));
            }
        }
        return recorded(new VerifyResult(backupDir, checks));
    }

    /**
     * Puts a verified server backup back into the hub's own database without losing anything: the backup is
     * restored into a new database on the same server (same encoding and collation) and checked (row counts and
     * content checksums equal to the manifest's); only then the hub's current database is moved aside under
     * {@code <db>_replaced_<timestamp>} by renaming (PostgreSQL {@code ALTER DATABASE … RENAME}; MariaDB/MySQL an
     * atomic {@code RENAME TABLE} of every table into a new database of that name) and the restored one takes its
     * name. Nothing is dropped except the new database when the restore into it failed. After the swap, the hub's
     * database is compared with the manifest once more (row counts and content checksums of every table).
     *
     * <p>Only while the hub is stopped: {@code hubIsUp} is asked before anything is done and again right before the
     * swap; PostgreSQL also refuses to rename a database anyone is connected to. The user needs the right to create
     * databases and to rename the hub's (its owner, or a superuser).
     *
     * @throws BackupException when the hub is up, the backup fails verification or is of another engine, or a step
     *                         fails; the message says what state the databases are in
     */
    public DatabaseRestoreResult restoreDatabaseReplacing(Path backupDir, ServerDatabase hubDatabase,
            BooleanSupplier hubIsUp) {
        Objects.requireNonNull(hubDatabase, "hubDatabase");
        Objects.requireNonNull(hubIsUp, "hubIsUp");
        refuseWhileHubIsUp(hubIsUp);
        verifiedOrRefused(backupDir);
        Manifest manifest = Manifest.readFrom(backupDir);
        if (!hubDatabase.engine().equals(manifest.engine())) {
            throw new BackupException("The backup is of a " + manifest.engine() + " database but "
                    + hubDatabase.describe() + " is " + hubDatabase.engine() + ": restore into a database of the same"
                    + " engine; nothing was changed.");
        }
        String stamp = FOLDER_TIME.format(clock.instant()).toLowerCase(java.util.Locale.ROOT);
        String restoring = ServerAdmin.name(hubDatabase.databaseName(), "restoring", stamp);
        String replaced = ServerAdmin.name(hubDatabase.databaseName(), "replaced", stamp);
        ServerDatabase fresh;
        try {
            fresh = ServerAdmin.createLike(hubDatabase, restoring);
        } catch (SQLException e) {
            throw new BackupException("Cannot create the database " + restoring + " to restore into on "
                    + hubDatabase.describe() + " (" + firstLine(e) + "): grant the right to create databases;"
                    + " nothing was changed.", e);
        }
        VerifyResult loaded;
        try {
            loaded = restoreDatabase(backupDir, fresh, hubIsUp);
            refuseWhileHubIsUp(hubIsUp);
        } catch (RuntimeException e) {
            dropQuietly(hubDatabase, restoring);
            throw new BackupException("Restore into a new database " + restoring + " failed (" + firstLine(e)
                    + "); that database was dropped and the hub's database was not changed.", e);
        }
        try {
            ServerAdmin.swap(hubDatabase, restoring, replaced);
        } catch (SQLException e) {
            throw new BackupException("The backup was restored into " + restoring + " but could not replace "
                    + hubDatabase.databaseName() + " (" + firstLine(e) + "): make sure nothing is connected to the"
                    + " hub's database (stop the hub) and that the user may rename it; nothing was deleted.", e);
        }
        List<Check> checks = new ArrayList<>(loaded.checks());
        checks.addAll(compareWithManifest(manifest, hubDatabase));
        VerifyResult result = new VerifyResult(backupDir, checks);
        if (!result.verified()) {
            throw new BackupException("Restored " + backupDir + " into " + hubDatabase.describe() + " but it differs ("
                    + result.failures().get(0) + "); the previous database is kept as " + replaced + ".");
        }
        return new DatabaseRestoreResult(backupDir, hubDatabase.describe(), replaced, result);
    }

    private static void dropQuietly(ServerDatabase via, String name) {
        try {
            ServerAdmin.drop(via, name);
        } catch (SQLException e) {
            // an empty or half-filled restore target the console created; its name says what it is
        }
    }

    /** What a complete backup holds, from its manifest; throws a {@link BackupException} when it has none. */
    public BackupContents contents(Path backupDir) {
        Manifest manifest = Manifest.readFrom(backupDir);
        return new BackupContents(backupDir, manifest.hubName(), manifest.createdAt(), manifest.engine(),
                manifest.sourceDatabase(), manifest.artefacts(), manifest.rowCounts(), manifest.context());
    }

    // ------------------------------------------------------------------------------------------------ restore

    /**
     * Puts a verified backup back: the database and the files named by {@code target}, each SHA-256 equal to the
     * manifest, with the manifest's permissions and owner where possible. Every file replaced is moved aside to
     * {@code <name>.replaced-<timestamp>} (never deleted), and so are the database's {@code -wal}, {@code -shm} and
     * {@code -journal} files ({@code <name>.replaced-<timestamp>-wal}, so the old database still opens with its
     * WAL). The home archive is never restored here.
     *
     * <p>Only while the hub is stopped: the caller checks that first, and {@code hubIsUp} is asked again here before
     * anything is read and before anything is replaced; when it says the hub is up, nothing is changed.
     *
     * @throws BackupException when the hub is up, the backup fails verification, a target folder is missing, or a
     *                         file cannot be put back (files already swapped are put back as they were, where
     *                         possible)
     */
    public RestoreResult restore(Path backupDir, RestoreTarget target, BooleanSupplier hubIsUp) {
        Objects.requireNonNull(backupDir, "backupDir");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(hubIsUp, "hubIsUp");
        refuseWhileHubIsUp(hubIsUp);
        verifiedOrRefused(backupDir);
        Manifest manifest = Manifest.readFrom(backupDir);
        if (target.sqliteDatabase() != null && !SqliteSource.ENGINE.equals(manifest.engine())) {
            throw new BackupException("Backup " + backupDir + " is of a " + manifest.engine() + " database: restore it"
                    + " with restoreDatabaseReplacing or into an empty database; nothing was changed.");
        }
        List<String> notRestored = new ArrayList<>();
        Map<BackupArtefact, Path> plan = plan(manifest, target, notRestored);
        String stamp = FOLDER_TIME.format(clock.instant());

        Map<Path, Path> staged = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        try {
            for (Map.Entry<BackupArtefact, Path> entry : plan.entrySet()) {
                staged.put(entry.getValue(), stage(backupDir, entry.getKey(), entry.getValue(), stamp, notes));
            }
        } catch (IOException | RuntimeException e) {
            staged.values().forEach(Backups::deleteQuietly);
            throw e instanceof BackupException b ? b : new BackupException("Cannot prepare the restore ("
                    + firstLine(e) + "): nothing was changed; fix the cause and retry.", e);
        }
        refuseWhileHubIsUp(hubIsUp, staged);

        List<Path> restored = new ArrayList<>();
        List<Path> movedAside = new ArrayList<>();
        Map<Path, Path> undo = new LinkedHashMap<>();
        try {
            for (Map.Entry<BackupArtefact, Path> entry : plan.entrySet()) {
                Path destination = entry.getValue();
                List<Path> aside = new ArrayList<>(List.of(destination));
                if (BackupArtefact.ROLE_DATABASE.equals(entry.getKey().role())) {
                    for (String suffix : SQLITE_SIDE_FILES) {
                        aside.add(destination.resolveSibling(destination.getFileName() + suffix));
                    }
                }
                for (Path file : aside) {
                    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                        Path moved = replacedName(destination, file, stamp);
                        Files.move(file, moved);
                        undo.put(moved, file);
                        movedAside.add(moved);
                    }
                }
                moveIntoPlace(staged.get(destination), destination);
                undo.put(destination, null);
                restored.add(destination);
            }
            for (Map.Entry<BackupArtefact, Path> entry : plan.entrySet()) {
                String sha = FileOps.sha256(entry.getValue());
                if (!sha.equals(entry.getKey().sha256())) {
                    throw new IOException(entry.getValue() + " has checksum " + sha + " after the restore, expected "
                            + entry.getKey().sha256());
                }
            }
        } catch (IOException | RuntimeException e) {
            String undone = undoSwaps(undo, staged);
            throw new BackupException("Restore failed (" + firstLine(e) + "); " + undone
                    + "; check the target folders and retry.", e);
        }
        return new RestoreResult(backupDir, restored, movedAside, notRestored, notes);
    }

    private VerifyResult verifiedOrRefused(Path backupDir) {
        VerifyResult verified = verify(backupDir);
        if (!verified.verified()) {
            throw new BackupException("Refusing to restore " + backupDir + ": it fails verification ("
                    + verified.failures().get(0) + "); choose another backup.");
        }
        return verified;
    }

    private static void refuseWhileHubIsUp(BooleanSupplier hubIsUp) {
        if (hubIsUp.getAsBoolean()) {
            throw new BackupException("Refusing to restore while the hub is running: stop JupyterHub first, then"
                    + " restore; nothing was changed.");
        }
    }

    private static void refuseWhileHubIsUp(BooleanSupplier hubIsUp, Map<Path, Path> staged) {
        try {
            refuseWhileHubIsUp(hubIsUp);
        } catch (BackupException e) {
            staged.values().forEach(Backups::deleteQuietly);
            throw e;
        }
    }

    private static Map<BackupArtefact, Path> plan(Manifest manifest, RestoreTarget target, List<String> notRestored) {
        Map<BackupArtefact, Path> plan = new LinkedHashMap<>();
        Set<String> extraNames = new HashSet<>();
        for (BackupArtefact artefact : manifest.artefacts()) {
            switch (artefact.role()) {
                case BackupArtefact.ROLE_DATABASE -> {
                    if (target.sqliteDatabase() != null) {
                        plan.put(artefact, target.sqliteDatabase());
                    } else {
                        notRestored.add(artefact.path() + " (database not part of this restore)");
                    }
                }
                case BackupArtefact.ROLE_CONFIG -> {
                    if (target.configFile() != null) {
                        plan.put(artefact, target.configFile());
                    } else {
                        notRestored.add(artefact.path() + " (no config target given)");
                    }
                }
                case BackupArtefact.ROLE_FILE -> {
                    extraNames.add(artefact.fileName());
                    Path destination = target.extraFiles().get(artefact.fileName());
                    if (destination != null) {
                        plan.put(artefact, destination);
                    } else {
                        notRestored.add(artefact.path() + " (no target given)");
                    }
                }
                default -> notRestored.add(artefact.path() + " (restore it by hand: tar -xzpf " + artefact.path()
                        + " -C <home folder>)");
            }
        }
        for (String name : target.extraFiles().keySet()) {
            if (!extraNames.contains(name)) {
                throw new BackupException("The backup has no extra file named '" + name + "' (it has " + extraNames
                        + "): name only files the backup holds; nothing was changed.");
            }
        }
        Set<Path> destinations = new HashSet<>();
        for (Path destination : plan.values()) {
            if (!destinations.add(destination.normalize())) {
                throw new BackupException("Two backup files would be restored to " + destination + ": give each its"
                        + " own target; nothing was changed.");
            }
            if (!Files.isDirectory(destination.getParent())) {
                throw new BackupException("Cannot restore to " + destination + ": its folder does not exist; create it"
                        + " or give another target; nothing was changed.");
            }
            if (Files.isDirectory(destination)) {
                throw new BackupException("Cannot restore to " + destination + ": it is a folder; give a file path;"
                        + " nothing was changed.");
            }
        }
        return plan;
    }

    private static Path stage(Path backupDir, BackupArtefact artefact, Path destination, String stamp,
            List<String> notes) throws IOException {
        Path staged = destination.resolveSibling("." + destination.getFileName() + ".restoring-" + stamp);
        Files.copy(backupDir.resolve(artefact.path()), staged, StandardCopyOption.REPLACE_EXISTING);
        String sha = FileOps.sha256(staged);
        if (!sha.equals(artefact.sha256())) {
            throw new IOException("the copy of " + artefact.path() + " next to " + destination + " has checksum "
                    + sha + ", expected " + artefact.sha256());
        }
        new FileOps.Ownership(artefact.permissions(), artefact.owner(), artefact.group()).applyTo(staged)
                .forEach(note -> notes.add(destination + ": " + note));
        return staged;
    }

    private static Path replacedName(Path destination, Path file, String stamp) {
        String base = destination.getFileName() + ".replaced-" + stamp;
        String suffix = file.getFileName().toString().substring(destination.getFileName().toString().length());
        Path candidate = destination.resolveSibling(base + suffix);
        for (int i = 1; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = destination.resolveSibling(base + "-" + i + suffix);
        }
        return candidate;
    }

    private static void moveIntoPlace(Path staged, Path destination) throws IOException {
        try {
            Files.move(staged, destination, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, destination);
        }
    }

    private static String undoSwaps(Map<Path, Path> undo, Map<Path, Path> staged) {
        List<String> problems = new ArrayList<>();
        List<Map.Entry<Path, Path>> steps = new ArrayList<>(undo.entrySet());
        java.util.Collections.reverse(steps);
        for (Map.Entry<Path, Path> step : steps) {
            try {
                if (step.getValue() == null) {
                    Files.deleteIfExists(step.getKey());
                } else {
                    Files.move(step.getKey(), step.getValue());
                }
            } catch (IOException e) {
                problems.add(step.getKey() + " (" + firstLine(e) + ")");
            }
        }
        staged.values().forEach(Backups::deleteQuietly);
        return problems.isEmpty() ? "the replaced files were put back as they were"
                : "COULD NOT put back: " + String.join(", ", problems);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a left-over staging file is harmless and named .<name>.restoring-<timestamp>
        }
    }

    // ------------------------------------------------------------------------------------------------ list, retention

    /**
     * The backups of one hub under {@code destinationRoot}, newest first; folders without a manifest are listed as
     * incomplete. An absent hub folder gives an empty list.
     */
    public List<BackupSummary> list(Path destinationRoot, String hubName) {
        Path hubDir = destinationRoot.resolve(sanitise(hubName));
        if (!Files.isDirectory(hubDir)) {
            return List.of();
        }
        List<BackupSummary> summaries = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(hubDir,
                p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !p.getFileName().toString().startsWith("."))) {
            for (Path dir : dirs) {
                summaries.add(summarise(dir, hubName));
            }
        } catch (IOException e) {
            throw new BackupException("Cannot list backups in " + hubDir + " (" + firstLine(e) + "): check the path"
                    + " and permissions.", e);
        }
        summaries.sort(Comparator.comparing(BackupSummary::createdAt)
                .thenComparing(s -> s.directory().getFileName().toString()).reversed());
        return summaries;
    }

    private static BackupSummary summarise(Path dir, String hubName) throws IOException {
        if (Files.isRegularFile(dir.resolve(Manifest.FILE_NAME))) {
            try {
                Manifest manifest = Manifest.readFrom(dir);
                return new BackupSummary(dir, manifest.hubName(), Instant.parse(manifest.createdAt()), true,
                        manifest.artefacts().stream().mapToLong(BackupArtefact::size).sum(), manifest.context());
            } catch (BackupException | java.time.format.DateTimeParseException e) {
                // fall through: listed as incomplete
            }
        }
        return new BackupSummary(dir, hubName, startOf(dir), false, 0, Map.of());
    }

    /** When an incomplete backup started, from its folder name; its modification time if the name says nothing. */
    private static Instant startOf(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        int suffix = name.indexOf('-');
        try {
            return FOLDER_TIME.parse(suffix < 0 ? name : name.substring(0, suffix), Instant::from);
        } catch (java.time.format.DateTimeParseException e) {
            return Files.getLastModifiedTime(dir).toInstant();
        }
    }

    /**
     * Deletes all but the {@code keep} newest complete backups of a hub. Never deletes a folder in
     * {@code protectedDirs} (e.g. the backup of an unfinished upgrade run) nor an incomplete folder (it may be a
     * backup being written).
     */
    public void applyRetention(Path destinationRoot, String hubName, int keep, Set<Path> protectedDirs) {
        if (keep < 1) {
            throw new BackupException("Retention must keep at least 1 backup, not " + keep + ": give keep >= 1.");
        }
        Set<Path> protectedPaths = new HashSet<>();
        for (Path path : Objects.requireNonNullElse(protectedDirs, Set.<Path>of())) {
            protectedPaths.add(canonical(path));
        }
        List<BackupSummary> complete = list(destinationRoot, hubName).stream().filter(BackupSummary::complete)
                .toList();
        for (BackupSummary summary : complete.subList(Math.min(keep, complete.size()), complete.size())) {
            if (protectedPaths.contains(canonical(summary.directory()))) {
                continue;
            }
            try {
                FileOps.deleteRecursively(summary.directory());
                Files.deleteIfExists(statusFile(summary.directory()));
            } catch (IOException e) {
                throw new BackupException("Cannot delete old backup " + summary.directory() + " (" + firstLine(e)
                        + "): check its permissions.", e);
            }
        }
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The folder name used for a hub: letters, digits, {@code . _ -}; anything else becomes {@code _}. */
    static String sanitise(String hubName) {
        if (hubName == null || hubName.isBlank()) {
            throw new BackupException("Hub name is missing: give the hub's name.");
        }
        String name = hubName.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.startsWith(".")) {
            name = "_" + name.substring(1);
        }
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T io(IoSupplier<T> action, String problem, String fix) {
        try {
            return action.get();
        } catch (IOException | UncheckedIOException e) {
            throw new BackupException(problem + " (" + firstLine(e) + "): " + fix + ".", e);
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
