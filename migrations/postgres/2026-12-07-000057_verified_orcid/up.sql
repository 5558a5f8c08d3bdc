-- ORCID iDs verified through ORCID sign-in (issue 20 item 8). A typed iD proves nothing, so
-- it is no longer unique across accounts (whoever typed a researcher's iD first would lock
-- them out); an iD confirmed through ORCID is, and wins over typed copies.
ALTER TABLE people DROP CONSTRAINT people_orcid_key;
-- When the iD was confirmed through ORCID sign-in; NULL for an iD typed by hand.
ALTER TABLE people ADD COLUMN orcid_verified_at TIMESTAMP;
CREATE INDEX people_orcid_idx ON people (orcid);
CREATE UNIQUE INDEX people_verified_orcid_idx ON people (orcid) WHERE orcid_verified_at IS NOT NULL;
