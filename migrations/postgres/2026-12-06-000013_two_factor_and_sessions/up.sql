-- Two-factor sign-in (issue 26, ASVS 2.8): a person's authenticator key, confirmed by a
-- first code before it counts; the step of the last accepted code, so no code works twice.
CREATE TABLE two_factor (
    person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    shared_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    last_used_step BIGINT
);

-- Recovery codes, shown once; only their SHA-256 is kept, and each works once.
CREATE TABLE recovery_codes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX recovery_codes_person_id_idx ON recovery_codes (person_id);

-- Between the password and the code: a single-use challenge, hashed like every token.
CREATE TABLE sign_in_challenges (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    keep_signed_in BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_challenges_person_id_idx ON sign_in_challenges (person_id);

-- A journal's security settings, set by its editor-in-chief.
CREATE TABLE journal_security (
    journal_id BIGINT PRIMARY KEY REFERENCES journals (id) ON DELETE CASCADE,
    two_factor_required BOOLEAN NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by BIGINT REFERENCES people (id) ON DELETE SET NULL
);
CREATE INDEX journal_security_updated_by_idx ON journal_security (updated_by);

-- Sessions that end when idle (ASVS 3.3.2) unless kept on a device, and that the person
-- can list and end: when it was last used and from what browser.
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;
ALTER TABLE sessions ADD COLUMN keep_signed_in BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
