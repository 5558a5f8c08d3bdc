-- Discussion on a submission (issue 28 part 1): two threads a submission, 'reviewers'
-- (editors and reviewers) and 'authors' (editors and the submitting author). A message is
-- kept as written; who posted it is shown to each reader by the blinding rules at read time.
CREATE TABLE discussion_messages (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    thread TEXT NOT NULL CHECK (thread IN ('reviewers', 'authors')),
    posted_by BIGINT NOT NULL REFERENCES people (id),
    -- The seat they wrote from, which decides how each reader sees them named.
    posted_as TEXT NOT NULL CHECK (posted_as IN ('editor', 'reviewer', 'author')),
    body TEXT NOT NULL,
    posted_at TIMESTAMP NOT NULL
);
CREATE INDEX discussion_messages_thread_idx ON discussion_messages (submission_id, thread, posted_at);
CREATE INDEX discussion_messages_posted_by_idx ON discussion_messages (posted_by);

-- When each person last opened each thread: what is newer is marked "New" for them.
CREATE TABLE discussion_reads (
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    thread TEXT NOT NULL,
    last_read_at TIMESTAMP NOT NULL,
    PRIMARY KEY (person_id, submission_id, thread)
);
CREATE INDEX discussion_reads_submission_id_idx ON discussion_reads (submission_id);
