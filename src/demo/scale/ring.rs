//! The review rings planted in the scale data (issue 27, "Measured"), so the Integrity
//! page's precision and recall can be measured against a known truth
//! (`examples/ring_quality.rs`). Each ring is what the retractions of 2023 described:
//!
//! - three authors who submit four manuscripts each to the collection, all handled by one
//!   complicit handling editor;
//! - three reviewer accounts the authors made: webmail addresses for people who claim an
//!   institution, no account signed in with, no publications, no ORCID iD; the authors
//!   suggest them on every manuscript, the editor invites two of them each time, and they
//!   return one text, lightly reworded, within hours of accepting;
//! - the authors review each other's manuscripts (reciprocal reviewing), with reports of
//!   their own.
//!
//! One ring for every [`RING_EVERY`] submissions: 0.24 % of the submissions. What was
//! planted is recorded in `installation_facts` ([`RING_SUBMISSIONS`], [`RING_PEOPLE`]).

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::rows::{NewInvitation, NewPerson, NewPreference};
use super::words::{ASPECTS, CANCERS, FIRST, Field, INSTITUTIONS, LAST};
use super::{XorShift, batch_ids, chunk_rows, insert_chunks_returning_ids};
use crate::db::DbConnection;
use crate::db::schema::people;

/// One ring for this many submissions.
pub const RING_EVERY: usize = 5_000;
/// Manuscripts each ring submits.
pub const RING_MANUSCRIPTS: usize = 12;
/// The installation fact listing the planted rings' submissions (ids, comma-separated).
pub const RING_SUBMISSIONS: &str = "scale_ring_submissions";
/// The installation fact listing the rings' reviewers: the made-up accounts and the
/// authors who review each other (ids, comma-separated).
pub const RING_PEOPLE: &str = "scale_ring_people";

/// The states a ring's manuscripts reach, in turn: a complicit editor accepts.
const STATES: &[&str] = &[
    "published",
    "accepted",
    "published",
    "under_review",
    "revision_requested",
    "published",
];

/// How many rings for `n` submissions.
pub fn rings_for(n: usize) -> usize {
    n / RING_EVERY
}

/// One ring.
pub(super) struct Ring {
    /// The authors: person id and place among all people.
    pub authors: [(i64, usize); 3],
    /// The reviewer accounts the authors made: id, name, address.
    pub made_up: Vec<(i64, String, String)>,
    pub editor: i64,
    pub field: Field,
}

/// Every ring, and which submission (by its place in the generated order) is whose.
#[derive(Default)]
pub(super) struct Rings {
    pub rings: Vec<Ring>,
    slots: HashMap<usize, (usize, usize)>,
}

impl Rings {
    /// `count` rings over `n` submissions. Their authors are people with accounts (every
    /// fourth person) from `first_author` on; their editors board members other than the
    /// busiest.
    pub(super) fn plan(
        count: usize,
        n: usize,
        people_ids: &[i64],
        first_author: usize,
        editors: &[i64],
    ) -> Rings {
        let mut rings = Rings::default();
        let base = first_author.next_multiple_of(4) + 4;
        for r in 0..count {
            let author = |a: usize| {
                let i = base + 20 * (3 * r + a);
                (people_ids[i.min(people_ids.len() - 1)], i)
            };
            rings.rings.push(Ring {
                authors: [author(0), author(1), author(2)],
                made_up: Vec::new(),
                editor: editors[1 + r % (editors.len() - 1)],
                field: (r % CANCERS.len(), (r / 2) % ASPECTS.len()),
            });
            // Spread over the five years, never on the busy author's places.
            let busy = (n / 60).max(4);
            for j in 0..RING_MANUSCRIPTS {
                let mut i = (j * n / RING_MANUSCRIPTS + 7 + 13 * r) % n.max(1);
                while i.is_multiple_of(busy) || rings.slots.contains_key(&i) {
                    i = (i + 1) % n;
                }
                rings.slots.insert(i, (r, j));
            }
        }
        rings
    }

    /// The ring and the manuscript's number within it, when submission `i` is a ring's.
    pub(super) fn slot(&self, i: usize) -> Option<(usize, usize)> {
        self.slots.get(&i).copied()
    }

