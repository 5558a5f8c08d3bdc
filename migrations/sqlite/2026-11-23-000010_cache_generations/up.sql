-- Two tokens the in-process caches of the editorial pages are keyed on (src/memo.rs).
-- Every write to a table the conflict rules read gives `conflicts` a new random value, every
-- write to what the editorial lists and the handling-editor candidates are made of gives
-- `lists` one (submissions, collections, roles, editor profiles, assignments, topics); a
-- cache entry made under another value is not used. The triggers do it, so no write path can forget to. Random rather than
-- counted: a value from a transaction that rolled back is never seen again.
CREATE TABLE cache_generations (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    conflicts BIGINT NOT NULL,
    lists BIGINT NOT NULL
);
INSERT INTO cache_generations (id, conflicts, lists) VALUES (1, random(), random());

-- What the conflict rules read (src/db/profiles.rs: profile_of, parties_of).
CREATE TRIGGER person_emails_insert_conflicts AFTER INSERT ON person_emails BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER person_emails_update_conflicts AFTER UPDATE ON person_emails BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER person_emails_delete_conflicts AFTER DELETE ON person_emails BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER affiliations_insert_conflicts AFTER INSERT ON affiliations BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER affiliations_update_conflicts AFTER UPDATE ON affiliations BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER affiliations_delete_conflicts AFTER DELETE ON affiliations BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER publications_insert_conflicts AFTER INSERT ON publications BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER publications_update_conflicts AFTER UPDATE ON publications BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER publications_delete_conflicts AFTER DELETE ON publications BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER publication_coauthors_insert_conflicts AFTER INSERT ON publication_coauthors BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER publication_coauthors_update_conflicts AFTER UPDATE ON publication_coauthors BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER publication_coauthors_delete_conflicts AFTER DELETE ON publication_coauthors BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER declared_conflicts_insert_conflicts AFTER INSERT ON declared_conflicts BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER declared_conflicts_update_conflicts AFTER UPDATE ON declared_conflicts BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER declared_conflicts_delete_conflicts AFTER DELETE ON declared_conflicts BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submission_authors_insert_conflicts AFTER INSERT ON submission_authors BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submission_authors_update_conflicts AFTER UPDATE ON submission_authors BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submission_authors_delete_conflicts AFTER DELETE ON submission_authors BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submission_preferences_insert_conflicts AFTER INSERT ON submission_preferences BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submission_preferences_update_conflicts AFTER UPDATE ON submission_preferences BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submission_preferences_delete_conflicts AFTER DELETE ON submission_preferences BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submission_conflicts_insert_conflicts AFTER INSERT ON submission_conflicts BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submission_conflicts_update_conflicts AFTER UPDATE ON submission_conflicts BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submission_conflicts_delete_conflicts AFTER DELETE ON submission_conflicts BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER conflict_rulings_insert_conflicts AFTER INSERT ON conflict_rulings BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER conflict_rulings_update_conflicts AFTER UPDATE ON conflict_rulings BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER conflict_rulings_delete_conflicts AFTER DELETE ON conflict_rulings BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER people_update_conflicts AFTER UPDATE OF name, email, affiliation, orcid ON people BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER people_delete_conflicts AFTER DELETE ON people BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submissions_update_conflicts AFTER UPDATE ON submissions WHEN (OLD.state = 'draft') <> (NEW.state = 'draft') OR OLD.title <> NEW.title OR OLD.submitted_at IS NOT NEW.submitted_at BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;
CREATE TRIGGER submissions_delete_conflicts AFTER DELETE ON submissions BEGIN UPDATE cache_generations SET conflicts = random() WHERE id = 1; END;

-- What the lists are made of.
CREATE TRIGGER submissions_insert_lists AFTER INSERT ON submissions BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER submissions_update_lists AFTER UPDATE ON submissions BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER submissions_delete_lists AFTER DELETE ON submissions BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER collections_insert_lists AFTER INSERT ON collections BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER collections_update_lists AFTER UPDATE ON collections BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER collections_delete_lists AFTER DELETE ON collections BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
-- What the handling-editor candidates are made of, besides the above.
CREATE TRIGGER roles_insert_lists AFTER INSERT ON roles BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER roles_update_lists AFTER UPDATE ON roles BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER roles_delete_lists AFTER DELETE ON roles BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER editor_profiles_insert_lists AFTER INSERT ON editor_profiles BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER editor_profiles_update_lists AFTER UPDATE ON editor_profiles BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER editor_profiles_delete_lists AFTER DELETE ON editor_profiles BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER handling_assignments_insert_lists AFTER INSERT ON handling_assignments BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER handling_assignments_update_lists AFTER UPDATE ON handling_assignments BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER handling_assignments_delete_lists AFTER DELETE ON handling_assignments BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER submission_topics_insert_lists AFTER INSERT ON submission_topics BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER submission_topics_update_lists AFTER UPDATE ON submission_topics BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
CREATE TRIGGER submission_topics_delete_lists AFTER DELETE ON submission_topics BEGIN UPDATE cache_generations SET lists = random() WHERE id = 1; END;
