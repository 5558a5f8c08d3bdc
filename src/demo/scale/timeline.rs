//! A generated submission's history: its events from submission to its state, the e-mail
//! confirming it, its handling editor's assignment and its review invitations, round by
//! round.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::rows::{
    NewAssignment, NewAuthor, NewEvent, NewInvitation, NewMail, NewPreference, NewTopic,
};
use super::submissions::{BatchContext, BatchOut, Planned};
use super::words::RECOMMENDATIONS;
use super::{XorShift, batch_execute, chunk_rows, insert_chunks};
use crate::db::DbConnection;
use crate::db::schema::{
    events, handling_assignments, outbox, review_invitations, submission_authors,
    submission_preferences, submission_topics,
};

/// The rows of one batch of submissions, inserted together after the batch is planned.
#[derive(Default)]
pub(super) struct BatchRows {
    pub authors: Vec<NewAuthor>,
    pub topics: Vec<NewTopic>,
    pub events: Vec<NewEvent>,
    pub assignments: Vec<NewAssignment>,
    pub invitations: Vec<NewInvitation>,
    pub mails: Vec<NewMail>,
    /// Reviewers the authors suggested (the planted rings').
    pub suggested: Vec<NewPreference>,
}

impl BatchRows {
    pub(super) fn insert(&self, conn: &mut DbConnection) -> anyhow::Result<()> {
        insert_chunks!(conn, submission_authors::table, self.authors, 7);
        insert_chunks!(conn, submission_topics::table, self.topics, 2);
        insert_chunks!(conn, events::table, self.events, 8);
        insert_chunks!(conn, handling_assignments::table, self.assignments, 6);
        insert_chunks!(conn, review_invitations::table, self.invitations, 18);
        insert_chunks!(conn, outbox::table, self.mails, 12);
        insert_chunks!(conn, submission_preferences::table, self.suggested, 5);
        Ok(())
    }
}

/// The events of one submission, `id`.
struct Events<'a> {
    rows: &'a mut Vec<NewEvent>,
    id: i64,
}

impl Events<'_> {
    /// An event without a note; `moves` is the state it leaves and the one it enters.
    fn push(
        &mut self,
        at: NaiveDateTime,
        actor: Option<i64>,
        kind: &'static str,
        moves: (Option<&'static str>, Option<&'static str>),
    ) {
        self.push_noted(at, actor, kind, moves, String::new());
    }

    fn push_noted(
        &mut self,
        at: NaiveDateTime,
        actor: Option<i64>,
        kind: &'static str,
        (from, to): (Option<&'static str>, Option<&'static str>),
        note: String,
    ) {
        self.rows.push(NewEvent {
            occurred_at: at,
            actor_id: actor,
            subject_type: "submission",
            subject_id: self.id,
            kind,
            from_state: from,
            to_state: to,
            note,
        });
    }
}

/// A move from one state to another.
fn moves(from: &'static str, to: &'static str) -> (Option<&'static str>, Option<&'static str>) {
    (Some(from), Some(to))
}

/// No change of state.
const STAYS: (Option<&str>, Option<&str>) = (None, None);

/// The whole history of submission `id`, sent to `email`.
pub(super) fn add(
    rows: &mut BatchRows,
    rng: &mut XorShift,
    ctx: &BatchContext<'_>,
    plan: &Planned,
    id: i64,
    email: String,
    out: &mut BatchOut,
) {
    let mut at = plan.submitted_at;
    let mut events = Events {
        rows: &mut rows.events,
        id,
    };
    events.push(
        at,
        Some(plan.submitter),
        "submit",
        moves("draft", "submitted"),
    );
    rows.mails.push(received_mail(id, plan, at, email));
    if let Some(editor) = plan.editor {
        at += Duration::hours(6);
        events.push(at, None, "handling_editor_assigned", STAYS);
        rows.assignments.push(NewAssignment {
            submission_id: id,
            editor_id: editor,
            round: 1,
            assigned_by: Some(ctx.chief),
            explanation: "Topics match; no competing interests; lowest load.",
            assigned_at: at,
        });
    }
    // Reviews for every round that got as far as review.
    let reviewed = plan.state != "submitted" && (plan.state != "withdrawn" || rng.chance(50));
    if let Some((r, j)) = plan.ring {
        let ring = (&ctx.rings.rings[r], r);
        let made = super::ring::invitations(ring, j, (id, plan.editor), at, &mut rows.suggested);
        for row in made {
            events.push(row.invited_at, plan.editor, "reviewer_invited", STAYS);
            if let Some(d) = row.review_submitted_at {
                events.push(d, Some(row.reviewer_id), "review_submitted", STAYS);
            }
            rows.invitations.push(row);
            out.invitations += 1;
        }
        at = after_review_round(&mut events, plan, 1, at);
    } else if reviewed {
        for round in 1..=plan.round {
            let invitations = Invitations {
                rows: &mut rows.invitations,
                events: &mut events,
                id,
                plan,
            };
            invitations.add_round(rng, ctx, round, at, out);
            at = after_review_round(&mut events, plan, round, at);
        }
    }
    add_outcome(&mut events, plan, at + Duration::days(5));
}

/// The confirmation of the submission, as sent.
fn received_mail(id: i64, plan: &Planned, at: NaiveDateTime, email: String) -> NewMail {
    NewMail {
        created_at: at,
        kind: "submission_received",
        recipient_id: Some(plan.submitter),
        to_name: String::new(),
        to_address: email,
        subject: format!("Submission {id} received"),
        body_text: "Thank you for your submission.".to_owned(),
        body_html: String::new(),
        message_id: format!("<scale-{id}-received@peerdesk.example>"),
        status: "sent",
        next_attempt_at: at,
        sent_at: Some(at),
    }
}

