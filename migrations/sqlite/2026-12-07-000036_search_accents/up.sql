-- Nothing to do on SQLite: FTS5's `unicode61 remove_diacritics 2` folds accents already
-- (migration 29). The PostgreSQL side of this migration does the same there.
SELECT 1;
