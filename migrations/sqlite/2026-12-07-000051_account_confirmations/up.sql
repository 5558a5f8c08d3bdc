-- An account created or confirmed changes who counts as a confirmed colleague of an
-- institution (the reviewers' identity signals, issue 27), which the suggested reviewers
-- remember per institution under the `conflicts` token: it moves with them now.
CREATE TRIGGER accounts_insert_conflicts AFTER INSERT ON accounts BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER accounts_confirmed_conflicts AFTER UPDATE OF email_verified_at ON accounts BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER accounts_delete_conflicts AFTER DELETE ON accounts BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;

-- A reviewer's last finished review (their load, shown beside each suggested or searched
-- reviewer) read from the index's end, not from every invitation they ever had.
CREATE INDEX review_invitations_reviewer_finished_idx ON review_invitations (reviewer_id, review_submitted_at);
