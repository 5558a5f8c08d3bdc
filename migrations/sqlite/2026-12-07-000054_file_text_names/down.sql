ALTER TABLE submission_files DROP COLUMN text_names;
