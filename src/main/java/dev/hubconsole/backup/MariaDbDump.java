package dev.hubconsole.backup;

import dev.hubconsole.hubdb.TableChecksums;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MariaDB/MySQL: {@code mariadb-dump --single-transaction} (one consistent InnoDB snapshot) with one
 * {@code INSERT} per row; loaded into an empty database with the {@code mariadb} client.
 *
 * <p>The dump's snapshot is mariadb-dump's own transaction, which no other connection can share, so the row counts
 * and content checksums recorded in the manifest are computed from the dump itself ({@link MariaDbDumpScan}): from
 * the rows of exactly the snapshot that was dumped, normalised by the column kinds the server reports. A restore is
 * then compared with them read back from the restored database.
 */
final class MariaDbDump extends ServerDump {

    static final String FILE = "database.sql";
    static final String METHOD = "mariadb-dump --single-transaction";
    MariaDbDump(ServerDatabase database) {
        super(database);
    }

    @Override
    String ownTablesCondition() {
        return "table_schema = DATABASE()";
    }

    @Override
    String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    String sizeQuery() {
        return "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables"
                + " WHERE table_schema = DATABASE()";
    }

    @Override
    public DatabaseCopy copyInto(Path dir, BackupProgress progress) throws IOException, SQLException {
        String serverVersion;
        Map<String, List<TableChecksums.Kind>> kinds = new TreeMap<>();
        try (Connection connection = database.connect()) {
            serverVersion = single(connection, "SELECT VERSION()");
            for (String[] table : ownTables(connection)) {
                kinds.put(table[1], columnKinds(connection, table[1]));
            }
        }
        String dump = tool("mariadb-dump", "mysqldump");
        Path file = dir.resolve(FILE);
        progress.step("Dumping " + describe() + " with " + METHOD);
        List<String> command = new ArrayList<>(List.of(dump, "--single-transaction", "--skip-extended-insert",
                "--hex-blob", "--default-character-set=utf8mb4", "--no-tablespaces", "--result-file=" + file));
        command.addAll(connectionArguments(database));
        command.add(database.databaseName());
        ExternalCommand.Result result = ExternalCommand.run(command, passwordEnvironment(database, "MYSQL_PWD"), null,
                TOOL_TIMEOUT);
        if (!result.ok()) {
            throw new IOException(dump + " failed: " + result.lastError());
        }
        FileOps.ownerOnly(file);
        progress.step("Reading the dump: completeness, row counts and content checksums of its rows");
        MariaDbDumpScan scan = MariaDbDumpScan.read(file, kinds);
        complete(scan);
        ExternalCommand.Result version = ExternalCommand.run(List.of(dump, "--version"), Map.of(), null,
                Duration.ofSeconds(30));
        return new DatabaseCopy(BackupArtefact.ofDump(dir, FILE, METHOD, describe()), scan.rowCounts(),
                Map.of("mariadb-dump", version.stdout().strip(), "mariadb-server", serverVersion), null,
                scan.checksums());
    }

    /** The kinds of a table's columns, in order, as the server reports them. */
    private List<TableChecksums.Kind> columnKinds(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + quote(table) + " LIMIT 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<TableChecksums.Kind> kinds = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                kinds.add(TableChecksums.Kind.of(meta, i));
            }
            return kinds;
        }
    }

    /**
     * Checksums read as the dump holds the values: TIMESTAMP columns in UTC, as mariadb-dump writes them.
     */
    @Override
    Map<String, String> contentChecksums(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET time_zone = '+00:00'");
        }
        return super.contentChecksums(connection);
    }

    @Override
    String checkDumpFile(Path dump) throws IOException {
        return complete(MariaDbDumpScan.read(dump, null));
    }

    private static String complete(MariaDbDumpScan scan) throws IOException {
        if (!scan.complete()) {
            throw new IOException("the dump does not end with '" + MariaDbDumpScan.COMPLETED + "': it is truncated");
        }
        return "the dump is complete ('" + scan.lastLine().strip() + "')";
    }

    @Override
    void restoreInto(Path dump, ServerDatabase target) throws IOException {
        List<String> command = new ArrayList<>(List.of(tool("mariadb", "mysql"), "--default-character-set=utf8mb4"));
        command.addAll(connectionArguments(target));
        command.add(target.databaseName());
        ExternalCommand.Result result = ExternalCommand.run(command, passwordEnvironment(target, "MYSQL_PWD"), dump,
                TOOL_TIMEOUT);
        if (!result.ok()) {
            throw new IOException("loading the dump failed: " + result.lastError());
        }
    }

    private static List<String> connectionArguments(ServerDatabase db) {
        List<String> arguments = new ArrayList<>(List.of("--protocol=TCP", "--host=" + db.host(),
                "--port=" + db.port()));
        if (db.effectiveUser() != null) {
            arguments.add("--user=" + db.effectiveUser());
        }
        return arguments;
    }

    @Override
    String missingTools() {
        try {
            tool("mariadb-dump", "mysqldump");
            tool("mariadb", "mysql");
            return null;
        } catch (BackupException e) {
            return e.getMessage();
        }
    }

    private static String tool(String name, String alternative) {
        if (ExternalCommand.onPath(name)) {
            return name;
        }
        if (ExternalCommand.onPath(alternative)) {
            return alternative;
        }
        throw new BackupException(name + " (or " + alternative + ") not found: install the MariaDB client"
                + " (mariadb-client) on the console's machine.");
    }
}
