-- Submissions: a manuscript sent to a collection, its ordered authors, declarations,
-- suggested and opposed reviewers/editors, and its files per revision round.

CREATE TABLE submissions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection_id BIGINT NOT NULL REFERENCES collections (id),
    submitter_id BIGINT NOT NULL REFERENCES people (id),
    -- e.g. RC-2026-0001; given when the draft is submitted.
    manuscript_number TEXT UNIQUE,
    state TEXT NOT NULL,
    current_round INTEGER NOT NULL DEFAULT 1,
    article_type TEXT NOT NULL DEFAULT 'Research Article',
    title TEXT NOT NULL DEFAULT '',
    abstract TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '',
    rare_cancer_type TEXT NOT NULL DEFAULT '',
    -- 'none' or 'declared'; empty until the author answers (the answer is required).
    competing_interests TEXT NOT NULL DEFAULT '',
    competing_interests_details TEXT NOT NULL DEFAULT '',
    ethics_statement TEXT NOT NULL DEFAULT '',
    data_availability TEXT NOT NULL DEFAULT '',
    funding TEXT NOT NULL DEFAULT '',
    cover_letter TEXT NOT NULL DEFAULT '',
    handling_editor_id BIGINT REFERENCES people (id),
    -- A double click or a resent form carries the same key and makes one submission.
    idempotency_key TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP
);
CREATE INDEX submissions_collection_id_idx ON submissions (collection_id, state);
CREATE INDEX submissions_submitter_id_idx ON submissions (submitter_id, updated_at);
CREATE INDEX submissions_handling_editor_id_idx ON submissions (handling_editor_id, state);

CREATE TABLE submission_topics (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    UNIQUE (submission_id, topic)
);
CREATE INDEX submission_topics_submission_id_idx ON submission_topics (submission_id);

CREATE TABLE submission_authors (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    affiliation TEXT NOT NULL,
    orcid TEXT,
    is_corresponding BOOLEAN NOT NULL DEFAULT FALSE,
    -- Linked when the address belongs to a known person.
    person_id BIGINT REFERENCES people (id) ON DELETE SET NULL
);
CREATE INDEX submission_authors_submission_id_idx ON submission_authors (submission_id, position);
CREATE INDEX submission_authors_person_id_idx ON submission_authors (person_id);
CREATE INDEX submission_authors_email_idx ON submission_authors (email);

-- Reviewers the authors suggest, and reviewers or editors they ask to exclude (with a reason).
CREATE TABLE submission_preferences (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('suggested_reviewer', 'opposed_reviewer', 'opposed_editor')),
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submission_preferences_submission_id_idx ON submission_preferences (submission_id);

CREATE TABLE submission_files (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    -- manuscript, supplementary, response_to_reviewers
    role TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    original_name TEXT NOT NULL,
    uploaded_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX submission_files_submission_id_idx ON submission_files (submission_id, round);
CREATE INDEX submission_files_uploaded_by_idx ON submission_files (uploaded_by);

-- Manuscript numbers per collection and year, taken under a row update so two submits at
-- once never share a number.
CREATE TABLE manuscript_counters (
    collection_id BIGINT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (collection_id, year)
);
