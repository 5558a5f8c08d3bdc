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
INSERT INTO cache_generations (id, conflicts, lists) VALUES (1, floor(random() * 9007199254740991)::bigint, floor(random() * 9007199254740991)::bigint);

CREATE FUNCTION bump_conflicts_generation() RETURNS trigger AS $$
BEGIN
    UPDATE cache_generations SET conflicts = floor(random() * 9007199254740991)::bigint WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION bump_lists_generation() RETURNS trigger AS $$
BEGIN
    UPDATE cache_generations SET lists = floor(random() * 9007199254740991)::bigint WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- What the conflict rules read (src/db/profiles.rs: profile_of, parties_of).
CREATE TRIGGER person_emails_conflicts AFTER INSERT OR UPDATE OR DELETE ON person_emails
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER affiliations_conflicts AFTER INSERT OR UPDATE OR DELETE ON affiliations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER publications_conflicts AFTER INSERT OR UPDATE OR DELETE ON publications
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER publication_coauthors_conflicts AFTER INSERT OR UPDATE OR DELETE ON publication_coauthors
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER declared_conflicts_conflicts AFTER INSERT OR UPDATE OR DELETE ON declared_conflicts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER submission_authors_conflicts AFTER INSERT OR UPDATE OR DELETE ON submission_authors
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER submission_preferences_conflicts AFTER INSERT OR UPDATE OR DELETE ON submission_preferences
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER submission_conflicts_conflicts AFTER INSERT OR UPDATE OR DELETE ON submission_conflicts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER conflict_rulings_conflicts AFTER INSERT OR UPDATE OR DELETE ON conflict_rulings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER people_conflicts AFTER UPDATE OF name, email, affiliation, orcid OR DELETE ON people
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();
-- A submission is a paper in its authors' records once it leaves draft (title, year).
CREATE TRIGGER submissions_update_conflicts AFTER UPDATE ON submissions
    FOR EACH ROW WHEN ((OLD.state = 'draft') <> (NEW.state = 'draft')
        OR OLD.title <> NEW.title OR OLD.submitted_at IS DISTINCT FROM NEW.submitted_at)
    EXECUTE FUNCTION bump_conflicts_generation();
CREATE TRIGGER submissions_delete_conflicts AFTER DELETE ON submissions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_conflicts_generation();

-- What the lists are made of.
CREATE TRIGGER submissions_lists AFTER INSERT OR UPDATE OR DELETE ON submissions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_lists_generation();
CREATE TRIGGER collections_lists AFTER INSERT OR UPDATE OR DELETE ON collections
    FOR EACH STATEMENT EXECUTE FUNCTION bump_lists_generation();
-- What the handling-editor candidates are made of, besides the above.
CREATE TRIGGER roles_lists AFTER INSERT OR UPDATE OR DELETE ON roles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_lists_generation();
CREATE TRIGGER editor_profiles_lists AFTER INSERT OR UPDATE OR DELETE ON editor_profiles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_lists_generation();
CREATE TRIGGER handling_assignments_lists AFTER INSERT OR UPDATE OR DELETE ON handling_assignments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_lists_generation();
CREATE TRIGGER submission_topics_lists AFTER INSERT OR UPDATE OR DELETE ON submission_topics
    FOR EACH STATEMENT EXECUTE FUNCTION bump_lists_generation();
