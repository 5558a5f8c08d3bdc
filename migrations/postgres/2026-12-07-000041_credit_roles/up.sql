-- CRediT contributor roles per author (issue 20 item 3c): the roles' slugs as
-- credit.niso.org names them ("conceptualization", "writing-original-draft"), one a line,
-- in the taxonomy's order; empty when none was ticked.
ALTER TABLE submission_authors ADD COLUMN credit_roles TEXT NOT NULL DEFAULT '';
