package dev.hubconsole.backup;

import dev.hubconsole.testsupport.TestDatabases;

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
}
