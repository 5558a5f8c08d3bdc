ALTER TABLE sessions DROP COLUMN device;
ALTER TABLE sessions DROP COLUMN keep_signed_in;
ALTER TABLE sessions DROP COLUMN last_seen_at;
DROP TABLE journal_security;
DROP TABLE sign_in_challenges;
DROP TABLE recovery_codes;
DROP TABLE two_factor;
