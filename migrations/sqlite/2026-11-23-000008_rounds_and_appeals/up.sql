-- Revision rounds and appeals.
--
-- A revised version is a new round: its files are in submission_files with the new round
-- number; the authors' response to the reviewers is kept here, one row per round it opened.

CREATE TABLE revision_responses (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    -- The round this revised version opened (2 for the first revision).
    round INTEGER NOT NULL,
    response TEXT NOT NULL,
    submitted_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    submitted_at TIMESTAMP NOT NULL,
    UNIQUE (submission_id, round)
);
CREATE INDEX revision_responses_submitted_by_idx ON revision_responses (submitted_by);

-- One appeal per submission (the journal's rule), so the UNIQUE constraint is the rule's
-- last line of defence. The person who hears it is recorded with why they were chosen.
CREATE TABLE appeals (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL UNIQUE REFERENCES submissions (id) ON DELETE CASCADE,
    -- The round whose rejection is appealed.
    round INTEGER NOT NULL,
    statement TEXT NOT NULL,
    lodged_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    lodged_at TIMESTAMP NOT NULL,
    heard_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    hearer_explanation TEXT NOT NULL,
    outcome TEXT CHECK (outcome IN ('upheld', 'overturned')),
    outcome_reason TEXT NOT NULL DEFAULT '',
    decided_at TIMESTAMP
);
CREATE INDEX appeals_lodged_by_idx ON appeals (lodged_by);
CREATE INDEX appeals_heard_by_idx ON appeals (heard_by);
