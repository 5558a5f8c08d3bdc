-- Declines that find the next reviewer (issue 28 part 3). What a decliner chose from the short
-- list of reasons (domain::review::DeclineKind), whom they suggest instead, and the later date
-- they offered with the editor's answer to it; one row per decline since this migration.
CREATE TABLE review_declines (
    invitation_id BIGINT PRIMARY KEY REFERENCES review_invitations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    suggested_name TEXT NOT NULL DEFAULT '',
    suggested_email TEXT NOT NULL DEFAULT '',
    proposed_due_on DATE,
    proposal_answer TEXT NOT NULL DEFAULT '' CHECK (proposal_answer IN ('', 'accepted', 'refused'))
);

-- The editor's backup reviewers, in order: invited one by one when an invitation is declined
-- or expires unanswered. Outcome '' waits; 'invited' or 'skipped' (with why) is final.
CREATE TABLE backup_reviewers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    added_by BIGINT NOT NULL REFERENCES people (id),
    added_at TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'invited', 'skipped')),
    outcome_note TEXT NOT NULL DEFAULT '',
    UNIQUE (submission_id, email)
);
CREATE INDEX backup_reviewers_added_by_idx ON backup_reviewers (added_by);

-- How many reviewers the editor wants at once for a submission (no row: the default).
CREATE TABLE reviewers_wanted (
    submission_id BIGINT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    wanted INTEGER NOT NULL CHECK (wanted BETWEEN 1 AND 20)
);
