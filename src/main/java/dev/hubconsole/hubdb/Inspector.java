package dev.hubconsole.hubdb;

import dev.hubconsole.hubdb.RevisionCatalog.Verdict;
import dev.hubconsole.hubdb.RevisionCatalog.VerdictKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Inspects a JupyterHub database read-only: revision, rows per table, drift from the schema JupyterHub creates at
 * that revision, data health and what deleting it would lose ({@link Inspection}). Everything is SQL aggregates
 * and bounded example lists over one read-only connection (one snapshot on PostgreSQL and MySQL/MariaDB): no table
 * is held in memory. Usable without Spring ({@code new Inspector()}).
 */
@Component
public final class Inspector {

    private final HubDatabases databases = new HubDatabases();
    private final LiveSchemaReader reader = new LiveSchemaReader();
    private final RevisionCatalog revisions = RevisionCatalog.standard();
    private final SchemaCatalog schemas = SchemaCatalog.standard();
    private final Clock clock;

    /** An inspector on the system clock. */
    public Inspector() {
        this(Clock.systemUTC());
    }

    Inspector(Clock clock) {
        this.clock = clock;
    }

    /**
     * Inspects the database.
     *
     * @param url    the database
     * @param config the users and groups the hub's configuration creates, or empty when no configuration was read
     * @throws DatabaseUnavailableException when the database cannot be opened
     * @throws InspectionFailedException    when it is not a JupyterHub database or its revision is unknown
     */
    public Inspection inspect(DbUrl url, Optional<ConfigIdentities> config) {
        long started = System.nanoTime();
        try (Connection c = databases.openReadOnly(url)) {
            Optional<String> revision;
            try {
                revision = databases.alembicRevision(c);
            } catch (IllegalStateException e) {
                throw new InspectionFailedException(e.getMessage());
            }
            Verdict verdict = revisions.verdict(revision);
            if (verdict.kind() != VerdictKind.KNOWN) {
                throw new InspectionFailedException(url.display() + ": " + verdict.message());
            }
            String rev = revision.orElseThrow().strip();
            List<TableDef> live = reader.read(c);
            Optional<ExpectedSchema> expected = schemas.at(rev, url.engine());
            List<String> notes = new ArrayList<>();
            List<DriftFinding> drift = expected.map(e -> DriftDetector.compare(e, live)).orElse(List.of());
            if (expected.isEmpty()) {
                notes.add("Revision " + rev + " lies between releases: the console has no schema to compare it with, "
                        + "so drift was not checked and data health used the live table definitions.");
            }
            expected.ifPresent(e -> e.notes().forEach(n -> notes.add("Schema " + rev + ": " + n)));
            HealthScanner health = new HealthScanner(c, url.engine(), expected, live);
            health.scan();
            if (url.engine() != Engine.SQLITE) {
                notes.add(url.engine().label() + " enforces UTF-8 and datetime types itself: those checks ran on "
                        + "SQLite only.");
            }
            notes.add("Case collisions compare lower-cased names without trailing spaces; accent-insensitive "
                    + "collisions of MySQL's *_ci collations (zoe/zoë) are not looked for.");
            ConfigIdentities identities = config.orElse(ConfigIdentities.none());
            identities.unreadable().forEach(u -> notes.add("Configuration: " + u));
            DeleteImpact impact = new DeleteImpactCounter(c, url.engine(), live, identities, config.isPresent())
                    .count(LocalDateTime.now(clock));
            endSnapshot(c, url);
            return new Inspection(url.engine(), url.display(), rev, verdict.releases(), verdict.message(),
                    revisions.head().id(), health.rowCounts(), expected.isPresent(), drift, health.findings(),
                    impact, notes, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw new InspectionFailedException("Reading " + url.display() + " failed: " + e.getMessage());
        }
    }

    private static void endSnapshot(Connection c, DbUrl url) throws SQLException {
        if (url.engine() != Engine.SQLITE) {
            c.rollback();
        }
    }
}
