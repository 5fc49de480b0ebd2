package dev.hubconsole.e2e;

import dev.hubconsole.testsupport.RealJupyterHub;
import dev.hubconsole.testsupport.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/** The server backup and rollback flow on a real JupyterHub whose database is on PostgreSQL (pg_dump). */
class PostgresBackupRollbackEndToEndTest extends ServerBackupRollbackEndToEndContract {

    @BeforeAll
    static void runningHubOnPostgres() {
        TestDatabases.Scratch scratch = TestDatabases.postgres();
        startHub(scratch, "postgresql://postgres@127.0.0.1:5432/" + scratch.name());
    }

    @Override
    String user() {
        return "e2e-pg-backup";
    }

    @Override
    String method() {
        return "pg_dump";
    }

    @Override
    List<String> brokenUpgrade() {
        return List.of(RealJupyterHub.PYTHON, "-c", damage("import psycopg2; c = psycopg2.connect(sys.argv[1])"),
                "host=127.0.0.1 user=postgres dbname=" + database.name());
    }

    @Override
    String dropKept(String name) {
        return "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
    }
}
