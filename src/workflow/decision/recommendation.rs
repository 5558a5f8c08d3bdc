//! Two-tier decisions (issue 28 part 4). Where a collection's decisions are confirmed, the
//! handling editor's decision is recorded as a recommendation with its letter, and the
//! submission waits in "decision pending confirmation". A confirmer (the permissions module
//! says who: `SubmissionAction::ConfirmDecision`) confirms it as it stands, edits the
//! decision or the letter and confirms it, or returns it with a note; the letter goes to
//! the authors only on confirmation, through the same sending as a single-step decision
//! (`crate::workflow::decision::send`). Each answer is one transaction with its e-mails.
//!
//! Authors read the timeline: its lines here say only that a decision is pending or went
//! back to the handling editor, never what was recommended or the note.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{self as decision, Sending, moved_meanwhile};
use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::recommendations::{self as store, NewRecommendation, Recommendation};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::db::{DbConnection, write_transaction};
use crate::domain::Role;
use crate::domain::decision::{
    DecisionKind, check_letter, check_return_note, needs_confirmation, return_step,
};
use crate::domain::permissions::{HeldRole, SubmissionAction, SubmissionViewer, may_on_submission};
use crate::domain::submission_state::{SubmissionState, Transition};
use crate::mail::messages::{DecisionToConfirm, RecommendationAnswered};
use crate::workflow::editorial::{Asker, EditorialError};
use crate::workflow::step::{self, About};

type Result<T> = std::result::Result<T, EditorialError>;

/// The timeline's (editorial-only) line when a confirming collection's decision went out at
/// once because nobody could confirm it.
pub const SENT_UNCONFIRMED: &str = "decision_sent_unconfirmed";

/// The people who could confirm a recommendation on `s` (were it waiting), by the
/// permissions module's rule: the journal's editors-in-chief and the collection's guest
/// editors, less the handling editor and anyone with a competing interest.
pub fn confirmers(
    conn: &mut DbConnection,
    s: &Submission,
    site: &Site,
) -> QueryResult<Vec<Person>> {
    let mut facts = crate::db::submissions::facts_of(conn, s)?;
    facts.state = SubmissionState::DecisionPending;
    let mut candidates = crate::db::editorial::people_with_role(
        conn,
        Role::EditorInChief,
        Some(facts.journal_id),
        None,
    )?;
    candidates.extend(crate::db::editorial::people_with_role(
        conn,
        Role::GuestEditor,
        None,
        Some(s.collection_id),
    )?);
    let settings = site.settings();
    let mut out: Vec<Person> = Vec::new();
    for person in candidates {
        if out.iter().any(|p| p.id == person.id) || person.id == s.submitter_id {
            continue;
        }
        let roles = crate::db::roles::held_roles(conn, person.id)?;
        let viewer = SubmissionViewer {
            person_id: person.id,
            roles: &roles,
            conflicted: false,
        };
        // Conflicts are asked only of those the rule would let in.
        if may_on_submission(&viewer, &facts, SubmissionAction::ConfirmDecision)
            && !crate::workflow::conflict::is_conflicted(conn, &person, s.id, &settings)?
        {
            out.push(person);
        }
    }
    Ok(out)
}

/// Whether the handling editor's decision on `s` would be a recommendation: `Some` with
/// those who can confirm it when the collection confirms its decisions and the editor is
/// not the journal's editor-in-chief (the list is empty when everyone who could has a
/// competing interest: the decision is then sent at once, see [`sent_unconfirmed`]); `None`
/// for a decision sent at once.
pub fn confirmers_if_confirmed(
    conn: &mut DbConnection,
    s: &Submission,
    roles: &[HeldRole],
    site: &Site,
) -> QueryResult<Option<Vec<Person>>> {
    let Some(collection) = crate::db::collections::find_collection(conn, s.collection_id)? else {
        return Ok(None);
    };
    let is_chief = roles
        .iter()
        .any(|r| r.role == Role::EditorInChief && r.journal_id == Some(collection.journal_id));
    if !needs_confirmation(collection.decisions_confirmed, is_chief) {
        return Ok(None);
    }
    confirmers(conn, s, site).map(Some)
}

