-- An account created or confirmed changes who counts as a confirmed colleague of an
-- institution (the reviewers' identity signals, issue 27), which the suggested reviewers
-- remember per institution under the `conflicts` token: it moves with them now.
CREATE TRIGGER accounts_conflicts AFTER INSERT OR DELETE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER accounts_confirmed_conflicts AFTER UPDATE OF email_verified_at ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();

-- A reviewer's last finished review (their load, shown beside each suggested or searched
-- reviewer) read from the index's end, not from every invitation they ever had.
CREATE INDEX review_invitations_reviewer_finished_idx ON review_invitations (reviewer_id, review_submitted_at);
