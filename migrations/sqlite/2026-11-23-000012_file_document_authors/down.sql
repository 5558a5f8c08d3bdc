ALTER TABLE submission_files DROP COLUMN document_authors;