/// Writes on the editorial timeline why a confirming collection's decision went out at once.
pub fn sent_unconfirmed(
    conn: &mut DbConnection,
    editor: &Person,
    s: &Submission,
) -> QueryResult<()> {
    step::on_timeline(
        conn,
        Some(editor.id),
        s.id,
        SENT_UNCONFIRMED,
        "Sent without confirmation: every editor who could confirm it has a competing interest.",
    )
}

/// A recommendation as the handling editor sends it.
pub struct Recommended<'a> {
    pub kind: DecisionKind,
    pub letter: &'a str,
    pub revision_due: Option<NaiveDate>,
    /// The state it is recommended from (the submission has just left it).
    pub from: SubmissionState,
}

/// Records the recommendation on `s`, just moved to "decision pending confirmation", with
/// its timeline line and a message to each of `confirmers`; in the caller's transaction.
pub fn record(
    conn: &mut DbConnection,
    editor: &Person,
    s: &Submission,
    r: &Recommended<'_>,
    confirmers: &[Person],
    site: &Site,
) -> Result<()> {
    store::record(
        conn,
        &NewRecommendation {
            submission_id: s.id,
            round: s.current_round,
            kind: r.kind.as_str(),
            letter: r.letter,
            revision_due_on: r.revision_due,
            from_state: r.from.as_str(),
            recommended_by: editor.id,
        },
    )?;
    step::move_on_timeline(
        conn,
        Some(editor.id),
        s.id,
        Transition::Recommend.as_str(),
        (r.from, SubmissionState::DecisionPending),
        "",
    )?;
    let link = confirmation_link(site, s.id);
    let about = About::manuscript(s.number_or_draft()).reply_to(Some(&editor.email));
    for person in confirmers {
        let message = DecisionToConfirm {
            name: &person.name,
            editor: &editor.name,
            manuscript_number: s.number_or_draft(),
            title: &s.title,
            decision: r.kind.label(),
            link: &link,
            site: &site.name(),
        };
        about.send(conn, "decision_to_confirm", person, &message)?;
    }
    Ok(())
}

fn confirmation_link(site: &Site, submission_id: i64) -> String {
    format!(
        "{}/editorial/submissions/{submission_id}/confirmation",
        site.base_url
    )
}

/// What the confirmation page shows.
pub struct PendingDecision {
    pub submission: Submission,
    pub recommendation: Recommendation,
    pub recommended_kind: Option<DecisionKind>,
    /// The handling editor who recommended it.
    pub recommender: String,
    /// The decisions the confirmer may send instead (those the origin allows).
    pub allowed: Vec<DecisionKind>,
    /// Why accepting waits (an open integrity signal in a guest-edited collection).
    pub accept_waits: Option<String>,
}

impl PendingDecision {
    /// The state it was recommended from.
    pub fn origin(&self) -> SubmissionState {
        self.recommendation
            .from_state
            .parse()
            .unwrap_or(SubmissionState::UnderReview)
    }
}

/// The waiting recommendation on a submission, for one who may confirm it; `None` (a 404)
/// otherwise, and when none waits.
pub fn pending(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    site: &Site,
) -> QueryResult<Option<PendingDecision>> {
    pending_to(conn, &Asker::new(person, roles, site), submission_id)
}

fn pending_to(
    conn: &mut DbConnection,
    asker: &Asker<'_>,
    submission_id: i64,
) -> QueryResult<Option<PendingDecision>> {
    let Some(a) = asker.access_for(conn, submission_id, SubmissionAction::ConfirmDecision)? else {
        return Ok(None);
    };
    let Some(recommendation) = store::waiting(conn, submission_id)? else {
        return Ok(None);
    };
    pending_view(conn, a.submission, recommendation).map(Some)
}

