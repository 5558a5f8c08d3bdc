//! What peer review does: finding reviewers (with their conflicts and load), inviting them,
//! their answer by e-mailed link, the competing-interest declaration before the files open,
//! the review itself, cancellations, and the reminder schedule.
//!
//! Every change is one transaction with its timeline event and its e-mails. Authors never
//! learn who reviews: no author-facing event, e-mail or page names a reviewer, and the one
//! author-facing move here ("under review") is recorded without an actor.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::config::Site;
use crate::db::accounts::{self, NewPerson, Person};
use crate::db::collections::{self, Collection, setting_of};
use crate::db::editorial as editorial_store;
use crate::db::events::{self, NewEvent, Subject};
use crate::db::guard::{self, ReadAt};
use crate::db::profiles;
use crate::db::reviews::{
    self as store, Attachment, ReviewInvitation, ReviewerLoad, reviewer_numbers,
};
use crate::db::schema::{
    editor_profiles, people, person_emails, publications, submission_authors, submission_topics,
    submissions,
};
use crate::db::submissions::{self as submissions_store, Author, SUGGESTED_REVIEWER, Submission};
use crate::db::{DbConnection, now, write_transaction};
use crate::domain::conflicts::{
    Finding, PersonProfile, PreparedPerson, PreparedSubmission, Strength, findings_prepared,
};
use crate::domain::permissions::{
    HeldRole, InvitationFacts, ReviewerAction, SubmissionAction, may_as_reviewer,
};
use crate::domain::review::{
    Declaration, DeclarationInput, DeclineInput, InvitationInput, InvitationStatus, ReminderKind,
    ReminderSchedule, ReviewContent, ReviewInput, ReviewStep, is_overdue, recommendation_label,
};
use crate::domain::submission_state::{self, SubmissionState, Transition};
use crate::domain::{EmailAddress, FormErrors};
use crate::mail::messages::{
    AllReviewsIn, InvitationCancelled, MailMessage, ReviewReceived, ReviewReminder, ReviewRevised,
    ReviewerAnswered, ReviewerInvited, ReviewerThanks, SubmissionUnderReview,
};
use crate::mail::{self, Envelope};
use crate::security::token::{hash_token, new_token};
use crate::workflow::conflict::apply_rulings;
use crate::workflow::editorial::{self, EditorialError};

/// Links to an invitation keep working this long after the review is due.
const LINKS_LAST_DAYS_AFTER_DUE: i64 = 60;
/// At most this many people in one reviewer search.
const SEARCH_LIMIT: i64 = 25;

type Result<T> = std::result::Result<T, EditorialError>;

pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn count_phrase(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

// ---- Finding reviewers ------------------------------------------------------------------

/// What an editor searches with.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ReviewerQuery {
    /// Name, e-mail address, affiliation or expertise keyword.
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub topic: String,
}

/// One possible reviewer as the editor sees them.
#[derive(Debug, Clone)]
pub struct ReviewerCandidate {
    /// `None` for an address nobody in the system has yet.
    pub person_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub affiliation: String,
    /// Why they cannot be invited (confirmed conflicts and the like). Empty when they can.
    pub blocks: Vec<String>,
    /// Potential conflicts: shown, not blocking.
    pub warnings: Vec<String>,
    pub load: ReviewerLoad,
    /// Their invitation in this round, if any.
    pub invited: Option<InvitationStatus>,
    /// For the authors' suggestions: the reason they gave.
    pub suggested_because: String,
    /// For reviewers of earlier rounds: which rounds they reviewed ("Reviewed round 1").
    pub reviewed_rounds: String,
}

impl ReviewerCandidate {
    pub fn may_be_invited(&self) -> bool {
        self.blocks.is_empty()
            && !self.invited.is_some_and(InvitationStatus::is_taken_on)
            && self.invited != Some(InvitationStatus::Invited)
    }
}

pub struct ReviewerSearch {
    /// Those who reviewed an earlier round: the first people to ask about a revision.
    pub earlier: Vec<ReviewerCandidate>,
    pub suggested: Vec<ReviewerCandidate>,
    /// (name, e-mail, reason) of each reviewer the authors opposed.
    pub opposed: Vec<(String, String, String)>,
    pub results: Vec<ReviewerCandidate>,
    pub searched: bool,
    pub topics: Vec<String>,
}

/// The person an address belongs to: their primary address or a confirmed extra one.
pub fn person_by_address(conn: &mut DbConnection, email: &str) -> QueryResult<Option<Person>> {
    if let Some(p) = accounts::find_person_by_email(conn, email)? {
        return Ok(Some(p));
    }
    let owner: Option<i64> = person_emails::table
        .filter(person_emails::email.eq(email))
        .filter(person_emails::confirmed_at.is_not_null())
        .select(person_emails::person_id)
        .first(conn)
        .optional()?;
    match owner {
        Some(id) => accounts::find_person(conn, id),
        None => Ok(None),
    }
}

/// Everything that stops or warns about one person reviewing one submission.
struct Judge {
    parties: PreparedSubmission,
    rulings: Vec<editorial_store::Ruling>,
    settings: crate::domain::conflicts::Settings,
    handling_editor_id: Option<i64>,
    round: i32,
    invitations: Vec<ReviewInvitation>,
}

impl Judge {
    fn new(conn: &mut DbConnection, s: &Submission, site: &Site) -> QueryResult<Judge> {
        Ok(Judge {
            parties: PreparedSubmission::new(&profiles::parties_of(conn, s.id)?),
            rulings: editorial_store::rulings_on(conn, s.id)?,
            settings: site.settings(),
            handling_editor_id: s.handling_editor_id,
            round: s.current_round,
            invitations: store::of_submission(conn, s.id)?,
        })
    }

    fn findings(&self, person_id: Option<i64>, profile: &PersonProfile) -> Vec<Finding> {
        let found = findings_prepared(&PreparedPerson::new(profile), &self.parties, &self.settings);
        match person_id {
            Some(id) => apply_rulings(id, found, &self.rulings),
            None => found,
        }
    }

