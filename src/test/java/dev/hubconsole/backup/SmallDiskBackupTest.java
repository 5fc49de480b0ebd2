package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.testsupport.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups onto a real 1 MiB tmpfs: the free-space check and a disk that fills up during the copy. Needs root (to
 * mount); fails under CI=true and skips elsewhere when mounting is not allowed.
 */
class SmallDiskBackupTest {

    @TempDir
    Path temp;

    HubFixture hub;
    Path small;
    boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        hub = new HubFixture(temp);
        try (Connection c = HubFixture.connect(hub.database);
             PreparedStatement insert = c.prepareStatement("INSERT INTO groups (name, properties) VALUES (?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < 3000; i++) {
                insert.setString(1, "group" + i);
                insert.setString(2, "{\"description\": \"" + "x".repeat(400) + "\"}");
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        }
        assertThat(Files.size(hub.database)).isGreaterThan(1L << 20);
        small = Files.createDirectory(temp.resolve("small"));
        Process mount = new ProcessBuilder(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                small.toString())).redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
            TestDatabases.unavailable("cannot mount a small tmpfs for the disk-full tests: " + output.strip());
        }
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            Process umount = new ProcessBuilder(List.of("umount", small.toString())).inheritIO().start();
            assertThat(umount.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(umount.exitValue()).isZero();
        }
    }

    private BackupRequest requestOntoSmallDisk() {
        BackupRequest base = hub.request();
        return new BackupRequest(base.hubName(), small, base.sqliteDatabase(), base.configFile(), base.extraFiles(),
                base.homeDirectories(), base.homeExcludes(), base.context());
    }

    @Test
    void refusesToStartWhenTheDestinationHasTooLittleFreeSpace() throws Exception {
        assertThatThrownBy(() -> new Backups().create(requestOntoSmallDisk(), BackupProgress.none()))
                .isInstanceOf(BackupException.class)
                .hasMessageStartingWith("Not enough free space at " + small.resolve("Test_Hub"))
                .hasMessageContaining("is free; free up space or choose another backup destination.")
                .hasMessageNotContaining("\n");
        try (Stream<Path> left = Files.list(small.resolve("Test_Hub"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void removesThePartialBackupWhenTheDiskFillsUpDuringTheCopy() throws Exception {
        Backups optimistic = new Backups(Clock.systemUTC(), dir -> Long.MAX_VALUE);

        assertThatThrownBy(() -> optimistic.create(requestOntoSmallDisk(), BackupProgress.none()))
                .isInstanceOf(BackupException.class)
                .hasMessage("Disk full while writing the backup to " + small.resolve("Test_Hub") + ": the partial"
                        + " backup was removed; free up space or choose another backup destination.");
        try (Stream<Path> left = Files.list(small.resolve("Test_Hub"))) {
            assertThat(left).isEmpty();
        }
    }
}