fn pending_view(
    conn: &mut DbConnection,
    s: Submission,
    recommendation: Recommendation,
) -> QueryResult<PendingDecision> {
    let recommender = accounts::find_person(conn, recommendation.recommended_by)?
        .map(|p| p.name)
        .unwrap_or_default();
    let origin = recommendation
        .from_state
        .parse()
        .unwrap_or(SubmissionState::UnderReview);
    let accept_waits = decision::accept_waits(conn, &s)?;
    Ok(PendingDecision {
        allowed: DecisionKind::allowed_from(origin, recommendation.round),
        recommended_kind: recommendation.kind.parse().ok(),
        submission: s,
        recommendation,
        recommender,
        accept_waits,
    })
}

/// The recommendation (if one waits) with who made it, for the pages of those who read the
/// reviews: the handling editor and the confirmers.
pub fn waiting_for(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Option<(Recommendation, String)>> {
    let Some(r) = store::waiting(conn, submission_id)? else {
        return Ok(None);
    };
    let name = accounts::find_person(conn, r.recommended_by)?
        .map(|p| p.name)
        .unwrap_or_default();
    Ok(Some((r, name)))
}

#[derive(Debug)]
pub enum Answered {
    /// Confirmed (as recommended, or `edited`): the letter has gone; the submission is in `to`.
    Confirmed {
        to: SubmissionState,
        edited: bool,
    },
    /// Returned to the handling editor; the submission is back in `to`.
    Returned {
        to: SubmissionState,
    },
    /// Refused, with why; nothing changed.
    Refused(String),
    NotFound,
}

/// A confirmation as the confirmer sends it.
pub struct Confirmation<'a> {
    /// The recommendation the confirmer read: answered only if it is still the waiting one.
    pub recommendation_id: i64,
    pub kind: DecisionKind,
    pub letter: &'a str,
    /// For a revision; `None` keeps the recommendation's date (or the collection's period).
    pub revision_due: Option<NaiveDate>,
}

pub const ANSWERED_MEANWHILE: &str = "This recommendation has already been answered (or replaced) \
     meanwhile: your answer was not recorded and nothing was sent.";

/// The waiting recommendation, held for an answer, when `person` may answer it and it is
/// the one they read; otherwise what to say.
fn held_recommendation(
    conn: &mut DbConnection,
    asker: &Asker<'_>,
    submission_id: i64,
    recommendation_id: i64,
) -> Result<std::result::Result<(Submission, Recommendation), Answered>> {
    let Some(a) = asker.held_access_for(conn, submission_id, SubmissionAction::ConfirmDecision)?
    else {
        // Not pending any more reads as answered to one who could confirm before.
        let before = crate::workflow::editorial::access(
            conn,
            asker.person,
            asker.roles,
            submission_id,
            &asker.settings,
        )?;
        return Ok(Err(match before {
            Some(a) if a.may(SubmissionAction::ViewEditorial) => {
                Answered::Refused(ANSWERED_MEANWHILE.to_owned())
            }
            _ => Answered::NotFound,
        }));
    };
    match store::waiting(conn, submission_id)? {
        Some(r) if r.id == recommendation_id => Ok(Ok((a.submission, r))),
        _ => Ok(Err(Answered::Refused(ANSWERED_MEANWHILE.to_owned()))),
    }
}

