-- Each collection states the licence its articles are published under (issue 21 item 4):
-- an SPDX identifier from the list the collection form offers, CC BY 4.0 by default as in
-- BMC's journals. Each published article and correction keeps the licence it was published
-- under, so changing a collection's licence later relicenses nothing already published.
ALTER TABLE collections ADD COLUMN licence TEXT NOT NULL DEFAULT 'CC-BY-4.0';
ALTER TABLE published_articles ADD COLUMN licence TEXT NOT NULL DEFAULT 'CC-BY-4.0';
-- The DOI of the journal's Crossmark policy page, registered with Crossref by the publisher
-- (issue 21 item 5): with it, each deposited article carries a Crossmark block, and a
-- correction's names the article it updates. Empty: no Crossmark in the deposits.
ALTER TABLE journals ADD COLUMN crossmark_policy TEXT NOT NULL DEFAULT '';
UPDATE journals SET crossmark_policy = '10.1007/springer_crossmark_policy' WHERE name = 'BMC Cancer';
