DROP TABLE letter_versions;
