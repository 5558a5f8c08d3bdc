//! The handling editor's decision: the drafted letter, and sending it. Sending is one
//! transaction: the state machine's move (conditional on the state the editor saw, so two
//! editors deciding at once cannot both win), the letter as sent, the timeline event, the
//! end of the round's live invitations, and the e-mails.
//!
//! Authors read the timeline and the letter: neither names a reviewer. Reviews are quoted
//! only as "Reviewer 1", "Reviewer 2" …, and only their comments to the authors.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::config::Site;
use crate::db::accounts::{self, Person};
use crate::db::decisions::{self as store, DecisionLetterRow};
use crate::db::reviews::{self as reviews_store, ReviewInvitation};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::deadlines::long_date;
use crate::domain::decision::{
    DecisionKind, LetterInput, check_letter, default_letter_template, draft_from,
};
use crate::domain::integrity::decision_waits;
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::InvitationStatus;
use crate::domain::submission_state::SubmissionState;
use crate::mail::letters::{Letter, render_subject};
use crate::mail::messages::{DecisionLetter, DecisionMade, DecisionToCoAuthor, MailMessage};
use crate::workflow::editorial::{Asker, EditorialError};
use crate::workflow::step::{self, About, AddressesTold};

mod outliers;
pub mod recommendation;

type Result<T> = std::result::Result<T, EditorialError>;

/// What the decision page shows.
pub struct DecisionDraft {
    pub submission: Submission,
    pub state: SubmissionState,
    /// The decisions possible from the current state.
    pub allowed: Vec<DecisionKind>,
    pub kind: Option<DecisionKind>,
    /// The drafted letter for `kind` (empty when there is no kind).
    pub letter: String,
    /// For a decision asking for a revision: when it is due unless the editor says
    /// otherwise (the collection's period from today).
    pub revision_due: Option<NaiveDate>,
    /// The collection's period for that revision, in days.
    pub revision_days: Option<i32>,
    /// Why accepting waits (issue 27: an open sign of a review ring in a guest-edited
    /// collection), if it does.
    pub accept_waits: Option<String>,
    /// Sending makes it a recommendation, confirmed before the letter goes (issue 28 part
    /// 4). Who may confirm is not named: the names left out would tell who is conflicted.
    pub recommends: bool,
    /// The recommendation waiting for confirmation, with who made it.
    pub waiting: Option<(crate::db::recommendations::Recommendation, String)>,
}

impl DecisionDraft {
    /// The recommended decision waiting, in words.
    pub fn waiting_label(&self) -> &'static str {
        self.waiting
            .as_ref()
            .and_then(|(r, _)| r.kind.parse::<DecisionKind>().ok())
            .map_or("", DecisionKind::label)
    }
}

/// Why accepting `s` waits, if it does: a collection is guest-edited when it has a Guest
/// Editor appointed (the collection's guest editors, as its public page lists them), and
/// there accepting waits for the editor-in-chief's ruling on every open signal.
pub fn accept_waits(conn: &mut DbConnection, s: &Submission) -> QueryResult<Option<String>> {
    let open = crate::db::integrity::open_count(conn, s.id)?;
    if open == 0 {
        return Ok(None);
    }
    let guest_edited = crate::db::collections::is_guest_edited(conn, s.collection_id)?;
    Ok(decision_waits(
        DecisionKind::Accept,
        guest_edited,
        usize::try_from(open).unwrap_or(usize::MAX),
    ))
}

/// The submitted reviews of the submission's current round, each with its reviewer's
/// number (the same on the editor's page), by number.
fn round_reviews(
    conn: &mut DbConnection,
    s: &Submission,
) -> QueryResult<Vec<(u32, reviews_store::ReviewInvitation)>> {
    let all = reviews_store::of_submission(conn, s.id)?;
    let numbers = crate::db::reviews::reviewer_numbers(&all);
    let mut v: Vec<_> = all
        .into_iter()
        .filter(|i| i.round == s.current_round && i.status() == InvitationStatus::Submitted)
        // Every submitted review has a number: its reviewer agreed to review.
        .filter_map(|i| numbers.of(i.reviewer_id).map(|n| (n, i)))
        .collect();
    v.sort_by_key(|(n, _)| *n);
    Ok(v)
}

