-- Failed sign-ins are counted for an account and a client together (issue 26 item 6), so
-- one client's failures hold back that client, not everyone behind the same address. One
-- row per attempt: the address typed (known or not) and the client's address (an IPv6
-- client by its /64). The rows counted so far were keyed one way or the other and last
-- minutes: they are not carried over.
DELETE FROM login_failures;
ALTER TABLE login_failures RENAME COLUMN throttle_key TO account_key;
ALTER TABLE login_failures ADD COLUMN client_key TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_client_idx ON login_failures (client_key, failed_at);
-- Every attempt is counted now, and forgetting the old ones must not read the whole table.
CREATE INDEX login_failures_failed_at_idx ON login_failures (failed_at);
