-- Co-authors confirm their authorship (issue 20 item 1). When a manuscript is submitted
-- every listed author but the one who submitted it is e-mailed a link to confirm "I am an
-- author of this manuscript and agree to its submission", or to say "I am not an author".
-- One row per request e-mailed (the submitting author may send a new one when a link has
-- expired): the token itself is never stored, only its SHA-256. A request is answered once.
CREATE TABLE authorship_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES submission_authors (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    asked_at TIMESTAMP NOT NULL,
    -- The link stops working then, or at once when a newer request replaces it.
    expires_at TIMESTAMP NOT NULL,
    answer TEXT CHECK (answer IN ('confirmed', 'not_an_author')),
    answered_at TIMESTAMP,
    -- What someone who is not an author told the editorial office, if anything.
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX authorship_requests_submission_idx ON authorship_requests (submission_id);
CREATE INDEX authorship_requests_author_idx ON authorship_requests (author_id);

-- A collection may hold review back until every co-author has confirmed: the handling
-- editor cannot invite reviewers before then.
ALTER TABLE collections ADD COLUMN require_author_confirmation BOOLEAN NOT NULL DEFAULT FALSE;
