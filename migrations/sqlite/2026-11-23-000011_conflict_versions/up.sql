-- Versions of what a conflict verdict depends on, so that after a write the editorial memo
-- (src/memo.rs) re-checks only the verdicts it touched instead of all of them. A verdict
-- (person, submission) depends on the person's profile, the submission's own rows, and the
-- profiles of its registered authors; a profile includes every submission the person is
-- listed on (by account or e-mail address). Each write below gives the affected people or
-- submission a new random version; a missing row is version 0.
CREATE TABLE person_versions (
    person_id BIGINT PRIMARY KEY,
    v BIGINT NOT NULL
);
CREATE TABLE submission_versions (
    submission_id BIGINT PRIMARY KEY,
    v BIGINT NOT NULL
);

-- A person's own rows.
CREATE TRIGGER person_emails_insert_version AFTER INSERT ON person_emails BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.person_id, random() WHERE NEW.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER person_emails_update_version AFTER UPDATE ON person_emails BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.person_id, random() WHERE NEW.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER person_emails_delete_version AFTER DELETE ON person_emails BEGIN
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER affiliations_insert_version AFTER INSERT ON affiliations BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.person_id, random() WHERE NEW.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER affiliations_update_version AFTER UPDATE ON affiliations BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.person_id, random() WHERE NEW.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER affiliations_delete_version AFTER DELETE ON affiliations BEGIN
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER publications_insert_version AFTER INSERT ON publications BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.person_id, random() WHERE NEW.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER publications_update_version AFTER UPDATE ON publications BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.person_id, random() WHERE NEW.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER publications_delete_version AFTER DELETE ON publications BEGIN
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER declared_conflicts_insert_version AFTER INSERT ON declared_conflicts BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.person_id, random() WHERE NEW.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER declared_conflicts_update_version AFTER UPDATE ON declared_conflicts BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.person_id, random() WHERE NEW.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER declared_conflicts_delete_version AFTER DELETE ON declared_conflicts BEGIN
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER publication_coauthors_insert_version AFTER INSERT ON publication_coauthors BEGIN
    INSERT INTO person_versions (person_id, v) SELECT (SELECT person_id FROM publications WHERE id = NEW.publication_id), random() WHERE (SELECT person_id FROM publications WHERE id = NEW.publication_id) IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER publication_coauthors_update_version AFTER UPDATE ON publication_coauthors BEGIN
    INSERT INTO person_versions (person_id, v) SELECT (SELECT person_id FROM publications WHERE id = NEW.publication_id), random() WHERE (SELECT person_id FROM publications WHERE id = NEW.publication_id) IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT (SELECT person_id FROM publications WHERE id = OLD.publication_id), random() WHERE (SELECT person_id FROM publications WHERE id = OLD.publication_id) IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER publication_coauthors_delete_version AFTER DELETE ON publication_coauthors BEGIN
    INSERT INTO person_versions (person_id, v) SELECT (SELECT person_id FROM publications WHERE id = OLD.publication_id), random() WHERE (SELECT person_id FROM publications WHERE id = OLD.publication_id) IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER people_update_version AFTER UPDATE OF name, email, affiliation, orcid ON people BEGIN
    INSERT INTO person_versions (person_id, v) SELECT NEW.id, random() WHERE NEW.id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;