fn drafted(
    conn: &mut DbConnection,
    s: &Submission,
    editor: &Person,
    kind: DecisionKind,
) -> QueryResult<String> {
    let reviews = round_reviews(conn, s)?;
    // Only the numbers and what the authors may read (the comments to them, the answers
    // meant for them) leave this function's reach.
    let mut shared = Vec::new();
    for (n, i) in &reviews {
        shared.push((*n, crate::db::review_forms::for_the_authors(conn, i)?));
    }
    let comments: Vec<(u32, &str)> = shared.iter().map(|(n, c)| (*n, c.as_str())).collect();
    let author = step::corresponding_author(conn, s.id)?
        .map(|a| a.name)
        .unwrap_or_else(|| "author".to_owned());
    let (_, journal, _) = crate::db::collections::setting_of(conn, s)?;
    // The collection's own letter for this decision (issue 18 part 3), else the shipped one.
    let template =
        crate::db::letters::in_force(conn, s.collection_id, Letter::Decision(kind).key())?
            .map_or_else(|| default_letter_template(kind), |(_, body)| body);
    Ok(draft_from(
        &template,
        &LetterInput {
            kind,
            corresponding_author: &author,
            manuscript_number: s.number_or_draft(),
            title: &s.title,
            comments_to_authors: &comments,
            editor_name: &editor.name,
            journal: &journal,
        },
    ))
}

/// The decision letter's e-mail: the shipped `decision_letter` around the letter as sent,
/// under the subject of the collection's own letter for this decision when it has one.
fn letter_email(
    conn: &mut DbConnection,
    s: &Submission,
    (kind, editor): (DecisionKind, &Person),
    message: &DecisionLetter<'_>,
    author: &submissions_store::Author,
) -> Result<crate::mail::Email> {
    let mut email = message.to_email(&author.name, &author.email)?;
    if let Some((subject, _)) =
        crate::db::letters::in_force(conn, s.collection_id, Letter::Decision(kind).key())?
    {
        let (_, journal, _) = crate::db::collections::setting_of(conn, s)?;
        email.subject = render_subject(&subject, |name| match name {
            "author_name" => author.name.as_str(),
            "manuscript_number" => s.number_or_draft(),
            "title" => s.title.as_str(),
            "editor_name" => editor.name.as_str(),
            "journal" => journal.as_str(),
            _ => "",
        });
    }
    Ok(email)
}

/// The decision page's content for the handling editor; `None` (a 404) for anyone else.
/// An unknown or not-allowed `kind` gives no draft; the page says why.
pub fn draft(
    conn: &mut DbConnection,
    editor: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    kind: Option<DecisionKind>,
    site: &Site,
) -> QueryResult<Option<DecisionDraft>> {
    let asker = Asker::new(editor, roles, site);
    let Some(a) = asker.access_for(conn, submission_id, SubmissionAction::Decide)? else {
        return Ok(None);
    };
    let s = a.submission;
    let state = s.state();
    let allowed = DecisionKind::allowed_from(state, s.current_round);
    let letter = match kind {
        Some(k) if allowed.contains(&k) => drafted(conn, &s, editor, k)?,
        _ => String::new(),
    };
    let (deadlines, _) = crate::db::deadlines::settings_of(conn, s.collection_id)?;
    let revision_days = kind.and_then(|k| deadlines.revision_days(k));
    let revision_due = kind.and_then(|k| deadlines.default_revision_due(k, now().date()));
    let accept_waits = accept_waits(conn, &s)?;
    let recommends = recommendation::confirmers_if_confirmed(conn, &s, roles, site)?
        .is_some_and(|who| !who.is_empty());
    let waiting = recommendation::waiting_for(conn, s.id)?;
    Ok(Some(DecisionDraft {
        recommends,
        waiting,
        submission: s,
        state,
        allowed,
        kind,
        letter,
        revision_due,
        revision_days,
        accept_waits,
    }))
}

