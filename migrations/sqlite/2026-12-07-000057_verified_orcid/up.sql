-- ORCID iDs verified through ORCID sign-in (issue 20 item 8). A typed iD proves nothing, so
-- it is no longer unique across accounts (whoever typed a researcher's iD first would lock
-- them out); an iD confirmed through ORCID is, and wins over typed copies.
--
-- SQLite cannot drop a UNIQUE column constraint without rebuilding `people`, which 19 tables
-- reference. The old column is renamed out of the way instead (its unique index goes with
-- it) and stays empty; the iD moves to a new, plain column of the same name.
ALTER TABLE people RENAME COLUMN orcid TO orcid_unique_until_57;
ALTER TABLE people ADD COLUMN orcid TEXT;
-- When the iD was confirmed through ORCID sign-in; NULL for an iD typed by hand.
ALTER TABLE people ADD COLUMN orcid_verified_at TIMESTAMP;
DROP TRIGGER people_update_version;
DROP TRIGGER people_update_conflicts;
UPDATE people SET orcid = orcid_unique_until_57, orcid_unique_until_57 = NULL;
CREATE TRIGGER people_update_version AFTER UPDATE OF name, email, affiliation, orcid ON people BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.id, random() WHERE NEW.id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER people_update_conflicts AFTER UPDATE OF name, email, affiliation, orcid ON people BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE INDEX people_orcid_idx ON people (orcid);
CREATE UNIQUE INDEX people_verified_orcid_idx ON people (orcid) WHERE orcid_verified_at IS NOT NULL;
