package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class PostgresInspectorTest extends InspectorContract {

    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    HubDb createHubDatabase(Path dir) {
        return RealHubDatabases.postgres();
    }

    @Override
    void allowNull(Connection c, String table, String column, String type) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " DROP NOT NULL");
        }
    }

    @Override
    void resize(Connection c, String table, String column, int length) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE VARCHAR(" + length + ")");
        }
    }

    @Override
    void dropForeignKey(Connection c, String table, String column) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " DROP CONSTRAINT fk_" + table + "_" + column + "_users");
        }
    }
}
