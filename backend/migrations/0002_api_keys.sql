-- API keys for scripts and the CLI. Only a digest of each key is stored; `prefix` is the
-- visible start of the key so people can tell their keys apart.

CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    key_hash      TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    tenant_id     TEXT REFERENCES tenants(id),
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT,
    revoked_at    BIGINT,
    -- Usage, synced from memory on an interval (see auth::usage).
    request_count BIGINT NOT NULL DEFAULT 0,
    last_used_at  BIGINT
);

CREATE TABLE api_key_endpoint_counts (
    key_id   TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL,
    count    BIGINT NOT NULL,
    PRIMARY KEY (key_id, endpoint)
);
