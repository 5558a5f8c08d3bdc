ALTER TABLE journals DROP COLUMN crossmark_policy;
ALTER TABLE published_articles DROP COLUMN licence;
ALTER TABLE collections DROP COLUMN licence;
