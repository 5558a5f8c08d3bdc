-- Who is this reviewer? (issue 27 item 1): how the editor found them, and the identity
-- signals shown when they were invited (one per line), kept with the invitation.
ALTER TABLE review_invitations ADD COLUMN found_by TEXT NOT NULL DEFAULT '';
ALTER TABLE review_invitations ADD COLUMN identity_signals TEXT NOT NULL DEFAULT '';
-- The signals look up how often an address was suggested, and who else is at an institution.
CREATE INDEX submission_preferences_email_idx ON submission_preferences (email);
CREATE INDEX affiliations_institution_idx ON affiliations (institution);
CREATE INDEX people_affiliation_idx ON people (affiliation);
