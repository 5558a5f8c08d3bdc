-- Which of the submission's authors a file's first pages name, by name or address, one a
-- line (issue 27 item 3: read when the file is attached, for double-blind review's
-- warnings). Empty when none, or for a file attached before this was read.
ALTER TABLE submission_files ADD COLUMN text_names TEXT NOT NULL DEFAULT '';
