-- Tenant isolation down to every topic.

-- Transform, predicate and naming-strategy classes an admin allowed this tenant beyond the
-- ones the console can reason about; one class name per line.
ALTER TABLE tenants ADD COLUMN allowed_classes TEXT NOT NULL DEFAULT '';

-- Connectors the console found touching topics outside their tenant's namespace and stopped.
-- While a row exists the tenant cannot start the connector again; an admin releases it.
CREATE TABLE quarantines (
    cluster_id     TEXT NOT NULL,
    connector_name TEXT NOT NULL,
    tenant_id      TEXT NOT NULL,
    -- The foreign topics, one per line.
    topics         TEXT NOT NULL,
    found_at       BIGINT NOT NULL,
    PRIMARY KEY (cluster_id, connector_name)
);
