package dev.hubconsole.hub;

import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.HubDatabases;
import dev.hubconsole.lifecycle.CommandResult;
import dev.hubconsole.lifecycle.CommandRunner;
import dev.hubconsole.lifecycle.CommandSpec;
import dev.hubconsole.lifecycle.HubApiClient;
import dev.hubconsole.lifecycle.TokenCheck;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Checks each way the console reaches a hub: database, API, token, version command. Changes nothing. */
@Component
class ConnectionTester {

    private final HubDatabases databases;
    private final HubApiClient api;
    private final CommandRunner commands;

    ConnectionTester(HubDatabases databases, HubApiClient api, CommandRunner commands) {
        this.databases = databases;
        this.api = api;
        this.commands = commands;
    }

    ConnectionReport test(Hub hub) {
        List<ConnectionReport.Check> checks = new ArrayList<>();
        checks.add(database(hub));
        Optional<String> version = api.version(hub.apiUrl());
        checks.add(new ConnectionReport.Check("hub API", version.isPresent(), version
                .map(v -> "answers at " + hub.apiUrl() + " with JupyterHub " + v)
                .orElse("no answer from " + hub.apiUrl() + "; check the API URL and that the hub runs")));
        if (version.isPresent()) {
            TokenCheck token = api.checkToken(hub.apiUrl(), hub.apiToken().value());
            checks.add(new ConnectionReport.Check("API token", token.ok(), token.message()));
        }
        checks.add(versionCommand(hub));
        return new ConnectionReport(checks);
    }

    private ConnectionReport.Check database(Hub hub) {
        try {
            DbUrl url = DbUrl.parse(hub.dbUrl().value(), hub.workDir());
            try (Connection c = databases.openReadOnly(url)) {
                Optional<String> revision = databases.alembicRevision(c);
                return revision.map(r -> new ConnectionReport.Check("database", true,
                                "readable; alembic revision " + r))
                        .orElseGet(() -> new ConnectionReport.Check("database", false,
                                "readable but has no alembic_version table: not a JupyterHub database; check db_url"));
            }
        } catch (Exception e) {
            return new ConnectionReport.Check("database", false, e.getMessage());
        }
    }

    private ConnectionReport.Check versionCommand(Hub hub) {
        try {
            StringBuilder out = new StringBuilder();
            CommandResult result = commands.run(new CommandSpec(hub.commands().version(), hub.workDir(),
                    hub.commandTimeout(), Map.of()), line -> out.append(line).append(' '));
            if (result.timedOut()) {
                return new ConnectionReport.Check("version command", false, "timed out after "
                        + hub.commandTimeout().toSeconds() + " s; check the command or raise the timeout");
            }
            return new ConnectionReport.Check("version command", result.succeeded(), result.succeeded()
                    ? "prints " + out.toString().strip()
                    : "exited " + result.exitCode() + ": " + out.toString().strip());
        } catch (RuntimeException e) {
            return new ConnectionReport.Check("version command", false, e.getMessage());
        }
    }
}
