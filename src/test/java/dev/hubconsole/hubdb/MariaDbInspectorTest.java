package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.RealHubDatabases.HubDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class MariaDbInspectorTest extends InspectorContract {

    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    @Override
    HubDb createHubDatabase(Path dir) {
        return RealHubDatabases.mariadb();
    }

    @Override
    void allowNull(Connection c, String table, String column, String type) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " MODIFY " + column + " " + type + " NULL");
        }
    }

    @Override
    void resize(Connection c, String table, String column, int length) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " MODIFY " + column + " VARCHAR(" + length + ") NULL");
        }
    }

    @Override
    void dropForeignKey(Connection c, String table, String column) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " DROP FOREIGN KEY fk_" + table + "_" + column + "_users");
        }
    }
}
