DROP TABLE review_reminders;
DROP TABLE review_tokens;
DROP TABLE review_invitations;
