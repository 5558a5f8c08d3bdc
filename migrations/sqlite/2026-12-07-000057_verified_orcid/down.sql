DROP INDEX people_verified_orcid_idx;
DROP INDEX people_orcid_idx;
DROP TRIGGER people_update_version;
DROP TRIGGER people_update_conflicts;
-- Copies of one iD cannot go back under the unique rule: the verified one stays, else the
-- oldest account's.
UPDATE people SET orcid = NULL
WHERE orcid IS NOT NULL AND id <> (
    SELECT p.id FROM people p WHERE p.orcid = people.orcid
    ORDER BY p.orcid_verified_at IS NULL, p.id LIMIT 1
);
UPDATE people SET orcid_unique_until_57 = orcid;
ALTER TABLE people DROP COLUMN orcid_verified_at;
ALTER TABLE people DROP COLUMN orcid;
ALTER TABLE people RENAME COLUMN orcid_unique_until_57 TO orcid;
CREATE TRIGGER people_update_version AFTER UPDATE OF name, email, affiliation, orcid ON people BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.id, random() WHERE NEW.id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER people_update_conflicts AFTER UPDATE OF name, email, affiliation, orcid ON people BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