-- A submission's own rows.
CREATE TRIGGER submission_preferences_insert_version AFTER INSERT ON submission_preferences BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (NEW.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER submission_preferences_update_version AFTER UPDATE ON submission_preferences BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (NEW.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
    INSERT INTO submission_versions (submission_id, v) VALUES (OLD.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER submission_preferences_delete_version AFTER DELETE ON submission_preferences BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (OLD.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER submission_conflicts_insert_version AFTER INSERT ON submission_conflicts BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (NEW.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER submission_conflicts_update_version AFTER UPDATE ON submission_conflicts BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (NEW.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
    INSERT INTO submission_versions (submission_id, v) VALUES (OLD.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER submission_conflicts_delete_version AFTER DELETE ON submission_conflicts BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (OLD.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER conflict_rulings_insert_version AFTER INSERT ON conflict_rulings BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (NEW.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER conflict_rulings_update_version AFTER UPDATE ON conflict_rulings BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (NEW.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
    INSERT INTO submission_versions (submission_id, v) VALUES (OLD.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER conflict_rulings_delete_version AFTER DELETE ON conflict_rulings BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (OLD.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;

-- A submission's authors: the submission, and the profile of everyone listed on it.
CREATE TRIGGER submission_authors_insert_version AFTER INSERT ON submission_authors BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (NEW.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT id, random() FROM (SELECT person_id AS id FROM submission_authors WHERE submission_id = NEW.submission_id AND person_id IS NOT NULL UNION SELECT p.id FROM people p JOIN submission_authors sa ON sa.email = p.email WHERE sa.submission_id = NEW.submission_id UNION SELECT pe.person_id FROM person_emails pe JOIN submission_authors sa ON sa.email = pe.email WHERE sa.submission_id = NEW.submission_id) WHERE true ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER submission_authors_update_version AFTER UPDATE ON submission_authors BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (NEW.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
    INSERT INTO submission_versions (submission_id, v) VALUES (OLD.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT id, random() FROM (SELECT person_id AS id FROM submission_authors WHERE submission_id = NEW.submission_id AND person_id IS NOT NULL UNION SELECT p.id FROM people p JOIN submission_authors sa ON sa.email = p.email WHERE sa.submission_id = NEW.submission_id UNION SELECT pe.person_id FROM person_emails pe JOIN submission_authors sa ON sa.email = pe.email WHERE sa.submission_id = NEW.submission_id) WHERE true ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT id, random() FROM (SELECT person_id AS id FROM submission_authors WHERE submission_id = OLD.submission_id AND person_id IS NOT NULL UNION SELECT p.id FROM people p JOIN submission_authors sa ON sa.email = p.email WHERE sa.submission_id = OLD.submission_id UNION SELECT pe.person_id FROM person_emails pe JOIN submission_authors sa ON sa.email = pe.email WHERE sa.submission_id = OLD.submission_id) WHERE true ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT id, random() FROM (SELECT id FROM people WHERE email = OLD.email UNION SELECT person_id FROM person_emails WHERE email = OLD.email) WHERE true ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER submission_authors_delete_version AFTER DELETE ON submission_authors BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (OLD.submission_id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT id, random() FROM (SELECT person_id AS id FROM submission_authors WHERE submission_id = OLD.submission_id AND person_id IS NOT NULL UNION SELECT p.id FROM people p JOIN submission_authors sa ON sa.email = p.email WHERE sa.submission_id = OLD.submission_id UNION SELECT pe.person_id FROM person_emails pe JOIN submission_authors sa ON sa.email = pe.email WHERE sa.submission_id = OLD.submission_id) WHERE true ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT OLD.person_id, random() WHERE OLD.person_id IS NOT NULL ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT id, random() FROM (SELECT id FROM people WHERE email = OLD.email UNION SELECT person_id FROM person_emails WHERE email = OLD.email) WHERE true ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
CREATE TRIGGER submissions_update_version AFTER UPDATE ON submissions WHEN (OLD.state = 'draft') <> (NEW.state = 'draft') OR OLD.title <> NEW.title OR OLD.submitted_at IS NOT NEW.submitted_at BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (NEW.id, random()) ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
    INSERT INTO person_versions (person_id, v) SELECT id, random() FROM (SELECT person_id AS id FROM submission_authors WHERE submission_id = NEW.id AND person_id IS NOT NULL UNION SELECT p.id FROM people p JOIN submission_authors sa ON sa.email = p.email WHERE sa.submission_id = NEW.id UNION SELECT pe.person_id FROM person_emails pe JOIN submission_authors sa ON sa.email = pe.email WHERE sa.submission_id = NEW.id) WHERE true ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