    fn candidate(
        &self,
        conn: &mut DbConnection,
        person: Option<&Person>,
        name: &str,
        email: &str,
    ) -> QueryResult<ReviewerCandidate> {
        let profile = match person {
            Some(p) => profiles::profile_of(conn, p)?,
            None => PersonProfile {
                name: name.to_owned(),
                emails: vec![email.to_owned()],
                ..PersonProfile::default()
            },
        };
        let found = self.findings(person.map(|p| p.id), &profile);
        let mut blocks: Vec<String> = found
            .iter()
            .filter(|f| f.strength == Strength::Confirmed)
            .map(|f| f.reason.clone())
            .collect();
        if person.is_some_and(|p| Some(p.id) == self.handling_editor_id) {
            blocks.push("Handles this submission as editor".to_owned());
        }
        let invited = person.and_then(|p| {
            self.invitations
                .iter()
                .rev()
                .find(|i| i.reviewer_id == p.id && i.round == self.round)
                .map(ReviewInvitation::status)
        });
        Ok(ReviewerCandidate {
            person_id: person.map(|p| p.id),
            name: person.map_or(name, |p| &p.name).to_owned(),
            email: person.map_or(email, |p| &p.email).to_owned(),
            affiliation: person.map(|p| p.affiliation.clone()).unwrap_or_default(),
            blocks,
            warnings: found
                .iter()
                .filter(|f| f.strength == Strength::Potential)
                .map(|f| f.reason.clone())
                .collect(),
            load: match person {
                Some(p) => store::load_of(conn, p.id)?,
                None => ReviewerLoad::default(),
            },
            invited,
            suggested_because: String::new(),
            reviewed_rounds: String::new(),
        })
    }
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

fn like_pattern(q: &str) -> String {
    let escaped: String = q
        .trim()
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// The ids of people matching a search: by name, address, affiliation or expertise (titles
/// of their listed publications, keywords of their own submissions), and by topic (topics
/// of their submissions, editors' topics).
fn matching_people(conn: &mut DbConnection, query: &ReviewerQuery) -> QueryResult<Vec<i64>> {
    let mut ids: Option<Vec<i64>> = None;
    let q = query.q.trim();
    if !q.is_empty() {
        let pattern = like_pattern(q);
        let mut found: Vec<i64> = people::table
            .filter(
                lower(people::name)
                    .like(&pattern)
                    .escape('\\')
                    .or(lower(people::email).like(&pattern).escape('\\'))
                    .or(lower(people::affiliation).like(&pattern).escape('\\'))
                    .or(lower(people::bio).like(&pattern).escape('\\')),
            )
            .select(people::id)
            .limit(SEARCH_LIMIT * 4)
            .load(conn)?;
        found.extend(
            publications::table
                .filter(lower(publications::title).like(&pattern).escape('\\'))
                .select(publications::person_id)
                .limit(SEARCH_LIMIT * 4)
                .load::<i64>(conn)?,
        );
        found.extend(
            submission_authors::table
                .inner_join(submissions::table)
                .filter(lower(submissions::keywords).like(&pattern).escape('\\'))
                .filter(submission_authors::person_id.is_not_null())
                .select(submission_authors::person_id.assume_not_null())
                .limit(SEARCH_LIMIT * 4)
                .load::<i64>(conn)?,
        );
        ids = Some(found);
    }
    let topic = query.topic.trim();
    if !topic.is_empty() {
        let mut found: Vec<i64> = submission_authors::table
            .inner_join(
                submission_topics::table
                    .on(submission_topics::submission_id.eq(submission_authors::submission_id)),
            )
            .filter(submission_topics::topic.eq(topic))
            .filter(submission_authors::person_id.is_not_null())
            .select(submission_authors::person_id.assume_not_null())
            .limit(SEARCH_LIMIT * 4)
            .load(conn)?;
        found.extend(
            editor_profiles::table
                .filter(
                    lower(editor_profiles::topics)
                        .like(like_pattern(topic))
                        .escape('\\'),
                )
                .select(editor_profiles::person_id)
                .load::<i64>(conn)?,
        );
        ids = Some(match ids {
            Some(by_text) => by_text.into_iter().filter(|i| found.contains(i)).collect(),
            None => found,
        });
    }
    let mut ids = ids.unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    ids.retain(|i| seen.insert(*i));
    ids.truncate(SEARCH_LIMIT as usize);
    Ok(ids)
}

/// Who submitted a review in a round before `current_round`, each once, in the order they
/// were first invited, with "Reviewed round 1 as Reviewer 2" or "Reviewed rounds 1 and 2 as
/// Reviewer 2".
pub fn earlier_reviewers(
    invitations: &[ReviewInvitation],
    current_round: i32,
) -> Vec<(i64, String)> {
    let numbers = reviewer_numbers(invitations);
    let mut out: Vec<(i64, Vec<String>)> = Vec::new();
    for i in invitations
        .iter()
        .filter(|i| i.round < current_round && i.status() == InvitationStatus::Submitted)
    {
        match out.iter_mut().find(|(id, _)| *id == i.reviewer_id) {
            Some((_, rounds)) => rounds.push(i.round.to_string()),
            None => out.push((i.reviewer_id, vec![i.round.to_string()])),
        }
    }
    out.into_iter()
        .map(|(id, rounds)| {
            let refs: Vec<&str> = rounds.iter().map(String::as_str).collect();
            let word = if rounds.len() == 1 { "round" } else { "rounds" };
            let number = numbers
                .label(id)
                .map(|l| format!(" as {l}"))
                .unwrap_or_default();
            (
                id,
                format!(
                    "Reviewed {word} {}{number}",
                    crate::domain::person_name::join_names(&refs)
                ),
            )
        })
        .collect()
}

/// The reviewer search on a submission's editorial page: the authors' suggestions and
/// oppositions first, then the people matching the query, each with conflicts and load.
/// `None` when the person may not manage its reviewers.
pub fn search(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    query: &ReviewerQuery,
    site: &Site,
) -> QueryResult<Option<ReviewerSearch>> {
    let Some(a) = editorial::access_for(
        conn,
        person,
        roles,
        submission_id,
        &site.settings(),
        SubmissionAction::ManageReviewers,
    )?
    else {
        return Ok(None);
    };
    let s = a.submission;
    let judge = Judge::new(conn, &s, site)?;
    let mut earlier = Vec::new();
    for (reviewer_id, rounds) in earlier_reviewers(&judge.invitations, s.current_round) {
        if let Some(p) = accounts::find_person(conn, reviewer_id)? {
            let mut c = judge.candidate(conn, Some(&p), &p.name, &p.email)?;
            c.reviewed_rounds = rounds;
            earlier.push(c);
        }
    }
    let mut suggested = Vec::new();
    let mut opposed = Vec::new();
    for p in submissions_store::preferences_of(conn, s.id)? {
        if p.kind == SUGGESTED_REVIEWER {
            let known = match EmailAddress::parse(&p.email) {
                Ok(e) => person_by_address(conn, e.as_str())?,
                Err(_) => None,
            };
            let mut c = judge.candidate(conn, known.as_ref(), &p.name, &p.email)?;
            c.suggested_because = p.reason;
            suggested.push(c);
        } else if p.kind == submissions_store::OPPOSED_REVIEWER {
            opposed.push((p.name, p.email, p.reason));
        }
    }
    let searched = !query.q.trim().is_empty() || !query.topic.trim().is_empty();
    let mut results = Vec::new();
    if searched {
        for id in matching_people(conn, query)? {
            if let Some(p) = accounts::find_person(conn, id)? {
                results.push(judge.candidate(conn, Some(&p), &p.name, &p.email)?);
            }
        }
        // Those who may be invited first, then by name.
        results.sort_by(|a, b| {
            (!a.may_be_invited(), a.name.to_lowercase())
                .cmp(&(!b.may_be_invited(), b.name.to_lowercase()))
        });
    }
    Ok(Some(ReviewerSearch {
        earlier,
        suggested,
        opposed,
        results,
        searched,
        topics: collections::topics_of(conn, s.collection_id)?,
    }))
}

// ---- Inviting ---------------------------------------------------------------------------

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

fn editor_of(conn: &mut DbConnection, s: &Submission) -> QueryResult<Option<Person>> {
    match s.handling_editor_id {
        Some(id) => accounts::find_person(conn, id),
        None => Ok(None),
    }
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
        // Held first: two presses at once must not both find nobody invited yet.
        guard::lock_submission(conn, submission_id)?;
        let Some(a) = editorial::access_for(
            conn,
            editor,
            roles,
            submission_id,
            &site.settings(),
            SubmissionAction::ManageReviewers,
        )?
        else {
            return Ok(InviteOutcome::NotFound);
        };
        let s = a.submission;
        let mut errors = FormErrors::new();
        let parsed = InvitationInput {
            message: form.message.clone(),
            due_on: form.due_on.clone(),
        }
        .parse(now().date());
        if let Err(e) = &parsed {
            errors = e.clone();
        }
        // Who: a known person by id, or a name and an address.
        let known = match form.person_id.trim() {
            "" => None,
            id => match accounts::find_person(conn, id.parse().unwrap_or(-1))? {
                Some(p) => Some(p),
                None => return Ok(InviteOutcome::Refused("There is no such person.".into())),
            },
        };
        let (name, email) = match &known {
            Some(p) => (p.name.clone(), p.email.clone()),
            None => {
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
        };
        let Ok((message, due_on)) = parsed else {
            return Ok(InviteOutcome::Invalid(errors));
        };
        if !errors.is_empty() {
            return Ok(InviteOutcome::Invalid(errors));
        }
        let person = match known {
            Some(p) => Some(p),
            None => person_by_address(conn, &email)?,
        };
        let judge = Judge::new(conn, &s, site)?;
        let c = judge.candidate(conn, person.as_ref(), &name, &email)?;
        if !c.blocks.is_empty() {
            return Ok(InviteOutcome::Refused(format!(
                "{} cannot review this submission: {}.",
                c.name,
                c.blocks.join("; ")
            )));
        }
        match c.invited {
            Some(InvitationStatus::Invited) => {
                return Ok(InviteOutcome::AlreadyInvited(format!(
                    "{} has already been invited in this round and has not answered yet; nothing more was sent.",
                    c.name
                )));
            }
            Some(st) if st.is_taken_on() => {
                return Ok(InviteOutcome::AlreadyInvited(format!(
                    "{} already reviews this submission in this round; nothing more was sent.",
                    c.name
                )));
            }
            _ => {}
        }
        let reviewer = match person {
            Some(p) => p,
            None => accounts::insert_person(
                conn,
                &NewPerson {
                    name: &name,
                    email: &email,
                    affiliation: "",
                    orcid: None,
                    bio: "",
                },
            )?,
        };
        let token = new_token();
        let links_expire_at = (due_on + Duration::days(LINKS_LAST_DAYS_AFTER_DUE))
            .and_hms_opt(23, 59, 59)
            .unwrap_or_else(now);
        let id = store::insert(
            conn,
            &store::NewInvitation {
                submission_id: s.id,
                round: s.current_round,
                reviewer_id: reviewer.id,
                invited_by: editor.id,
                message: &message,
                due_on,
                links_expire_at,
            },
        )?;
        store::add_token(conn, id, &token.hash)?;
        events::record(
            conn,
            NewEvent::new(
                Some(editor.id),
                Subject::Submission(s.id),
                "reviewer_invited",
                &format!(
                    "{} ({}) invited to review round {}, due {}",
                    reviewer.name,
                    reviewer.email,
                    s.current_round,
                    long_date(due_on)
                ),
            ),
        )?;
        let (collection, journal, double_blind) = setting_of(conn, &s)?;
        let authors = if double_blind {
            String::new()
        } else {
            let authors = submissions_store::authors_of(conn, s.id)?;
            let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
            crate::domain::person_name::join_names(&names)
        };
        let number = s.number_or_draft().to_owned();
        let email = ReviewerInvited {
            name: &reviewer.name,
            manuscript_number: &number,
            title: &s.title,
            abstract_text: &s.abstract_text,
            authors: &authors,
            collection: &collection.title,
            journal: &journal,
            editor: &editor.name,
            message: &message,
            due: &long_date(due_on),
            expires: &long_date(links_expire_at.date()),
            link: &format!("{}/invitations/{}", site.base_url, token.token),
            site: &site.name(),
        }
        .to_email(&reviewer.name, &reviewer.email)?;
        mail::queue(
            conn,
            &email,
            Envelope {
                reply_to: Some(&editor.email),
                thread_key: Some(&number),
                ..Envelope::new("reviewer_invited", Some(reviewer.id))
            },
        )?;
        Ok(InviteOutcome::Invited {
            reviewer: reviewer.name,
        })
    })
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
    events::record(
        conn,
        NewEvent::new(
            actor_id,
            Subject::Submission(s.id),
            "review_invitation_cancelled",
            &format!("{}: {reason}", reviewer.name),
        ),
    )?;
    let number = s.number_or_draft().to_owned();
    let email = InvitationCancelled {
        name: &reviewer.name,
        manuscript_number: &number,
        title: &s.title,
        editor: editor_name,
        reason,
        site: site_name,
    }
    .to_email(&reviewer.name, &reviewer.email)?;
    mail::queue(
        conn,
        &email,
        Envelope {
            thread_key: Some(&number),
            ..Envelope::new("review_invitation_cancelled", Some(reviewer.id))
        },
    )?;
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
        let Some(a) = editorial::access_for(
            conn,
            editor,
            roles,
            submission_id,
            &site.settings(),
            SubmissionAction::ManageReviewers,
        )?
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
    let editor = editor_of(conn, s)?
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

// ---- The reviewer's side ------------------------------------------------------------------

/// What is wrong with a link, in words a reviewer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Cancelled,
    Declined,
    ConflictDeclared,
    /// The submission was withdrawn.
    Closed,
}

impl LinkProblem {
    pub fn message(self) -> &'static str {
        match self {
            LinkProblem::Unknown => {
                "This link is not valid. Check that it was copied whole from the e-mail; if it still fails, reply to the invitation e-mail."
            }
            LinkProblem::Expired => {
                "This invitation link has expired. If you still wish to help, reply to the invitation e-mail and the editor can invite you again."
            }
            LinkProblem::Cancelled => {
                "This invitation was cancelled by the editor, so the link no longer works. Nothing more is needed from you."
            }
            LinkProblem::Declined => {
                "You declined this invitation. Thank you for letting the editor know; nothing more is needed from you."
            }
            LinkProblem::ConflictDeclared => {
                "You declared a competing interest with this manuscript, so the invitation ended. Thank you; nothing more is needed from you."
            }
            LinkProblem::Closed => {
                "The authors withdrew this submission, so no review is needed. Thank you for your time."
            }
        }
    }
}

