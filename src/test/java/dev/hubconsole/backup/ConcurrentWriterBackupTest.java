package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteConfig;

/**
 * The copy is one consistent snapshot while another connection keeps committing: every transaction inserts one user
 * and one token, so a consistent copy has equally many new users and new tokens, and its user count is one the writer
 * committed.
 */
class ConcurrentWriterBackupTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"wal", "delete"})
    void copyOfADatabaseUnderConcurrentWritesIsAConsistentCommittedSnapshot(String journalMode) throws Exception {
        HubFixture hub = new HubFixture(temp);
        try (Connection c = HubFixture.connect(hub.database); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=" + journalMode);
            // some bulk so that copying takes a moment
            s.execute("CREATE TABLE spawners (id INTEGER PRIMARY KEY, state TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO spawners (state) VALUES (?)")) {
                for (int i = 0; i < 20_000; i++) {
                    insert.setString(1, "x".repeat(500) + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
        long initialUsers = 20;
        long initialTokens = 7;
        Set<Long> committedUserCounts = new ConcurrentSkipListSet<>(List.of(initialUsers));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger commits = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(30_000);
            try (Connection c = config.createConnection("jdbc:sqlite:" + hub.database)) {
                c.setAutoCommit(false);
                long users = initialUsers;
                while (!stop.get()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO users (name, admin) VALUES ('w" + users + "', 0)");
                        s.execute("INSERT INTO api_tokens (user_id, hashed, prefix) VALUES (last_insert_rowid(),"
                                + " 'h', 'p')");
                    }
                    c.commit();
                    users++;
                    committedUserCounts.add(users);
                    commits.incrementAndGet();
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        }, "concurrent-writer");
        writer.start();
        try {
            while (commits.get() < 50 && writer.isAlive()) {
                Thread.sleep(5);
            }
            int before = commits.get();
            BackupResult result = new Backups().create(hub.request(), BackupProgress.none());
            while (commits.get() < before + 50 && writer.isAlive()) {
                Thread.sleep(5);
            }
            stop.set(true);
            writer.join(30_000);
            assertThat(writerFailure.get()).isNull();

            Path copy = result.directory().resolve("database.sqlite");
            try (Connection c = SqliteFiles.openImmutable(copy); Statement s = c.createStatement()) {
                assertThat(SqliteFiles.integrityCheck(c)).containsExactly("ok");
                long users = count(s, "users");
                long tokens = count(s, "api_tokens");
                assertThat(users - initialUsers).as("new users equal new tokens in one snapshot")
                        .isEqualTo(tokens - initialTokens);
                assertThat(committedUserCounts).contains(users);
                assertThat(users).isGreaterThan(initialUsers).isLessThan(initialUsers + commits.get());
                assertThat(result.rowCounts()).containsEntry("users", users).containsEntry("spawners", 20_000L);
            }
            try (Stream<Path> files = Files.list(result.directory())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("database.sqlite", "files", "manifest.json");
            }
            assertThat(new Backups().verify(result.directory()).verified()).isTrue();
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
    }

    private static long count(Statement s, String table) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
