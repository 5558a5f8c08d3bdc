DROP INDEX events_kind_subject_idx;
