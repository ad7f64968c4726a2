-- Alerts: the open and past ones, silences, and webhook deliveries (an outbox the scheduler's
-- lease holder drains, so a delivery survives a restart and is made by one replica).

-- One row per alert, from the first time its condition was seen. Open while `resolved_ms` is
-- NULL; an alert that never fired is deleted when its condition clears. `connector` and
-- `subject` are '' when the alert is not about one (so the open-key index can be unique).
CREATE TABLE alerts (
    id          TEXT   PRIMARY KEY,
    kind        TEXT   NOT NULL,
    cluster_id  TEXT   NOT NULL,
    connector   TEXT   NOT NULL,
    subject     TEXT   NOT NULL,
    tenant_id   TEXT,
    severity    TEXT   NOT NULL,
    summary     TEXT   NOT NULL,
    since_ms    BIGINT NOT NULL,
    fired_ms    BIGINT,
    resolved_ms BIGINT,
    notified    BIGINT NOT NULL DEFAULT 0,
    acked_by    TEXT,
    acked_ms    BIGINT
);
CREATE UNIQUE INDEX alerts_open_key ON alerts (cluster_id, kind, connector, subject) WHERE resolved_ms IS NULL;
CREATE INDEX alerts_resolved ON alerts (resolved_ms);
CREATE INDEX alerts_by_connector ON alerts (cluster_id, connector, since_ms);

CREATE TABLE alert_silences (
    id         TEXT   PRIMARY KEY,
    kind       TEXT,
    cluster_id TEXT,
    connector  TEXT,
    tenant_id  TEXT,
    created_ms BIGINT NOT NULL,
    until_ms   BIGINT NOT NULL,
    created_by TEXT   NOT NULL,
    reason     TEXT   NOT NULL
);
CREATE INDEX alert_silences_until ON alert_silences (until_ms);

-- One row per webhook and event. `state`: pending (due at `next_ms`), delivered, failed.
CREATE TABLE webhook_deliveries (
    id         TEXT   PRIMARY KEY,
    webhook    TEXT   NOT NULL,
    event_id   TEXT   NOT NULL,
    event      TEXT   NOT NULL,
    summary    TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    created_ms BIGINT NOT NULL,
    attempts   BIGINT NOT NULL,
    next_ms    BIGINT NOT NULL,
    state      TEXT   NOT NULL,
    last_error TEXT,
    done_ms    BIGINT
);
CREATE UNIQUE INDEX webhook_deliveries_event ON webhook_deliveries (webhook, event_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_ms);
CREATE INDEX webhook_deliveries_done ON webhook_deliveries (webhook, done_ms);

-- Since when a webhook takes audit entries: the first time the console saw it configured
-- (it does not replay the audit log's past).
CREATE TABLE webhook_cursors (
    webhook  TEXT   PRIMARY KEY,
    since_ms BIGINT NOT NULL
);
