-- Signs of a review ring (issue 27 item 2). Each submitted review's MinHash band keys, so a
-- near-identical review of another submission is found by key, not by reading them all.
CREATE TABLE review_fingerprints (
    invitation_id BIGINT NOT NULL REFERENCES review_invitations (id) ON DELETE CASCADE,
    band_key BIGINT NOT NULL,
    PRIMARY KEY (invitation_id, band_key)
);
CREATE INDEX review_fingerprints_band_key_idx ON review_fingerprints (band_key);

-- A signal on a submission, with its evidence, until the editor-in-chief rules on it.
CREATE TABLE integrity_signals (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    invitation_id BIGINT REFERENCES review_invitations (id) ON DELETE CASCADE,
    related_submission_id BIGINT REFERENCES submissions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    evidence TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    ruled_at TIMESTAMP,
    ruled_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    ruling TEXT NOT NULL DEFAULT ''
);
CREATE INDEX integrity_signals_submission_id_idx ON integrity_signals (submission_id);
CREATE INDEX integrity_signals_invitation_id_idx ON integrity_signals (invitation_id);
CREATE INDEX integrity_signals_related_submission_id_idx ON integrity_signals (related_submission_id);
CREATE INDEX integrity_signals_ruled_by_idx ON integrity_signals (ruled_by);
