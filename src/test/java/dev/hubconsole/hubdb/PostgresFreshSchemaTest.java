package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;

class PostgresFreshSchemaTest extends FreshSchemaContract {

    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    HubDb createHubDatabase(Path dir) {
        return RealHubDatabases.postgres();
    }
}
