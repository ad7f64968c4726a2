-- Lag over time: each measured connector's figure, once per lag interval, by the lease holder.
CREATE TABLE lag_samples (
    cluster_id     TEXT   NOT NULL,
    connector_name TEXT   NOT NULL,
    at_ms          BIGINT NOT NULL,
    measure        TEXT   NOT NULL,
    value          BIGINT NOT NULL,
    PRIMARY KEY (cluster_id, connector_name, at_ms)
);
CREATE INDEX lag_samples_at ON lag_samples (at_ms);
