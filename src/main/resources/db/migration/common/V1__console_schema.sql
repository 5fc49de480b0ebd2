-- The console's own database (never a JupyterHub database). Instants are stored as ISO-8601 UTC text
-- (sortable, readable, the same on SQLite and PostgreSQL). ${autoid} is an auto-increment primary key.

CREATE TABLE accounts (
    id                   ${autoid},
    username             VARCHAR(100) NOT NULL UNIQUE,
    password_hash        VARCHAR(200) NOT NULL,
    role                 VARCHAR(20)  NOT NULL CHECK (role IN ('ADMIN', 'VIEWER')),
    must_change_password BOOLEAN      NOT NULL,
    created_at           VARCHAR(40)  NOT NULL
);

CREATE TABLE api_tokens (
    id          ${autoid},
    account_id  BIGINT       NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        VARCHAR(100) NOT NULL,
    token_hash  VARCHAR(64)  NOT NULL UNIQUE,
    prefix      VARCHAR(12)  NOT NULL,
    created_at  VARCHAR(40)  NOT NULL,
    last_used_at VARCHAR(40)
);

CREATE TABLE hubs (
    id               ${autoid},
    name             VARCHAR(100)  NOT NULL UNIQUE,
    work_dir         VARCHAR(4096) NOT NULL,
    config_path      VARCHAR(4096) NOT NULL,
    db_url_enc       TEXT          NOT NULL,
    db_url_display   VARCHAR(4096) NOT NULL,
    public_url       VARCHAR(2048) NOT NULL,
    api_url          VARCHAR(2048) NOT NULL,
    api_token_enc    TEXT          NOT NULL,
    log_file         VARCHAR(4096),
    stop_cmd         TEXT          NOT NULL,
    start_cmd        TEXT          NOT NULL,
    status_cmd       TEXT,
    upgrade_db_cmd   TEXT          NOT NULL,
    version_cmd      TEXT          NOT NULL,
    command_timeout_seconds INTEGER NOT NULL,
    backup_root      VARCHAR(4096),
    created_at       VARCHAR(40)   NOT NULL,
    updated_at       VARCHAR(40)   NOT NULL,
    version          INTEGER       NOT NULL
);

CREATE TABLE runs (
    id           ${autoid},
    hub_id       BIGINT       NOT NULL REFERENCES hubs (id),
    state        VARCHAR(20)  NOT NULL CHECK (state IN ('ACTIVE', 'FINISHED', 'ROLLED_BACK', 'ABANDONED')),
    created_by   VARCHAR(100) NOT NULL,
    created_at   VARCHAR(40)  NOT NULL,
    finished_at  VARCHAR(40),
    version      INTEGER      NOT NULL
);
-- Only one active run per hub, enforced by the database itself.
CREATE UNIQUE INDEX ux_runs_one_active_per_hub ON runs (hub_id) WHERE state = 'ACTIVE';

CREATE TABLE run_steps (
    run_id       BIGINT       NOT NULL REFERENCES runs (id),
    kind         VARCHAR(20)  NOT NULL,
    position     INTEGER      NOT NULL,
    state        VARCHAR(20)  NOT NULL
                 CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'INTERRUPTED')),
    attempt      INTEGER      NOT NULL,
    started_at   VARCHAR(40),
    finished_at  VARCHAR(40),
    input_json   TEXT,
    result_json  TEXT,
    summary      TEXT,
    error        TEXT,
    PRIMARY KEY (run_id, kind)
);

CREATE TABLE step_log (
    id       ${autoid},
    run_id   BIGINT      NOT NULL REFERENCES runs (id),
    kind     VARCHAR(20) NOT NULL,
    attempt  INTEGER     NOT NULL,
    at       VARCHAR(40) NOT NULL,
    line     TEXT        NOT NULL
);
CREATE INDEX ix_step_log_run ON step_log (run_id, id);

CREATE TABLE audit_events (
    id        ${autoid},
    at        VARCHAR(40)  NOT NULL,
    actor     VARCHAR(100) NOT NULL,
    action    VARCHAR(60)  NOT NULL,
    hub_id    BIGINT,
    run_id    BIGINT,
    outcome   VARCHAR(20)  NOT NULL,
    detail    TEXT         NOT NULL
);
CREATE INDEX ix_audit_events_run ON audit_events (run_id, id);

CREATE TABLE notices (
    id            ${autoid},
    hub_id        BIGINT        NOT NULL REFERENCES hubs (id),
    run_id        BIGINT        REFERENCES runs (id),
    title         VARCHAR(200)  NOT NULL,
    message       TEXT          NOT NULL,
    window_start  VARCHAR(40)   NOT NULL,
    window_end    VARCHAR(40)   NOT NULL,
    status        VARCHAR(20)   NOT NULL CHECK (status IN ('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED')),
    progress      VARCHAR(200)  NOT NULL,
    updated_at    VARCHAR(40)   NOT NULL
);
CREATE INDEX ix_notices_hub ON notices (hub_id, id);
