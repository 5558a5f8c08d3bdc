-- Affiliations in their parts (issue 20 item 3b): one a line, institution, city, ISO 3166-1
-- country code and ROR id separated by tabs. Empty for a row written before: its one-line
-- `affiliation` is read instead (domain::affiliation::from_single_line), so no row needs
-- filling. `affiliation` stays, holding the institutions alone, one per ';', as the
-- competing-interest rules read them.
ALTER TABLE submission_authors ADD COLUMN affiliations TEXT NOT NULL DEFAULT '';