    /// Inserts the made-up reviewer accounts: people without accounts or publications.
    pub(super) fn insert_made_up(
        &mut self,
        conn: &mut DbConnection,
        started: NaiveDateTime,
    ) -> anyhow::Result<()> {
        let mut rows = Vec::new();
        for r in 0..self.rings.len() {
            for f in 0..3 {
                let first = FIRST[(7 * r + 11 * f + 3) % FIRST.len()];
                let last = LAST[(5 * r + 13 * f + 1) % LAST.len()];
                let mail = ["gmail", "yahoo", "outlook"][f];
                let ascii: String = last.chars().filter(char::is_ascii_alphabetic).collect();
                rows.push(NewPerson {
                    name: format!("{first} {last}"),
                    email: format!(
                        "{}.{}.onc{}@{mail}.example",
                        first.to_lowercase(),
                        ascii.to_lowercase(),
                        r * 3 + f
                    ),
                    affiliation: INSTITUTIONS[(r + f) % INSTITUTIONS.len()].0,
                    bio: "",
                    created_at: started,
                    updated_at: started,
                    expertise_keywords: String::new(),
                });
            }
        }
        let ids = insert_chunks_returning_ids!(conn, people::table, people::id, rows, 8);
        for (k, (id, row)) in ids.into_iter().zip(rows).enumerate() {
            self.rings[k / 3].made_up.push((id, row.name, row.email));
        }
        Ok(())
    }

    /// Everyone who reviewed for a ring: its made-up accounts and its authors.
    pub(super) fn reviewers(&self) -> Vec<i64> {
        let mut out = Vec::new();
        for ring in &self.rings {
            out.extend(ring.made_up.iter().map(|m| m.0));
            out.extend(ring.authors.iter().map(|a| a.0));
        }
        out
    }
}

/// What a ring's manuscript `j` is: its state, submitter (id, place) and field.
pub(super) fn manuscript(ring: &Ring, j: usize) -> (&'static str, (i64, usize), Field) {
    (STATES[j % STATES.len()], ring.authors[j % 3], ring.field)
}

/// The first round of ring `r`'s manuscript `j` (submission `id`), invited from `at`: two
/// of the made-up reviewers (suggested by the authors, every one of them), who answer
/// within hours with the ring's text, and one of the other authors, who answers in days
/// with a report of their own. The suggestions go into `suggested`.
pub(super) fn invitations(
    (ring, r): (&Ring, usize),
    j: usize,
    (id, editor): (i64, Option<i64>),
    at: NaiveDateTime,
    suggested: &mut Vec<NewPreference>,
) -> Vec<NewInvitation> {
    let mut rng = XorShift::new(0x0000_5176_u64.wrapping_mul(id as u64 + 1));
    for (_, name, email) in &ring.made_up {
        suggested.push(NewPreference {
            submission_id: id,
            kind: crate::db::submissions::SUGGESTED_REVIEWER,
            name: name.clone(),
            email: email.clone(),
            reason: "Expert in the field",
        });
    }
    let mut out = Vec::new();
    for k in 0..2 {
        let reviewer = ring.made_up[(j + k) % ring.made_up.len()].0;
        let invited = at + Duration::days(1);
        let accepted = invited + Duration::hours(2 + rng.below(5) as i64);
        let sent = accepted + Duration::hours(2 + rng.below(9) as i64);
        let text = super::reports::ring(r, (id as u64) * 2 + k as u64, ring.field);
        out.push(review(
            (id, editor, reviewer),
            (invited, accepted, sent),
            ["accept", "minor_revision"][rng.below(2)],
            text,
            "authors_suggestion",
        ));
    }
    let a = j % 3;
    let (author, index) = ring.authors[(a + 1 + (j / 3) % 2) % 3];
    let invited = at + Duration::days(2);
    let accepted = invited + Duration::days(1);
    let sent = accepted + Duration::days(5 + rng.below(6) as i64);
    let text = super::reports::honest(id as u64 * 64 + 63, ring.field, index);
    out.push(review(
        (id, editor, author),
        (invited, accepted, sent),
        "accept",
        text,
        "editor_search",
    ));
    out
}

/// A submitted review of round 1.
fn review(
    (submission_id, editor, reviewer_id): (i64, Option<i64>, i64),
    (invited_at, accepted, sent): (NaiveDateTime, NaiveDateTime, NaiveDateTime),
    recommendation: &'static str,
    comments_to_authors: String,
    found_by: &'static str,
) -> NewInvitation {
    NewInvitation {
        submission_id,
        round: 1,
        reviewer_id,
        invited_by: editor,
        due_on: (invited_at + Duration::days(16)).date(),
        status: "submitted",
        links_expire_at: invited_at + Duration::days(60),
        decline_reason: "",
        invited_at,
        responded_at: Some(accepted),
        no_conflict_declared_at: Some(accepted),
        confidentiality_confirmed_at: Some(accepted),
        recommendation,
        comments_to_authors,
        confidential_comments: "",
        review_saved_at: Some(sent),
        review_submitted_at: Some(sent),
        found_by,
    }
}
