-- Two-tier decisions (issue 28 part 4). A collection may make its handling editors'
-- decisions recommendations, which the editor-in-chief (or a guest editor, for a board
-- member's recommendation) confirms, edits or returns; the letter goes out only on
-- confirmation.
ALTER TABLE collections ADD COLUMN decisions_confirmed BOOLEAN NOT NULL DEFAULT FALSE;

-- Each recommendation, kept after it is answered: what was recommended, the letter as the
-- handling editor wrote it, the state it came from (where a return sends it back), and the
-- answer: '' while it waits, then 'confirmed', 'edited' (confirmed with a change) or
-- 'returned' (with a note to the handling editor).
CREATE TABLE decision_recommendations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('accept', 'minor_revision', 'major_revision', 'reject', 'desk_reject')),
    letter TEXT NOT NULL,
    revision_due_on DATE,
    from_state TEXT NOT NULL,
    recommended_by BIGINT NOT NULL REFERENCES people (id),
    recommended_at TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'confirmed', 'edited', 'returned')),
    answered_by BIGINT REFERENCES people (id),
    answered_at TIMESTAMP,
    return_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decision_recommendations_submission_idx ON decision_recommendations (submission_id, outcome);
CREATE INDEX decision_recommendations_recommended_by_idx ON decision_recommendations (recommended_by);
CREATE INDEX decision_recommendations_answered_by_idx ON decision_recommendations (answered_by);
