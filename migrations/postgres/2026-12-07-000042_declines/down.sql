DROP TABLE reviewers_wanted;
DROP TABLE backup_reviewers;
DROP TABLE review_declines;
