-- Names as the scholarly record files them (issue 20 item 3): given name(s) and family name
-- apart, and the order the person writes them in ("given_first": María José García López;
-- "family_first": Li Ming). `name` stays the full name as it should appear, built from the
-- parts, because the competing-interest rules and every page match and show it.
--
-- Rows from before are split by the old guess (the last word is the family name, the rest
-- the given names), which is what the exports did until now, and marked `name_guessed`: the
-- pages say "not yet confirmed" until the person saves the parts themselves.
ALTER TABLE submission_authors ADD COLUMN given_names TEXT NOT NULL DEFAULT '';
ALTER TABLE submission_authors ADD COLUMN family_name TEXT NOT NULL DEFAULT '';
ALTER TABLE submission_authors ADD COLUMN name_order TEXT NOT NULL DEFAULT 'given_first';
ALTER TABLE submission_authors ADD COLUMN name_guessed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE people ADD COLUMN given_names TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN family_name TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN name_order TEXT NOT NULL DEFAULT 'given_first';
ALTER TABLE people ADD COLUMN name_guessed BOOLEAN NOT NULL DEFAULT FALSE;

-- SQLite has no regular expressions: rtrim(name, <name without spaces>) strips the last word
-- (every character but the space is in the set), leaving "María José García ".
UPDATE submission_authors SET
    family_name = substr(trim(name), length(rtrim(trim(name), replace(trim(name), ' ', ''))) + 1),
    given_names = trim(rtrim(trim(name), replace(trim(name), ' ', ''))),
    name_guessed = TRUE;
UPDATE people SET
    family_name = substr(trim(name), length(rtrim(trim(name), replace(trim(name), ' ', ''))) + 1),
    given_names = trim(rtrim(trim(name), replace(trim(name), ' ', ''))),
    name_guessed = TRUE;
