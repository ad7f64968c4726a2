-- Every version of a connector's config the console wrote or saw, secrets redacted.
-- Versions count up per connector; changes made outside the console are recorded when found.

CREATE TABLE config_versions (
    cluster_id     TEXT NOT NULL,
    connector_name TEXT NOT NULL,
    version        BIGINT NOT NULL,
    at             BIGINT NOT NULL,
    actor          TEXT,
    source         TEXT NOT NULL,
    note           TEXT,
    config         TEXT NOT NULL,
    PRIMARY KEY (cluster_id, connector_name, version)
);
