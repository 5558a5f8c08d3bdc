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

CREATE FUNCTION bump_person_version(pid BIGINT) RETURNS void AS $$
BEGIN
    IF pid IS NOT NULL THEN
        INSERT INTO person_versions (person_id, v) VALUES (pid, floor(random() * 9007199254740991)::bigint)
            ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION bump_people_with_email(e TEXT) RETURNS void AS $$
BEGIN
    INSERT INTO person_versions (person_id, v)
        SELECT id, floor(random() * 9007199254740991)::bigint FROM (SELECT id FROM people WHERE email = e
                             UNION SELECT person_id FROM person_emails WHERE email = e) x
        ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
$$ LANGUAGE plpgsql;

-- Everyone listed on the submission, by account or by address.
CREATE FUNCTION bump_authors_of(sid BIGINT) RETURNS void AS $$
BEGIN
    INSERT INTO person_versions (person_id, v)
        SELECT id, floor(random() * 9007199254740991)::bigint FROM (
            SELECT person_id AS id FROM submission_authors WHERE submission_id = sid AND person_id IS NOT NULL
            UNION SELECT p.id FROM people p JOIN submission_authors sa ON sa.email = p.email WHERE sa.submission_id = sid
            UNION SELECT pe.person_id FROM person_emails pe JOIN submission_authors sa ON sa.email = pe.email WHERE sa.submission_id = sid
        ) x
        ON CONFLICT (person_id) DO UPDATE SET v = excluded.v;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION bump_submission_version(sid BIGINT) RETURNS void AS $$
BEGIN
    INSERT INTO submission_versions (submission_id, v) VALUES (sid, floor(random() * 9007199254740991)::bigint)
        ON CONFLICT (submission_id) DO UPDATE SET v = excluded.v;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION person_row_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN PERFORM bump_person_version(NEW.person_id); END IF;
    IF TG_OP <> 'INSERT' THEN PERFORM bump_person_version(OLD.person_id); END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION coauthor_row_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM bump_person_version((SELECT person_id FROM publications WHERE id = NEW.publication_id));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM bump_person_version((SELECT person_id FROM publications WHERE id = OLD.publication_id));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION people_row_version() RETURNS trigger AS $$
BEGIN
    PERFORM bump_person_version(NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION submission_part_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN PERFORM bump_submission_version(NEW.submission_id); END IF;
    IF TG_OP <> 'INSERT' THEN PERFORM bump_submission_version(OLD.submission_id); END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION author_row_version() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM bump_submission_version(NEW.submission_id);
        PERFORM bump_authors_of(NEW.submission_id);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM bump_submission_version(OLD.submission_id);
        PERFORM bump_authors_of(OLD.submission_id);
        PERFORM bump_person_version(OLD.person_id);
        PERFORM bump_people_with_email(OLD.email);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION submission_row_version() RETURNS trigger AS $$
BEGIN
    PERFORM bump_submission_version(NEW.id);
    PERFORM bump_authors_of(NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER person_emails_version AFTER INSERT OR UPDATE OR DELETE ON person_emails
    FOR EACH ROW EXECUTE FUNCTION person_row_version();
CREATE TRIGGER affiliations_version AFTER INSERT OR UPDATE OR DELETE ON affiliations
    FOR EACH ROW EXECUTE FUNCTION person_row_version();
CREATE TRIGGER publications_version AFTER INSERT OR UPDATE OR DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION person_row_version();
CREATE TRIGGER declared_conflicts_version AFTER INSERT OR UPDATE OR DELETE ON declared_conflicts
    FOR EACH ROW EXECUTE FUNCTION person_row_version();
CREATE TRIGGER publication_coauthors_version AFTER INSERT OR UPDATE OR DELETE ON publication_coauthors
    FOR EACH ROW EXECUTE FUNCTION coauthor_row_version();
CREATE TRIGGER people_version AFTER UPDATE OF name, email, affiliation, orcid ON people
    FOR EACH ROW EXECUTE FUNCTION people_row_version();
CREATE TRIGGER submission_preferences_version AFTER INSERT OR UPDATE OR DELETE ON submission_preferences
    FOR EACH ROW EXECUTE FUNCTION submission_part_version();
CREATE TRIGGER submission_conflicts_version AFTER INSERT OR UPDATE OR DELETE ON submission_conflicts
    FOR EACH ROW EXECUTE FUNCTION submission_part_version();
CREATE TRIGGER conflict_rulings_version AFTER INSERT OR UPDATE OR DELETE ON conflict_rulings
    FOR EACH ROW EXECUTE FUNCTION submission_part_version();
CREATE TRIGGER submission_authors_version AFTER INSERT OR UPDATE OR DELETE ON submission_authors
    FOR EACH ROW EXECUTE FUNCTION author_row_version();
CREATE TRIGGER submissions_version AFTER UPDATE ON submissions
    FOR EACH ROW WHEN ((OLD.state = 'draft') <> (NEW.state = 'draft')
        OR OLD.title <> NEW.title OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at) EXECUTE FUNCTION submission_row_version();
