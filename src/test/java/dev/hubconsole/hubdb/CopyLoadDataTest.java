package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import dev.hubconsole.testsupport.TestDatabases;
import dev.hubconsole.testsupport.TestDatabases.Scratch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies into the real local MariaDB go through LOAD DATA LOCAL INFILE fed from a stream when the server's
 * {@code local_infile} and the driver's {@code allowLocalInfile} allow it, and fall back to batched inserts when the
 * connection refuses it; both ways every value arrives exactly (the copy verifies each table).
 */
class CopyLoadDataTest {

    @TempDir
    Path dir;

    private final HubDatabases databases = new HubDatabases();

    @Test
    void loadsThroughLoadDataLocalWhereAllowed() throws Exception {
        try (HubDb source = CopyFixtures.source(Engine.SQLITE, dir); Scratch target = TestDatabases.mariadb()) {
            DbUrl url = DbUrl.parse(target.jdbcUrl(), null);
            try (Connection c = databases.openForWrite(url)) {
                assertThat(MysqlLoadData.available(c)).as("local_infile is on in the local MariaDB").isTrue();
            }
            long before = loads(url);

            CopyReport report = DatabaseCopy.standalone().copy(source.url(), url, CopyOptions.defaults(),
                    CopyProgress.NONE);

            assertThat(loads(url) - before).as("one LOAD DATA per copied table at least")
                    .isGreaterThanOrEqualTo(report.tables().size());
            assertValues(url);
        }
    }

    @Test
    void fallsBackToBatchedInsertsWhenTheConnectionRefusesLocalInfile() throws Exception {
        try (HubDb source = CopyFixtures.source(Engine.SQLITE, dir); Scratch target = TestDatabases.mariadb()) {
            DbUrl url = DbUrl.parse(target.jdbcUrl() + "&allowLocalInfile=false", null);
            try (Connection c = databases.openForWrite(url)) {
                assertThat(MysqlLoadData.available(c)).isFalse();
            }

            CopyReport report = DatabaseCopy.standalone().copy(source.url(), url, CopyOptions.defaults(),
                    CopyProgress.NONE);

            assertThat(report.tables()).filteredOn(t -> t.table().equals("api_tokens")).singleElement()
                    .satisfies(t -> assertThat(t.rows()).isEqualTo(50));
            assertValues(url);
        }
    }

    private long loads(DbUrl url) throws Exception {
        try (Connection c = databases.openForWrite(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_load'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private void assertValues(DbUrl url) throws Exception {
        try (Connection c = databases.openReadOnly(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, encrypted_auth_state, state FROM users ORDER BY id")) {
            rs.next();
            assertThat(rs.getBytes(2)).isEqualTo(CopyFixtures.BLOB);
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(CopyFixtures.UNICODE_NAME);
            assertThat(rs.getString(3)).isEqualTo(CopyFixtures.BIG_JSON);
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(CopyFixtures.LONG_NAME);
            assertThat(rs.getBytes(2)).isEmpty();
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("tab\tnewline\nback\\slash");
            assertThat(rs.getString(3)).isEqualTo("{\"a\": \"\\u0000\"}");
            c.rollback();
        }
    }
}
