package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.testsupport.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MariaDbBackupTest extends ServerBackupContractTest {

    @Override
    TestDatabases.Scratch newScratch() {
        return TestDatabases.mariadb();
    }

    @Override
    String blobType() {
        return "LONGBLOB";
    }

    @Override
    String dumpFileName() {
        return "database.sql";
    }

    @Override
    String dateTimeType() {
        return "DATETIME(6)";
    }

    @Override
    String zonedTimeType() {
        return "TIMESTAMP(6) NULL";
    }

    @Test
    void timestampChecksumsAgreeWithTheDumpWhateverTheSessionTimeZone() {
        ServerDatabase zoned = ServerDatabase.of(source.jdbcUrl() + "&sessionVariables=time_zone='+05:00'");
        BackupResult result = backups.create(new ServerBackupRequest("zoned hub", temp.resolve("backups"), zoned,
                config, List.of(), Optional.empty(), List.of(), Map.of()), BackupProgress.none());

        VerifyResult full = backups.verifyByRestoring(result.directory(), zoned.withDatabase(scratch().name()));

        assertThat(full.verified()).as(full.summary()).isTrue();
        assertThat(full.checks()).extracting(VerifyResult.Check::name).contains("content checksums");
    }
}
