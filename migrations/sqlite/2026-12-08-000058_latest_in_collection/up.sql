-- The latest submissions of a collection with their handling editors, read newest first
-- without sorting the whole collection: who handles what share of it now, which the
-- review-ring signal "one reviewer, many submissions of one handling editor" weighs each
-- review against (issue 27).
CREATE INDEX submissions_latest_in_collection_idx ON submissions (collection_id, id, handling_editor_id);
