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

-- The same split as SQLite's: the last word, and what comes before it.
UPDATE submission_authors SET
    family_name = regexp_replace(trim(name), '^.*\s', ''),
    given_names = trim(regexp_replace(trim(name), '\S+$', '')),
    name_guessed = TRUE;
UPDATE people SET
    family_name = regexp_replace(trim(name), '^.*\s', ''),
    given_names = trim(regexp_replace(trim(name), '\S+$', '')),
    name_guessed = TRUE;
