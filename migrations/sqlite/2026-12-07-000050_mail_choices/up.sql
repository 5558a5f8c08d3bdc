-- Mail as each person wants it (issue 28 part 5): per topic of notice, at once or in the
-- daily digest (domain::mail_choices). A row only for a topic sent in the digest.
CREATE TABLE mail_choices (
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    PRIMARY KEY (person_id, topic)
);

-- Whoever chose the digest before had it for every notice that may wait.
INSERT INTO mail_choices (person_id, topic) SELECT id, 'discussion' FROM people WHERE mail_digest;
INSERT INTO mail_choices (person_id, topic) SELECT id, 'reviewer_answers' FROM people WHERE mail_digest;
INSERT INTO mail_choices (person_id, topic) SELECT id, 'reviews_received' FROM people WHERE mail_digest;
INSERT INTO mail_choices (person_id, topic) SELECT id, 'co_author_news' FROM people WHERE mail_digest;
INSERT INTO mail_choices (person_id, topic) SELECT id, 'roles' FROM people WHERE mail_digest;

-- people.mail_digest stays, unread from here on, so that reverting this migration gives back
-- the table as it was (a column added again would come last); the down migration writes
-- the choices back into it.

-- The link in each digest's List-Unsubscribe header and footer: opens that person's choices
-- without signing in. Only the token's SHA-256 is kept.
CREATE TABLE mail_choice_links (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mail_choice_links_person_idx ON mail_choice_links (person_id);

-- The List-Unsubscribe address a message carries (digests only).
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
