package dev.hubconsole.cli;

import dev.hubconsole.backup.BackupContents;
import dev.hubconsole.backup.Backups;
import dev.hubconsole.backup.VerifyResult;
import dev.hubconsole.hubdb.DbUrl;
import dev.hubconsole.hubdb.Engine;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: recomputes every checksum and test-restores the database (SQLite: a scratch copy with
 * {@code integrity_check} and row counts; PostgreSQL/MariaDB: a temporary database created on the server given by
 * {@code --scratch-server}, dropped afterwards, whose row counts and content checksums are compared with the
 * manifest's per table). Exit 0 only when every check passed.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a backup.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "The backup folder (holding manifest.json).")
    Path from;

    @Option(names = "--scratch-server", converter = CliSupport.DbUrlConverter.class,
            description = "PostgreSQL/MariaDB: URL of any database on a server where a"
            + " temporary database may be created to restore the backup into; without it only the dump file is"
            + " checked and the backup is not fully verified.")
    String scratchServer;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Backups backups = new Backups(); // not a field: the other commands start without the backup classes
        Path dir = from.toAbsolutePath().normalize();
        BackupContents contents = backups.contents(dir);
        VerifyResult result;
        boolean restored = contents.sqlite();
        if (!contents.sqlite() && scratchServer != null) {
            DbUrl url = CliSupport.dbUrl(scratchServer, Path.of("").toAbsolutePath());
            if (url.engine() == Engine.SQLITE) {
                return CliSupport.usage(spec, "--scratch-server: give a " + contents.engine()
                        + " URL, not a SQLite one");
            }
            result = backups.verifyInTemporaryDatabase(dir, CliSupport.server(url));
            restored = true;
        } else {
            result = backups.verify(dir);
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("backupDir", dir.toString());
            out.put("engine", contents.engine());
            out.put("verified", result.verified() && restored);
            out.put("checks", CliSupport.checks(result));
            CliSupport.printJson(spec, out);
        } else {
            CliSupport.printChecks(spec, result);
        }
        if (!result.verified()) {
            spec.commandLine().getErr().println("error: " + result.failures().get(0));
            return 1;
        }
        if (!restored) {
            spec.commandLine().getErr().println("error: checksums and dump file are fine but the database was not"
                    + " test-restored; add --scratch-server URL to restore it into a temporary database");
            return 1;
        }
        if (!json) {
            spec.commandLine().getOut().println(result.summary());
        }
        return 0;
    }
}
