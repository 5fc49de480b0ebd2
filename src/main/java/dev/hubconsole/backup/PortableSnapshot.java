package dev.hubconsole.backup;

import dev.hubconsole.hubdb.TableChecksums;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The console's own copy of a hub database on a server, made through JDBC when no matching {@code pg_dump} or
 * {@code mariadb-dump} is available: schema and data of one consistent snapshot (a repeatable-read, read-only
 * transaction) in {@code database.portable.gz}, restorable by the console into an empty database of the same
 * engine.
 *
 * <p>PostgreSQL: enum types, sequences (with their values), tables with column types as {@code format_type}
 * gives them, defaults and NOT NULL, then the data, then primary keys, unique and check constraints, other
 * indexes and foreign keys; every value is kept in PostgreSQL's text form and cast back on insert, so types
 * round-trip exactly. MariaDB/MySQL: {@code SHOW CREATE TABLE} of every table, then the data (binary columns as
 * bytes, others as text), loaded with foreign key checks off. Only the hub's default schema ({@code public}) is
 * copied on PostgreSQL.
 */
final class PortableSnapshot extends ServerDump {

    static final String FILE = "database.portable.gz";
    static final String METHOD = "portable-snapshot";
    private static final String MAGIC = "hub-upgrade-console portable snapshot 1";
    private static final String END = "end of snapshot";
    private static final int BATCH = 500;

    private final ServerDump engine;

    PortableSnapshot(ServerDatabase database, ServerDump engine) {
        super(database);
        this.engine = engine;
    }

    /** An instance that only checks and restores snapshot files of {@code engineName}. */
    static PortableSnapshot reader(ServerDump engine) {
        return new PortableSnapshot(null, engine);
    }

    @Override
    String ownTablesCondition() {
        return engine.ownTablesCondition();
    }

    @Override
    String quote(String identifier) {
        return engine.quote(identifier);
    }

    @Override
    String key(String schema, String table) {
        return engine.key(schema, table);
    }

    @Override
    String sizeQuery() {
        return engine.sizeQuery();
    }

    private boolean postgres(ServerDatabase db) {
        return ServerDatabase.POSTGRESQL.equals(db.engine());
    }

    /** Schema statements run before and after the data, and each table's columns with their PostgreSQL type. */
    private record Schema(List<String> before, List<String> after, Map<String, Map<String, String>> tables) {
    }

