DROP TABLE integrity_signals;
DROP TABLE review_fingerprints;
