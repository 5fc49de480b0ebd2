package dev.hubconsole.wizard;

import dev.hubconsole.shared.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Runs and their steps in the console's database. State changes are compare-and-set on the expected state. */
@Repository
class RunStore {

    private static final String RUN_COLUMNS = "id, hub_id, state, created_by, created_at, finished_at, version";
    private static final String STEP_COLUMNS = "run_id, kind, position, state, attempt, started_at, finished_at, "
            + "input_json, result_json, summary, error";
    private final JdbcClient jdbc;

    RunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Run> activeRunOf(long hubId) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM runs WHERE hub_id = :h AND state = 'ACTIVE'")
                .param("h", hubId).query(RunStore::run).optional();
    }

    long insertRun(long hubId, String actor, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO runs (hub_id, state, created_by, created_at, version) VALUES (:h, 'ACTIVE', :a, :t, 0)")
                .param("h", hubId).param("a", actor).param("t", Times.format(now))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        int position = 0;
        for (StepKind kind : StepKind.SEQUENCE) {
            insertStep(id, kind, position++);
        }
        return id;
    }

    void insertStep(long runId, StepKind kind, int position) {
        jdbc.sql("INSERT INTO run_steps (run_id, kind, position, state, attempt) VALUES (:r, :k, :p, 'PENDING', 0)")
                .param("r", runId).param("k", kind.name()).param("p", position).update();
    }

    Optional<Run> run(long id) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = :id").param("id", id)
                .query(RunStore::run).optional();
    }

    List<Run> runs(Long hubId, int limit) {
        if (hubId == null) {
            return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM runs ORDER BY id DESC LIMIT :n")
                    .param("n", limit).query(RunStore::run).list();
        }
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM runs WHERE hub_id = :h ORDER BY id DESC LIMIT :n")
                .param("h", hubId).param("n", limit).query(RunStore::run).list();
    }

    List<StepRecord> steps(long runId) {
        return jdbc.sql("SELECT " + STEP_COLUMNS + " FROM run_steps WHERE run_id = :r ORDER BY position")
                .param("r", runId).query(RunStore::step).list();
    }

    List<StepRecord> stepsInState(StepState state) {
        return jdbc.sql("SELECT " + STEP_COLUMNS + " FROM run_steps WHERE state = :s").param("s", state.name())
                .query(RunStore::step).list();
    }

    /** Moves a step to RUNNING if it is still in {@code expected}; counts an attempt. */
    boolean begin(long runId, StepKind kind, StepState expected, String inputJson, Instant now) {
        return jdbc.sql("UPDATE run_steps SET state = 'RUNNING', attempt = attempt + 1, started_at = :t, "
                        + "finished_at = NULL, summary = NULL, error = NULL, input_json = :i "
                        + "WHERE run_id = :r AND kind = :k AND state = :e")
                .param("t", Times.format(now)).param("i", inputJson).param("r", runId).param("k", kind.name())
                .param("e", expected.name()).update() == 1;
    }

    /** Ends a step if it is still in {@code expected}. */
    boolean end(long runId, StepKind kind, StepState expected, StepState state, String resultJson, String summary,
                String error, Instant now) {
        return jdbc.sql("UPDATE run_steps SET state = :s, finished_at = :t, result_json = COALESCE(:res, result_json), "
                        + "summary = :sum, error = :err WHERE run_id = :r AND kind = :k AND state = :e")
                .param("s", state.name()).param("t", Times.format(now)).param("res", resultJson)
                .param("sum", summary).param("err", error)
                .param("r", runId).param("k", kind.name()).param("e", expected.name()).update() == 1;
    }

    /** Bumps the run's version if it is still {@code expectedVersion} and ACTIVE: serialises admin actions. */
    boolean touch(long runId, int expectedVersion) {
        return jdbc.sql("UPDATE runs SET version = version + 1 WHERE id = :id AND version = :v AND state = 'ACTIVE'")
                .param("id", runId).param("v", expectedVersion).update() == 1;
    }

    boolean endRun(long runId, RunState state, Instant now) {
        return jdbc.sql("UPDATE runs SET state = :s, finished_at = :t, version = version + 1 "
                        + "WHERE id = :id AND state = 'ACTIVE'")
                .param("s", state.name()).param("t", Times.format(now)).param("id", runId).update() == 1;
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getLong(1), rs.getLong(2), RunState.valueOf(rs.getString(3)), rs.getString(4),
                Times.parse(rs.getString(5)), Times.parse(rs.getString(6)), rs.getInt(7));
    }

    private static StepRecord step(ResultSet rs, int row) throws SQLException {
        return new StepRecord(rs.getLong(1), StepKind.valueOf(rs.getString(2)), rs.getInt(3),
                StepState.valueOf(rs.getString(4)), rs.getInt(5), Times.parse(rs.getString(6)),
                Times.parse(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
    }
}