/// Who is acting on an invitation: the holder of a secret link, or a signed-in person.
#[derive(Debug, Clone)]
pub enum Credential {
    Link(String),
    Person { person_id: i64, invitation_id: i64 },
}

/// An invitation as its reviewer sees it.
#[derive(Debug, Clone)]
pub struct ReviewerView {
    pub inv: ReviewInvitation,
    pub status: InvitationStatus,
    pub s: Submission,
    pub reviewer: Person,
    pub has_password: bool,
    pub collection: String,
    pub journal: String,
    pub editor: String,
    /// `None` under double-blind review.
    pub authors: Option<Vec<Author>>,
    pub topics: Vec<String>,
    /// The files of the round under review; empty until they may be read.
    pub files: Vec<submissions_store::SubmissionFile>,
    pub may_respond: bool,
    pub may_declare: bool,
    pub may_read: bool,
    pub may_write: bool,
    pub overdue: bool,
    /// For a reviewer of round 2 or later who may read the manuscript: what the earlier
    /// rounds left (empty otherwise).
    pub history: RoundHistory,
}

/// What a reviewer of a later round reads of the earlier ones, as the collection's blinding
/// allows: the reviews' comments to the authors (never the confidential comments, and the
/// other reviewers only as "Reviewer N"), the decision letters as sent to the authors, and
/// the authors' responses. Under double-blind review, the letters lose their salutation and
/// every text the authors' known names and addresses.
#[derive(Debug, Clone, Default)]
pub struct RoundHistory {
    /// The authors' response that came with the version under review.
    pub response: Option<String>,
    pub rounds: Vec<EarlierRound>,
    /// Names were taken out (double-blind review).
    pub anonymised: bool,
}

