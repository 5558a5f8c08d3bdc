-- Peer review: one row per review invitation, from the e-mail to the finished review.
-- The reviewer's links carry secret tokens; only their SHA-256 is stored.

CREATE TABLE review_invitations (
    id INTEGER PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    -- The revision round the review is for.
    round INTEGER NOT NULL,
    reviewer_id BIGINT NOT NULL REFERENCES people (id),
    invited_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    message TEXT NOT NULL DEFAULT '',
    due_on DATE NOT NULL,
    -- invited → accepted → submitted; or declined, cancelled (by the editor or a withdrawal),
    -- conflict_declared (the reviewer declared a competing interest).
    status TEXT NOT NULL CHECK (status IN ('invited', 'accepted', 'declined', 'cancelled', 'conflict_declared', 'submitted')),
    -- Every link to the invitation stops working then (and at once when it is cancelled).
    links_expire_at TIMESTAMP NOT NULL,
    decline_reason TEXT NOT NULL DEFAULT '',
    suggested_alternative TEXT NOT NULL DEFAULT '',
    -- Why it ended: the editor's cancellation reason or the reviewer's competing interest.
    ended_reason TEXT NOT NULL DEFAULT '',
    -- The reviewer declared no competing interest; the files open only after this.
    no_conflict_declared_at TIMESTAMP,
    invited_at TIMESTAMP NOT NULL,
    responded_at TIMESTAMP,
    ended_at TIMESTAMP,
    recommendation TEXT NOT NULL DEFAULT '' CHECK (recommendation IN ('', 'accept', 'minor_revision', 'major_revision', 'reject')),
    comments_to_authors TEXT NOT NULL DEFAULT '',
    confidential_comments TEXT NOT NULL DEFAULT '',
    attachment_sha256 TEXT,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment_size BIGINT,
    review_saved_at TIMESTAMP,
    review_submitted_at TIMESTAMP
);
CREATE INDEX review_invitations_submission_idx ON review_invitations (submission_id, round);
CREATE INDEX review_invitations_reviewer_idx ON review_invitations (reviewer_id, status);
CREATE INDEX review_invitations_status_idx ON review_invitations (status, due_on);
CREATE INDEX review_invitations_invited_by_idx ON review_invitations (invited_by);

-- The secret links to an invitation: the invitation's own, and one per reminder (the
-- token itself is never stored, so a reminder cannot repeat the first link).
CREATE TABLE review_tokens (
    id INTEGER PRIMARY KEY,
    invitation_id BIGINT NOT NULL REFERENCES review_invitations (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX review_tokens_invitation_id_idx ON review_tokens (invitation_id);

-- Reminders sent, one per step of the schedule, so none goes twice (even from two workers).
CREATE TABLE review_reminders (
    id INTEGER PRIMARY KEY,
    invitation_id BIGINT NOT NULL REFERENCES review_invitations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('unanswered', 'due_soon', 'overdue')),
    step INTEGER NOT NULL,
    queued_at TIMESTAMP NOT NULL,
    -- The outbox message, until it is withdrawn unsent because the invitation ended.
    outbox_id BIGINT REFERENCES outbox (id) ON DELETE SET NULL,
    UNIQUE (invitation_id, kind, step)
);
CREATE INDEX review_reminders_outbox_id_idx ON review_reminders (outbox_id);
