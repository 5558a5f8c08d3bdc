-- Each collection states the licence its articles are published under (issue 21 item 4):
-- an SPDX identifier from the list the collection form offers, CC BY 4.0 by default as in
-- BMC's journals. Each published article and correction keeps the licence it was published
-- under, so changing a collection's licence later relicenses nothing already published.
ALTER TABLE collections ADD COLUMN licence TEXT NOT NULL DEFAULT 'CC-BY-4.0';
ALTER TABLE published_articles ADD COLUMN licence TEXT NOT NULL DEFAULT 'CC-BY-4.0';
