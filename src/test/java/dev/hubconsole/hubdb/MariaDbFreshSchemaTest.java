package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;

class MariaDbFreshSchemaTest extends FreshSchemaContract {

    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    @Override
    HubDb createHubDatabase(Path dir) {
        return RealHubDatabases.mariadb();
    }
}
