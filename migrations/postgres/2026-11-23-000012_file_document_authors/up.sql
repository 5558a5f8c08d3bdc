-- Who a file's own document properties name as its author (a PDF's /Author and XMP
-- dc:creator, a DOCX's dc:creator and cp:lastModifiedBy), one name a line, read once when
-- the file is uploaded: under double-blind review the author and the editor are warned.
ALTER TABLE submission_files ADD COLUMN document_authors TEXT NOT NULL DEFAULT '';
