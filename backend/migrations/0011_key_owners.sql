-- The user a key stands on: it works only while they are enabled and could still create it
-- (auth::caller). Keys made before this column existed are matched to their creator by name;
-- one made by a key inherits that key's owner.
ALTER TABLE api_keys ADD COLUMN owner_id TEXT;
UPDATE api_keys SET owner_id = (SELECT u.id FROM users u WHERE u.username = api_keys.created_by);
