//! Inviting a reviewer, the editor's cancellation of an invitation, and a withdrawal
//! ending every live one.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::{self, NewPerson, Person};
use crate::db::collections::{Collection, setting_of};
use crate::db::reviews::{self as store, ReviewInvitation};
use crate::db::submissions::{self as submissions_store, Submission};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::{InvitationInput, InvitationStatus};
use crate::domain::reviewer_identity::{FoundBy, IdentitySignal};
use crate::domain::{EmailAddress, FormErrors};
use crate::mail::messages::{InvitationCancelled, ReviewerInvited};
use crate::security::token::new_token;
use crate::workflow::editorial::Asker;
use crate::workflow::step::{self, About};

use super::all_in::all_reviews_in_if_due;
use super::search::{Judge, person_by_address};
use super::{Result, long_date};

/// Links to an invitation keep working this long after the review is due.
const LINKS_LAST_DAYS_AFTER_DUE: i64 = 60;

/// Whom to invite: a known person, or a name and address.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct InviteForm {
    /// A known person's id; empty when inviting by address.
    #[serde(default)]
    pub person_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub due_on: String,
    /// Where on the page the editor found them (`FoundBy::as_str`); recorded.
    #[serde(default)]
    pub found_by: String,
}

#[derive(Debug)]
pub enum InviteOutcome {
    Invited {
        reviewer: String,
    },
    /// Who it is cannot be invited; nothing was written.
    Refused(String),
    /// They are invited (or reviewing) in this round already: a second press, or another
    /// tab. Nothing more was written or sent.
    AlreadyInvited(String),
    Invalid(FormErrors),
    NotFound,
}

/// The due date offered by default: the collection's review period from today.
pub fn default_due_on(c: &Collection) -> NaiveDate {
    now().date() + Duration::days(i64::from(c.review_due_days))
}

