-- The editor-in-chief's ruling on a signal (issue 27 item 2): "no_concern" (looked at: no
-- concern) or "concern", beside the reason already kept in `ruling`. Empty while open.
ALTER TABLE integrity_signals ADD COLUMN ruling_outcome TEXT NOT NULL DEFAULT '';
-- A report sent sooner than this many hours after its reviewer accepted raises a signal;
-- each collection's own, set by its editor-in-chief with its other deadlines.
ALTER TABLE collection_deadlines ADD COLUMN fast_review_hours INTEGER NOT NULL DEFAULT 24;
