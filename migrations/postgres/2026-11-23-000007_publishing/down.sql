DROP TABLE published_articles;
ALTER TABLE journals DROP COLUMN publisher;
ALTER TABLE journals DROP COLUMN issn;
