package dev.hubconsole.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL: {@code pg_dump -Fc} inside an exported snapshot, so the row counts recorded in the manifest are counted
 * in exactly the snapshot that was dumped; {@code pg_restore} into an empty database.
 */
final class PostgresDump extends ServerDump {

    static final String FILE = "database.dump";
    static final String METHOD = "pg_dump -Fc";
    private static final Path VERSIONED_BINARIES = Path.of("/usr/lib/postgresql");
    /** Environment variable naming the folder of the pg_dump/pg_restore to use, e.g. /usr/lib/postgresql/16/bin. */
    static final String BIN_DIR_VARIABLE = "HUBCONSOLE_PG_BIN_DIR";
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(\\.\\d+)?");

    PostgresDump(ServerDatabase database) {
        super(database);
    }

    @Override
    String ownTablesCondition() {
        return "table_schema <> 'information_schema' AND left(table_schema, 3) <> 'pg_'";
    }

    @Override
    String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    String key(String schema, String table) {
        return "public".equals(schema) ? table : schema + "." + table;
    }

    @Override
    String sizeQuery() {
        return "SELECT pg_database_size(current_database())";
    }

    @Override
    public DatabaseCopy copyInto(Path dir, BackupProgress progress) throws IOException, SQLException {
        Path file = dir.resolve(FILE);
        Map<String, Long> counts;
        Map<String, String> checksums;
        Tools tools;
        String serverVersion;
        try (Connection connection = database.connect()) {
            serverVersion = single(connection, "SHOW server_version");
            tools = tools(serverMajor(connection));
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            String snapshot = single(connection, "SELECT pg_export_snapshot()");
            progress.step("Dumping " + describe() + " with pg_dump -Fc");
            List<String> command = new ArrayList<>(List.of(tools.pgDump(), "--format=custom", "--no-password",
                    "--snapshot=" + snapshot, "--file=" + file));
            command.addAll(connectionArguments(database));
            ExternalCommand.Result result = ExternalCommand.run(command,
                    passwordEnvironment(database, "PGPASSWORD"), null, TOOL_TIMEOUT);
            if (!result.ok()) {
                throw new IOException("pg_dump failed: " + result.lastError());
            }
            counts = rowCounts(connection);
            checksums = contentChecksums(connection);
            connection.commit();
        }
        FileOps.ownerOnly(file);
        progress.step("Checking that pg_restore reads the whole dump");
        checkDumpFile(file);
        return new DatabaseCopy(BackupArtefact.ofDump(dir, FILE, METHOD, describe()), counts,
                Map.of("pg_dump", tools.version(), "postgresql-server", serverVersion), null, checksums);
    }

    @Override
    String missingTools() {
        try (Connection connection = database.connect()) {
            tools(serverMajor(connection));
            return null;
        } catch (SQLException | IOException e) {
            return null;
        } catch (BackupException e) {
            return e.getMessage();
        }
    }

    @Override
    String checkDumpFile(Path dump) throws IOException {
        Tools tools = tools(0);
        // reads every data block, not only the table of contents, so a truncated or damaged dump fails here
        ExternalCommand.Result result = ExternalCommand.run(List.of(tools.pgRestore(), "--file=/dev/null",
                dump.toString()), Map.of(), null, TOOL_TIMEOUT);
        if (!result.ok()) {
            throw new IOException("pg_restore cannot read the whole dump: " + result.lastError());
        }
        return "pg_restore reads the whole dump";
    }

    @Override
    void restoreInto(Path dump, ServerDatabase target) throws IOException {
        int major;
        try (Connection connection = target.connect()) {
            major = serverMajor(connection);
        } catch (SQLException e) {
            throw new IOException("cannot connect to " + target.describe() + ": " + firstLine(e), e);
        }
        List<String> command = new ArrayList<>(List.of(tools(major).pgRestore(), "--no-owner", "--no-privileges",
                "--exit-on-error", "--single-transaction", "--no-password"));
        command.addAll(connectionArguments(target));
        command.add(dump.toString());
        ExternalCommand.Result result = ExternalCommand.run(command, passwordEnvironment(target, "PGPASSWORD"), null,
                TOOL_TIMEOUT);
        if (!result.ok()) {
            throw new IOException("pg_restore failed: " + result.lastError());
        }
    }