#[derive(Debug)]
pub enum DecideOutcome {
    /// Decided and sent; the submission is now in `to`.
    Decided {
        to: SubmissionState,
    },
    /// Recommended, where the collection's decisions are confirmed: nothing has gone to
    /// the authors; the confirmers are told (`crate::workflow::decision::recommendation`).
    Recommended,
    /// Refused: the message says why (an empty letter, a decision the state does not
    /// allow, or the submission moved meanwhile). Nothing changed.
    Refused(String),
    NotFound,
}

/// The message for a decision that lost to another one (or to any move meanwhile).
pub fn moved_meanwhile(now_state: SubmissionState) -> String {
    format!(
        "This submission has already been decided or has moved on meanwhile: it is now \
         “{}”. Your decision was not recorded and no letter was sent.",
        now_state.label()
    )
}

/// A decision as the editor sends it.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    pub kind: DecisionKind,
    pub letter: &'a str,
    /// The state the editor saw when writing it: the decision is taken only from there.
    pub expected_state: SubmissionState,
    /// For a revision: when it is due (checked by the caller, `domain::deadlines`); `None`
    /// gives the collection's period from today.
    pub revision_due: Option<NaiveDate>,
}

/// Sends the decision, if the submission is still in the state the editor saw.
pub fn decide(
    conn: &mut DbConnection,
    editor: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    decision: &Decision<'_>,
    site: &Site,
) -> Result<DecideOutcome> {
    let Decision {
        kind,
        letter,
        expected_state,
        revision_due,
    } = *decision;
    write_transaction(conn, |conn| -> Result<DecideOutcome> {
        let asker = Asker::new(editor, roles, site);
        let Some(a) = asker.access_for(conn, submission_id, SubmissionAction::Decide)? else {
            return Ok(DecideOutcome::NotFound);
        };
        let letter = match check_letter(letter) {
            Ok(l) => l,
            Err(e) => return Ok(DecideOutcome::Refused(e.to_owned())),
        };
        let s = a.submission;
        let from = s.state();
        if from != expected_state {
            return Ok(DecideOutcome::Refused(moved_meanwhile(from)));
        }
        let mut confirmers = recommendation::confirmers_if_confirmed(conn, &s, roles, site)?;
        if confirmers.as_ref().is_some_and(Vec::is_empty) {
            recommendation::sent_unconfirmed(conn, editor, &s)?;
            confirmers = None;
        }
        let to = match if confirmers.is_some() {
            kind.recommended(from, s.current_round)
        } else {
            kind.next(from, s.current_round)
        } {
            Ok(to) => to,
            Err(refused) => return Ok(DecideOutcome::Refused(refused.to_string())),
        };
        // Checked again in the decision's transaction: a signal raised by a review that
        // came in after the page was read still holds the acceptance back.
        if kind == DecisionKind::Accept
            && let Some(why) = accept_waits(conn, &s)?
        {
            return Ok(DecideOutcome::Refused(why));
        }
        if !submissions_store::change_state(conn, s.id, from, to)? {
            // Another transaction moved it between our read and our write.
            let now_state = step::state_now(conn, s.id, from)?;
            return Ok(DecideOutcome::Refused(moved_meanwhile(now_state)));
        }
        if let Some(confirmers) = confirmers {
            let r = recommendation::Recommended {
                kind,
                letter: &letter,
                revision_due,
                from,
            };
            recommendation::record(conn, editor, &s, &r, &confirmers, site)?;
            return Ok(DecideOutcome::Recommended);
        }
        let (decided_by, letter_from) = (editor, editor);
        let sending = Sending {
            kind,
            letter: &letter,
            revision_due,
            decided_by,
            letter_from,
        };
        send(conn, &s, (from, to), &sending, site)?;
        Ok(DecideOutcome::Decided { to })
    })
}

/// A decision being sent: by the handling editor at once, or on a confirmation.
pub(crate) struct Sending<'a> {
    pub kind: DecisionKind,
    pub letter: &'a str,
    pub revision_due: Option<NaiveDate>,
    /// Who made it final: the handling editor, or the confirmer.
    pub decided_by: &'a Person,
    /// Whose letter it is (replies go to them): the handling editor.
    pub letter_from: &'a Person,
}

