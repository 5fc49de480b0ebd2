package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.testsupport.TestDatabases;
import dev.hubconsole.testsupport.TestDatabases.Scratch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-level streams of a copy into PostgreSQL, on a real SQLite file and a real PostgreSQL: SQLite's stored bytes
 * go into binary COPY and into the row hash without neutral objects, and the verification hashes PostgreSQL's binary
 * {@code COPY ... TO STDOUT}. Both must give exactly the hash of the neutral values read through JDBC, for every
 * awkward value, or the verification would either fail good copies or, worse, silently take the slow path.
 */
class CopyStreamTest {

    @TempDir
    Path dir;

    static final CopyTable TABLE = new CopyTable(new TableDef("t", List.of(
            column("id", "INTEGER"), column("num", "BIGINT"), column("flag", "BOOLEAN"), column("at", "DATETIME"),
            column("data", "BLOB"), column("name", "VARCHAR"), column("note", "TEXT")),
            new IndexDef("pk_t", List.of("id"), true), List.of(), List.of(), List.of()),
            List.of("id", "num", "flag", "at", "data", "name", "note"), false);

    static ColumnDef column(String name, String type) {
        return new ColumnDef(name, type, type.equals("VARCHAR") ? 255 : null, true, null, false, null, List.of());
    }

    @Test
    void sqliteBytesAndPostgresCopyTextHashLikeTheNeutralValues() throws Exception {
        Path file = dir.resolve("src.sqlite");
        DbUrl source = DbUrl.parse("sqlite:///" + file, dir);
        HubDatabases databases = new HubDatabases();
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        Object[][] rows = {
            {1, 42, 1, "2024-02-29 23:59:59.999999", everyByte, "tab\tnew\nline\\back\rcr", "ctl \b\f\u000b end"},
            {2, "007", 0, "2024-01-02 03:04:05", new byte[0], "", "zoë 🚀 渡辺"},
            {3, 3.0, 2, "2024-01-02T03:04:05.5", null, null, "x".repeat(70_000)},
            {4, "9223372036854775807", null, "2024-01-02 03:04", "text in a blob", "n".repeat(255), "{\"a\": 1}"},
            {5, -5, "1", "2024-01-02 03:04:05.1234567", new byte[] {'\\', '\t'}, "\\N", "\\x00"},
            {6, null, 1, null, null, "0007-01-01", "a"},
            {7, 1, 0, "1999-12-31 23:59:59.000001", null, "x", "y"},
            {8, 0, "0", null, null, null, null}, // 0 that is no NULL, as SQLite's integer and as text
            {9, "0", 0.5, null, null, null, null}, // integers read through SQLite's own conversion
            {0, -9223372036854775808L, -1, null, null, null, null},
        };
        try (Connection c = databases.openForWrite(source)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, num BIGINT, flag BOOLEAN, at DATETIME, data BLOB, "
                        + "name VARCHAR(255), note TEXT)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Object[] r : rows) {
                    for (int i = 0; i < r.length; i++) {
                        ps.setObject(i + 1, r[i]);
                    }
                    ps.executeUpdate();
                }
            }
        }
        try (Scratch pg = TestDatabases.postgres()) {
            DbUrl target = DbUrl.parse(pg.jdbcUrl(), null);
            try (Connection src = databases.openReadOnly(source); Connection dst = databases.openForWrite(target)) {
                try (Statement s = dst.createStatement()) {
                    for (String ddl : CopyDdl.create(TABLE.target(), Engine.POSTGRESQL)) {
                        s.execute(ddl);
                    }
                }
                CopyTransfer.Copied copied = CopyTransfer.copy(src, Engine.SQLITE, dst, Engine.POSTGRESQL, TABLE,
                        n -> { });

                long[] neutral = CopyChecksum.hashRows(src, Engine.SQLITE, TABLE);
                assertThat(new long[] {copied.rows(), copied.hashSum()}).as("SQLite bytes hash like their values")
                        .containsExactly(neutral);
                assertThat(CopyChecksum.hashCopyOut(dst, TABLE)).as("binary COPY TO is understood, not skipped")
                        .containsExactly(neutral);
                assertThat(CopyChecksum.hashRows(dst, Engine.POSTGRESQL, TABLE)).containsExactly(neutral);
                try (Statement s = dst.createStatement(); var rs = s.executeQuery(
                        "SELECT num, at, data, note FROM t WHERE id IN (2, 3, 5) ORDER BY id")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(7);
                    assertThat(rs.getBytes(3)).isEmpty();
                    rs.next();
                    assertThat(rs.getObject(2, LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5,
                            500_000_000));
                    rs.next();
                    assertThat(rs.getObject(2, LocalDateTime.class)).as("cut to microseconds, never rounded")
                            .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000));
                    assertThat(rs.getString(4)).isEqualTo("\\x00");
                }
                try (Statement s = dst.createStatement(); var rs = s.executeQuery(
                        "SELECT id, num, flag FROM t WHERE id IN (0, 6, 8, 9) ORDER BY id")) {
                    List<String> got = new java.util.ArrayList<>();
                    while (rs.next()) {
                        got.add(rs.getString(1) + "," + rs.getString(2) + "," + rs.getString(3));
                    }
                    assertThat(got).containsExactly("0,-9223372036854775808,t", "6,null,t", "8,0,f", "9,0,f");
                }
            }
        }
    }

    @Test
    void binaryReadBackHandlesEmptyTablesAndHandsUnusualValuesToJdbc() throws Exception {
        try (Scratch pg = TestDatabases.postgres();
                Connection c = new HubDatabases().openForWrite(DbUrl.parse(pg.jdbcUrl(), null))) {
            try (Statement s = c.createStatement()) {
                for (String ddl : CopyDdl.create(TABLE.target(), Engine.POSTGRESQL)) {
                    s.execute(ddl);
                }
            }
            assertThat(CopyChecksum.hashCopyOut(c, TABLE)).containsExactly(0, 0);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO t (id, at, note) VALUES (1, '2024-01-01 00:00:00', 'a'), (2, 'infinity', 'b')");
            }
            assertThat(CopyChecksum.hashCopyOut(c, TABLE)).as("an infinite timestamp is no copied value").isNull();
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM t WHERE id = 2");
            }
            assertThat(CopyChecksum.hashCopyOut(c, TABLE)).as("the connection stays usable")
                    .containsExactly(CopyChecksum.hashRows(c, Engine.POSTGRESQL, TABLE));
        }
    }
}
