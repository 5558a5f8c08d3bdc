DROP INDEX login_failures_failed_at_idx;
DROP INDEX login_failures_client_idx;
DELETE FROM login_failures;
ALTER TABLE login_failures DROP COLUMN client_key;
ALTER TABLE login_failures RENAME COLUMN account_key TO throttle_key;
