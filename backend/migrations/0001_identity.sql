-- Identity and tenancy. Portable between SQLite and PostgreSQL: text ids, BIGINT
-- milliseconds since the epoch, BIGINT 0/1 flags.

CREATE TABLE tenants (
    id               TEXT PRIMARY KEY,
    display_name     TEXT NOT NULL,
    -- Every connector of the tenant is named with this prefix (e.g. "acme-").
    connector_prefix TEXT NOT NULL UNIQUE,
    -- Every topic.prefix of the tenant starts with this (e.g. "acme.").
    topic_prefix     TEXT NOT NULL UNIQUE,
    created_at       BIGINT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    -- argon2id PHC string.
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    tenant_id     TEXT REFERENCES tenants(id),
    disabled      BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie token: a copy of this table does not let anyone log in.
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE connector_owners (
    cluster_id     TEXT NOT NULL,
    connector_name TEXT NOT NULL,
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    assigned_at    BIGINT NOT NULL,
    PRIMARY KEY (cluster_id, connector_name)
);