/// Everything a decision does once the submission has moved `from` → `to`, in the caller's
/// transaction: the letter as sent, the timeline, the end of the round's invitations, the
/// revision's due date, and the e-mails to the authors and the reviewers.
pub(crate) fn send(
    conn: &mut DbConnection,
    s: &Submission,
    (from, to): (SubmissionState, SubmissionState),
    sending: &Sending<'_>,
    site: &Site,
) -> Result<()> {
    let Sending {
        kind,
        letter,
        revision_due,
        decided_by,
        letter_from: editor,
    } = *sending;
    let round = s.current_round;
    store::record(conn, s.id, round, kind.as_str(), letter, decided_by.id)?;
    step::move_on_timeline(
        conn,
        Some(decided_by.id),
        s.id,
        kind.transition().as_str(),
        (from, to),
        kind.label(),
    )?;
    let invitations = end_round(conn, s)?;
    let due = revision_asked(conn, decided_by, s, kind, revision_due)?;
    let about = About::manuscript(s.number_or_draft()).reply_to(Some(&editor.email));
    let authors = submissions_store::authors_of(conn, s.id)?;
    if let Some(author) = authors.iter().find(|a| a.is_corresponding) {
        let message = DecisionLetter {
            manuscript_number: s.number_or_draft(),
            title: &s.title,
            decision: kind.label(),
            letter,
            due: &due.map(long_date).unwrap_or_default(),
            link: &step::author_link(site, s.id),
            site: &site.name(),
        };
        let email = letter_email(conn, s, (kind, editor), &message, author)?;
        about.send_email(conn, "decision_letter", author.into(), &email)?;
    }
    tell_co_authors(conn, s, &authors, kind, &about, site)?;
    tell_reviewers(conn, s, &invitations, kind, &about, site)?;
    outliers::check(conn, s, kind, editor)?;
    Ok(())
}

/// For a decision asking for a revision: records when it is due (`asked`, or the
/// collection's period from today) with its line on the timeline; the date.
fn revision_asked(
    conn: &mut DbConnection,
    editor: &Person,
    s: &Submission,
    kind: DecisionKind,
    asked: Option<NaiveDate>,
) -> QueryResult<Option<NaiveDate>> {
    let (deadlines, _) = crate::db::deadlines::settings_of(conn, s.collection_id)?;
    let Some(default) = deadlines.default_revision_due(kind, now().date()) else {
        return Ok(None);
    };
    let due = asked.unwrap_or(default);
    crate::db::deadlines::set_revision_due(conn, s.id, s.current_round, due)?;
    step::on_timeline(
        conn,
        Some(editor.id),
        s.id,
        "revision_due",
        &format!("Revised version due by {}", long_date(due)),
    )?;
    Ok(Some(due))
}

/// The round is over: its invitations still open end, so their reminders stop. Returns
/// the round's invitations as they were before.
fn end_round(conn: &mut DbConnection, s: &Submission) -> QueryResult<Vec<ReviewInvitation>> {
    let round: Vec<_> = reviews_store::of_submission(conn, s.id)?
        .into_iter()
        .filter(|i| i.round == s.current_round)
        .collect();
    for inv in round.iter().filter(|i| {
        matches!(
            i.status(),
            InvitationStatus::Invited | InvitationStatus::Accepted
        )
    }) {
        if reviews_store::cancel(
            conn,
            inv.id,
            "A decision was made before the review came in.",
        )? {
            reviews_store::withdraw_unsent_reminders(conn, inv.id)?;
        }
    }
    Ok(round)
}

