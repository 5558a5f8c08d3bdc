DROP TABLE manuscript_counters;
DROP TABLE submission_files;
DROP TABLE submission_preferences;
DROP TABLE submission_authors;
DROP TABLE submission_topics;
DROP TABLE submissions;