impl RoundHistory {
    pub fn is_empty(&self) -> bool {
        self.response.is_none() && self.rounds.is_empty()
    }
}

/// One earlier round on a later round's review desk.
#[derive(Debug, Clone)]
pub struct EarlierRound {
    pub round: i32,
    /// ("Reviewer 2", or "Reviewer 2 (your review)"; the comments to the authors), by number.
    pub reviews: Vec<(String, String)>,
    /// (decision, letter as the authors received it).
    pub letters: Vec<(&'static str, String)>,
    /// The authors' response that came with the next round's version, when that is not the
    /// version under review.
    pub response: Option<String>,
}

/// The earlier rounds of `s` for the reviewer of `inv` (the caller has checked that they
/// may read the manuscript).
fn round_history(
    conn: &mut DbConnection,
    s: &Submission,
    inv: &ReviewInvitation,
    double_blind: bool,
) -> QueryResult<RoundHistory> {
    use crate::domain::anonymise::{withhold_names, without_salutation};
    if inv.round < 2 {
        return Ok(RoundHistory::default());
    }
    let authors = if double_blind {
        submissions_store::authors_of(conn, s.id)?
    } else {
        Vec::new()
    };
    let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
    let emails: Vec<&str> = authors.iter().map(|a| a.email.as_str()).collect();
    let shown = |text: &str| -> String {
        if double_blind {
            withhold_names(text, &names, &emails)
        } else {
            text.to_owned()
        }
    };
    let invitations = store::of_submission(conn, s.id)?;
    let numbers = reviewer_numbers(&invitations);
    let letters = crate::workflow::decision::letters_for_author(conn, s.id)?;
    let responses = crate::db::rounds::responses_of(conn, s.id)?;
    let response_of = |round: i32| {
        responses
            .iter()
            .find(|r| r.round == round)
            .map(|r| shown(&r.response))
    };
    let mut rounds = Vec::new();
    for round in 1..inv.round {
        let mut reviews: Vec<(u32, String, String)> = invitations
            .iter()
            .filter(|i| i.round == round && i.status() == InvitationStatus::Submitted)
            .filter(|i| !i.comments_to_authors.trim().is_empty())
            .filter_map(|i| {
                let n = numbers.of(i.reviewer_id)?;
                let label = if i.reviewer_id == inv.reviewer_id {
                    format!("Reviewer {n} (your review)")
                } else {
                    format!("Reviewer {n}")
                };
                Some((n, label, shown(&i.comments_to_authors)))
            })
            .collect();
        reviews.sort_by_key(|(n, _, _)| *n);
        rounds.push(EarlierRound {
            round,
            reviews: reviews.into_iter().map(|(_, l, c)| (l, c)).collect(),
            letters: letters
                .iter()
                .filter(|l| l.row.round == round)
                .map(|l| {
                    let text = if double_blind {
                        shown(&without_salutation(&l.row.letter))
                    } else {
                        l.row.letter.clone()
                    };
                    (l.decision, text)
                })
                .collect(),
            response: (round + 1 < inv.round)
                .then(|| response_of(round + 1))
                .flatten(),
        });
    }
    Ok(RoundHistory {
        response: response_of(inv.round),
        rounds,
        anonymised: double_blind,
    })
}

impl ReviewerView {
    pub fn due(&self) -> String {
        long_date(self.inv.due_on)
    }

    pub fn recommendation_label(&self) -> &'static str {
        recommendation_label(&self.inv.recommendation)
    }
}

fn facts_of(inv: &ReviewInvitation, s: &Submission) -> InvitationFacts {
    InvitationFacts {
        reviewer_id: inv.reviewer_id,
        status: inv.status(),
        declared_no_conflict: inv.no_conflict_declared_at.is_some(),
        submission_state: s.state(),
        current_round: inv.round == s.current_round,
    }
}

/// The invitation a credential leads to, or what is wrong with it. A link works only while
/// the invitation is live or its review is in, and before it expires; a signed-in person
/// reaches only their own invitations (anything else is "not found").
fn resolve(
    conn: &mut DbConnection,
    cred: &Credential,
) -> QueryResult<std::result::Result<(ReviewInvitation, Submission), LinkProblem>> {
    let inv = match cred {
        Credential::Link(raw) => store::find_by_token_hash(conn, &hash_token(raw))?,
        Credential::Person {
            person_id,
            invitation_id,
        } => store::find(conn, *invitation_id)?.filter(|i| i.reviewer_id == *person_id),
    };
    let Some(inv) = inv else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let Some(s) = submissions_store::find(conn, inv.submission_id)? else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let by_link = matches!(cred, Credential::Link(_));
    match inv.status() {
        InvitationStatus::Cancelled if s.state() == SubmissionState::Withdrawn => {
            return Ok(Err(LinkProblem::Closed));
        }
        InvitationStatus::Cancelled => return Ok(Err(LinkProblem::Cancelled)),
        InvitationStatus::Declined => return Ok(Err(LinkProblem::Declined)),
        InvitationStatus::ConflictDeclared => return Ok(Err(LinkProblem::ConflictDeclared)),
        _ => {}
    }
    if by_link && inv.links_expire_at < now() {
        return Ok(Err(LinkProblem::Expired));
    }
    Ok(Ok((inv, s)))
}

/// Loads what the reviewer sees. Changes nothing: opening a link is safe for mail scanners.
pub fn view(
    conn: &mut DbConnection,
    cred: &Credential,
) -> QueryResult<std::result::Result<ReviewerView, LinkProblem>> {
    let (inv, s) = match resolve(conn, cred)? {
        Ok(found) => found,
        Err(p) => return Ok(Err(p)),
    };
    let Some(reviewer) = accounts::find_person(conn, inv.reviewer_id)? else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let facts = facts_of(&inv, &s);
    let may = |a| may_as_reviewer(reviewer.id, &facts, a);
    let (collection, journal, double_blind) = setting_of(conn, &s)?;
    let may_read = may(ReviewerAction::ReadManuscript);
    let files = if may_read {
        submissions_store::files_of(conn, s.id)?
            .into_iter()
            .filter(|f| f.round == inv.round)
            .collect()
    } else {
        Vec::new()
    };
    // The earlier rounds open with the files: after the declaration, to this reviewer only.
    let history = if may_read {
        round_history(conn, &s, &inv, double_blind)?
    } else {
        RoundHistory::default()
    };
    Ok(Ok(ReviewerView {
        status: inv.status(),
        has_password: accounts::find_account(conn, reviewer.id)?.is_some(),
        collection: collection.title,
        journal,
        editor: editor_of(conn, &s)?.map(|p| p.name).unwrap_or_default(),
        authors: if double_blind {
            None
        } else {
            Some(submissions_store::authors_of(conn, s.id)?)
        },
        topics: submissions_store::topics_of(conn, s.id)?,
        files,
        may_respond: may(ReviewerAction::Respond),
        may_declare: may(ReviewerAction::DeclareInterest),
        may_read,
        may_write: may(ReviewerAction::WriteReview),
        overdue: is_overdue(inv.status(), inv.due_on, now().date()),
        history,
        reviewer,
        inv,
        s,
    }))
}

/// The reviewer's answer to an invitation.
#[derive(Debug, Clone)]
pub enum Answer {
    Accept,
    Decline(DeclineInput),
}

