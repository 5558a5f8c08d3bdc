DROP TRIGGER accounts_conflicts ON accounts;
DROP TRIGGER accounts_confirmed_conflicts ON accounts;
DROP INDEX review_invitations_reviewer_finished_idx;
