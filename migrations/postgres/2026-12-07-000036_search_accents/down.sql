CREATE OR REPLACE FUNCTION search_words(t TEXT) RETURNS TEXT AS $$
    SELECT regexp_replace(coalesce(t, ''), '[^[:alnum:]]+', ' ', 'g')
$$ LANGUAGE sql IMMUTABLE;

UPDATE submission_search SET document = submission_search_document(submission_id);

DROP FUNCTION search_fold(TEXT);