/// Confirms the waiting recommendation, as recommended or edited: the decision is sent.
pub fn confirm(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    c: &Confirmation<'_>,
    site: &Site,
) -> Result<Answered> {
    write_transaction(conn, |conn| -> Result<Answered> {
        let asker = Asker::new(person, roles, site);
        let (s, r) = match held_recommendation(conn, &asker, submission_id, c.recommendation_id)? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
        let letter = match check_letter(c.letter) {
            Ok(l) => l,
            Err(e) => return Ok(Answered::Refused(e.to_owned())),
        };
        let origin = r.from_state.parse().unwrap_or(SubmissionState::UnderReview);
        let to = match c.kind.confirmed_from(origin, r.round) {
            Ok(to) => to,
            Err(refused) => return Ok(Answered::Refused(refused.to_string())),
        };
        if c.kind == DecisionKind::Accept
            && let Some(why) = decision::accept_waits(conn, &s)?
        {
            return Ok(Answered::Refused(why));
        }
        let from = SubmissionState::DecisionPending;
        if !submissions_store::change_state(conn, s.id, from, to)? {
            return Ok(Answered::Refused(moved_meanwhile(step::state_now(
                conn, s.id, from,
            )?)));
        }
        let revision_due = c.revision_due.or(r.revision_due_on);
        let edited = c.kind.as_str() != r.kind || letter != r.letter.trim();
        store::answer(
            conn,
            r.id,
            if edited { "edited" } else { "confirmed" },
            person.id,
            "",
        )?;
        let recommender = accounts::find_person(conn, r.recommended_by)?;
        let letter_from = recommender.as_ref().unwrap_or(person);
        let sending = Sending {
            kind: c.kind,
            letter: &letter,
            revision_due,
            decided_by: person,
            letter_from,
        };
        decision::send(conn, &s, (from, to), &sending, site)?;
        let outcome = if c.kind.as_str() != r.kind {
            format!(
                "changed the decision you recommended and confirmed it: the authors have been sent “{}” (you recommended “{}”) on",
                c.kind.label(),
                r.kind
                    .parse::<DecisionKind>()
                    .map_or("", DecisionKind::label)
            )
        } else if edited {
            format!(
                "confirmed your recommendation (“{}”) with changes to the letter, which has been sent to the authors, on",
                c.kind.label()
            )
        } else {
            format!(
                "confirmed your recommendation (“{}”): the letter has been sent to the authors, on",
                c.kind.label()
            )
        };
        if let Some(editor) = &recommender {
            tell_recommender(conn, &s, editor, person, &outcome, site)?;
        }
        Ok(Answered::Confirmed { to, edited })
    })
}

/// Returns the waiting recommendation to the handling editor with `note`: the submission goes
/// back where it was recommended from, and nothing goes to the authors.
pub fn return_to_editor(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    recommendation_id: i64,
    note: &str,
    site: &Site,
) -> Result<Answered> {
    write_transaction(conn, |conn| -> Result<Answered> {
        let asker = Asker::new(person, roles, site);
        let (s, r) = match held_recommendation(conn, &asker, submission_id, recommendation_id)? {
            Ok(found) => found,
            Err(answer) => return Ok(answer),
        };
        let note = match check_return_note(note) {
            Ok(n) => n,
            Err(e) => return Ok(Answered::Refused(e.to_owned())),
        };
        let origin = r.from_state.parse().unwrap_or(SubmissionState::UnderReview);
        let step_back = return_step(origin);
        let from = SubmissionState::DecisionPending;
        let to = match crate::domain::submission_state::next(from, step_back) {
            Ok(to) => to,
            Err(refused) => return Ok(Answered::Refused(refused.to_string())),
        };
        if !submissions_store::change_state(conn, s.id, from, to)? {
            return Ok(Answered::Refused(moved_meanwhile(step::state_now(
                conn, s.id, from,
            )?)));
        }
        store::answer(conn, r.id, "returned", person.id, &note)?;
        step::move_on_timeline(
            conn,
            Some(person.id),
            s.id,
            step_back.as_str(),
            (from, to),
            "",
        )?;
        if let Some(editor) = accounts::find_person(conn, r.recommended_by)? {
            let outcome = format!(
                "returned your recommendation (“{}”) with a note; nothing has been sent to the authors. It is back with you, on",
                r.kind
                    .parse::<DecisionKind>()
                    .map_or("", DecisionKind::label)
            );
            tell_recommender(conn, &s, &editor, person, &outcome, site)?;
        }
        Ok(Answered::Returned { to })
    })
}

