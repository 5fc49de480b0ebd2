package dev.hubconsole.cli;

import dev.hubconsole.hubdb.ConfigFileUnreadableException;
import dev.hubconsole.hubdb.ConfigIdentities;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.Inspection;
import dev.hubconsole.hubdb.Inspector;
import dev.hubconsole.hubdb.InvalidDbUrlException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code inspect --db-url URL [--config PATH] [--json]}: reads a JupyterHub database read-only and prints its
 * revision, tables, drift, data health and what deleting it would lose. Exit 0 when the database was inspected
 * (whatever it found), 1 when it could not be, 2 for a usage error (including a malformed URL or a missing
 * configuration file).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Inspect a JupyterHub database (read-only): revision, tables, drift, data health, and what "
                + "deleting it would lose.",
        footer = {"", "Exit codes: 0 inspected (findings are in the report), 1 could not be inspected, 2 usage error.",
                "--json prints format 1, documented in dev.hubconsole.hubdb.Inspection: engine, database, revision,",
                "releases, tables, driftChecked, drift, health, deleteImpact, blocking, notes, elapsedMillis."})
final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--db-url", required = true, paramLabel = "URL",
            description = "The hub's database: its SQLAlchemy db_url (sqlite:///jupyterhub.sqlite, "
                    + "postgresql://user:password@host/db, mysql+pymysql://…) or a JDBC URL.")
    String dbUrl;

    @Option(names = "--config", paramLabel = "PATH",
            description = "jupyterhub_config.py: users and groups it names are not counted as lost; relative SQLite "
                    + "paths resolve against its directory.")
    Path config;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        Path workDir = config != null && config.toAbsolutePath().getParent() != null
                ? config.toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        DbUrl url;
        Optional<ConfigIdentities> identities;
        try {
            url = DbUrl.parse(dbUrl, workDir);
            identities = config == null ? Optional.empty() : Optional.of(ConfigIdentities.read(config));
        } catch (InvalidDbUrlException | ConfigFileUnreadableException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Inspection inspection = new Inspector().inspect(url, identities);
        if (json) {
            JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
            spec.commandLine().getOut().println(mapper.writeValueAsString(inspection.toMap()));
        } else {
            spec.commandLine().getOut().print(inspection.toText());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
