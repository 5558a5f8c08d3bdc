ALTER TABLE collections DROP COLUMN require_author_confirmation;
DROP INDEX authorship_requests_author_idx;
DROP INDEX authorship_requests_submission_idx;
DROP TABLE authorship_requests;