#[derive(Debug)]
pub enum AnswerOutcome {
    /// Accepted: the reviewer continues to the declaration (signing in first when they
    /// have a password).
    Accepted {
        invitation_id: i64,
        reviewer: Person,
        has_password: bool,
    },
    Declined,
    /// The invitation was already answered (a second click, or a reused link).
    AlreadyAnswered(InvitationStatus),
    Problem(LinkProblem),
    Invalid(FormErrors),
}

/// Accepts or declines. The first acceptance puts the submission under review.
pub fn answer(
    conn: &mut DbConnection,
    cred: &Credential,
    answer: &Answer,
    site: &Site,
) -> Result<AnswerOutcome> {
    let decline = match answer {
        Answer::Decline(input) => match input.parse() {
            Ok(d) => Some(d),
            Err(errors) => return Ok(AnswerOutcome::Invalid(errors)),
        },
        Answer::Accept => None,
    };
    write_transaction(conn, |conn| -> Result<AnswerOutcome> {
        let (inv, s) = match resolve(conn, cred)? {
            Ok(found) => found,
            Err(p) => return Ok(AnswerOutcome::Problem(p)),
        };
        if inv.status() != InvitationStatus::Invited {
            return Ok(AnswerOutcome::AlreadyAnswered(inv.status()));
        }
        if !may_as_reviewer(
            inv.reviewer_id,
            &facts_of(&inv, &s),
            ReviewerAction::Respond,
        ) {
            return Ok(AnswerOutcome::Problem(LinkProblem::Closed));
        }
        let Some(reviewer) = accounts::find_person(conn, inv.reviewer_id)? else {
            return Ok(AnswerOutcome::Problem(LinkProblem::Unknown));
        };
        let editor = editor_of(conn, &s)?;
        let number = s.number_or_draft().to_owned();
        let (answer_words, details, kind) = match &decline {
            None => {
                if !store::accept(conn, inv.id)? {
                    return Ok(AnswerOutcome::AlreadyAnswered(InvitationStatus::Accepted));
                }
                put_under_review(conn, &s, site)?;
                ("accepted", String::new(), "reviewer_accepted")
            }
            Some((reason, alternative)) => {
                if !store::decline(conn, inv.id, reason, alternative)? {
                    return Ok(AnswerOutcome::AlreadyAnswered(InvitationStatus::Declined));
                }
                store::withdraw_unsent_reminders(conn, inv.id)?;
                let mut lines = Vec::new();
                if !reason.is_empty() {
                    lines.push(format!("Reason: {reason}"));
                }
                if !alternative.is_empty() {
                    lines.push(format!("Suggested instead: {alternative}"));
                }
                ("declined", lines.join("\n"), "reviewer_declined")
            }
        };
        events::record(
            conn,
            NewEvent::new(
                None,
                Subject::Submission(s.id),
                kind,
                format!(
                    "{} {answer_words}. {}",
                    reviewer.name,
                    details.replace('\n', " ")
                )
                .trim(),
            ),
        )?;
        if let Some(editor) = editor {
            let email = ReviewerAnswered {
                name: &editor.name,
                reviewer: &reviewer.name,
                manuscript_number: &number,
                title: &s.title,
                answer: answer_words,
                details: &details,
                link: &format!("{}/editorial/submissions/{}", site.base_url, s.id),
                site: &site.name(),
            }
            .to_email(&editor.name, &editor.email)?;
            mail::queue(
                conn,
                &email,
                Envelope {
                    thread_key: Some(&number),
                    digestible: true,
                    ..Envelope::new(kind, Some(editor.id))
                },
            )?;
        }
        if decline.is_some() {
            all_reviews_in_if_due(conn, &s, inv.round, site)?;
        }
        Ok(match decline {
            None => AnswerOutcome::Accepted {
                invitation_id: inv.id,
                has_password: accounts::find_account(conn, reviewer.id)?.is_some(),
                reviewer,
            },
            Some(_) => AnswerOutcome::Declined,
        })
    })
}

/// submitted → under review, when the first reviewer accepts: the state machine's move, its
/// timeline event (no actor, no note: authors read it) and the corresponding author's e-mail.
fn put_under_review(conn: &mut DbConnection, s: &Submission, site: &Site) -> Result<()> {
    let from = s.state();
    let Ok(to) = submission_state::next(from, Transition::FirstReviewerAccepts) else {
        return Ok(()); // already under review
    };
    if !submissions_store::change_state(conn, s.id, from, to)? {
        return Ok(());
    }
    events::record(
        conn,
        NewEvent {
            actor_id: None,
            subject: Subject::Submission(s.id),
            kind: Transition::FirstReviewerAccepts.as_str(),
            from_state: Some(from.as_str()),
            to_state: Some(to.as_str()),
            note: "",
        },
    )?;
    let (collection, _, _) = setting_of(conn, s)?;
    let number = s.number_or_draft().to_owned();
    if let Some(a) = submissions_store::authors_of(conn, s.id)?
        .into_iter()
        .find(|a| a.is_corresponding)
    {
        let email = SubmissionUnderReview {
            name: &a.name,
            manuscript_number: &number,
            title: &s.title,
            collection: &collection.title,
            link: &format!("{}/submissions/{}", site.base_url, s.id),
            site: &site.name(),
        }
        .to_email(&a.name, &a.email)?;
        let editor = editor_of(conn, s)?;
        mail::queue(
            conn,
            &email,
            Envelope {
                reply_to: editor.as_ref().map(|e| e.email.as_str()),
                thread_key: Some(&number),
                ..Envelope::new("submission_under_review", a.person_id)
            },
        )?;
    }
    Ok(())
}

#[derive(Debug)]
pub enum DeclareOutcome {
    /// No competing interest: the files are open.
    Cleared,
    /// A competing interest: the invitation ended and the editor was told.
    Ended,
    Invalid(FormErrors),
    NotFound,
}

/// The reviewer's competing-interest declaration, before the files open.
pub fn declare(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
    input: &DeclarationInput,
    site: &Site,
) -> Result<DeclareOutcome> {
    let declaration = match input.parse() {
        Ok(d) => d,
        Err(errors) => return Ok(DeclareOutcome::Invalid(errors)),
    };
    write_transaction(conn, |conn| -> Result<DeclareOutcome> {
        let cred = Credential::Person {
            person_id,
            invitation_id,
        };
        let Ok((inv, s)) = resolve(conn, &cred)? else {
            return Ok(DeclareOutcome::NotFound);
        };
        if !may_as_reviewer(
            person_id,
            &facts_of(&inv, &s),
            ReviewerAction::DeclareInterest,
        ) {
            return Ok(DeclareOutcome::NotFound);
        }
        match declaration {
            Declaration::NoCompetingInterest => {
                store::declare_no_conflict(conn, inv.id)?;
                Ok(DeclareOutcome::Cleared)
            }
            Declaration::CompetingInterest { statement } => {
                if !store::end_for_conflict(conn, inv.id, &statement)? {
                    return Ok(DeclareOutcome::NotFound);
                }
                store::withdraw_unsent_reminders(conn, inv.id)?;
                // Rule 6: the person stays conflicted with this submission from now on.
                editorial_store::declare_conflict(conn, s.id, person_id, &statement)?;
                let reviewer = accounts::find_person(conn, person_id)?
                    .ok_or(diesel::result::Error::NotFound)?;
                events::record(
                    conn,
                    NewEvent::new(
                        Some(person_id),
                        Subject::Submission(s.id),
                        "reviewer_declared_conflict",
                        &format!("{}: {statement}", reviewer.name),
                    ),
                )?;
                if let Some(editor) = editor_of(conn, &s)? {
                    let number = s.number_or_draft().to_owned();
                    let email = ReviewerAnswered {
                        name: &editor.name,
                        reviewer: &reviewer.name,
                        manuscript_number: &number,
                        title: &s.title,
                        answer: "declared a competing interest and cannot take up",
                        details: &format!("Statement: {statement}"),
                        link: &format!("{}/editorial/submissions/{}", site.base_url, s.id),
                        site: &site.name(),
                    }
                    .to_email(&editor.name, &editor.email)?;
                    mail::queue(
                        conn,
                        &email,
                        Envelope {
                            thread_key: Some(&number),
                            ..Envelope::new("reviewer_declared_conflict", Some(editor.id))
                        },
                    )?;
                }
                all_reviews_in_if_due(conn, &s, inv.round, site)?;
                Ok(DeclareOutcome::Ended)
            }
        }
    })
}

