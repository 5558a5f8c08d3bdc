-- Finding reviewers by expertise (issue 19 part 1). The keywords a person chooses on their
-- profile (one a line) and when they last changed them (the form's read_at), and a third
-- token beside `conflicts` and `lists` (migration 10): `expertise` takes a new random value
-- in every transaction that writes what the reviewer suggestions are computed from
-- (src/workflow/review/expertise.rs), so the in-process index is rebuilt only then.
ALTER TABLE people ADD COLUMN expertise_keywords TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN expertise_updated_at TIMESTAMP;
ALTER TABLE cache_generations ADD COLUMN expertise BIGINT NOT NULL DEFAULT 0;
UPDATE cache_generations SET expertise = floor(random() * 9007199254740991)::bigint WHERE id = 1;

CREATE FUNCTION bump_expertise_generation() RETURNS trigger AS $$
BEGIN
    UPDATE cache_generations SET expertise = floor(random() * 9007199254740991)::bigint WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER people_expertise AFTER UPDATE OF expertise_keywords OR DELETE ON people
    FOR EACH STATEMENT EXECUTE FUNCTION bump_expertise_generation();
CREATE TRIGGER publications_expertise AFTER INSERT OR UPDATE OR DELETE ON publications
    FOR EACH STATEMENT EXECUTE FUNCTION bump_expertise_generation();
-- An invitation accepted (willing to review) or a review submitted (a reviewed manuscript).
CREATE TRIGGER review_invitations_expertise AFTER UPDATE OF status, review_submitted_at OR DELETE ON review_invitations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_expertise_generation();
-- A reviewed or published manuscript's words (drafts are nobody's expertise yet).
CREATE TRIGGER submissions_expertise AFTER UPDATE OF title, keywords ON submissions
    FOR EACH ROW WHEN (NEW.state <> 'draft')
    EXECUTE FUNCTION bump_expertise_generation();
CREATE TRIGGER published_articles_expertise AFTER INSERT OR UPDATE OR DELETE ON published_articles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_expertise_generation();
