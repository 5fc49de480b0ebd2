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
}
