ALTER TABLE collection_deadlines DROP COLUMN fast_review_hours;
ALTER TABLE integrity_signals DROP COLUMN ruling_outcome;
