ALTER TABLE submission_authors DROP COLUMN affiliations;
