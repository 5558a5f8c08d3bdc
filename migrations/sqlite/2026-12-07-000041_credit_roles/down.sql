ALTER TABLE submission_authors DROP COLUMN credit_roles;