#[derive(Debug)]
pub enum ReviewOutcome {
    Saved,
    Submitted,
    /// A submitted review was revised through its own step; the editor is told.
    Revised,
    /// The review already says exactly this (a second press of the same button).
    Unchanged,
    /// Nothing changed, because the form no longer matches the review: see the reason.
    Stale(StaleReview),
    Invalid(FormErrors),
    /// The editor has decided (or the invitation ended): it can no longer be changed.
    Closed,
    NotFound,
}

/// Why a review form was refused as out of date (409, the reviewer's input kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleReview {
    /// The review was submitted (perhaps from another tab): a draft save or a second
    /// submission with other content cannot change it; "Revise my review" can.
    AlreadySubmitted,
    /// The review was saved from another tab after this form was read.
    ChangedMeanwhile,
}

/// One press of the review form's buttons, with what the form was read at.
pub struct ReviewWrite<'a> {
    pub input: &'a ReviewInput,
    pub attachment: Option<&'a Attachment>,
    pub step: ReviewStep,
    /// When the review was last saved as the form showed it; `None` when the form did not
    /// say (then only the review's status is checked).
    pub read_at: Option<ReadAt>,
}

/// The review as stored, to compare a form with.
fn stored_review(inv: &ReviewInvitation) -> ReviewContent {
    ReviewContent {
        recommendation: inv.recommendation.parse().ok(),
        comments_to_authors: inv.comments_to_authors.clone(),
        confidential_comments: inv.confidential_comments.clone(),
    }
}

/// Saves the review as a draft, submits it, or revises a submitted one (`guard`'s rule:
/// the submission is held, the form's version compared, a repeated press changes nothing).
/// Submitting the first time tells the editor (and, when it is the last one awaited, that
/// all reviews are in) and thanks the reviewer; revising tells the editor what changed.
pub fn save_review(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
    write: &ReviewWrite<'_>,
    site: &Site,
) -> Result<ReviewOutcome> {
    write_transaction(conn, |conn| -> Result<ReviewOutcome> {
        let cred = Credential::Person {
            person_id,
            invitation_id,
        };
        let Ok((_, s)) = resolve(conn, &cred)? else {
            return Ok(ReviewOutcome::NotFound);
        };
        // Read again once held: another tab's press may have just committed.
        guard::lock_submission(conn, s.id)?;
        let Ok((inv, s)) = resolve(conn, &cred)? else {
            return Ok(ReviewOutcome::NotFound);
        };
        let facts = facts_of(&inv, &s);
        if !may_as_reviewer(person_id, &facts, ReviewerAction::WriteReview) {
            return Ok(
                if may_as_reviewer(person_id, &facts, ReviewerAction::ReadManuscript) {
                    ReviewOutcome::Closed
                } else {
                    ReviewOutcome::NotFound
                },
            );
        }
        let submitted = inv.status() == InvitationStatus::Submitted;
        let step = match write.step {
            ReviewStep::Revise if !submitted => ReviewStep::Submit,
            step => step,
        };
        // A draft may be incomplete; a review the editor reads may not.
        let content = match write.input.parse(step != ReviewStep::SaveDraft) {
            Ok(c) => c,
            Err(errors) => return Ok(ReviewOutcome::Invalid(errors)),
        };
        let before = stored_review(&inv);
        let same_file = write
            .attachment
            .is_none_or(|a| inv.attachment_sha256.as_deref() == Some(a.sha256.as_str()));
        let unchanged = content == before && same_file;
        let current = write
            .read_at
            .is_none_or(|read| read.is_current(inv.review_saved_at));
        match (submitted, step) {
            (true, ReviewStep::Revise | ReviewStep::Submit) if unchanged => {
                return Ok(ReviewOutcome::Unchanged);
            }
            (true, ReviewStep::SaveDraft | ReviewStep::Submit) => {
                return Ok(ReviewOutcome::Stale(StaleReview::AlreadySubmitted));
            }
            (_, _) if !current && !unchanged => {
                return Ok(ReviewOutcome::Stale(StaleReview::ChangedMeanwhile));
            }
            _ => {}
        }
        if !store::save_review(conn, inv.id, &content, write.attachment)? {
            return Ok(ReviewOutcome::Closed);
        }
        let reviewer =
            accounts::find_person(conn, person_id)?.ok_or(diesel::result::Error::NotFound)?;
        if submitted {
            revised(conn, &s, &reviewer, &before, &content, site)?;
            return Ok(ReviewOutcome::Revised);
        }
        if step == ReviewStep::SaveDraft {
            return Ok(ReviewOutcome::Saved);
        }
        if !store::mark_submitted(conn, inv.id)? {
            return Ok(ReviewOutcome::Unchanged);
        }
        let recommendation = content.recommendation.map_or("", |r| r.label());
        events::record(
            conn,
            NewEvent::new(
                Some(person_id),
                Subject::Submission(s.id),
                "review_submitted",
                &format!("{} submitted a review: {recommendation}", reviewer.name),
            ),
        )?;
        let number = s.number_or_draft().to_owned();
        let editor = editor_of(conn, &s)?;
        let link = format!("{}/editorial/submissions/{}", site.base_url, s.id);
        if let Some(editor) = &editor {
            // Named with the number the letter and the editor's page give them.
            let reviewer_line =
                match reviewer_numbers(&store::of_submission(conn, s.id)?).label(reviewer.id) {
                    Some(label) => format!("{} ({label})", reviewer.name),
                    None => reviewer.name.clone(),
                };
            let email = ReviewReceived {
                name: &editor.name,
                reviewer: &reviewer_line,
                manuscript_number: &number,
                title: &s.title,
                recommendation,
                link: &link,
                site: &site.name(),
            }
            .to_email(&editor.name, &editor.email)?;
            mail::queue(
                conn,
                &email,
                Envelope {
                    thread_key: Some(&number),
                    digestible: true,
                    ..Envelope::new("review_received", Some(editor.id))
                },
            )?;
        }
        all_reviews_in_if_due(conn, &s, inv.round, site)?;
        let email = ReviewerThanks {
            name: &reviewer.name,
            manuscript_number: &number,
            title: &s.title,
            editor: &editor
                .as_ref()
                .map(|e| e.name.clone())
                .unwrap_or_else(|| "The editor".into()),
            link: &format!("{}/reviews/{}", site.base_url, inv.id),
            site: &site.name(),
        }
        .to_email(&reviewer.name, &reviewer.email)?;
        mail::queue(
            conn,
            &email,
            Envelope {
                reply_to: editor.as_ref().map(|e| e.email.as_str()),
                thread_key: Some(&number),
                ..Envelope::new("reviewer_thanks", Some(reviewer.id))
            },
        )?;
        Ok(ReviewOutcome::Submitted)
    })
}

