package dev.hubconsole.wizard;

import dev.hubconsole.shared.Times;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Step log lines: persisted (so a reload rebuilds the page) and handed to the live stream. */
@Repository
class StepLog {

    static final int MAX_LINE = 4000;
    private final JdbcClient jdbc;
    private final RunStream stream;
    private final Clock clock;

    StepLog(JdbcClient jdbc, RunStream stream, Clock clock) {
        this.jdbc = jdbc;
        this.stream = stream;
        this.clock = clock;
    }

    void append(long runId, StepKind kind, int attempt, String text) {
        String line = text.length() > MAX_LINE ? text.substring(0, MAX_LINE) + " …" : text;
        String at = Times.format(clock.instant());
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO step_log (run_id, kind, attempt, at, line) VALUES (:r, :k, :a, :t, :l)")
                .param("r", runId).param("k", kind.name()).param("a", attempt).param("t", at).param("l", line)
                .update(keys, "id");
        try {
            stream.log(runId, new RunProgress.LogLine(keys.getKey().longValue(), kind.slug(), attempt, at, line));
        } catch (RuntimeException e) {
            // the line is stored; a broken live stream must not fail the step that logs it
        }
    }

    List<RunProgress.LogLine> after(long runId, long afterId, int limit) {
        return jdbc.sql("SELECT id, kind, attempt, at, line FROM step_log WHERE run_id = :r AND id > :a "
                        + "ORDER BY id LIMIT :n")
                .param("r", runId).param("a", afterId).param("n", limit)
                .query((rs, n) -> new RunProgress.LogLine(rs.getLong(1), StepKind.valueOf(rs.getString(2)).slug(),
                        rs.getInt(3),
                        rs.getString(4), rs.getString(5)))
                .list();
    }
}
