DROP TRIGGER published_articles_expertise ON published_articles;
DROP TRIGGER submissions_expertise ON submissions;
DROP TRIGGER review_invitations_expertise ON review_invitations;
DROP TRIGGER publications_expertise ON publications;
DROP TRIGGER people_expertise ON people;
DROP FUNCTION bump_expertise_generation();
ALTER TABLE cache_generations DROP COLUMN expertise;
ALTER TABLE people DROP COLUMN expertise_updated_at;
ALTER TABLE people DROP COLUMN expertise_keywords;