/// Invites a reviewer. The conflicts are checked again here, inside the transaction that
/// writes the invitation, whatever the page showed: a crafted request for a conflicted or
/// opposed person is refused like a click.
pub fn invite(
    conn: &mut DbConnection,
    editor: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    form: &InviteForm,
    site: &Site,
) -> Result<InviteOutcome> {
    write_transaction(conn, |conn| -> Result<InviteOutcome> {
        let asker = Asker::new(editor, roles, site);
        // Held first: two presses at once must not both find nobody invited yet.
        let Some(a) =
            asker.held_access_for(conn, submission_id, SubmissionAction::ManageReviewers)?
        else {
            return Ok(InviteOutcome::NotFound);
        };
        let s = a.submission;
        // Review starts with the first invitation: a collection that waits for every
        // co-author's confirmation refuses it until then.
        if let Err(why) = crate::workflow::authorship::review_may_start(conn, &s)? {
            return Ok(InviteOutcome::Refused(why));
        }
        let asked = match asked(conn, form)? {
            Ok(asked) => asked,
            Err(outcome) => return Ok(outcome),
        };
        let signals = match refusal(conn, &s, &asked, site)? {
            Ok(signals) => signals,
            Err(refused) => return Ok(refused),
        };
        let identity = Identity {
            found_by: found_by(form),
            signals: signals
                .iter()
                .map(|g| g.evidence.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let reviewer = match &asked.person {
            Some(p) => p.clone(),
            None => accounts::insert_person(
                conn,
                &NewPerson {
                    name: &asked.name,
                    email: &asked.email,
                    affiliation: "",
                    orcid: None,
                    bio: "",
                },
            )?,
        };
        let link = record_invitation(conn, &s, (editor, &reviewer), &asked, &identity)?;
        queue_invitation(conn, &s, editor, &reviewer, &asked, &link, site)?;
        Ok(InviteOutcome::Invited {
            reviewer: reviewer.name,
        })
    })
}

/// An invitation as the form asks for it, checked.
struct Asked {
    /// The person it is for, when they are known (by the form's id, or by the address).
    person: Option<Person>,
    name: String,
    email: String,
    message: String,
    due_on: NaiveDate,
}

/// The form checked: whom (a known person by id, or a name and an address), the message
/// and the due date; or what to answer instead.
fn asked(
    conn: &mut DbConnection,
    form: &InviteForm,
) -> QueryResult<std::result::Result<Asked, InviteOutcome>> {
    let mut errors = FormErrors::new();
    let parsed = InvitationInput {
        message: form.message.clone(),
        due_on: form.due_on.clone(),
    }
    .parse(now().date());
    if let Err(e) = &parsed {
        errors = e.clone();
    }
    let known = match form.person_id.trim() {
        "" => None,
        id => match accounts::find_person(conn, id.parse().unwrap_or(-1))? {
            Some(p) => Some(p),
            None => {
                return Ok(Err(InviteOutcome::Refused(
                    "There is no such person.".into(),
                )));
            }
        },
    };
    let (name, email) = match &known {
        Some(p) => (p.name.clone(), p.email.clone()),
        None => typed_name_and_address(form, &mut errors),
    };
    let Ok((message, due_on)) = parsed else {
        return Ok(Err(InviteOutcome::Invalid(errors)));
    };
    if !errors.is_empty() {
        return Ok(Err(InviteOutcome::Invalid(errors)));
    }
    let person = match known {
        Some(p) => Some(p),
        None => person_by_address(conn, &email)?,
    };
    Ok(Ok(Asked {
        person,
        name,
        email,
        message,
        due_on,
    }))
}

/// The name and address typed for someone invited by address, each with what is wrong
/// with it added to `errors`.
fn typed_name_and_address(form: &InviteForm, errors: &mut FormErrors) -> (String, String) {
    let name = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        errors.add("name", "Enter the reviewer's name.");
    } else if name.chars().count() > 200 {
        errors.add("name", "Keep the name under 200 characters.");
    }
    let email = match EmailAddress::parse(&form.email) {
        Ok(e) => e.as_str().to_owned(),
        Err(message) => {
            errors.add("email", message);
            String::new()
        }
    };
    (name, email)
}

/// Why the person asked for cannot be invited now, if they cannot: a confirmed conflict
/// (or they handle the submission), or an invitation of theirs in this round already.
/// Otherwise their identity signals, to be kept with the invitation.
fn refusal(
    conn: &mut DbConnection,
    s: &Submission,
    asked: &Asked,
    site: &Site,
) -> QueryResult<std::result::Result<Vec<IdentitySignal>, InviteOutcome>> {
    let judge = Judge::new(conn, s, site)?;
    let c = judge.candidate(conn, asked.person.as_ref(), &asked.name, &asked.email)?;
    if !c.blocks.is_empty() {
        return Ok(Err(InviteOutcome::Refused(format!(
            "{} cannot review this submission: {}.",
            c.name,
            c.blocks.join("; ")
        ))));
    }
    Ok(match c.invited {
        Some(InvitationStatus::Invited) => Err(InviteOutcome::AlreadyInvited(format!(
            "{} has already been invited in this round and has not answered yet; nothing more was sent.",
            c.name
        ))),
        Some(st) if st.is_taken_on() => Err(InviteOutcome::AlreadyInvited(format!(
            "{} already reviews this submission in this round; nothing more was sent.",
            c.name
        ))),
        _ => Ok(c.signals),
    })
}

/// How the reviewer was found and what was signalled about them, kept with the invitation.
struct Identity {
    found_by: FoundBy,
    signals: String,
}

/// Where on the page the editor found the reviewer: as the form says, else by whether a
/// known person or a typed address was invited.
fn found_by(form: &InviteForm) -> FoundBy {
    FoundBy::parse(form.found_by.trim()).unwrap_or(if form.person_id.trim().is_empty() {
        FoundBy::TypedByHand
    } else {
        FoundBy::EditorSearch
    })
}

/// The invitation's secret link, and when it stops working.
struct Link {
    token: String,
    expires_at: NaiveDateTime,
}

/// Records the invitation, its link's token and the timeline line.
fn record_invitation(
    conn: &mut DbConnection,
    s: &Submission,
    (editor, reviewer): (&Person, &Person),
    asked: &Asked,
    identity: &Identity,
) -> Result<Link> {
    let token = new_token();
    let expires_at = (asked.due_on + Duration::days(LINKS_LAST_DAYS_AFTER_DUE))
        .and_hms_opt(23, 59, 59)
        .unwrap_or_else(now);
    let id = store::insert(
        conn,
        &store::NewInvitation {
            submission_id: s.id,
            round: s.current_round,
            reviewer_id: reviewer.id,
            invited_by: editor.id,
            message: &asked.message,
            due_on: asked.due_on,
            links_expire_at: expires_at,
            found_by: identity.found_by.as_str(),
            identity_signals: &identity.signals,
        },
    )?;
    store::add_token(conn, id, &token.hash)?;
    step::on_timeline(
        conn,
        Some(editor.id),
        s.id,
        "reviewer_invited",
        &format!(
            "{} ({}) invited to review round {}, due {}",
            reviewer.name,
            reviewer.email,
            s.current_round,
            long_date(asked.due_on)
        ),
    )?;
    Ok(Link {
        token: token.token,
        expires_at,
    })
}

/// The invitation e-mail with its link, replies going to the editor. It names the authors
/// only when the collection's review is not double-blind.
fn queue_invitation(
    conn: &mut DbConnection,
    s: &Submission,
    editor: &Person,
    reviewer: &Person,
    asked: &Asked,
    link: &Link,
    site: &Site,
) -> Result<()> {
    let (collection, journal, double_blind) = setting_of(conn, s)?;
    let authors = if double_blind {
        String::new()
    } else {
        let authors = submissions_store::authors_of(conn, s.id)?;
        let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
        crate::domain::person_name::join_names(&names)
    };
    let (deadlines, _) = crate::db::deadlines::settings_of(conn, s.collection_id)?;
    let reminders = deadlines
        .review_schedule(&site.review_reminders)
        .for_reviewer_in_words();
    let number = s.number_or_draft();
    let message = ReviewerInvited {
        name: &reviewer.name,
        manuscript_number: number,
        title: &s.title,
        abstract_text: &s.abstract_text,
        authors: &authors,
        collection: &collection.title,
        journal: &journal,
        editor: &editor.name,
        message: &asked.message,
        due: &long_date(asked.due_on),
        expires: &long_date(link.expires_at.date()),
        reminders: &reminders,
        link: &format!("{}/invitations/{}", site.base_url, link.token),
        site: &site.name(),
    };
    About::manuscript(number)
        .reply_to(Some(&editor.email))
        .send(conn, "reviewer_invited", reviewer, &message)?;
    Ok(())
}

/// Ends live invitations and tells their reviewers; used by the editor's cancellation and
/// by a withdrawal. Call inside the transaction of the change.
fn end_invitation(
    conn: &mut DbConnection,
    inv: &ReviewInvitation,
    s: &Submission,
    reason: &str,
    editor_name: &str,
    actor_id: Option<i64>,
    site_name: &str,
) -> Result<bool> {
    if !store::cancel(conn, inv.id, reason)? {
        return Ok(false);
    }
    store::withdraw_unsent_reminders(conn, inv.id)?;
    let Some(reviewer) = accounts::find_person(conn, inv.reviewer_id)? else {
        return Ok(true);
    };
    step::on_timeline(
        conn,
        actor_id,
        s.id,
        "review_invitation_cancelled",
        &format!("{}: {reason}", reviewer.name),
    )?;
    let number = s.number_or_draft();
    let message = InvitationCancelled {
        name: &reviewer.name,
        manuscript_number: number,
        title: &s.title,
        editor: editor_name,
        reason,
        site: site_name,
    };
    About::manuscript(number).send(conn, "review_invitation_cancelled", &reviewer, &message)?;
    Ok(true)
}

#[derive(Debug, PartialEq, Eq)]
pub enum CancelOutcome {
    Cancelled,
    /// It had already ended (answered, cancelled, or the review is in).
    AlreadyEnded,
    NotFound,
}

/// The handling editor cancels an invitation; the reviewer is told and their links stop.
pub fn cancel(
    conn: &mut DbConnection,
    editor: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    invitation_id: i64,
    reason: &str,
    site: &Site,
) -> Result<CancelOutcome> {
    write_transaction(conn, |conn| -> Result<CancelOutcome> {
        let asker = Asker::new(editor, roles, site);
        let Some(a) = asker.access_for(conn, submission_id, SubmissionAction::ManageReviewers)?
        else {
            return Ok(CancelOutcome::NotFound);
        };
        let Some(inv) =
            store::find(conn, invitation_id)?.filter(|i| i.submission_id == a.submission.id)
        else {
            return Ok(CancelOutcome::NotFound);
        };
        let reason: String = reason.trim().chars().take(2000).collect();
        if end_invitation(
            conn,
            &inv,
            &a.submission,
            &reason,
            &editor.name,
            Some(editor.id),
            &site.name(),
        )? {
            all_reviews_in_if_due(conn, &a.submission, inv.round, site)?;
            Ok(CancelOutcome::Cancelled)
        } else {
            Ok(CancelOutcome::AlreadyEnded)
        }
    })
}

/// A withdrawal ends every live invitation of the submission. Call inside its transaction.
pub fn end_all_on_withdrawal(
    conn: &mut DbConnection,
    s: &Submission,
    site_name: &str,
) -> Result<()> {
    let editor = step::handling_editor(conn, s)?
        .map(|p| p.name)
        .unwrap_or_else(|| "The editor".into());
    for inv in store::of_submission(conn, s.id)? {
        if inv.status().is_live() {
            end_invitation(
                conn,
                &inv,
                s,
                "The authors withdrew the submission.",
                &editor,
                None,
                site_name,
            )?;
        }
    }
    Ok(())
}
