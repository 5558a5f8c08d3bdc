-- Deadlines nobody has to remember (issue 18).

-- Each collection's deadline settings, set by its editor-in-chief on a page of their own
-- (with their own version, so saving them never makes the collection's form stale): the
-- days an author has for a minor and a major revision, the reviewer reminders (NULL: the
-- site's, PEERDESK_REVIEW_REMINDERS) and the author's reminders about a revised version. A
-- collection without a row has these defaults.
CREATE TABLE collection_deadlines (
    collection_id BIGINT PRIMARY KEY REFERENCES collections (id) ON DELETE CASCADE,
    minor_revision_days INTEGER NOT NULL DEFAULT 30 CHECK (minor_revision_days BETWEEN 1 AND 365),
    major_revision_days INTEGER NOT NULL DEFAULT 60 CHECK (major_revision_days BETWEEN 1 AND 365),
    review_reminders TEXT,
    revision_reminders TEXT NOT NULL DEFAULT 'due_soon=7;overdue=1,14',
    updated_at TIMESTAMP NOT NULL,
    updated_by BIGINT REFERENCES people (id) ON DELETE SET NULL
);
CREATE INDEX collection_deadlines_updated_by_idx ON collection_deadlines (updated_by);

-- When a revised version is due: set by the decision that asks for it (the round decided),
-- moved later by the handling editor's extensions. `first_due_on` is what the decision
-- letter gave.
CREATE TABLE revision_deadlines (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    due_on DATE NOT NULL,
    first_due_on DATE NOT NULL,
    asked_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (submission_id, round)
);

-- The authors' reminders about a revised version, one per step of the collection's
-- schedule and due date (an extension starts the schedule again), so none goes twice.
CREATE TABLE revision_reminders (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deadline_id BIGINT NOT NULL REFERENCES revision_deadlines (id) ON DELETE CASCADE,
    due_on DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
    step INTEGER NOT NULL,
    queued_at TIMESTAMP NOT NULL,
    outbox_id BIGINT REFERENCES outbox (id) ON DELETE SET NULL,
    UNIQUE (deadline_id, due_on, kind, step)
);
CREATE INDEX revision_reminders_outbox_id_idx ON revision_reminders (outbox_id);

-- "Remind now": a reminder an editor sent from the deadlines view, to a reviewer (about an
-- invitation), the authors, the handling editor or an appeal's hearer. At most one a minute
-- about the same thing (domain::deadlines).
CREATE TABLE reminders_by_hand (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    awaited TEXT NOT NULL CHECK (awaited IN ('answer', 'review', 'revision', 'decision', 'appeal')),
    invitation_id BIGINT REFERENCES review_invitations (id) ON DELETE CASCADE,
    sent_by BIGINT REFERENCES people (id) ON DELETE SET NULL,
    queued_at TIMESTAMP NOT NULL,
    outbox_id BIGINT REFERENCES outbox (id) ON DELETE SET NULL
);
CREATE INDEX reminders_by_hand_submission_id_idx ON reminders_by_hand (submission_id, queued_at);
CREATE INDEX reminders_by_hand_invitation_id_idx ON reminders_by_hand (invitation_id);
CREATE INDEX reminders_by_hand_sent_by_idx ON reminders_by_hand (sent_by);
CREATE INDEX reminders_by_hand_outbox_id_idx ON reminders_by_hand (outbox_id);
