package dev.hubconsole.backup;

import dev.hubconsole.testsupport.TestDatabases;

class PostgresBackupTest extends ServerBackupContractTest {

    @Override
    TestDatabases.Scratch newScratch() {
        return TestDatabases.postgres();
    }

    @Override
    String blobType() {
        return "BYTEA";
    }

    @Override
    String dumpFileName() {
        return "database.dump";
    }

    @Override
    String dateTimeType() {
        return "TIMESTAMP(6)";
    }

    @Override
    String zonedTimeType() {
        return "TIMESTAMPTZ";
    }
}