    @Override
    public DatabaseCopy copyInto(Path dir, BackupProgress progress) throws IOException, SQLException {
        Path file = dir.resolve(FILE);
        Map<String, Long> counts = new TreeMap<>();
        Map<String, String> checksums = new TreeMap<>();
        String serverVersion;
        progress.step("Copying " + describe() + " as the console's portable snapshot (schema and data through JDBC)");
        try (Connection c = database.connect()) {
            boolean pg = postgres(database);
            serverVersion = single(c, pg ? "SHOW server_version" : "SELECT VERSION()");
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            if (pg) {
                c.setReadOnly(true);
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
                }
            }
            Schema schema = pg ? postgresSchema(c) : mariaDbSchema(c);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16))) {
                text(out, MAGIC);
                text(out, database.engine());
                texts(out, schema.before());
                out.writeInt(schema.tables().size());
                for (Map.Entry<String, Map<String, String>> table : schema.tables().entrySet()) {
                    progress.step("  table " + table.getKey());
                    TableChecksums.Sum sum = copyTable(c, table.getKey(), table.getValue(), out);
                    counts.put(table.getKey(), sum.rows());
                    checksums.put(table.getKey(), sum.hex());
                }
                texts(out, schema.after());
                text(out, END);
            }
            c.commit();
        }
        FileOps.ownerOnly(file);
        progress.step("Checking that the portable snapshot reads to its end");
        checkDumpFile(file);
        return new DatabaseCopy(BackupArtefact.ofDump(dir, FILE, METHOD, describe()), counts,
                Map.of(METHOD, "1", database.engine() + "-server", serverVersion), null, checksums);
    }

    /** Writes one table's rows and returns their content checksum (computed from the values as they are written). */
    private TableChecksums.Sum copyTable(Connection c, String table, Map<String, String> types, DataOutputStream out)
            throws SQLException, IOException {
        text(out, table);
        try (Statement s = c.createStatement()) {
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery("SELECT * FROM " + quote(table))) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                boolean[] binary = new boolean[n + 1];
                List<TableChecksums.Kind> kinds = new ArrayList<>();
                out.writeInt(n);
                for (int i = 1; i <= n; i++) {
                    String column = meta.getColumnName(i);
                    binary[i] = !postgres(database) && isBinary(meta.getColumnType(i));
                    kinds.add(TableChecksums.Kind.of(meta, i));
                    text(out, column);
                    text(out, types.getOrDefault(column, ""));
                    out.writeBoolean(binary[i]);
                }
                TableChecksums.Sum sum = new TableChecksums.Sum(kinds);
                Object[] raw = new Object[n];
                while (rs.next()) {
                    out.writeBoolean(true);
                    for (int i = 1; i <= n; i++) {
                        String text = binary[i] ? null : rs.getString(i);
                        byte[] value = binary[i] ? rs.getBytes(i) : bytes(text);
                        // PostgreSQL keeps bytea in its text form in the snapshot; the checksum wants its bytes
                        raw[i - 1] = kinds.get(i - 1) != TableChecksums.Kind.BYTES ? text
                                : binary[i] ? value : rs.getBytes(i);
                        if (value == null) {
                            out.writeInt(-1);
                        } else {
                            out.writeInt(value.length);
                            out.write(value);
                        }
                    }
                    sum.add(raw);
                }
                out.writeBoolean(false);
                return sum;
            }
        }
    }

    private static boolean isBinary(int type) {
        return type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB;
    }

    private Schema postgresSchema(Connection c) throws SQLException {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        List<String> foreignKeys = new ArrayList<>();
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        for (String[] e : rows(c, "SELECT t.typname, string_agg(quote_literal(e.enumlabel), ', ' ORDER BY"
                + " e.enumsortorder) FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON"
                + " n.oid = t.typnamespace WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY t.typname")) {
            before.add("CREATE TYPE " + quote(e[0]) + " AS ENUM (" + e[1] + ")");
        }
        for (String[] seq : rows(c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname")) {
            before.add("CREATE SEQUENCE " + quote(seq[0]));
            String[] value = rows(c, "SELECT last_value, is_called FROM " + quote(seq[0])).get(0);
            after.add("SELECT setval(" + literal(quote(seq[0])) + ", " + Long.parseLong(value[0]) + ", "
                    + ("t".equals(value[1]) || "true".equals(value[1])) + ")");
        }
        for (String[] table : rows(c, "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON"
                + " n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                + " ORDER BY c.relname")) {
            Map<String, String> columns = new LinkedHashMap<>();
            List<String> definitions = new ArrayList<>();
            for (String[] col : rows(c, "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                    + " pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d ON"
                    + " d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = " + Long.parseLong(table[0])
                    + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
                columns.put(col[0], col[1]);
                definitions.add(quote(col[0]) + " " + col[1] + (col[3] == null ? "" : " DEFAULT " + col[3])
                        + ("t".equals(col[2]) || "true".equals(col[2]) ? " NOT NULL" : ""));
            }
            before.add("CREATE TABLE " + quote(table[1]) + " (" + String.join(", ", definitions) + ")");
            tables.put(table[1], columns);
            for (String[] con : rows(c, "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint"
                    + " WHERE conrelid = " + Long.parseLong(table[0]) + " AND contype <> 'n' ORDER BY contype DESC,"
                    + " conname")) {
                String statement = "ALTER TABLE " + quote(table[1]) + " ADD CONSTRAINT " + quote(con[0]) + " "
                        + con[1];
                (con[2].equals("f") ? foreignKeys : after).add(statement);
            }
            for (String[] index : rows(c, "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = "
                    + Long.parseLong(table[0]) + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE"
                    + " k.conindid = i.indexrelid AND k.conrelid = i.indrelid) ORDER BY i.indexrelid")) {
                after.add(index[0]);
            }
        }
        after.addAll(foreignKeys);
        return new Schema(before, after, tables);
    }

    private Schema mariaDbSchema(Connection c) throws SQLException {
        List<String> before = new ArrayList<>();
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        for (String[] table : rows(c, "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                + " DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            before.add(rows(c, "SHOW CREATE TABLE " + quote(table[0])).get(0)[1]);
            tables.put(table[0], Map.of());
        }
        return new Schema(before, List.of(), tables);
    }

    @Override
    String checkDumpFile(Path dump) throws IOException {
        long tables = 0;
        long rows = 0;
        try (DataInputStream in = open(dump)) {
            header(in, null);
            skipTexts(in);
            int count = in.readInt();
            for (int t = 0; t < count; t++) {
                text(in);
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    text(in);
                    text(in);
                    in.readBoolean();
                }
                while (in.readBoolean()) {
                    for (int i = 0; i < n; i++) {
                        value(in);
                    }
                    rows++;
                }
                tables++;
            }
            skipTexts(in);
            if (!END.equals(text(in))) {
                throw new IOException("the portable snapshot has no end marker: it is incomplete");
            }
        } catch (EOFException e) {
            throw new IOException("the portable snapshot ends early: it is truncated", e);
        }
        return "the portable snapshot reads to its end: " + tables + " tables, " + rows + " rows";
    }

    @Override
    void restoreInto(Path dump, ServerDatabase target) throws IOException {
        boolean pg = postgres(target);
        try (DataInputStream in = open(dump); Connection c = target.connect()) {
            header(in, target.engine());
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                if (!pg) {
                    s.execute("SET FOREIGN_KEY_CHECKS = 0");
                }
                for (String statement : texts(in)) {
                    s.execute(statement);
                }
                int count = in.readInt();
                for (int t = 0; t < count; t++) {
                    loadTable(c, in, pg);
                }
                for (String statement : texts(in)) {
                    s.execute(statement);
                }
                if (!END.equals(text(in))) {
                    throw new IOException("the portable snapshot has no end marker: it is incomplete");
                }
                if (!pg) {
                    s.execute("SET FOREIGN_KEY_CHECKS = 1");
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IOException("loading the portable snapshot failed: " + firstLine(e), e);
        }
    }

    private void loadTable(Connection c, DataInputStream in, boolean pg) throws IOException, SQLException {
        String table = text(in);
        int n = in.readInt();
        List<String> columns = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        boolean[] binary = new boolean[n];
        for (int i = 0; i < n; i++) {
            columns.add(quote(text(in)));
            String type = text(in);
            binary[i] = in.readBoolean();
            placeholders.add(pg && !type.isEmpty() ? "CAST(? AS " + type + ")" : "?");
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + quote(table) + " ("
                + String.join(", ", columns) + ") VALUES (" + String.join(", ", placeholders) + ")")) {
            int batched = 0;
            while (in.readBoolean()) {
                for (int i = 0; i < n; i++) {
                    byte[] value = value(in);
                    if (value == null) {
                        insert.setNull(i + 1, binary[i] ? Types.VARBINARY : Types.VARCHAR);
                    } else if (binary[i]) {
                        insert.setBytes(i + 1, value);
                    } else {
                        insert.setString(i + 1, new String(value, StandardCharsets.UTF_8));
                    }
                }
                insert.addBatch();
                if (++batched == BATCH) {
                    insert.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                insert.executeBatch();
            }
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                1 << 16));
    }

    private static void header(DataInputStream in, String expectedEngine) throws IOException {
        if (!MAGIC.equals(text(in))) {
            throw new IOException("not a portable snapshot of this console version");
        }
        String engine = text(in);
        if (expectedEngine != null && !expectedEngine.equals(engine)) {
            throw new IOException("the snapshot is of a " + engine + " database, the target is " + expectedEngine);
        }
    }

    private static List<String[]> rows(Connection c, String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void texts(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            text(out, value);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        byte[] value = value(in);
        if (value == null) {
            throw new IOException("the portable snapshot is damaged (a name is missing)");
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static List<String> texts(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(text(in));
        }
        return values;
    }

    private static void skipTexts(DataInputStream in) throws IOException {
        texts(in);
    }

    private static byte[] value(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < -1 || length > (1 << 30)) {
            throw new IOException("the portable snapshot is damaged (a value of " + length + " bytes)");
        }
        if (length < 0) {
            return null;
        }
        byte[] value = in.readNBytes(length);
        if (value.length != length) {
            throw new EOFException("the portable snapshot ends inside a value");
        }
        return value;
    }
}
