-- Accents fold on PostgreSQL as on SQLite (issue 18): FTS5's `unicode61 remove_diacritics 2`
-- finds "São" with "sao" and "Dvořák" with "dvorak"; the 'simple' configuration does not
-- fold. `search_fold` maps each Latin letter with a diacritic that decomposes to a base
-- letter (as unicode61 folds them; ø, ł, đ have no decomposition and stay) to that base
-- letter, in either case (lower() alone depends on the server's locale). The documents are
-- folded through `search_words`, the query through `search_fold` in src/db/search.rs. No
-- extension is needed (`unaccent` is contrib, not on every server).
CREATE FUNCTION search_fold(t TEXT) RETURNS TEXT AS $$
    SELECT translate(t,
        'àáâãäåāăąçćĉċčďèéêëēĕėęěĝğġģĥìíîïĩīĭįĵķĺļľñńņňòóôõöōŏőŕŗřśŝşšșţťțùúûüũūŭůűųŵýÿŷźżžÀÁÂÃÄÅĀĂĄÇĆĈĊČĎÈÉÊËĒĔĖĘĚĜĞĠĢĤÌÍÎÏĨĪĬĮĴĶĹĻĽÑŃŅŇÒÓÔÕÖŌŎŐŔŖŘŚŜŞŠȘŢŤȚÙÚÛÜŨŪŬŮŰŲŴÝŸŶŹŻŽ',
        'aaaaaaaaacccccdeeeeeeeeegggghiiiiiiiijklllnnnnoooooooorrrssssstttuuuuuuuuuuwyyyzzzaaaaaaaaacccccdeeeeeeeeegggghiiiiiiiijklllnnnnoooooooorrrssssstttuuuuuuuuuuwyyyzzz')
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION search_words(t TEXT) RETURNS TEXT AS $$
    SELECT search_fold(lower(regexp_replace(coalesce(t, ''), '[^[:alnum:]]+', ' ', 'g')))
$$ LANGUAGE sql IMMUTABLE;

UPDATE submission_search SET document = submission_search_document(submission_id);
