DROP INDEX people_verified_orcid_idx;
DROP INDEX people_orcid_idx;
-- Copies of one iD cannot go back under the unique rule: the verified one stays, else the
-- oldest account's.
UPDATE people SET orcid = NULL
WHERE orcid IS NOT NULL AND id <> (
    SELECT p.id FROM people p WHERE p.orcid = people.orcid
    ORDER BY p.orcid_verified_at IS NULL, p.id LIMIT 1
);
ALTER TABLE people DROP COLUMN orcid_verified_at;
ALTER TABLE people ADD CONSTRAINT people_orcid_key UNIQUE (orcid);
