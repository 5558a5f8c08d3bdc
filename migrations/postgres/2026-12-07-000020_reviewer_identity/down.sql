DROP INDEX people_affiliation_idx;
DROP INDEX affiliations_institution_idx;
DROP INDEX submission_preferences_email_idx;
ALTER TABLE review_invitations DROP COLUMN identity_signals;
ALTER TABLE review_invitations DROP COLUMN found_by;
