DROP TABLE revision_metadata;
