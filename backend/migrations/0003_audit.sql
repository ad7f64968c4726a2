-- Append-only record of every change made through the console. Details are redacted
-- before they are written; nothing updates or deletes rows here.

CREATE TABLE audit_log (
    id             TEXT PRIMARY KEY,
    at             BIGINT NOT NULL,
    actor          TEXT NOT NULL,
    actor_id       TEXT NOT NULL,
    tenant_id      TEXT,
    cluster_id     TEXT,
    connector_name TEXT,
    action         TEXT NOT NULL,
    detail         TEXT,
    result         TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at);
