-- Publishing: the journal's published record of the collection. One table holds both
-- published research articles and the corrections to them, because a correction is itself
-- published in the journal with its own citation (BMC Cancer 2024 24:563) and DOI: article
-- numbers and DOIs are unique across both, which one table's constraints give for free.
-- (The older table `publications` is something else: the publication history people list
-- in their profiles.)

-- What the metadata exports (JATS, Crossref) say about the journal itself.
ALTER TABLE journals ADD COLUMN issn TEXT NOT NULL DEFAULT '';
ALTER TABLE journals ADD COLUMN publisher TEXT NOT NULL DEFAULT '';
UPDATE journals SET issn = '1471-2407', publisher = 'BioMed Central' WHERE name = 'BMC Cancer';

CREATE TABLE published_articles (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- 'article': a research article published from an accepted submission;
    -- 'correction': a notice correcting an article published earlier.
    kind TEXT NOT NULL CHECK (kind IN ('article', 'correction')),
    -- The accepted submission it was published from (articles only).
    submission_id BIGINT UNIQUE REFERENCES submissions (id),
    -- The article a correction corrects (corrections only).
    corrects_id BIGINT REFERENCES published_articles (id),
    journal_id BIGINT NOT NULL REFERENCES journals (id),
    collection_id BIGINT NOT NULL REFERENCES collections (id),
    -- The title as published ("Correction: …" for a correction).
    title TEXT NOT NULL,
    -- The text of a correction notice; empty for an article (its abstract is the submission's).
    notice TEXT NOT NULL DEFAULT '',
    -- The citation: BMC Cancer {year} {volume}:{article_number}.
    year INTEGER NOT NULL,
    volume INTEGER NOT NULL CHECK (volume > 0),
    article_number INTEGER NOT NULL CHECK (article_number > 0),
    doi TEXT NOT NULL UNIQUE,
    published_on DATE NOT NULL,
    published_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    published_at TIMESTAMP NOT NULL,
    -- The final PDF, stored by content hash like manuscript files (articles only).
    pdf_sha256 TEXT,
    pdf_size_bytes BIGINT,
    pdf_original_name TEXT,
    UNIQUE (journal_id, volume, article_number),
    CHECK (
        (kind = 'article' AND submission_id IS NOT NULL AND corrects_id IS NULL
            AND pdf_sha256 IS NOT NULL AND pdf_size_bytes IS NOT NULL AND pdf_original_name IS NOT NULL)
        OR (kind = 'correction' AND submission_id IS NULL AND corrects_id IS NOT NULL)
    )
);
CREATE INDEX published_articles_corrects_id_idx ON published_articles (corrects_id);
CREATE INDEX published_articles_collection_idx ON published_articles (collection_id, kind, published_on);
CREATE INDEX published_articles_published_by_idx ON published_articles (published_by);
CREATE INDEX published_articles_pdf_idx ON published_articles (pdf_sha256);
