package dev.hubconsole.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MariaDB/MySQL: {@code mariadb-dump --single-transaction} (one consistent InnoDB snapshot) with one
 * {@code INSERT} per row, so the row counts recorded in the manifest are counted in the dump itself; loaded into an
 * empty database with the {@code mariadb} client.
 */
final class MariaDbDump extends ServerDump {

    static final String FILE = "database.sql";
    static final String METHOD = "mariadb-dump --single-transaction";
    private static final String COMPLETED = "-- Dump completed";

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
        try (Connection connection = database.connect()) {
            serverVersion = single(connection, "SELECT VERSION()");
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
        checkDumpFile(file);
        ExternalCommand.Result version = ExternalCommand.run(List.of(dump, "--version"), Map.of(), null,
                Duration.ofSeconds(30));
        return new DatabaseCopy(BackupArtefact.ofDump(dir, FILE, METHOD, describe()), countsInDump(file),
                Map.of("mariadb-dump", version.stdout().strip(), "mariadb-server", serverVersion), null);
    }

    @Override
    String checkDumpFile(Path dump) throws IOException {
        String last = null;
        try (BufferedReader reader = Files.newBufferedReader(dump, StandardCharsets.ISO_8859_1)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    last = line;
                }
            }
        }
        if (last == null || !last.startsWith(COMPLETED)) {
            throw new IOException("the dump does not end with '" + COMPLETED + "': it is truncated");
        }
        return "the dump is complete ('" + last.strip() + "')";
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

    /** Rows per table as written in the dump: one {@code INSERT} line per row; tables without rows count 0. */
    static Map<String, Long> countsInDump(Path dump) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        // read as ISO-8859-1 so that any byte sequence in the data reads; identifiers are decoded as UTF-8
        try (BufferedReader reader = Files.newBufferedReader(dump, StandardCharsets.ISO_8859_1)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("CREATE TABLE `")) {
                    counts.putIfAbsent(identifier(line, "CREATE TABLE ".length()), 0L);
                } else if (line.startsWith("INSERT INTO `")) {
                    counts.merge(identifier(line, "INSERT INTO ".length()), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /** The back-quoted identifier starting at {@code start} ({@code ``} inside stands for one back quote). */
    private static String identifier(String line, int start) {
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
