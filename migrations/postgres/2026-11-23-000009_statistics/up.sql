-- The statistics page groups the decision events of every submission (issue #7 item 7):
-- this index answers "events of these kinds, by submission, with their times" from the
-- index alone, without reading the rows (notes included).
CREATE INDEX events_kind_subject_idx ON events (kind, subject_type, subject_id, occurred_at);
