-- A collection's structured review form (issue 19 part 2): every saved version of its
-- questions, newest in force; a version never changes once saved. No row: today's form
-- (recommendation, comments to the authors, confidential comments), which every version
-- keeps. `questions` is the list as JSON (domain::review::questions::Question).
CREATE TABLE review_form_versions (
    id INTEGER PRIMARY KEY,
    collection_id BIGINT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    questions TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (collection_id, version)
);
CREATE INDEX review_form_versions_author_id_idx ON review_form_versions (author_id);
-- A reviewer's answers, against the version they answer (fixed at their first save). No
-- row: the review answers today's form only. `answers` is JSON (question key -> answer).
CREATE TABLE review_form_answers (
    invitation_id BIGINT PRIMARY KEY REFERENCES review_invitations (id) ON DELETE CASCADE,
    form_version_id BIGINT NOT NULL REFERENCES review_form_versions (id),
    answers TEXT NOT NULL
);
CREATE INDEX review_form_answers_form_version_id_idx ON review_form_answers (form_version_id);
