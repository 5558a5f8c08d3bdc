DROP TABLE reminders_by_hand;
DROP TABLE revision_reminders;
DROP TABLE revision_deadlines;
DROP TABLE collection_deadlines;
