-- The editors' search (issue 18 part 2): one tsvector per submission, weighted by field
-- (A title, B authors' names and e-mail addresses, C keywords, D manuscript number) so a
-- query searches one field ('word':*B) or all, with a GIN index; kept current by triggers,
-- inside the writing transaction, so no write path can forget it. The 'simple'
-- configuration (no stemming, no stop words) and the regexp that turns anything but letters
-- and digits into spaces make a word find the same rows as SQLite's FTS5 `unicode61`.
CREATE TABLE submission_search (
    submission_id BIGINT PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
    document tsvector NOT NULL
);

CREATE FUNCTION search_words(t TEXT) RETURNS TEXT AS $$
    SELECT regexp_replace(coalesce(t, ''), '[^[:alnum:]]+', ' ', 'g')
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION submission_search_document(sid BIGINT) RETURNS tsvector AS $$
    SELECT setweight(to_tsvector('simple', search_words(s.title)), 'A')
        || setweight(to_tsvector('simple', search_words(
               (SELECT string_agg(a.name || ' ' || a.email, ' ') FROM submission_authors a WHERE a.submission_id = sid))), 'B')
        || setweight(to_tsvector('simple', search_words(s.keywords)), 'C')
        || setweight(to_tsvector('simple', search_words(s.manuscript_number)), 'D')
    FROM submissions s WHERE s.id = sid
$$ LANGUAGE sql STABLE;

CREATE FUNCTION refresh_submission_search(sid BIGINT) RETURNS void AS $$
BEGIN
    INSERT INTO submission_search (submission_id, document)
    SELECT sid, submission_search_document(sid)
    WHERE EXISTS (SELECT 1 FROM submissions WHERE id = sid)
    ON CONFLICT (submission_id) DO UPDATE SET document = EXCLUDED.document;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION submissions_search_trigger() RETURNS trigger AS $$
BEGIN
    PERFORM refresh_submission_search(NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION submission_authors_search_trigger() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM refresh_submission_search(OLD.submission_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM refresh_submission_search(NEW.submission_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

INSERT INTO submission_search (submission_id, document)
SELECT id, submission_search_document(id) FROM submissions;

CREATE INDEX submission_search_document_idx ON submission_search USING GIN (document);

CREATE TRIGGER submissions_search AFTER INSERT OR UPDATE OF manuscript_number, title, keywords ON submissions
    FOR EACH ROW EXECUTE FUNCTION submissions_search_trigger();
CREATE TRIGGER submission_authors_search AFTER INSERT OR UPDATE OR DELETE ON submission_authors
    FOR EACH ROW EXECUTE FUNCTION submission_authors_search_trigger();
