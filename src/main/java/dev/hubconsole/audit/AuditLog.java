package dev.hubconsole.audit;

import dev.hubconsole.shared.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Appends and reads audit events. Appending joins the caller's transaction, so a state transition and its
 * audit event commit together. There is no update or delete.
 */
@Repository
public class AuditLog {

    private static final String SELECT = "SELECT id, at, actor, action, hub_id, run_id, outcome, detail FROM audit_events ";
    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends an event. */
    public void append(AuditEntry entry) {
        jdbc.sql("INSERT INTO audit_events (at, actor, action, hub_id, run_id, outcome, detail) "
                        + "VALUES (:at, :actor, :action, :hub, :run, :outcome, :detail)")
                .param("at", Times.format(entry.at())).param("actor", entry.actor()).param("action", entry.action())
                .param("hub", entry.hubId()).param("run", entry.runId()).param("outcome", entry.outcome().name())
                .param("detail", entry.detail())
                .update();
    }

    /** A run's events, oldest first. */
    public List<AuditEntry> forRun(long runId) {
        return jdbc.sql(SELECT + "WHERE run_id = :r ORDER BY id").param("r", runId).query(AuditLog::map).list();
    }

    /** The newest events, newest first. */
    public List<AuditEntry> recent(int limit) {
        return jdbc.sql(SELECT + "ORDER BY id DESC LIMIT :n").param("n", limit).query(AuditLog::map).list();
    }

    private static AuditEntry map(ResultSet rs, int row) throws SQLException {
        long hub = rs.getLong(5);
        Long hubId = rs.wasNull() ? null : hub;
        long run = rs.getLong(6);
        Long runId = rs.wasNull() ? null : run;
        return new AuditEntry(rs.getLong(1), Times.parse(rs.getString(2)), rs.getString(3), rs.getString(4), hubId,
                runId, AuditOutcome.valueOf(rs.getString(7)), rs.getString(8));
    }
}
