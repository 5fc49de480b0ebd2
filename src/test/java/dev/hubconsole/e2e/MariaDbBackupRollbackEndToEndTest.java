package dev.hubconsole.e2e;

import dev.hubconsole.testsupport.RealJupyterHub;
import dev.hubconsole.testsupport.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * The server backup and rollback flow on a real JupyterHub whose database is on MariaDB (mariadb-dump; the
 * rollback moves the hub's tables aside with one RENAME TABLE).
 */
class MariaDbBackupRollbackEndToEndTest extends ServerBackupRollbackEndToEndContract {

    @BeforeAll
    static void runningHubOnMariaDb() {
        TestDatabases.Scratch scratch = TestDatabases.mariadb();
        startHub(scratch, "mysql+pymysql://root@127.0.0.1:3306/" + scratch.name() + "?charset=utf8mb4");
    }

    @Override
    String user() {
        return "e2e-mariadb-backup";
    }

    @Override
    String method() {
        return "mariadb-dump";
    }

    @Override
    List<String> brokenUpgrade() {
        return List.of(RealJupyterHub.PYTHON, "-c", damage("import pymysql; c = pymysql.connect(host='127.0.0.1',"
                + " user='root', database=sys.argv[1])"), database.name());
    }

    @Override
    String dropKept(String name) {
        return "DROP DATABASE IF EXISTS " + name;
    }
}
