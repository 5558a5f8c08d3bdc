-- Finding reviewers by expertise (issue 19 part 1). The keywords a person chooses on their
-- profile (one a line) and when they last changed them (the form's read_at), and a third
-- token beside `conflicts` and `lists` (migration 10): `expertise` takes a new random value
-- in every transaction that writes what the reviewer suggestions are computed from
-- (src/workflow/review/expertise.rs), so the in-process index is rebuilt only then.
ALTER TABLE people ADD COLUMN expertise_keywords TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN expertise_updated_at TIMESTAMP;
ALTER TABLE cache_generations ADD COLUMN expertise BIGINT NOT NULL DEFAULT 0;
UPDATE cache_generations SET expertise = random() WHERE id = 1;

CREATE TRIGGER people_update_expertise AFTER UPDATE OF expertise_keywords ON people BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
CREATE TRIGGER people_delete_expertise AFTER DELETE ON people BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
CREATE TRIGGER publications_insert_expertise AFTER INSERT ON publications BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
CREATE TRIGGER publications_update_expertise AFTER UPDATE ON publications BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
CREATE TRIGGER publications_delete_expertise AFTER DELETE ON publications BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
-- An invitation accepted (willing to review) or a review submitted (a reviewed manuscript).
CREATE TRIGGER review_invitations_update_expertise AFTER UPDATE OF status, review_submitted_at ON review_invitations BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
CREATE TRIGGER review_invitations_delete_expertise AFTER DELETE ON review_invitations BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
-- A reviewed or published manuscript's words (drafts are nobody's expertise yet).
CREATE TRIGGER submissions_update_expertise AFTER UPDATE OF title, keywords ON submissions WHEN NEW.state <> 'draft' BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
CREATE TRIGGER published_articles_insert_expertise AFTER INSERT ON published_articles BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
CREATE TRIGGER published_articles_update_expertise AFTER UPDATE ON published_articles BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
CREATE TRIGGER published_articles_delete_expertise AFTER DELETE ON published_articles BEGIN UPDATE cache_generations SET expertise = random() WHERE id = 1; END;