/// Records a revision of a submitted review and tells the handling editor, with the
/// recommendation before and after.
fn revised(
    conn: &mut DbConnection,
    s: &Submission,
    reviewer: &Person,
    before: &ReviewContent,
    after: &ReviewContent,
    site: &Site,
) -> Result<()> {
    let label = |c: &ReviewContent| c.recommendation.map_or("", |r| r.label());
    let recommendation = if before.recommendation == after.recommendation {
        label(after).to_owned()
    } else {
        format!("{} → {}", label(before), label(after))
    };
    events::record(
        conn,
        NewEvent::new(
            Some(reviewer.id),
            Subject::Submission(s.id),
            "review_revised",
            &format!("{} revised their review: {recommendation}", reviewer.name),
        ),
    )?;
    let Some(editor) = editor_of(conn, s)? else {
        return Ok(());
    };
    let number = s.number_or_draft().to_owned();
    let reviewer_line =
        match reviewer_numbers(&store::of_submission(conn, s.id)?).label(reviewer.id) {
            Some(label) => format!("{} ({label})", reviewer.name),
            None => reviewer.name.clone(),
        };
    let email = ReviewRevised {
        name: &editor.name,
        reviewer: &reviewer_line,
        manuscript_number: &number,
        title: &s.title,
        recommendation: &recommendation,
        link: &format!("{}/editorial/submissions/{}", site.base_url, s.id),
        site: &site.name(),
    }
    .to_email(&editor.name, &editor.email)?;
    mail::queue(
        conn,
        &email,
        Envelope {
            thread_key: Some(&number),
            ..Envelope::new("review_revised", Some(editor.id))
        },
    )?;
    Ok(())
}

/// The timeline event that records "all reviews are in" for a round.
const ALL_REVIEWS_IN: &str = "all_reviews_in";

/// Tells the handling editor "all reviews are in", once per round: when at least one review
/// is in and every invitation still live has its review in. Live means accepted, or sent
/// and not yet answered while its link works; declined, cancelled, ended and expired
/// invitations do not count. The timeline records it for the round, so a changed review or
/// a late answer sends nothing more. Call inside the transaction of every change that can
/// complete a round: a review submitted, an invitation declined, cancelled or ended.
fn all_reviews_in_if_due(
    conn: &mut DbConnection,
    s: &Submission,
    round: i32,
    site: &Site,
) -> Result<()> {
    if round != s.current_round
        || !matches!(
            s.state(),
            SubmissionState::Submitted | SubmissionState::UnderReview
        )
    {
        return Ok(());
    }
    let Some(editor) = editor_of(conn, s)? else {
        return Ok(());
    };
    // Two reviewers submitting at once must not each miss the other's review, nor both
    // send: on PostgreSQL the second waits here for the first to commit. (SQLite already
    // runs one writing transaction at a time.)
    crate::db::guard::lock_submission(conn, s.id)?;
    let recorded = format!("Round {round}:");
    if events::timeline(conn, s.id)?
        .iter()
        .any(|e| e.kind == ALL_REVIEWS_IN && e.note.starts_with(&recorded))
    {
        return Ok(());
    }
    let at = now();
    let invitations: Vec<ReviewInvitation> = store::of_submission(conn, s.id)?
        .into_iter()
        .filter(|i| i.round == round)
        .collect();
    let awaited = invitations.iter().any(|i| match i.status() {
        InvitationStatus::Accepted => true,
        InvitationStatus::Invited => i.links_expire_at >= at,
        _ => false,
    });
    let done = invitations
        .iter()
        .filter(|i| i.status() == InvitationStatus::Submitted)
        .count();
    if awaited || done == 0 {
        return Ok(());
    }
    let count = count_phrase(done, "review", "reviews");
    events::record(
        conn,
        NewEvent::new(
            None,
            Subject::Submission(s.id),
            ALL_REVIEWS_IN,
            &format!("{recorded} {count} in, none awaited"),
        ),
    )?;
    let number = s.number_or_draft().to_owned();
    let email = AllReviewsIn {
        name: &editor.name,
        manuscript_number: &number,
        title: &s.title,
        count: &count,
        link: &format!("{}/editorial/submissions/{}", site.base_url, s.id),
        site: &site.name(),
    }
    .to_email(&editor.name, &editor.email)?;
    mail::queue(
        conn,
        &email,
        Envelope {
            thread_key: Some(&number),
            ..Envelope::new("all_reviews_in", Some(editor.id))
        },
    )?;
    Ok(())
}

/// The file attached to a reviewer's own review, for them to download.
pub fn own_attachment(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
) -> QueryResult<Option<Attachment>> {
    Ok(store::find(conn, invitation_id)?
        .filter(|i| i.reviewer_id == person_id && i.status().is_taken_on())
        .and_then(attachment_of))
}

fn attachment_of(i: ReviewInvitation) -> Option<Attachment> {
    Some(Attachment {
        sha256: i.attachment_sha256?,
        name: i.attachment_name?,
        content_type: i.attachment_type?,
        size: i.attachment_size?,
    })
}

/// A manuscript file of the reviewed round, for a reviewer who may read it.
pub fn file_for_reviewer(
    conn: &mut DbConnection,
    person_id: i64,
    invitation_id: i64,
    file_id: i64,
) -> QueryResult<Option<(submissions_store::SubmissionFile, bool)>> {
    let cred = Credential::Person {
        person_id,
        invitation_id,
    };
    let Ok((inv, s)) = resolve(conn, &cred)? else {
        return Ok(None);
    };
    if !may_as_reviewer(
        person_id,
        &facts_of(&inv, &s),
        ReviewerAction::ReadManuscript,
    ) {
        return Ok(None);
    }
    let (_, _, double_blind) = setting_of(conn, &s)?;
    Ok(submissions_store::files_of(conn, s.id)?
        .into_iter()
        .find(|f| f.id == file_id && f.round == inv.round)
        .map(|f| (f, double_blind)))
}

