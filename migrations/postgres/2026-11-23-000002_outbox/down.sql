DROP TABLE outbox_attempts;
DROP TABLE outbox;
ALTER TABLE people DROP COLUMN mail_digest;
