-- The declarations BMC Cancer asks for that the form did not have yet (issue 20 item 4), by
-- their BMC names: Consent for publication, Authors' contributions, Acknowledgements. Empty:
-- not answered (a draft, or a manuscript submitted before they were asked; its pages say so).
ALTER TABLE submissions ADD COLUMN consent_for_publication TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN authors_contributions TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN acknowledgements TEXT NOT NULL DEFAULT '';
-- The statements of the collection's checklist the submitting author ticked, one a line, as
-- they read when ticked (a later change to the checklist does not rewrite what was confirmed).
ALTER TABLE submissions ADD COLUMN checklist_ticked TEXT NOT NULL DEFAULT '';

-- Each collection's submission checklist: statements the submitting author must tick, in order.
CREATE TABLE collection_checklist (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection_id BIGINT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    statement TEXT NOT NULL,
    UNIQUE (collection_id, statement)
);
CREATE INDEX collection_checklist_collection_id_idx ON collection_checklist (collection_id);
