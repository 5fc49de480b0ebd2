package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupRetentionTest {

    @TempDir
    Path temp;

    HubFixture hub;
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Backups backups = new Backups(clock, Backups.FreeSpace.OF_FILE_STORE);
    final List<Path> made = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        hub = new HubFixture(temp);
        for (int i = 0; i < 5; i++) {
            made.add(backups.create(hub.request(), BackupProgress.none()).directory());
            clock.advanceHours(1);
        }
    }

    @Test
    void listsBackupsNewestFirstAndMarksAFolderWithoutManifestIncomplete() throws Exception {
        Path partial = Files.createDirectory(hub.backups.resolve("Test_Hub/20200101T000000Z"));

        List<BackupSummary> list = backups.list(hub.backups, "Test Hub");

        assertThat(list).extracting(BackupSummary::directory)
                .startsWith(made.get(4), made.get(3), made.get(2), made.get(1), made.get(0));
        assertThat(list.get(0).complete()).isTrue();
        assertThat(list.get(0).createdAt()).isEqualTo(Instant.parse("2026-01-01T04:00:00Z"));
        assertThat(list.get(0).context()).containsEntry("jupyterhub", "3.0.0");
        assertThat(list.get(0).totalBytes()).isPositive();
        assertThat(list).filteredOn(s -> !s.complete()).extracting(BackupSummary::directory).containsExactly(partial);
        assertThat(backups.list(hub.backups, "another hub")).isEmpty();
    }

    @Test
    void keepsTheNewestAndEveryProtectedBackupAndNeverAnIncompleteOne() throws Exception {
        Path partial = Files.createDirectory(hub.backups.resolve("Test_Hub/20200101T000000Z"));

        backups.applyRetention(hub.backups, "Test Hub", 2, Set.of(made.get(0)));

        assertThat(made.get(4)).exists();
        assertThat(made.get(3)).exists();
        assertThat(made.get(0)).as("protected").exists();
        assertThat(made.get(2)).doesNotExist();
        assertThat(made.get(1)).doesNotExist();
        assertThat(partial).as("incomplete, maybe still being written").exists();
    }

    @Test
    void refusesToKeepFewerThanOneBackup() {
        assertThatThrownBy(() -> backups.applyRetention(hub.backups, "Test Hub", 0, Set.of()))
                .isInstanceOf(BackupException.class).hasMessageContaining("at least 1");
        assertThat(made).allSatisfy(dir -> assertThat(dir).exists());
    }

    /** A clock the test moves forward. */
    static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advanceHours(long hours) {
            now = now.plusSeconds(hours * 3600);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
