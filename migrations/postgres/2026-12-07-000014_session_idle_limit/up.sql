-- Sessions of the people who decide end after this many idle minutes (ASVS 3.3.2), unless
-- they chose to stay signed in on the device; NULL: no idle limit (authors, reviewers).
ALTER TABLE sessions ADD COLUMN idle_minutes INTEGER;
