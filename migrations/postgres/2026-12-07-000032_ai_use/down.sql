ALTER TABLE revision_responses DROP COLUMN ai_use_details;
ALTER TABLE revision_responses DROP COLUMN ai_use;
ALTER TABLE submissions DROP COLUMN ai_use_details;
ALTER TABLE submissions DROP COLUMN ai_use;
