ALTER TABLE people DROP COLUMN name_guessed;
ALTER TABLE people DROP COLUMN name_order;
ALTER TABLE people DROP COLUMN family_name;
ALTER TABLE people DROP COLUMN given_names;
ALTER TABLE submission_authors DROP COLUMN name_guessed;
ALTER TABLE submission_authors DROP COLUMN name_order;
ALTER TABLE submission_authors DROP COLUMN family_name;
ALTER TABLE submission_authors DROP COLUMN given_names;
