package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;

class SqliteFreshSchemaTest extends FreshSchemaContract {

    @Override
    Engine engine() {
        return Engine.SQLITE;
    }

    @Override
    HubDb createHubDatabase(Path dir) {
        return RealHubDatabases.sqlite(dir);
    }
}
