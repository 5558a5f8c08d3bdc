-- The editors' search (issue 18 part 2): one full-text row per submission, its rowid the
-- submission's id, kept current by triggers so no write path can forget it. FTS5 is compiled
-- into the bundled SQLite (libsqlite3-sys `bundled` sets SQLITE_ENABLE_FTS5). The columns are
-- searched one by one (title, authors' names and e-mail addresses, keywords) or together.
-- `unicode61` splits on anything that is not a letter or digit, as the PostgreSQL side does
-- with its regexp_replace, so a word finds the same rows on both databases; the prefix
-- indexes make "onco" as quick as "oncology".
CREATE VIRTUAL TABLE submission_search USING fts5(
    number, title, authors, keywords,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

INSERT INTO submission_search (rowid, number, title, authors, keywords)
SELECT s.id, coalesce(s.manuscript_number, ''), s.title,
       coalesce((SELECT group_concat(a.name || ' ' || a.email, ' ') FROM submission_authors a WHERE a.submission_id = s.id), ''),
       s.keywords
FROM submissions s;

CREATE TRIGGER submissions_insert_search AFTER INSERT ON submissions BEGIN
    INSERT INTO submission_search (rowid, number, title, authors, keywords)
    VALUES (NEW.id, coalesce(NEW.manuscript_number, ''), NEW.title,
            coalesce((SELECT group_concat(a.name || ' ' || a.email, ' ') FROM submission_authors a WHERE a.submission_id = NEW.id), ''),
            NEW.keywords);
END;
CREATE TRIGGER submissions_update_search AFTER UPDATE OF manuscript_number, title, keywords ON submissions BEGIN
    UPDATE submission_search
    SET number = coalesce(NEW.manuscript_number, ''), title = NEW.title, keywords = NEW.keywords
    WHERE rowid = NEW.id;
END;
CREATE TRIGGER submissions_delete_search AFTER DELETE ON submissions BEGIN
    DELETE FROM submission_search WHERE rowid = OLD.id;
END;
CREATE TRIGGER submission_authors_insert_search AFTER INSERT ON submission_authors BEGIN
    UPDATE submission_search
    SET authors = coalesce((SELECT group_concat(a.name || ' ' || a.email, ' ') FROM submission_authors a WHERE a.submission_id = NEW.submission_id), '')
    WHERE rowid = NEW.submission_id;
END;
CREATE TRIGGER submission_authors_update_search AFTER UPDATE OF name, email, submission_id ON submission_authors BEGIN
    UPDATE submission_search
    SET authors = coalesce((SELECT group_concat(a.name || ' ' || a.email, ' ') FROM submission_authors a WHERE a.submission_id = OLD.submission_id), '')
    WHERE rowid = OLD.submission_id;
    UPDATE submission_search
    SET authors = coalesce((SELECT group_concat(a.name || ' ' || a.email, ' ') FROM submission_authors a WHERE a.submission_id = NEW.submission_id), '')
    WHERE rowid = NEW.submission_id;
END;
CREATE TRIGGER submission_authors_delete_search AFTER DELETE ON submission_authors BEGIN
    UPDATE submission_search
    SET authors = coalesce((SELECT group_concat(a.name || ' ' || a.email, ' ') FROM submission_authors a WHERE a.submission_id = OLD.submission_id), '')
    WHERE rowid = OLD.submission_id;
END;
