-- Conflicts of interest: what they are computed from (profiles), what the editorial board
-- offers (capacity, topics, availability), and what was decided (assignments with their
-- explanation, conflicts declared on a submission, editor-in-chief rulings on potential ones).

-- Every address a person has confirmed; the primary one stays in people.email.
CREATE TABLE person_emails (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    email TEXT NOT NULL UNIQUE,
    confirmed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX person_emails_person_id_idx ON person_emails (person_id);

-- Affiliation history; an open end means "to now".
CREATE TABLE affiliations (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    institution TEXT NOT NULL,
    starts_on DATE,
    ends_on DATE
);
CREATE INDEX affiliations_person_id_idx ON affiliations (person_id);

CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    year INTEGER NOT NULL
);
CREATE INDEX publications_person_id_idx ON publications (person_id);

CREATE TABLE publication_coauthors (
    id INTEGER PRIMARY KEY,
    publication_id BIGINT NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT,
    orcid TEXT
);
CREATE INDEX publication_coauthors_publication_id_idx ON publication_coauthors (publication_id);

-- Conflicts a person declares in their profile, with a person or an institution.
CREATE TABLE declared_conflicts (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('person', 'institution')),
    target_name TEXT NOT NULL,
    target_email TEXT,
    target_orcid TEXT,
    kind TEXT NOT NULL,
    since DATE,
    until DATE,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX declared_conflicts_person_id_idx ON declared_conflicts (person_id);

-- What an editor offers a journal: how many open submissions they take, on which topics,
-- and whether they take any now.
CREATE TABLE editor_profiles (
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    journal_id BIGINT NOT NULL REFERENCES journals (id) ON DELETE CASCADE,
    capacity INTEGER NOT NULL DEFAULT 5,
    available BOOLEAN NOT NULL DEFAULT TRUE,
    topics TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, journal_id)
);
CREATE INDEX editor_profiles_journal_id_idx ON editor_profiles (journal_id);

-- Who handled a submission, from when, why they were chosen, and why they stopped.
CREATE TABLE handling_assignments (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    editor_id BIGINT NOT NULL REFERENCES people (id),
    round INTEGER NOT NULL,
    -- NULL: chosen by the system.
    assigned_by BIGINT REFERENCES people (id),
    explanation TEXT NOT NULL,
    assigned_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    end_reason TEXT
);
CREATE INDEX handling_assignments_submission_id_idx ON handling_assignments (submission_id, assigned_at);
CREATE INDEX handling_assignments_editor_id_idx ON handling_assignments (editor_id, assigned_at);
CREATE INDEX handling_assignments_assigned_by_idx ON handling_assignments (assigned_by);

-- "I have a competing interest", said by an editor or reviewer about one submission (rule 6).
CREATE TABLE submission_conflicts (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (submission_id, person_id)
);
CREATE INDEX submission_conflicts_person_id_idx ON submission_conflicts (person_id);

-- The editor-in-chief's ruling on a potential conflict: confirmed, or not a conflict.
CREATE TABLE conflict_rulings (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    finding_key TEXT NOT NULL,
    ruling TEXT NOT NULL CHECK (ruling IN ('confirmed', 'not_a_conflict')),
    reason TEXT NOT NULL,
    decided_by BIGINT NOT NULL REFERENCES people (id),
    decided_at TIMESTAMP NOT NULL,
    UNIQUE (submission_id, person_id, finding_key)
);
CREATE INDEX conflict_rulings_person_id_idx ON conflict_rulings (person_id);
CREATE INDEX conflict_rulings_decided_by_idx ON conflict_rulings (decided_by);

-- Set when nobody free of conflicts could handle it: the editor-in-chief's queue shows it.
ALTER TABLE submissions ADD COLUMN flagged_reason TEXT;
ALTER TABLE submissions ADD COLUMN flagged_at TIMESTAMP;
