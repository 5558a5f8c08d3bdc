CREATE INDEX IF NOT EXISTS review_invitations_status_idx ON review_invitations (status, due_on);
DROP INDEX IF EXISTS review_invitations_overdue_idx;
