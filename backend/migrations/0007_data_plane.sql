-- Kafka data plane: DLQ depth samples, redrive jobs, field masking.

-- Field-name patterns whose values roles below admin see masked in record views; one per line.
ALTER TABLE tenants ADD COLUMN masked_fields TEXT NOT NULL DEFAULT '';

-- A DLQ's watermarks, sampled: depth now, and growth over the last hour and day from the sum
-- of high watermarks (which retention never lowers).
CREATE TABLE dlq_samples (
    cluster_id TEXT   NOT NULL,
    topic      TEXT   NOT NULL,
    at_ms      BIGINT NOT NULL,
    depth      BIGINT NOT NULL,
    written    BIGINT NOT NULL,
    PRIMARY KEY (cluster_id, topic, at_ms)
);

-- Redrives: records sent from a DLQ back to their topics. Kept after they end, so the same
-- offsets are not sent twice by accident and the page lists what happened.
CREATE TABLE redrive_jobs (
    id             TEXT PRIMARY KEY,
    cluster_id     TEXT   NOT NULL,
    connector_name TEXT   NOT NULL,
    tenant_id      TEXT,
    dlq_topic      TEXT   NOT NULL,
    target         TEXT,
    state          TEXT   NOT NULL,
    total          BIGINT NOT NULL,
    sent           BIGINT NOT NULL,
    rate           BIGINT NOT NULL,
    -- JSON array of {partition, first, last}.
    ranges         TEXT   NOT NULL,
    created_by     TEXT   NOT NULL,
    created_ms     BIGINT NOT NULL,
    finished_ms    BIGINT,
    -- Written while the job runs: a running job whose replica stopped is seen as interrupted.
    heartbeat_ms   BIGINT NOT NULL,
    error          TEXT
);
CREATE INDEX redrive_jobs_by_queue ON redrive_jobs (cluster_id, dlq_topic);
