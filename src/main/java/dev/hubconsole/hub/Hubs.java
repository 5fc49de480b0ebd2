package dev.hubconsole.hub;

import dev.hubconsole.audit.AuditEntry;
import dev.hubconsole.audit.AuditLog;
import dev.hubconsole.audit.AuditOutcome;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The hub feature's public API: register, change, find and test hubs. Every change is audited. */
@Service
public class Hubs {

    private final HubStore store;
    private final HubValidator validator;
    private final ConnectionTester tester;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    Hubs(HubStore store, HubValidator validator, ConnectionTester tester, AuditLog audit, TransactionTemplate tx,
         Clock clock) {
        this.store = store;
        this.validator = validator;
        this.tester = tester;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** All hubs, by name. */
    public List<HubSummary> all() {
        return store.summaries();
    }

    /** One hub with its secrets decrypted in memory. */
    public Optional<Hub> find(long id) {
        return store.find(id);
    }

    /** Validates and stores a new hub; refuses a duplicate name. */
    public Hub register(HubRegistration registration, String actor) {
        Hub candidate = validator.validate(0, 0, registration, Optional.empty());
        if (store.idOf(candidate.name()).isPresent()) {
            throw new InvalidHubException("name", "A hub named '" + candidate.name()
                    + "' is registered already; choose another name or edit that hub");
        }
        try {
            return tx.execute(status -> {
                long id = store.insert(candidate);
                audit.append(AuditEntry.of(clock.instant(), actor, "hub.register", id, null, AuditOutcome.OK,
                        "registered hub " + candidate.name() + " (" + candidate.dbUrlDisplay() + ")"));
                return store.find(id).orElseThrow();
            });
        } catch (DataAccessException e) {
            // SQLite reports a unique violation without an SQL state, so check what the database now holds
            if (store.idOf(candidate.name()).isPresent()) {
                throw new InvalidHubException("name", "A hub named '" + candidate.name()
                        + "' is registered already; choose another name or edit that hub");
            }
            throw e;
        }
    }

    /** Validates and stores a change; a blank API token keeps the stored one. */
    public Hub update(long id, int expectedVersion, HubRegistration registration, String actor) {
        Hub existing = find(id).orElseThrow(() -> new InvalidHubException(null, "No hub " + id
                + "; it may have been removed"));
        Hub candidate = validator.validate(id, expectedVersion, registration, Optional.of(existing.apiToken()));
        store.idOf(candidate.name()).filter(other -> other != id).ifPresent(other -> {
            throw new InvalidHubException("name", "A hub named '" + candidate.name()
                    + "' is registered already; choose another name");
        });
        return tx.execute(status -> {
            if (!store.update(candidate)) {
                throw new InvalidHubException(null, "Hub " + existing.name() + " was changed by someone else "
                        + "meanwhile; reload the page and apply your change again");
            }
            audit.append(AuditEntry.of(clock.instant(), actor, "hub.update", id, null, AuditOutcome.OK,
                    "changed hub " + candidate.name()));
            return store.find(id).orElseThrow();
        });
    }

    /**
     * Points a hub's registration at another database (after the wizard moved the hub's database to another engine
     * or server), audited as {@code hub.database-changed}.
     */
    public Hub changeDatabase(long id, String dbUrl, String actor, Long runId) {
        Hub existing = find(id).orElseThrow(() -> new InvalidHubException(null, "No hub " + id));
        String display = dev.hubconsole.hubdb.DbUrl.parse(dbUrl, existing.workDir()).display();
        Hub changed = new Hub(existing.id(), existing.name(), existing.workDir(), existing.configFile(),
                new dev.hubconsole.security.Secret(dbUrl), display, existing.publicUrl(), existing.apiUrl(),
                existing.apiToken(), existing.logFile(), existing.commands(), existing.commandTimeout(),
                existing.backupRoot(), existing.version());
        return tx.execute(status -> {
            if (!store.update(changed)) {
                throw new InvalidHubException(null, "Hub " + existing.name() + " was changed by someone else "
                        + "meanwhile; reload the page and apply your change again");
            }
            audit.append(AuditEntry.of(clock.instant(), actor, "hub.database-changed", id, runId, AuditOutcome.OK,
                    "hub " + existing.name() + " now uses " + display + " (was " + existing.dbUrlDisplay() + ")"));
            return store.find(id).orElseThrow();
        });
    }

    /** Checks the database, API, token and version command, and audits the outcome. */
    public ConnectionReport testConnection(long id, String actor) {
        Hub hub = find(id).orElseThrow(() -> new InvalidHubException(null, "No hub " + id));
        ConnectionReport report = tester.test(hub);
        audit.append(AuditEntry.of(clock.instant(), actor, "hub.test", id, null,
                report.ok() ? AuditOutcome.OK : AuditOutcome.FAILED,
                report.checks().stream().map(c -> c.part() + ": " + (c.ok() ? "ok" : c.detail()))
                        .reduce((a, b) -> a + "; " + b).orElse("")));
        return report;
    }
}