/// Every co-author (each listed author other than the corresponding one, at their listed
/// address, once, but not one who said they are not an author) hears the outcome; the letter itself, with the reviews, goes to the
/// corresponding author only. A notice: it waits for the person's digest if they chose one.
fn tell_co_authors(
    conn: &mut DbConnection,
    s: &Submission,
    authors: &[submissions_store::Author],
    kind: DecisionKind,
    about: &About<'_>,
    site: &Site,
) -> Result<()> {
    let Some(corresponding) = authors.iter().find(|a| a.is_corresponding) else {
        return Ok(());
    };
    let (collection, journal, _) = crate::db::collections::setting_of(conn, s)?;
    let mut told = AddressesTold::default();
    told.first_time(&corresponding.email);
    let not_authors = crate::db::authorship::said_not_an_author(conn, s.id)?;
    for a in authors {
        if not_authors.contains(&a.id) || !told.first_time(&a.email) {
            continue;
        }
        let message = DecisionToCoAuthor {
            name: &a.name,
            manuscript_number: s.number_or_draft(),
            title: &s.title,
            collection: &collection.title,
            journal: &journal,
            decision: kind.label(),
            corresponding: &corresponding.name,
            site: &site.name(),
        };
        about
            .digestible(true)
            .send(conn, "decision_to_co_author", a, &message)?;
    }
    Ok(())
}

/// Each reviewer whose review of the round is in is thanked and told the decision (issue 19
/// part 3), once, in the decision's transaction; where the collection shares them, with
/// the other reviewers' comments to the authors as "Reviewer N" (never a name, never a
/// confidential comment).
fn tell_reviewers(
    conn: &mut DbConnection,
    s: &Submission,
    invitations: &[ReviewInvitation],
    kind: DecisionKind,
    about: &About<'_>,
    site: &Site,
) -> Result<()> {
    let (collection, _, _) = crate::db::collections::setting_of(conn, s)?;
    let numbers = reviews_store::reviewer_numbers(&reviews_store::of_submission(conn, s.id)?);
    let submitted: Vec<&ReviewInvitation> = invitations
        .iter()
        .filter(|i| i.status() == InvitationStatus::Submitted)
        .collect();
    let comments: Vec<(u32, &str)> = submitted
        .iter()
        .copied()
        .filter_map(|i| Some((numbers.of(i.reviewer_id)?, i.comments_to_authors.as_str())))
        .collect();
    for inv in submitted {
        let Some(reviewer) = accounts::find_person(conn, inv.reviewer_id)? else {
            continue;
        };
        let own = numbers.of(inv.reviewer_id);
        let other_reviews = match own {
            Some(n) if collection.share_reviews_with_reviewers => {
                crate::domain::recognition::other_reviews(n, &comments)
            }
            _ => String::new(),
        };
        let message = DecisionMade {
            name: &reviewer.name,
            manuscript_number: s.number_or_draft(),
            title: &s.title,
            decision: kind.label(),
            own_number: &own.map(|n| format!("Reviewer {n}")).unwrap_or_default(),
            other_reviews: &other_reviews,
            site: &site.name(),
        };
        about.send(conn, "decision_made", &reviewer, &message)?;
    }
    Ok(())
}

/// A decision letter as the authors read it.
pub struct LetterView {
    pub decision: &'static str,
    pub row: DecisionLetterRow,
    /// For a letter asking for a revision: when the letter said it was due.
    pub revision_due: Option<String>,
}

/// The decision letters of a submission, for its author's page (the caller has checked
/// that the person may view it).
pub fn letters_for_author(
    conn: &mut DbConnection,
    submission_id: i64,
) -> QueryResult<Vec<LetterView>> {
    let deadlines = crate::db::deadlines::revision_deadlines_of(conn, submission_id)?;
    Ok(store::of_submission(conn, submission_id)?
        .into_iter()
        .map(|row| {
            let kind = row.kind.parse::<DecisionKind>().ok();
            let asks_revision = matches!(
                kind,
                Some(DecisionKind::MinorRevision | DecisionKind::MajorRevision)
            );
            LetterView {
                decision: kind.map(DecisionKind::label).unwrap_or("Decision"),
                revision_due: deadlines
                    .iter()
                    .find(|d| asks_revision && d.round == row.round)
                    .map(|d| long_date(d.first_due_on)),
                row,
            }
        })
        .collect())
}
