ALTER TABLE collection_deadlines DROP COLUMN reviewers_wanted;
