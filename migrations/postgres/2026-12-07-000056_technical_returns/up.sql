-- The technical check (issue 28 part 4): before review the editorial office may return a
-- submission to its authors for technical fixes, with a message; not a decision. The row
-- keeps the message and, once the authors send it back, what they say they fixed.
CREATE TABLE technical_returns (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    message TEXT NOT NULL,
    returned_by BIGINT NOT NULL REFERENCES people (id),
    returned_at TIMESTAMP NOT NULL,
    fixed_note TEXT NOT NULL DEFAULT '',
    fixed_at TIMESTAMP
);
CREATE INDEX technical_returns_submission_idx ON technical_returns (submission_id);
CREATE INDEX technical_returns_returned_by_idx ON technical_returns (returned_by);
