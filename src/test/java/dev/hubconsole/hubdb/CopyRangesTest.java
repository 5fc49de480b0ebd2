package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.CopyFixtures.Target;
import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Big tables are copied in key ranges by several workers at once: every row arrives exactly once, whatever the keys
 * hold (NULL, negative, sparse, on SQLite even text), and the verification covers the whole table. On PostgreSQL the
 * foreign keys added while other tables load all end up validated.
 */
class CopyRangesTest {

    @TempDir
    Path dir;

    static Stream<Arguments> pairs() {
        return Stream.of(Arguments.of(Engine.SQLITE, Engine.POSTGRESQL), Arguments.of(Engine.SQLITE, Engine.MYSQL),
                Arguments.of(Engine.POSTGRESQL, Engine.MYSQL));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("pairs")
    void tablesCopiedInKeyRangesArriveWholeAndVerified(Engine from, Engine to) throws Exception {
        try (HubDb source = CopyFixtures.source(from, dir); Target target = CopyFixtures.target(to, dir)) {
            DatabaseCopy copy = new DatabaseCopy(new HubDatabases(), new LiveSchemaReader(), 10);

            CopyReport report = copy.copy(source.url(), target.url(), new CopyOptions(false, false, 3),
                    CopyProgress.NONE);

            assertThat(report.tables()).filteredOn(t -> t.table().equals("api_tokens")).singleElement()
                    .satisfies(t -> assertThat(t.rows()).isEqualTo(50));
            HubDatabases databases = new HubDatabases();
            try (Connection c = databases.openReadOnly(target.url()); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, note FROM api_tokens ORDER BY id")) {
                List<Long> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    if (rs.getLong(1) == 1) {
                        assertThat(rs.getString(2)).isEqualTo("ä".repeat(1023));
                    }
                }
                assertThat(ids).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
                assertThat(databases.alembicRevision(c)).contains(RealHubDatabases.JUPYTERHUB_30_HEAD);
                if (to == Engine.POSTGRESQL) {
                    try (ResultSet fk = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE convalidated) FROM "
                            + "pg_constraint WHERE contype = 'f'")) {
                        fk.next();
                        assertThat(fk.getInt(1)).as("foreign keys, added while loading").isGreaterThan(10);
                        assertThat(fk.getInt(2)).as("all of them validated").isEqualTo(fk.getInt(1));
                    }
                }
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        }
    }

    @Test
    void eachWorkerKeepsItsConnectionsFromOneRangeToTheNextAndClosesThemAtTheEnd() throws Exception {
        try (HubDb source = CopyFixtures.source(Engine.SQLITE, dir);
                Target target = CopyFixtures.target(Engine.POSTGRESQL, dir)) {
            DatabaseCopy copy = new DatabaseCopy(new HubDatabases(), new LiveSchemaReader(), 10);

            CopyReport report = copy.copy(source.url(), target.url(), new CopyOptions(false, false, 3),
                    CopyProgress.NONE);

            assertThat(report.tables()).hasSizeGreaterThan(10); // and api_tokens in 5 ranges: 18 parts
            try (Connection c = java.sql.DriverManager.getConnection(target.scratch().serverUrl());
                    Statement s = c.createStatement()) {
                long deadline = System.currentTimeMillis() + 10_000;
                long left;
                do { // a closed connection's server process ends a moment later
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                            + target.url().database() + "'")) {
                        rs.next();
                        left = rs.getLong(1);
                    }
                } while (left > 0 && System.currentTimeMillis() < deadline && sleep());
                assertThat(left).as("connections left open on the target").isZero();
                try (ResultSet rs = s.executeQuery("SELECT sessions FROM pg_stat_database WHERE datname = '"
                        + target.url().database() + "'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("sessions: 3 workers, the key thread, the schema's and the checks'")
                            .isBetween(4L, 9L);
                }
            }
        }
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(50);
        return true;
    }

    @Test
    void rangesCoverNullNegativeSparseAndTextKeys() throws Exception {
        DbUrl url = DbUrl.parse("sqlite:///" + dir.resolve("keys.sqlite"), dir);
        HubDatabases databases = new HubDatabases();
        try (Connection c = databases.openForWrite(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE k (id BIGINT PRIMARY KEY, v TEXT)"); // not a rowid alias: NULL and text fit
            s.execute("INSERT INTO k VALUES (NULL, 'null'), (-5000000000000000, 'very negative'), (-1, 'minus one'), "
                    + "(0, 'zero'), (1, 'one'), (2, 'two'), (1000, 'thousand'), (1099511627776, 'two to the 40'), "
                    + "('abc', 'text'), (2.5, 'real')");
        }
        CopyTable t = new CopyTable(new TableDef("k", List.of(CopyStreamTest.column("id", "BIGINT"),
                CopyStreamTest.column("v", "TEXT")), new IndexDef("pk_k", List.of("id"), true), List.of(), List.of(),
                List.of()), List.of("id", "v"), false);
        try (Connection c = databases.openReadOnly(url)) {
            List<CopyTransfer.KeyRange> ranges = CopyTransfer.ranges(c, Engine.SQLITE, t, 4);
            assertThat(ranges).hasSize(4);
            List<String> seen = new ArrayList<>();
            for (CopyTransfer.KeyRange range : ranges) {
                try (CopyTransfer.Rows rows = new CopyTransfer.Rows(c, Engine.SQLITE, t, true, false, false, range)) {
                    Object[] row;
                    while ((row = rows.next()) != null) {
                        seen.add((String) row[1]);
                    }
                }
            }
            assertThat(seen).containsExactlyInAnyOrder("null", "very negative", "minus one", "zero", "one", "two",
                    "thousand", "two to the 40", "text", "real");
            assertThat(CopyTransfer.ranges(c, Engine.SQLITE, t, 1)).containsExactly(CopyTransfer.KeyRange.ALL);
        }
    }
}