    private static List<String> connectionArguments(ServerDatabase db) {
        List<String> arguments = new ArrayList<>(List.of("--host=" + db.host(), "--port=" + db.port()));
        if (db.effectiveUser() != null) {
            arguments.add("--username=" + db.effectiveUser());
        }
        arguments.add("--dbname=" + db.databaseName());
        return arguments;
    }

    private static int serverMajor(Connection connection) throws SQLException {
        return Integer.parseInt(single(connection, "SHOW server_version_num")) / 10_000;
    }

    /** Paths of {@code pg_dump} and {@code pg_restore} and the version of {@code pg_dump}. */
    record Tools(String pgDump, String pgRestore, String version) {
    }

    /**
     * The client tools for a server of major version {@code serverMajor} (0: any): Debian's versioned folder of that
     * version (or a newer one) first, then PATH. A client older than the server is refused with the fix.
     */
    static Tools tools(int serverMajor) throws IOException {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv(BIN_DIR_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Path bin = Path.of(configured);
            if (Files.isExecutable(bin.resolve("pg_dump")) && Files.isExecutable(bin.resolve("pg_restore"))) {
                return checked(bin.resolve("pg_dump").toString(), bin.resolve("pg_restore").toString(), serverMajor);
            }
            throw new BackupException(BIN_DIR_VARIABLE + "=" + configured + " holds no pg_dump and pg_restore: point"
                    + " it at the bin folder of a PostgreSQL " + (serverMajor > 0 ? serverMajor + "+ " : "")
                    + "client, or unset it.");
        }
        if (Files.isDirectory(VERSIONED_BINARIES)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(VERSIONED_BINARIES)) {
                for (Path version : versions) {
                    if (version.getFileName().toString().matches("\\d+")
                            && Integer.parseInt(version.getFileName().toString()) >= serverMajor
                            && Files.isExecutable(version.resolve("bin/pg_dump"))) {
                        candidates.add(version.resolve("bin"));
                    }
                }
            }
        }
        candidates.sort((a, b) -> Integer.compare(major(a), major(b)));
        String pgDump = candidates.isEmpty() ? "pg_dump" : candidates.get(0).resolve("pg_dump").toString();
        String pgRestore = candidates.isEmpty() ? "pg_restore" : candidates.get(0).resolve("pg_restore").toString();
        return checked(pgDump, pgRestore, serverMajor);
    }

    private static Tools checked(String pgDump, String pgRestore, int serverMajor) throws IOException {
        if (!ExternalCommand.onPath(pgDump) || !ExternalCommand.onPath(pgRestore)) {
            throw new BackupException("pg_dump/pg_restore not found: install the PostgreSQL client"
                    + (serverMajor > 0 ? " " + serverMajor + " (postgresql-client-" + serverMajor + ")" : "")
                    + " on the console's machine.");
        }
        ExternalCommand.Result result = ExternalCommand.run(List.of(pgDump, "--version"), Map.of(), null,
                java.time.Duration.ofSeconds(30));
        Matcher matcher = VERSION.matcher(result.stdout());
        if (!result.ok() || !matcher.find()) {
            throw new BackupException(pgDump + " --version did not answer (" + result.lastError() + "): check the"
                    + " PostgreSQL client installation.");
        }
        int clientMajor = Integer.parseInt(matcher.group(1));
        if (clientMajor < serverMajor) {
            throw new BackupException("pg_dump " + clientMajor + " cannot dump a PostgreSQL " + serverMajor
                    + " server: install postgresql-client-" + serverMajor + " (or put a matching pg_dump on PATH).");
        }
        return new Tools(pgDump, pgRestore, result.stdout().strip());
    }

    private static int major(Path bin) {
        return Integer.parseInt(bin.getParent().getFileName().toString());
    }
}
