-- A collection's own letters (issue 18 part 3): every saved version of the wording of one
-- message (an invitation, a reminder, a decision letter of one kind …), newest in force.
-- No row: the shipped template (templates/email/) is the letter. A row whose origin is
-- 'default' puts the shipped template back in force, so the history shows that too.
CREATE TABLE letter_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection_id BIGINT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    -- The message, by its stable key (mail::letters::Letter::key).
    letter TEXT NOT NULL,
    version INTEGER NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('edited', 'restored', 'default')),
    -- For a restored version: the version it copies.
    restored_from INTEGER,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (collection_id, letter, version)
);
CREATE INDEX letter_versions_author_id_idx ON letter_versions (author_id);
