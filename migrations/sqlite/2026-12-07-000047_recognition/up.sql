-- Recognition for reviewers (issue 19 part 3). The editors' rating of a submitted review:
-- 1 below expectations, 2 good, 3 excellent, with a note; private to the editors who read the
-- submission's reviews. One row per review: a new rating replaces the old (the latest counts).
CREATE TABLE review_ratings (
    invitation_id BIGINT PRIMARY KEY REFERENCES review_invitations (id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 3),
    note TEXT NOT NULL DEFAULT '',
    rated_by BIGINT NOT NULL REFERENCES people (id),
    rated_at TIMESTAMP NOT NULL
);
CREATE INDEX review_ratings_rated_by_idx ON review_ratings (rated_by);

-- Whether the thank-you after a decision quotes the other reviewers' comments to the authors
-- (as "Reviewer N") to each reviewer of the round; off unless the editor-in-chief turns it on.
ALTER TABLE collections ADD COLUMN share_reviews_with_reviewers BOOLEAN NOT NULL DEFAULT FALSE;
