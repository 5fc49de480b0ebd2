package dev.hubconsole.hubdb;

import dev.hubconsole.testsupport.TestDatabases;
import dev.hubconsole.testsupport.TestDatabases.Scratch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JupyterHub databases made by the real JupyterHub installed on this machine (Debian's 3.0, run with
 * {@code /usr/bin/python3}): its own ORM creates the tables and stamps {@code alembic_version}, exactly as a hub's
 * first start does. Tests of other features may use it. Without the installed JupyterHub the test fails under
 * {@code CI=true} and is skipped otherwise ({@link TestDatabases#unavailable}).
 */
public final class RealHubDatabases {

    /** The Python that has Debian's JupyterHub. */
    public static final String PYTHON = "/usr/bin/python3";
    /** How long one Python run may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The revision JupyterHub 3.0 stamps. */
    public static final String JUPYTERHUB_30_HEAD = "651f5419b74d";

    private static final String CREATE_WITH_ORM =
            "import sys\nfrom jupyterhub import orm\norm.new_session_factory(sys.argv[1])\n";

    private RealHubDatabases() {
    }

    /** A JupyterHub database on one engine; {@link #close()} drops a server database (a SQLite file stays). */
    public record HubDb(DbUrl url, Scratch scratch) implements AutoCloseable {
        @Override
        public void close() {
            if (scratch != null) {
                scratch.close();
            }
        }
    }

    /** A fresh JupyterHub 3.0 SQLite database {@code dir/jupyterhub.sqlite}. */
    public static HubDb sqlite(Path dir) {
        Path file = dir.resolve("jupyterhub.sqlite").toAbsolutePath();
        createWithOrm("sqlite:///" + file);
        return new HubDb(DbUrl.parse("sqlite:///" + file, dir), null);
    }

    /** A fresh JupyterHub 3.0 database in a PostgreSQL scratch database (psycopg2). */
    public static HubDb postgres() {
        requireJupyterHub();
        Scratch scratch = TestDatabases.postgres();
        return created(scratch, "postgresql+psycopg2");
    }

    /** A fresh JupyterHub 3.0 database in a MariaDB scratch database (pymysql, utf8mb4). */
    public static HubDb mariadb() {
        requireJupyterHub();
        Scratch scratch = TestDatabases.mariadb();
        return created(scratch, "mysql+pymysql");
    }

    private static HubDb created(Scratch scratch, String scheme) {
        try {
            DbUrl jdbc = DbUrl.parse(scratch.jdbcUrl(), null);
            String sqlalchemy = scheme + jdbc.sqlalchemyUrl().substring(jdbc.sqlalchemyUrl().indexOf("://"));
            createWithOrm(sqlalchemy);
            return new HubDb(DbUrl.parse(sqlalchemy, null), scratch);
        } catch (RuntimeException | Error e) {
            scratch.close();
            throw e;
        }
    }

    /** Runs JupyterHub's {@code orm.new_session_factory(url)}: creates every table and stamps the head revision. */
    public static void createWithOrm(String sqlalchemyUrl) {
        requireJupyterHub();
        python("-c", CREATE_WITH_ORM, sqlalchemyUrl);
    }

    /** Fails (CI) or skips unless Debian's JupyterHub can be imported. */
    public static void requireJupyterHub() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            TestDatabases.unavailable(PYTHON + " is missing (apt-get install jupyterhub)");
        }
        try {
            python("-c", "import jupyterhub.orm");
        } catch (IllegalStateException e) {
            TestDatabases.unavailable("JupyterHub cannot be imported by " + PYTHON + ": " + e.getMessage());
        }
    }

    /** Runs {@link #PYTHON} with these arguments (no shell), returns its combined output, fails on error/timeout. */
    public static String python(String... args) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", "/usr/share/nodejs");
        try {
            Path log = Files.createTempFile("hubdb-python", ".log");
            try {
                pb.redirectOutput(log.toFile());
                Process p = pb.start();
                if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("python timed out after " + TIMEOUT + ": " + tail(log));
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("python exited " + p.exitValue() + ": " + tail(log));
                }
                return Files.readString(log, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + PYTHON + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running python", e);
        }
    }

    private static String tail(Path log) throws IOException {
        String out = Files.readString(log, StandardCharsets.UTF_8).strip();
        return out.length() > 2000 ? out.substring(out.length() - 2000) : out;
    }
}