fn tell_recommender(
    conn: &mut DbConnection,
    s: &Submission,
    editor: &Person,
    confirmer: &Person,
    outcome: &str,
    site: &Site,
) -> Result<()> {
    let message = RecommendationAnswered {
        name: &editor.name,
        confirmer: &confirmer.name,
        manuscript_number: s.number_or_draft(),
        title: &s.title,
        outcome,
        link: &step::editorial_link(site, s.id),
        site: &site.name(),
    };
    About::manuscript(s.number_or_draft())
        .reply_to(Some(&confirmer.email))
        .send(conn, "recommendation_answered", editor, &message)?;
    Ok(())
}

/// The recommendations waiting for `person` to confirm, oldest first: each one they may
/// confirm now (conflicts and the rule of who confirms whose applied).
pub fn awaiting_confirmation(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    settings: &crate::domain::conflicts::Settings,
) -> QueryResult<Vec<PendingDecision>> {
    let asker = Asker {
        person,
        roles,
        settings: *settings,
    };
    let journals: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == Role::EditorInChief)
        .filter_map(|r| r.journal_id)
        .collect();
    let collections: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == Role::GuestEditor)
        .filter_map(|r| r.collection_id)
        .collect();
    let mut out = Vec::new();
    for id in store::waiting_in(conn, &journals, &collections)? {
        if let Some(p) = pending_to(conn, &asker, id)? {
            out.push(p);
        }
    }
    Ok(out)
}

/// One recommendation as the submission's editorial page lists it.
pub struct RecommendationLine {
    pub decision: &'static str,
    pub recommended_by: String,
    pub recommended_at: chrono::NaiveDateTime,
    /// What became of it, in words ("Waiting for confirmation", "Confirmed", …).
    pub outcome: &'static str,
    pub answered_by: String,
    pub answered_at: Option<chrono::NaiveDateTime>,
    /// The note that returned it, for the handling editor.
    pub note: String,
}

/// Every recommendation on a submission, oldest first, for those who read its reviews. One
/// left unanswered when the submission moved on (withdrawn) says so.
pub fn lines_of(conn: &mut DbConnection, s: &Submission) -> QueryResult<Vec<RecommendationLine>> {
    let waiting = s.state() == SubmissionState::DecisionPending;
    let mut out = Vec::new();
    for r in store::of_submission(conn, s.id)? {
        let name_of = |conn: &mut DbConnection, id: Option<i64>| -> QueryResult<String> {
            Ok(match id {
                Some(id) => accounts::find_person(conn, id)?
                    .map(|p| p.name)
                    .unwrap_or_default(),
                None => String::new(),
            })
        };
        out.push(RecommendationLine {
            decision: r
                .kind
                .parse::<DecisionKind>()
                .map_or("", DecisionKind::label),
            recommended_by: name_of(conn, Some(r.recommended_by))?,
            recommended_at: r.recommended_at,
            outcome: match r.outcome.as_str() {
                "confirmed" => "Confirmed as recommended",
                "edited" => "Confirmed with changes",
                "returned" => "Returned to the handling editor",
                _ if waiting => "Waiting for confirmation",
                _ => "Not answered: the submission moved on (withdrawn)",
            },
            answered_by: name_of(conn, r.answered_by)?,
            answered_at: r.answered_at,
            note: r.return_note,
        });
    }
    Ok(out)
}

/// Whether the submission's latest recommendation was answered, `person` did not make it,
/// and they still read the editorial page: a press from a stale confirmation page is told
/// so; anything else is a 404, as for a page that does not exist.
pub fn still_reads(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    site: &Site,
) -> QueryResult<bool> {
    let reads = Asker::new(person, roles, site)
        .access_for(conn, submission_id, SubmissionAction::ViewEditorial)?
        .is_some();
    let latest = store::of_submission(conn, submission_id)?.pop();
    Ok(reads && latest.is_some_and(|r| !r.outcome.is_empty() && r.recommended_by != person.id))
}
