-- Client addresses each API key has been used from. The first use from an address not in
-- this table is audited (`api_key_new_address`); replicas sharing the database insert with
-- ON CONFLICT DO NOTHING and audit only when their insert took.

CREATE TABLE api_key_addresses (
    key_id        TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    -- An IP address as text (IPv4-mapped IPv6 addresses stored as IPv4).
    address       TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    PRIMARY KEY (key_id, address)
);
