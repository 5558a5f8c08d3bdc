-- Foundation: journals, collections, people, accounts, roles, sessions, tokens, events.
-- Timestamps are UTC without time zone (diesel Timestamp), microsecond precision.

CREATE TABLE journals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- Volumes are numbered by year: volume = year - first_volume_year + 1 (BMC Cancer 2025 is volume 25).
    first_volume_year INTEGER NOT NULL,
    doi_prefix TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE collections (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    journal_id BIGINT NOT NULL REFERENCES journals (id),
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    -- Prefix of manuscript numbers, e.g. RC in RC-2026-0001.
    manuscript_prefix TEXT NOT NULL,
    summary TEXT NOT NULL,
    definition TEXT NOT NULL,
    about TEXT NOT NULL,
    guidelines TEXT NOT NULL,
    article_type_policy TEXT NOT NULL,
    competing_interests_statement TEXT NOT NULL,
    opens_on DATE NOT NULL,
    closes_on DATE,
    blinding TEXT NOT NULL DEFAULT 'single' CHECK (blinding IN ('single', 'double')),
    review_due_days INTEGER NOT NULL DEFAULT 14 CHECK (review_due_days BETWEEN 1 AND 365),
    abstract_word_limit INTEGER NOT NULL DEFAULT 350 CHECK (abstract_word_limit BETWEEN 50 AND 5000),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX collections_journal_id_idx ON collections (journal_id);

CREATE TABLE collection_topics (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection_id BIGINT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (collection_id, name)
);
CREATE INDEX collection_topics_collection_id_idx ON collection_topics (collection_id);

CREATE TABLE collection_article_types (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection_id BIGINT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    article_type TEXT NOT NULL,
    UNIQUE (collection_id, article_type)
);
CREATE INDEX collection_article_types_collection_id_idx ON collection_article_types (collection_id);

-- A person exists without an account: co-authors and invited reviewers are people first.
CREATE TABLE people (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    -- Lower-cased; the address a person is reached at and logs in with.
    email TEXT NOT NULL UNIQUE,
    affiliation TEXT NOT NULL DEFAULT '',
    orcid TEXT UNIQUE,
    bio TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE accounts (
    person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    email_verified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

-- Roles: admin (site-wide), editor_in_chief, board_member and reviewer (per journal),
-- guest_editor (per collection). Authors need no role: anyone registered may submit.
CREATE TABLE roles (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor_in_chief', 'board_member', 'reviewer', 'guest_editor')),
    journal_id BIGINT REFERENCES journals (id) ON DELETE CASCADE,
    collection_id BIGINT REFERENCES collections (id) ON DELETE CASCADE,
    granted_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    granted_at TIMESTAMP NOT NULL,
    CHECK (
        (role = 'admin' AND journal_id IS NULL AND collection_id IS NULL)
        OR (role IN ('editor_in_chief', 'board_member', 'reviewer') AND journal_id IS NOT NULL AND collection_id IS NULL)
        OR (role = 'guest_editor' AND journal_id IS NULL AND collection_id IS NOT NULL)
    )
);
CREATE UNIQUE INDEX roles_unique_idx ON roles (person_id, role, COALESCE(journal_id, 0), COALESCE(collection_id, 0));
CREATE INDEX roles_person_id_idx ON roles (person_id);
CREATE INDEX roles_journal_id_idx ON roles (journal_id);
CREATE INDEX roles_collection_id_idx ON roles (collection_id);
CREATE INDEX roles_granted_by_idx ON roles (granted_by);

-- Server-side sessions: the cookie holds a random token, the table its SHA-256.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_person_id_idx ON sessions (person_id);

-- Single-use tokens sent by e-mail (verification, password reset); only the hash is kept.
CREATE TABLE account_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_tokens_person_id_idx ON account_tokens (person_id);

-- Failed logins, counted per account and per client address to throttle guessing.
CREATE TABLE login_failures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (throttle_key, failed_at);

-- Timeline and audit log: every recorded change, who made it, from which state to which.
CREATE TABLE events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at TIMESTAMP NOT NULL,
    actor_id BIGINT REFERENCES people (id) ON DELETE SET NULL,
    subject_type TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_subject_idx ON events (subject_type, subject_id, occurred_at);
CREATE INDEX events_actor_id_idx ON events (actor_id);
CREATE INDEX events_kind_idx ON events (kind, occurred_at);

-- Small key/value facts about this installation (e.g. whether demo data was loaded).
CREATE TABLE installation_facts (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