/// Why a reviewer's account was not created.
#[derive(Debug)]
pub enum AccountRefused {
    /// The password does not meet the policy; the message says why.
    Password(&'static str),
    Failed(anyhow::Error),
}

/// A token-only reviewer keeps their history as an account by choosing a password. The
/// links they came by proved the address, so it counts as confirmed. `Ok(false)` when they
/// already have an account.
pub fn create_account(
    conn: &mut DbConnection,
    person: &Person,
    password: &str,
) -> std::result::Result<bool, AccountRefused> {
    crate::domain::password_policy::check_new_password(password, &person.email)
        .map_err(AccountRefused::Password)?;
    let hash = crate::security::password::hash_password(password)
        .map_err(|e| AccountRefused::Failed(anyhow::anyhow!("{e:?}")))?;
    write_transaction(conn, |conn| -> QueryResult<bool> {
        if accounts::find_account(conn, person.id)?.is_some() {
            return Ok(false);
        }
        accounts::insert_account(conn, person.id, &hash, Some(now()))?;
        Ok(true)
    })
    .map_err(|e| AccountRefused::Failed(e.into()))
}

/// Signs in, by their invitation link, a reviewer who has no password: the link proved
/// the address. Someone with a password (who may hold editorial roles) is never signed in
/// by a link; `None` then. Returns the session token for the cookie.
pub fn start_link_session(conn: &mut DbConnection, person_id: i64) -> QueryResult<Option<String>> {
    if accounts::find_account(conn, person_id)?.is_some() {
        return Ok(None);
    }
    let session = new_token();
    accounts::insert_session(
        conn,
        &session.hash,
        person_id,
        now() + Duration::days(crate::workflow::account::SESSION_DAYS),
    )?;
    Ok(Some(session.token))
}

/// One line of a reviewer's own pages.
#[derive(Debug, Clone)]
pub struct ReviewerLine {
    pub inv: ReviewInvitation,
    pub status: InvitationStatus,
    pub number: String,
    pub title: String,
    pub overdue: bool,
}

impl ReviewerLine {
    pub fn due(&self) -> String {
        long_date(self.inv.due_on)
    }
}

/// Invitations waiting for an answer, reviews in progress, and everything past.
pub struct ReviewerLists {
    pub invitations: Vec<ReviewerLine>,
    pub in_progress: Vec<ReviewerLine>,
    pub past: Vec<ReviewerLine>,
}

pub fn reviewer_lists(conn: &mut DbConnection, person_id: i64) -> QueryResult<ReviewerLists> {
    let today = now().date();
    let mut out = ReviewerLists {
        invitations: Vec::new(),
        in_progress: Vec::new(),
        past: Vec::new(),
    };
    for inv in store::of_reviewer(conn, person_id)? {
        let Some(s) = submissions_store::find(conn, inv.submission_id)? else {
            continue;
        };
        let status = inv.status();
        let line = ReviewerLine {
            overdue: is_overdue(status, inv.due_on, today),
            number: s.number_or_draft().to_owned(),
            title: s.title.clone(),
            status,
            inv,
        };
        match status {
            InvitationStatus::Invited if s.state() != SubmissionState::Withdrawn => {
                out.invitations.push(line);
            }
            InvitationStatus::Accepted => out.in_progress.push(line),
            _ => out.past.push(line),
        }
    }
    Ok(out)
}

// ---- The editor's view of the reviews -----------------------------------------------------

/// One invitation on the editor's page.
#[derive(Debug, Clone)]
pub struct ReviewLine {
    pub inv: ReviewInvitation,
    pub status: InvitationStatus,
    /// "Reviewer 2", as the decision letter quotes them; `None` until they agree.
    pub number: Option<String>,
    pub reviewer: String,
    pub email: String,
    pub overdue: bool,
    pub recommendation: &'static str,
}

impl ReviewLine {
    pub fn due(&self) -> String {
        long_date(self.inv.due_on)
    }
}

/// Every invitation of a submission, for those who may read reviews: newest round first,
/// within a round by reviewer number (those without one, who have not agreed, last in the
/// order they were invited).
pub fn review_lines(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<ReviewLine>> {
    let today = now().date();
    let invitations = store::of_submission(conn, submission_id)?;
    let numbers = reviewer_numbers(&invitations);
    let mut out = Vec::new();
    for inv in invitations {
        let (reviewer, email) = accounts::find_person(conn, inv.reviewer_id)?
            .map(|p| (p.name, p.email))
            .unwrap_or_default();
        out.push(ReviewLine {
            number: numbers.label(inv.reviewer_id),
            status: inv.status(),
            overdue: is_overdue(inv.status(), inv.due_on, today),
            recommendation: recommendation_label(&inv.recommendation),
            reviewer,
            email,
            inv,
        });
    }
    out.sort_by_key(|l| {
        (
            std::cmp::Reverse(l.inv.round),
            numbers.of(l.inv.reviewer_id).unwrap_or(u32::MAX),
            l.inv.id,
        )
    });
    Ok(out)
}

/// A review's attachment, for someone who may read the submission's reviews.
pub fn attachment_for_editor(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    submission_id: i64,
    invitation_id: i64,
    site: &Site,
) -> QueryResult<Option<Attachment>> {
    if editorial::access_for(
        conn,
        person,
        roles,
        submission_id,
        &site.settings(),
        SubmissionAction::ReadReviews,
    )?
    .is_none()
    {
        return Ok(None);
    }
    Ok(store::find(conn, invitation_id)?
        .filter(|i| i.submission_id == submission_id && i.status().is_taken_on())
        .and_then(attachment_of))
}

// ---- Reminders ----------------------------------------------------------------------------

/// Queues the reminders due at `at`: each once, only for live invitations, each with a fresh
/// link (the first one's token is not kept). Returns how many were queued. Run by the mail
/// worker; safe to run from several instances (the transaction re-reads the invitation and
/// the steps already sent).
pub fn send_due_reminders(
    conn: &mut DbConnection,
    at: NaiveDateTime,
    schedule: &ReminderSchedule,
    site: &Site,
) -> Result<usize> {
    let mut queued = 0;
    let live = store::live(conn)?;
    let ids: Vec<i64> = live.iter().map(|i| i.id).collect();
    let sent_for = store::reminders_sent_for(conn, &ids)?;
    for candidate in live {
        let sent = sent_for.get(&candidate.id).map_or(&[][..], Vec::as_slice);
        if schedule
            .due(
                candidate.status(),
                candidate.invited_at,
                candidate.due_on,
                at,
                sent,
            )
            .is_none()
        {
            continue;
        }
        let done = write_transaction(conn, |conn| -> Result<bool> {
            let Some(inv) = store::find(conn, candidate.id)? else {
                return Ok(false);
            };
            let sent = store::reminders_sent(conn, inv.id)?;
            let Some((kind, step)) =
                schedule.due(inv.status(), inv.invited_at, inv.due_on, at, &sent)
            else {
                return Ok(false);
            };
            let Some(s) = submissions_store::find(conn, inv.submission_id)? else {
                return Ok(false);
            };
            if inv.links_expire_at < at || s.state() == SubmissionState::Withdrawn {
                return Ok(false);
            }
            let Some(reviewer) = accounts::find_person(conn, inv.reviewer_id)? else {
                return Ok(false);
            };
            let editor = editor_of(conn, &s)?;
            let editor_name = editor
                .as_ref()
                .map_or("the editor".to_owned(), |e| e.name.clone());
            let token = new_token();
            store::add_token(conn, inv.id, &token.hash)?;
            let what = match kind {
                ReminderKind::Unanswered => {
                    "Could you let us know whether you can review this manuscript?".to_owned()
                }
                ReminderKind::DueSoon => format!(
                    "Your review is due in {}.",
                    count_phrase(
                        (inv.due_on - at.date()).num_days().max(0) as usize,
                        "day",
                        "days"
                    )
                ),
                ReminderKind::Overdue => format!(
                    "Your review is overdue by {}.",
                    count_phrase(
                        (at.date() - inv.due_on).num_days().max(0) as usize,
                        "day",
                        "days"
                    )
                ),
            };
            let number = s.number_or_draft().to_owned();
            let email = ReviewReminder {
                name: &reviewer.name,
                manuscript_number: &number,
                title: &s.title,
                what: &what,
                due: &long_date(inv.due_on),
                editor: &editor_name,
                link: &format!("{}/invitations/{}", site.base_url, token.token),
                site: &site.name(),
            }
            .to_email(&reviewer.name, &reviewer.email)?;
            let outbox_id = mail::queue(
                conn,
                &email,
                Envelope {
                    reply_to: editor.as_ref().map(|e| e.email.as_str()),
                    thread_key: Some(&number),
                    ..Envelope::new("review_reminder", Some(reviewer.id))
                },
            )?;
            store::record_reminder(conn, inv.id, kind, step, outbox_id)?;
            Ok(true)
        })?;
        if done {
            queued += 1;
        }
    }
    Ok(queued)
}
