ALTER TABLE revision_metadata DROP COLUMN funders;
DROP TABLE submission_funders;
