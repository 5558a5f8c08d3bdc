-- The authors' declaration of generative AI use (issue 27 item 4): "none" or "used" with
-- which tool and for what. Empty: not answered (a draft, or a manuscript submitted before the
-- question was asked; its pages say so). Each revised version carries the declaration sent
-- with it, so editors see what changed between rounds.
ALTER TABLE submissions ADD COLUMN ai_use TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN ai_use_details TEXT NOT NULL DEFAULT '';
ALTER TABLE revision_responses ADD COLUMN ai_use TEXT NOT NULL DEFAULT '';
ALTER TABLE revision_responses ADD COLUMN ai_use_details TEXT NOT NULL DEFAULT '';
