-- Funders with grant numbers (issue 20 item 3d, issue 21 item 5): per submission, in the
-- order the authors list them. The "Funding" declaration stays as words (BMC asks for it);
-- these rows are what the Crossref deposit (fr:program) and JATS (funding-group) carry.
-- `funder_id` is the Crossref Funder ID as a DOI ("10.13039/501100000780"), or empty;
-- `award_numbers` one grant or award number a line, in the authors' order.
CREATE TABLE submission_funders (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    funder_id TEXT NOT NULL DEFAULT '',
    award_numbers TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submission_funders_submission_id_idx ON submission_funders (submission_id);

-- What each round said of its funders (a line a funder, tab-separated), so the editor sees
-- a funder added or removed by a revised version; empty for rounds recorded before.
ALTER TABLE revision_metadata ADD COLUMN funders TEXT NOT NULL DEFAULT '';
