-- What each round of a submission said of itself (issue 20 item 6): the fields the authors
-- may correct with a revised version, as that round held them, so that the editor sees what
-- changed between rounds. The submission's own row holds the current values (the pages and
-- the exports read it). Round 1's row is written lazily, from the submission's row, by the
-- transaction that opens round 2: until then nothing could have changed it.
CREATE TABLE revision_metadata (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL,
    keywords TEXT NOT NULL,
    -- The byline: an author a line, with name, e-mail address, affiliation, ORCID iD and
    -- "corresponding" (or nothing) separated by tabs (domain::revision_diff).
    authors TEXT NOT NULL,
    competing_interests TEXT NOT NULL,
    competing_interests_details TEXT NOT NULL,
    ai_use TEXT NOT NULL,
    ai_use_details TEXT NOT NULL,
    ethics_statement TEXT NOT NULL,
    consent_for_publication TEXT NOT NULL,
    data_availability TEXT NOT NULL,
    funding TEXT NOT NULL,
    authors_contributions TEXT NOT NULL,
    acknowledgements TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (submission_id, round)
);
CREATE INDEX revision_metadata_submission_id_idx ON revision_metadata (submission_id);
