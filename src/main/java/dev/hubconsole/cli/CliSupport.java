package dev.hubconsole.cli;

import dev.hubconsole.backup.ServerDatabase;
import dev.hubconsole.backup.VerifyResult;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.Engine;
import dev.hubconsole.hubdb.InvalidDbUrlException;
import dev.hubconsole.lifecycle.HubApiClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.json.JsonMapper;

/** What the backup commands share: URL parsing as usage errors, the hub-up probe and JSON output. */
final class CliSupport {

    /** Where a hub answers by default: its own port and the proxy's public port. */
    static final List<String> DEFAULT_HUB_API_URLS = List.of("http://127.0.0.1:8081/hub/api",
            "http://127.0.0.1:8000/hub/api");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CliSupport() {
    }

    /** Parses a URL option already checked by {@link DbUrlConverter}. */
    static DbUrl dbUrl(String raw, Path workDir) {
        return DbUrl.parse(raw, workDir);
    }

    /** Reports a usage error found after parsing (exit 2). */
    static int usage(CommandSpec spec, String message) {
        spec.commandLine().getErr().println("error: " + message);
        spec.commandLine().getErr().println("Try '" + spec.qualifiedName() + " --help' for more information.");
        return CommandLine.ExitCode.USAGE;
    }

    /** Checks a database URL option while parsing, so that a URL that cannot be used is a usage error (exit 2). */
    static final class DbUrlConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                DbUrl.parse(value, Path.of("/"));
                return value;
            } catch (InvalidDbUrlException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The server database behind a PostgreSQL or MySQL/MariaDB URL. */
    static ServerDatabase server(DbUrl url) {
        if (url.engine() == Engine.SQLITE) {
            throw new IllegalArgumentException("not a server database");
        }
        return new ServerDatabase(url.jdbcUrl(), url.username(), url.password());
    }

    /** True while any of the URLs answers like a JupyterHub API ({@code GET …/} with a version). */
    static BooleanSupplier hubIsUp(List<String> apiUrls) {
        HubApiClient client = new HubApiClient(Duration.ofSeconds(3), Duration.ofSeconds(5));
        return () -> apiUrls.stream().anyMatch(url -> client.version(URI.create(url)).isPresent());
    }

    static void printJson(CommandSpec spec, Map<String, Object> value) {
        spec.commandLine().getOut().println(JSON.writeValueAsString(value));
    }

    static void printChecks(CommandSpec spec, VerifyResult result) {
        result.checks().forEach(check -> spec.commandLine().getOut().println(check));
    }

    static List<Map<String, Object>> checks(VerifyResult result) {
        return result.checks().stream().<Map<String, Object>>map(c -> Map.of("name", c.name(), "passed", c.passed(),
                "reason", c.reason())).toList();
    }
}
