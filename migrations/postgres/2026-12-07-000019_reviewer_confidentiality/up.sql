-- Reviewers confirm a confidentiality statement before the files open (issue 27 item 4):
-- the manuscript is not shared, nor uploaded to AI services. Editors see when.
ALTER TABLE review_invitations ADD COLUMN confidentiality_confirmed_at TIMESTAMP;
