-- Health: the scheduler's lease and cycles, what it last saw, state transitions, state counts
-- over time, auto-restart policies and tracks.

-- One row per lease: the replica holding it until `expires_ms` (ShedLock's role). Taken by
-- an upsert that only succeeds when the row is free, expired or already ours.
CREATE TABLE leases (
    name        TEXT   PRIMARY KEY,
    holder      TEXT   NOT NULL,
    acquired_ms BIGINT NOT NULL,
    expires_ms  BIGINT NOT NULL
);

-- One row per cluster and interval slot: whoever inserts it runs that cycle, so a hand-over
-- of the lease inside an interval never runs a check twice.
CREATE TABLE health_cycles (
    cluster_id TEXT   NOT NULL,
    slot       BIGINT NOT NULL,
    holder     TEXT   NOT NULL,
    at_ms      BIGINT NOT NULL,
    PRIMARY KEY (cluster_id, slot)
);

-- The last look at every connector and task (task -1: the connector itself).
CREATE TABLE health_states (
    cluster_id     TEXT    NOT NULL,
    connector_name TEXT    NOT NULL,
    task           INTEGER NOT NULL,
    state          TEXT    NOT NULL,
    worker         TEXT    NOT NULL,
    since_ms       BIGINT  NOT NULL,
    PRIMARY KEY (cluster_id, connector_name, task)
);

CREATE TABLE health_transitions (
    id             TEXT    PRIMARY KEY,
    cluster_id     TEXT    NOT NULL,
    connector_name TEXT    NOT NULL,
    task           INTEGER NOT NULL,
    from_state     TEXT,
    to_state       TEXT,
    worker         TEXT,
    trace          TEXT,
    at_ms          BIGINT  NOT NULL
);
CREATE INDEX health_transitions_by_connector ON health_transitions (cluster_id, connector_name, at_ms);
CREATE INDEX health_transitions_at ON health_transitions (at_ms);

-- Counts per state and tenant ('' for unowned connectors), the first cycle of each minute
-- (c_: connectors, t_: tasks). Per tenant, so a tenant's own graph shows only its own.
CREATE TABLE health_samples (
    cluster_id   TEXT   NOT NULL,
    tenant_id    TEXT   NOT NULL,
    at_ms        BIGINT NOT NULL,
    c_running    BIGINT NOT NULL,
    c_paused     BIGINT NOT NULL,
    c_stopped    BIGINT NOT NULL,
    c_failed     BIGINT NOT NULL,
    c_unassigned BIGINT NOT NULL,
    c_restarting BIGINT NOT NULL,
    t_running    BIGINT NOT NULL,
    t_paused     BIGINT NOT NULL,
    t_stopped    BIGINT NOT NULL,
    t_failed     BIGINT NOT NULL,
    t_unassigned BIGINT NOT NULL,
    t_restarting BIGINT NOT NULL,
    PRIMARY KEY (cluster_id, tenant_id, at_ms)
);

-- Overrides of the console's auto-restart policy: scope `tenant:<id>` or
-- `connector:<cluster>/<name>`; `policy` is JSON with the fields it changes.
CREATE TABLE restart_policies (
    scope      TEXT   PRIMARY KEY,
    policy     TEXT   NOT NULL,
    updated_by TEXT   NOT NULL,
    updated_ms BIGINT NOT NULL
);

-- What auto-restart remembers of a connector between cycles.
CREATE TABLE restart_tracks (
    cluster_id          TEXT   NOT NULL,
    connector_name      TEXT   NOT NULL,
    attempts            BIGINT NOT NULL,
    last_attempt_ms     BIGINT,
    failing_since_ms    BIGINT,
    last_failed_ms      BIGINT,
    persistent_since_ms BIGINT,
    paused              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (cluster_id, connector_name)
);
