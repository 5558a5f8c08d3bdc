DROP TABLE collection_checklist;
ALTER TABLE submissions DROP COLUMN checklist_ticked;
ALTER TABLE submissions DROP COLUMN acknowledgements;
ALTER TABLE submissions DROP COLUMN authors_contributions;
ALTER TABLE submissions DROP COLUMN consent_for_publication;
