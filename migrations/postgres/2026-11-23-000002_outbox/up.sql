-- E-mail outbox: every message is written here in the same transaction as the change that
-- causes it; the delivery worker sends it, retries with backoff, and records each attempt.

-- A person may choose a daily digest instead of one message per event.
ALTER TABLE people ADD COLUMN mail_digest BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    -- What the message is (verify_email, role_granted, digest, ...).
    kind TEXT NOT NULL,
    recipient_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
    to_name TEXT NOT NULL,
    to_address TEXT NOT NULL,
    reply_to TEXT,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    -- Stable across retries, so a message sent twice after a crash is recognisably the same.
    message_id TEXT NOT NULL UNIQUE,
    -- Messages with the same key (a manuscript number) thread together in mail clients.
    thread_key TEXT,
    digestible BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'held', 'digested')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    digest_id BIGINT REFERENCES outbox (id) ON DELETE SET NULL,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at);
CREATE INDEX outbox_recipient_id_idx ON outbox (recipient_id);
CREATE INDEX outbox_digest_id_idx ON outbox (digest_id);
CREATE INDEX outbox_thread_key_idx ON outbox (thread_key);
CREATE INDEX outbox_to_address_idx ON outbox (to_address);

CREATE TABLE outbox_attempts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id BIGINT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    attempted_at TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
    -- The server's answer, or the error.
    detail TEXT NOT NULL
);
CREATE INDEX outbox_attempts_outbox_id_idx ON outbox_attempts (outbox_id);
