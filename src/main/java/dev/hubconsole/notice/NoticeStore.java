package dev.hubconsole.notice;

import dev.hubconsole.shared.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Notices in the console's database. */
@Repository
class NoticeStore {

    private static final String SELECT = "SELECT n.id, n.hub_id, h.name, n.run_id, n.title, n.message, n.window_start, "
            + "n.window_end, n.status, n.progress, n.updated_at FROM notices n JOIN hubs h ON h.id = n.hub_id ";
    private final JdbcClient jdbc;

    NoticeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Publishes a run's notice, replacing the run's earlier one (a retried Notify step). */
    void publish(long hubId, long runId, String title, String message, Instant start, Instant end, String progress,
                 Instant now) {
        jdbc.sql("DELETE FROM notices WHERE run_id = :r").param("r", runId).update();
        jdbc.sql("INSERT INTO notices (hub_id, run_id, title, message, window_start, window_end, status, progress, "
                        + "updated_at) VALUES (:h, :r, :t, :m, :s, :e, 'SCHEDULED', :p, :u)")
                .param("h", hubId).param("r", runId).param("t", title).param("m", message)
                .param("s", Times.format(start)).param("e", Times.format(end)).param("p", progress)
                .param("u", Times.format(now)).update();
    }

    void update(long runId, NoticeStatus status, String progress, Instant now) {
        jdbc.sql("UPDATE notices SET status = :s, progress = :p, updated_at = :u WHERE run_id = :r")
                .param("s", status.name()).param("p", progress).param("u", Times.format(now)).param("r", runId)
                .update();
    }

    Optional<Notice> ofRun(long runId) {
        return jdbc.sql(SELECT + "WHERE n.run_id = :r").param("r", runId).query(NoticeStore::map).optional();
    }

    /** The newest notice of each hub that is not finished long ago. */
    List<Notice> current(Instant completedSince) {
        return jdbc.sql(SELECT + "WHERE n.id IN (SELECT MAX(id) FROM notices GROUP BY hub_id) "
                        + "AND (n.status IN ('SCHEDULED', 'IN_PROGRESS') OR n.updated_at >= :since) ORDER BY h.name")
                .param("since", Times.format(completedSince)).query(NoticeStore::map).list();
    }

    private static Notice map(ResultSet rs, int row) throws SQLException {
        long run = rs.getLong(4);
        Long runId = rs.wasNull() ? null : run;
        return new Notice(rs.getLong(1), rs.getLong(2), rs.getString(3), runId, rs.getString(5), rs.getString(6),
                Times.parse(rs.getString(7)), Times.parse(rs.getString(8)), NoticeStatus.valueOf(rs.getString(9)),
                rs.getString(10), Times.parse(rs.getString(11)));
    }
}
