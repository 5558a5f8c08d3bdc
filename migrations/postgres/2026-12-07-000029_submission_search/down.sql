DROP TRIGGER submission_authors_search ON submission_authors;
DROP TRIGGER submissions_search ON submissions;
DROP FUNCTION submission_authors_search_trigger();
DROP FUNCTION submissions_search_trigger();
DROP FUNCTION refresh_submission_search(BIGINT);
DROP FUNCTION submission_search_document(BIGINT);
DROP FUNCTION search_words(TEXT);
DROP TABLE submission_search;
