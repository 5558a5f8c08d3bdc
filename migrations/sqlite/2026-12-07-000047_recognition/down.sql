ALTER TABLE collections DROP COLUMN share_reviews_with_reviewers;
DROP TABLE review_ratings;
