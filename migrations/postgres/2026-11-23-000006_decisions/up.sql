-- Decisions: one row per decision letter sent to the authors. The letter is stored as sent
-- (the editor may have changed the draft); authors read it on their submission page.

CREATE TABLE decision_letters (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    -- The round of review the decision ends.
    round INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('accept', 'minor_revision', 'major_revision', 'reject', 'desk_reject')),
    letter TEXT NOT NULL,
    decided_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX decision_letters_submission_idx ON decision_letters (submission_id, round);
CREATE INDEX decision_letters_decided_by_idx ON decision_letters (decided_by);
