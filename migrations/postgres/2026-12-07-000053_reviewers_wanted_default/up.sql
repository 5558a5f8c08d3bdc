-- How many reviewers a collection's submissions want at once when their editor has not said
-- (issue 28 part 3): the number the backups fill up to. 2, as before the setting existed.
ALTER TABLE collection_deadlines ADD COLUMN reviewers_wanted INTEGER NOT NULL DEFAULT 2;