/// The review invitations of one submission.
struct Invitations<'a, 'e> {
    rows: &'a mut Vec<NewInvitation>,
    events: &'a mut Events<'e>,
    id: i64,
    plan: &'a Planned,
}

impl Invitations<'_, '_> {
    /// Round `round`'s invitations, sent from `at` on: two in earlier rounds, two to four in
    /// the current one, to reviewers seven apart in a list: four times in five the
    /// reviewers who work in the manuscript's field (editors invite people who know the
    /// subject), else anyone (a methods reviewer, a stand-in, a poor match).
    fn add_round(
        self,
        rng: &mut XorShift,
        ctx: &BatchContext<'_>,
        round: i32,
        at: NaiveDateTime,
        out: &mut BatchOut,
    ) {
        let current = round == self.plan.round;
        let n_inv = if current { 2 + rng.below(3) } else { 2 };
        let mut chosen: Vec<i64> = Vec::with_capacity(n_inv);
        for r in 0..n_inv {
            let reviewers: &[i64] = match ctx.reviewers_by_field.get(&self.plan.field) {
                Some(in_field) if in_field.len() > n_inv + 1 && rng.chance(80) => in_field,
                _ => ctx.reviewers,
            };
            // Nobody twice in a round, and never the submitter.
            let mut reviewer = reviewers[rng.below(reviewers.len())];
            while chosen.contains(&reviewer) || reviewer == self.plan.submitter {
                reviewer = ctx.reviewers[rng.below(ctx.reviewers.len())];
            }
            chosen.push(reviewer);
            let invited_at = at + Duration::days(1 + r as i64);
            let status = if current && self.plan.state == "under_review" {
                *rng.pick(&["invited", "accepted", "accepted", "submitted", "declined"])
            } else if rng.chance(20) {
                "declined"
            } else {
                "submitted"
            };
            let row = invitation(rng, self.id, self.plan, round, reviewer, invited_at, status);
            self.events
                .push(invited_at, self.plan.editor, "reviewer_invited", STAYS);
            if let Some(d) = row.review_submitted_at {
                self.events
                    .push(d, Some(reviewer), "review_submitted", STAYS);
            }
            self.rows.push(row);
            out.invitations += 1;
        }
    }
}

/// One invitation in the state `status`, with its review when submitted.
fn invitation(
    rng: &mut XorShift,
    id: i64,
    plan: &Planned,
    round: i32,
    reviewer: i64,
    invited_at: NaiveDateTime,
    status: &'static str,
) -> NewInvitation {
    let responded = (status != "invited").then(|| invited_at + Duration::days(2));
    let done_at = (status == "submitted").then(|| invited_at + Duration::days(12));
    let submitted = status == "submitted";
    // The recommendation is drawn before the comments.
    let (recommendation, comments_to_authors) = if submitted {
        let recommendation = RECOMMENDATIONS[rng.below(RECOMMENDATIONS.len())];
        let seed =
            (id as u64) * 64 + (round as u64) * 8 + (invited_at.and_utc().timestamp() as u64 % 8);
        (
            recommendation,
            super::reports::honest(seed, plan.field, reviewer as usize),
        )
    } else {
        ("", String::new())
    };
    NewInvitation {
        submission_id: id,
        round,
        reviewer_id: reviewer,
        invited_by: plan.editor,
        due_on: (invited_at + Duration::days(16)).date(),
        status,
        links_expire_at: invited_at + Duration::days(60),
        decline_reason: if status == "declined" {
            "Too busy this month."
        } else {
            ""
        },
        invited_at,
        responded_at: responded,
        no_conflict_declared_at: if matches!(status, "accepted" | "submitted") {
            responded
        } else {
            None
        },
        confidentiality_confirmed_at: if matches!(status, "accepted" | "submitted") {
            responded
        } else {
            None
        },
        recommendation,
        comments_to_authors,
        confidential_comments: "",
        review_saved_at: done_at,
        review_submitted_at: done_at,
        found_by: "editor_search",
    }
}

/// What follows round `round`'s reviews, begun at `at`: under review after the first, and
/// a revision requested and sent back after every round but the current one. When it ends.
fn after_review_round(
    events: &mut Events<'_>,
    plan: &Planned,
    round: i32,
    mut at: NaiveDateTime,
) -> NaiveDateTime {
    at += Duration::days(20);
    if round == 1 && plan.state != "withdrawn" {
        events.push(
            at,
            None,
            "first_reviewer_accepts",
            moves("submitted", "under_review"),
        );
    }
    if round != plan.round {
        events.push(
            at,
            plan.editor,
            "request_revision",
            moves("under_review", "revision_requested"),
        );
        at += Duration::days(30);
        events.push(
            at,
            Some(plan.submitter),
            "resubmit",
            moves("revision_requested", "under_review"),
        );
    }
    at
}

/// The step into the submission's state, if it is past review.
fn add_outcome(events: &mut Events<'_>, plan: &Planned, at: NaiveDateTime) {
    let accept = moves("under_review", "accepted");
    match plan.state {
        "revision_requested" => events.push(
            at,
            plan.editor,
            "request_revision",
            moves("under_review", "revision_requested"),
        ),
        "accepted" => events.push(at, plan.editor, "accept", accept),
        "published" => {
            events.push(at, plan.editor, "accept", accept);
            let published = at + Duration::days(30);
            events.push(published, None, "publish", moves("accepted", "published"));
        }
        "rejected" => events.push(at, plan.editor, "reject", moves("under_review", "rejected")),
        "withdrawn" => events.push_noted(
            at,
            Some(plan.submitter),
            "withdraw",
            (None, Some("withdrawn")),
            "The authors withdrew it.".to_owned(),
        ),
        _ => {}
    }
}
