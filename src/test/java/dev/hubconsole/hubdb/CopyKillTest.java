package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.CopyFixtures.Target;
import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy killed with SIGKILL midway (the headless command in its own JVM, capped at 256 MB) leaves a target that
 * JupyterHub cannot take for a database (no revision, the marker table), and the next run succeeds.
 */
class CopyKillTest {

    @TempDir
    Path dir;

    @Test
    void killedCopyLeavesTargetMarkedIncompleteAndRerunSucceeds() throws Exception {
        HubDatabases databases = new HubDatabases();
        try (HubDb source = RealHubDatabases.sqlite(dir); Target target = CopyFixtures.target(Engine.POSTGRESQL, dir)) {
            try (Connection c = databases.openForWrite(source.url())) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_tokens (id, hashed, prefix, note, "
                        + "created) VALUES (?, ?, ?, ?, '2024-01-01 00:00:00.000001')")) {
                    for (int i = 1; i <= 600_000; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "sha512:" + i + "x".repeat(100));
                        ps.setString(3, "p" + (i % 1000));
                        ps.setString(4, "token " + i);
                        ps.addBatch();
                        if (i % 10_000 == 0) {
                            ps.executeBatch();
                        }
                    }
                }
                c.commit();
            }
            String sha = CopyEnginePairsTest.sha256(source.url().sqliteFile());
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "dev.hubconsole.HubUpgradeConsoleApplication", "migrate", "--from", source.url().sqlalchemyUrl(),
                    "--to", target.url().sqlalchemyUrl(), "--parallel", "1"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("copy.log").toFile()).start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!markerExists(databases, target.url()) && System.currentTimeMillis() < deadline && p.isAlive()) {
                Thread.sleep(50);
            }
            Thread.sleep(700);
            assertThat(p.isAlive()).as("the copy is still running when it is killed").isTrue();
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isNotZero();

            try (Connection c = databases.openReadOnly(target.url())) {
                assertThat(HubDatabases.baseTables(c)).contains(CopySchemaPlanner.MARKER);
                assertThat(databases.alembicRevision(c)).isEmpty();
            }

            CopyReport report = DatabaseCopy.standalone().copy(source.url(), target.url(), CopyOptions.defaults(),
                    CopyProgress.NONE);

            assertThat(report.tables().stream().filter(t -> t.table().equals("api_tokens")).findFirst().orElseThrow()
                    .rows()).isEqualTo(600_000);
            assertThat(CopyEnginePairsTest.sha256(source.url().sqliteFile())).isEqualTo(sha);
        }
    }

    private static boolean markerExists(HubDatabases databases, DbUrl url) {
        try (Connection c = databases.openReadOnly(url)) {
            return HubDatabases.baseTables(c).contains(CopySchemaPlanner.MARKER);
        } catch (Exception e) {
            return false;
        }
    }
}
