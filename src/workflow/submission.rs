//! What saving a draft, submitting, withdrawing and discarding a submission do.
//!
//! The web layer parses the form and renders; this module checks (the collection's rules,
//! the files' bytes), stores files before anything points at them, and makes each change in
//! one transaction together with its timeline event and its e-mails.

use std::sync::Arc;

use chrono::Datelike;

use crate::config::Config;
use crate::db::accounts::{self as people_store, Person};
use crate::db::collections::{self, Collection};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::guard::{self, ReadAt};
use crate::db::submissions::{self as store, NewFile, Submission, facts_of};
use crate::db::{Database, DbConnection, now};
use crate::domain::FormErrors;
use crate::domain::permissions::{SubmissionAction, SubmissionViewer, may_on_submission};
use crate::domain::person_name::join_names;
use crate::domain::submission::{CollectionRules, SubmissionInput};
use crate::domain::submission_state::{self, SubmissionState, Transition};
use crate::mail::messages::{
    CoAuthorListed, MailMessage, SubmissionReceived, SubmissionWithdrawn, WithdrawalToEditor,
};
use crate::mail::{self, Envelope, MailError};
use crate::storage::{self, FileKind, FileStore};

/// Where a file goes within its round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Manuscript,
    Supplementary,
}

impl FileRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FileRole::Manuscript => store::MANUSCRIPT,
            FileRole::Supplementary => store::SUPPLEMENTARY,
        }
    }

    /// The form field it is sent in and its errors are shown beside.
    pub fn field(self) -> &'static str {
        self.as_str()
    }
}

/// A file as received, not yet checked.
#[derive(Debug, Clone)]
pub struct FileUpload {
    pub role: FileRole,
    pub original_name: String,
    pub bytes: Vec<u8>,
    /// Over the size limit: refused without looking at the bytes.
    pub too_large: bool,
    pub size: u64,
}

/// A file whose type was decided from its bytes.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub role: FileRole,
    pub original_name: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

/// "50 MiB", "12.3 MiB", "2 KiB", for messages about sizes. Binary units, named as such:
/// the limit is set in bytes (52428800 is 50 MiB, not "50.0 MB"); whole numbers without
/// a decimal.
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        if bytes.is_multiple_of(MIB) {
            format!("{} MiB", bytes / MIB)
        } else {
            format!("{:.1} MiB", bytes as f64 / MIB as f64)
        }
    } else {
        format!("{} KiB", bytes.div_ceil(KIB))
    }
}

/// Checks each upload's size and type (from its bytes, never its name). Returns the files
/// that passed and a message, beside its field, for each that did not.
pub fn check_files(uploads: Vec<FileUpload>, max_bytes: u64) -> (Vec<CheckedFile>, FormErrors) {
    let mut errors = FormErrors::new();
    let mut checked = Vec::new();
    for u in uploads {
        if u.too_large {
            errors.add(
                u.role.field(),
                format!(
                    "“{}” is {}; files may be at most {}.",
                    u.original_name,
                    human_size(u.size),
                    human_size(max_bytes)
                ),
            );
            continue;
        }
        let kind = match u.role {
            FileRole::Manuscript => storage::sniff(&u.bytes),
            FileRole::Supplementary => storage::sniff_supplementary(&u.bytes),
        };
        match kind {
            Some(kind) => checked.push(CheckedFile {
                role: u.role,
                original_name: u.original_name,
                kind,
                bytes: u.bytes,
            }),
            None if u.role == FileRole::Manuscript => errors.add(
                u.role.field(),
                format!(
                    "“{}” is not a PDF or Word (DOCX) file: its content was checked, not its name. Save the manuscript as PDF or DOCX and attach it again.",
                    u.original_name
                ),
            ),
            None => errors.add(
                u.role.field(),
                format!(
                    "“{}” is not a type accepted as supplementary material ({}).",
                    u.original_name,
                    storage::accepted_labels(&FileKind::ALL)
                ),
            ),
        }
    }
    (checked, errors)
}

/// Which submission a form is about.
#[derive(Debug, Clone)]
pub enum Target {
    /// A new form; its key makes a resent form find what the first one made.
    New { idempotency_key: Option<String> },
    /// A saved draft.
    Draft(i64),
}

/// What the author asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    SaveDraft,
    Submit,
}

/// The outcome of saving or submitting.
#[derive(Debug)]
pub enum Outcome {
    /// The draft was saved (created if new).
    Saved(i64),
    /// Submitted now, with this number.
    Submitted { id: i64, number: String },
    /// This form was already sent and made this submission (a double click, a resent form).
    AlreadySubmitted(i64),
    /// Nothing was written; every problem is tied to its field.
    Invalid(FormErrors),
    /// Not this person's draft (or no such draft): answered as a missing page.
    NotFound,
    /// The draft was saved from another tab after this form was read, and differs from
    /// it in `parts`: nothing was written. `saved_at` is the newer version's.
    ChangedMeanwhile {
        parts: Vec<&'static str>,
        saved_at: chrono::NaiveDateTime,
    },
}

/// Everything a save or a submit needs.
pub struct DraftRequest {
    pub submitter: Person,
    pub collection_id: Option<i64>,
    pub target: Target,
    pub intent: Intent,
    pub input: SubmissionInput,
    pub uploads: Vec<FileUpload>,
    /// The draft's version when the form was read (`db::guard`); `None` when the form did
    /// not say.
    pub read_at: Option<ReadAt>,
}

/// The rules of `collection` as the submission check needs them, with the reason it is
/// closed (if it is) in the collection's own words.
fn closed_message(c: &Collection, today: chrono::NaiveDate) -> String {
    if today < c.opens_on {
        format!(
            "“{}” opens for submissions on {}.",
            c.title,
            c.opens_on.format("%-d %B %Y")
        )
    } else {
        match c.closes_on {
            Some(closed) => format!(
                "“{}” closed to submissions on {}; it no longer accepts new manuscripts.",
                c.title,
                closed.format("%-d %B %Y")
            ),
            None => format!("“{}” is not accepting submissions.", c.title),
        }
    }
}

/// Aborts a transaction: its changes are rolled back and the reason handed up.
#[derive(Debug, thiserror::Error)]
enum Abort {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error(transparent)]
    Mail(#[from] MailError),
    /// Someone else's change won (a second submit of the same draft or form).
    #[error("already submitted")]
    AlreadySubmitted(i64),
    /// The idempotency key was taken between our check and our insert.
    #[error("idempotency key taken")]
    KeyTaken,
    /// The draft was saved from another tab since the form was read.
    #[error("changed meanwhile")]
    ChangedMeanwhile {
        parts: Vec<&'static str>,
        saved_at: chrono::NaiveDateTime,
    },
}

impl From<crate::workflow::editorial::EditorialError> for Abort {
    fn from(e: crate::workflow::editorial::EditorialError) -> Self {
        match e {
            crate::workflow::editorial::EditorialError::Db(e) => Abort::Db(e),
            crate::workflow::editorial::EditorialError::Mail(e) => Abort::Mail(e),
        }
    }
}

/// Saves a draft or submits it. On any refusal nothing is written: no row, no file.
pub async fn save_or_submit(
    db: &Database,
    files: &Arc<FileStore>,
    config: &Config,
    req: DraftRequest,
) -> anyhow::Result<Outcome> {
    let files = Arc::clone(files);
    let max_bytes = config.max_upload_bytes;
    let base_url = config.base_url.clone();
    let office = config.office_email.clone();
    let site_rules = config.site();
    db.run(move |conn: &mut DbConnection| -> anyhow::Result<Outcome> {
        // Which submission: an existing draft, or what this form already made.
        let existing = match &req.target {
            Target::Draft(id) => match store::find(conn, *id)? {
                Some(s) if s.submitter_id == req.submitter.id => Some(s),
                _ => return Ok(Outcome::NotFound),
            },
            Target::New {
                idempotency_key: Some(key),
            } => match store::find_by_idempotency_key(conn, key)? {
                Some(s) if s.submitter_id == req.submitter.id => Some(s),
                Some(_) => return Ok(Outcome::NotFound),
                None => None,
            },
            Target::New {
                idempotency_key: None,
            } => None,
        };
        if let Some(s) = &existing
            && s.state() != SubmissionState::Draft
        {
            return Ok(Outcome::AlreadySubmitted(s.id));
        }

        let mut errors = FormErrors::new();
        let collection = match req.collection_id {
            Some(id) => collections::find_collection(conn, id)?,
            None => None,
        };
        let Some(collection) = collection else {
            errors.add("collection", "Choose the collection you are submitting to.");
            return Ok(Outcome::Invalid(errors));
        };
        let (checked, file_errors) = check_files(req.uploads, max_bytes);

        let mut valid_authors = Vec::new();
        if req.intent == Intent::Submit {
            let accepted_types = collections::article_types_of(conn, collection.id)?;
            let topics = collections::topics_of(conn, collection.id)?;
            let today = now().date();
            let rules = CollectionRules {
                open_now: collection.is_open_on(today),
                closed_message: closed_message(&collection, today),
                accepted_types: &accepted_types,
                article_type_policy: &collection.article_type_policy,
                topics: &topics,
                abstract_word_limit: collection.abstract_word_limit.max(1) as usize,
            };
            let has_manuscript = checked.iter().any(|f| f.role == FileRole::Manuscript)
                || match &existing {
                    Some(s) => store::files_of(conn, s.id)?
                        .iter()
                        .any(|f| f.round == s.current_round && f.role == store::MANUSCRIPT),
                    None => false,
                };
            // A manuscript refused for its type or size gets its own message, not "attach".
            let manuscript_refused = file_errors.has(FileRole::Manuscript.field());
            match req
                .input
                .check_for_submission(&rules, has_manuscript || manuscript_refused)
            {
                Ok(authors) => valid_authors = authors,
                Err(e) => errors.extend(e),
            }
        }
        errors.extend(file_errors);
        if !errors.is_empty() {
            return Ok(Outcome::Invalid(errors));
        }

        // Files first, fully on disk, so no committed row ever points at a missing file.
        let mut stored = Vec::new();
        for f in &checked {
            stored.push((f, files.put(&f.bytes)?));
        }

        let submitter = &req.submitter;
        let result = crate::db::write_transaction(conn, |conn| -> Result<Outcome, Abort> {
            let id = match &existing {
                Some(s) => {
                    // Held, then read again: was it saved from another tab since the form
                    // was read? Then nothing is written, unless it already says exactly
                    // what this form says (a repeated press).
                    guard::lock_submission(conn, s.id)?;
                    if let (Target::Draft(_), Some(read)) = (&req.target, req.read_at)
                        && let Some(now) = store::find(conn, s.id)?
                        && now.state() == SubmissionState::Draft
                        && !read.is_current(Some(now.updated_at))
                    {
                        let parts = req.input.differing_parts(&store::load_input(conn, &now)?);
                        let attached = store::files_of(conn, s.id)?;
                        let new_file = stored
                            .iter()
                            .any(|(_, f)| !attached.iter().any(|a| a.sha256 == f.sha256));
                        if !parts.is_empty() || new_file {
                            return Err(Abort::ChangedMeanwhile {
                                parts,
                                saved_at: now.updated_at,
                            });
                        }
                    }
                    // Claims the draft (a row lock on PostgreSQL, the write lock on SQLite)
                    // before changing it, so a second submit waits and then sees it is gone.
                    if !store::touch_draft(conn, s.id)? {
                        return Err(Abort::AlreadySubmitted(s.id));
                    }
                    store::save_content(conn, s.id, collection.id, &req.input)?;
                    s.id
                }
                None => {
                    let key = match &req.target {
                        Target::New { idempotency_key } => idempotency_key.as_deref(),
                        Target::Draft(_) => None,
                    };
                    match store::insert_draft(conn, collection.id, submitter.id, key, &req.input) {
                        Ok(id) => id,
                        Err(diesel::result::Error::DatabaseError(
                            diesel::result::DatabaseErrorKind::UniqueViolation,
                            _,
                        )) => return Err(Abort::KeyTaken),
                        Err(e) => return Err(e.into()),
                    }
                }
            };
            let round = existing.as_ref().map_or(1, |s| s.current_round);
            for (f, file) in &stored {
                let file_id = store::add_file(
                    conn,
                    id,
                    round,
                    submitter.id,
                    &NewFile {
                        role: f.role.as_str(),
                        sha256: &file.sha256,
                        size_bytes: file.size as i64,
                        content_type: f.kind.content_type(),
                        original_name: &f.original_name,
                    },
                )?;
                // Read once here: under double-blind review the author and the editor are warned.
                store::record_document_authors(
                    conn,
                    file_id,
                    &crate::storage::document_authors(&f.bytes),
                )?;
            }
            if req.intent == Intent::SaveDraft {
                return Ok(Outcome::Saved(id));
            }

            let Some(number) = record_submission(conn, id, &collection, submitter.id)? else {
                return Err(Abort::AlreadySubmitted(id));
            };
            let journal = collections::find_journal(conn, collection.journal_id)?
                .map(|j| j.name)
                .unwrap_or_default();
            let title = req.input.title.trim();
            let names: Vec<&str> = valid_authors.iter().map(|a| a.name.as_str()).collect();
            let author_list = join_names(&names);
            let link = format!("{base_url}/submissions/{id}");
            let site = site_of(&base_url);
            let stored_authors = store::authors_of(conn, id)?;
            let corresponding = stored_authors.iter().find(|a| a.is_corresponding);
            let corresponding_name = corresponding.map_or("", |a| a.name.as_str());
            for a in &stored_authors {
                let email = if a.is_corresponding {
                    SubmissionReceived {
                        name: &a.name,
                        manuscript_number: &number,
                        title,
                        collection: &collection.title,
                        journal: &journal,
                        authors: &author_list,
                        link: &link,
                        site: &site,
                    }
                    .to_email(&a.name, &a.email)?
                } else {
                    CoAuthorListed {
                        name: &a.name,
                        manuscript_number: &number,
                        title,
                        collection: &collection.title,
                        journal: &journal,
                        submitter: &submitter.name,
                        corresponding: corresponding_name,
                        authors: &author_list,
                        office_address: &office,
                        site: &site,
                    }
                    .to_email(&a.name, &a.email)?
                };
                let kind = if a.is_corresponding {
                    "submission_received"
                } else {
                    "co_author_listed"
                };
                mail::queue(
                    conn,
                    &email,
                    Envelope {
                        thread_key: Some(&number),
                        reply_to: Some(&office),
                        ..Envelope::new(kind, a.person_id)
                    },
                )?;
            }
            // Someone submitting for others still gets the receipt.
            if !stored_authors
                .iter()
                .any(|a| a.email.eq_ignore_ascii_case(&submitter.email))
            {
                let email = SubmissionReceived {
                    name: &submitter.name,
                    manuscript_number: &number,
                    title,
                    collection: &collection.title,
                    journal: &journal,
                    authors: &author_list,
                    link: &link,
                    site: &site,
                }
                .to_email(&submitter.name, &submitter.email)?;
                mail::queue(
                    conn,
                    &email,
                    Envelope {
                        thread_key: Some(&number),
                        reply_to: Some(&office),
                        ..Envelope::new("submission_received", Some(submitter.id))
                    },
                )?;
            }
            // The handling editor is chosen in the same transaction, so the conflict
            // check sees exactly what the assignment is written against.
            crate::workflow::editorial::assign_handling_editor(conn, id, &site_rules)?;
            Ok(Outcome::Submitted { id, number })
        });
        match result {
            Ok(outcome) => Ok(outcome),
            Err(Abort::AlreadySubmitted(id)) => Ok(Outcome::AlreadySubmitted(id)),
            Err(Abort::KeyTaken) => {
                // The same form won a moment ago in another request: show what it made.
                let key = match &req.target {
                    Target::New { idempotency_key } => idempotency_key.clone(),
                    Target::Draft(_) => None,
                };
                match key.map(|k| store::find_by_idempotency_key(conn, &k)) {
                    Some(Ok(Some(s))) if s.submitter_id == submitter.id => {
                        Ok(if s.state() == SubmissionState::Draft {
                            Outcome::Saved(s.id)
                        } else {
                            Outcome::AlreadySubmitted(s.id)
                        })
                    }
                    Some(Err(e)) => Err(e.into()),
                    _ => Ok(Outcome::NotFound),
                }
            }
            Err(Abort::ChangedMeanwhile { parts, saved_at }) => {
                Ok(Outcome::ChangedMeanwhile { parts, saved_at })
            }
            Err(Abort::Db(e)) => Err(e.into()),
            Err(Abort::Mail(e)) => Err(e.into()),
        }
    })
    .await
}

/// Moves a draft to `submitted` within the caller's transaction: the state (only if it is
/// still a draft), its manuscript number, the submission time, the authors linked to the
/// people who own their addresses, and the timeline event. `None` when it was no longer a
/// draft (another request submitted it first). E-mails and the choice of handling editor
/// are the caller's next steps.
pub fn record_submission(
    conn: &mut DbConnection,
    id: i64,
    collection: &Collection,
    submitter_id: i64,
) -> diesel::QueryResult<Option<String>> {
    let from = SubmissionState::Draft;
    let Ok(to) = submission_state::next(from, Transition::Submit) else {
        return Ok(None);
    };
    if !store::change_state(conn, id, from, to)? {
        return Ok(None);
    }
    let number = store::take_manuscript_number(
        conn,
        collection.id,
        &collection.manuscript_prefix,
        now().year(),
    )?;
    store::set_submitted(conn, id, &number)?;
    store::link_authors_to_people(conn, id)?;
    events::record(
        conn,
        NewEvent {
            actor_id: Some(submitter_id),
            subject: Subject::Submission(id),
            kind: Transition::Submit.as_str(),
            from_state: Some(from.as_str()),
            to_state: Some(to.as_str()),
            note: "",
        },
    )?;
    Ok(Some(number))
}

fn site_of(base_url: &str) -> String {
    base_url.split("://").nth(1).unwrap_or(base_url).to_owned()
}

/// The outcome of a withdrawal.
#[derive(Debug)]
pub enum WithdrawOutcome {
    Withdrawn,
    /// The state machine refuses (e.g. already accepted): its message, nothing changed.
    Refused(String),
    /// The reason is missing or too long.
    Invalid(FormErrors),
    NotFound,
}

/// The author withdraws their submission, with a reason; the corresponding author and the
/// handling editor are told.
pub async fn withdraw(
    db: &Database,
    config: &Config,
    person: Person,
    id: i64,
    reason: String,
) -> anyhow::Result<WithdrawOutcome> {
    let base_url = config.base_url.clone();
    let office = config.office_email.clone();
    db.run(move |conn: &mut DbConnection| -> anyhow::Result<WithdrawOutcome> {
        let Some(s) = store::find(conn, id)? else {
            return Ok(WithdrawOutcome::NotFound);
        };
        if !submitter_may(conn, person.id, &s, SubmissionAction::View)? {
            return Ok(WithdrawOutcome::NotFound);
        }
        let from = s.state();
        let to = match submission_state::next(from, Transition::Withdraw) {
            Ok(to) if person.id == s.submitter_id => to,
            Ok(_) => return Ok(WithdrawOutcome::NotFound),
            Err(refused) => return Ok(WithdrawOutcome::Refused(refused.to_string())),
        };
        let reason = reason.trim().to_owned();
        let mut errors = FormErrors::new();
        if reason.is_empty() {
            errors.add(
                "reason",
                "Give the reason for withdrawing; the editor will read it.",
            );
        } else if reason.chars().count() > 5000 {
            errors.add("reason", "Keep the reason under 5,000 characters.");
        }
        if !errors.is_empty() {
            return Ok(WithdrawOutcome::Invalid(errors));
        }
        let number = s.number_or_draft().to_owned();
        let result = crate::db::write_transaction(conn, |conn| -> Result<WithdrawOutcome, Abort> {
            if !store::change_state(conn, id, from, to)? {
                let now_in = store::find(conn, id)?.map_or(from, |s| s.state());
                return Ok(WithdrawOutcome::Refused(format!(
                    "The submission changed while you were reading it; it is now {}. Nothing was withdrawn.",
                    now_in.label().to_lowercase()
                )));
            }
            events::record(
                conn,
                NewEvent {
                    actor_id: Some(person.id),
                    subject: Subject::Submission(id),
                    kind: Transition::Withdraw.as_str(),
                    from_state: Some(from.as_str()),
                    to_state: Some(to.as_str()),
                    note: &reason,
                },
            )?;
            let link = format!("{base_url}/submissions/{id}");
            let site = site_of(&base_url);
            // Reviewers still invited or writing are told it is over; their links stop.
            crate::workflow::review::end_all_on_withdrawal(conn, &s, &site)?;
            let collection_title = collections::find_collection(conn, s.collection_id)?
                .map(|c| c.title)
                .unwrap_or_default();
            let editor = match s.handling_editor_id {
                Some(editor_id) => people_store::find_person(conn, editor_id)?,
                None => None,
            };
            // Replies from the authors reach the editor who handled it, or the office.
            let reply_to = editor.as_ref().map_or(office.as_str(), |e| e.email.as_str());
            let notice = WithdrawalNotice {
                number: &number,
                title: &s.title,
                collection: &collection_title,
                withdrawn_by: &person,
                reason: &reason,
                site: &site,
            };
            notice.to_authors(conn, &s, &link, reply_to)?;
            if let Some(editor) = editor {
                let email = WithdrawalToEditor {
                    name: &editor.name,
                    manuscript_number: &number,
                    title: &s.title,
                    collection: &collection_title,
                    withdrawn_by: &person.name,
                    reason: &reason,
                    link: &format!("{base_url}/editorial/submissions/{id}"),
                    site: &site,
                }
                .to_email(&editor.name, &editor.email)?;
                mail::queue(
                    conn,
                    &email,
                    Envelope {
                        reply_to: Some(&office),
                        thread_key: Some(&number),
                        ..Envelope::new("withdrawal_to_editor", Some(editor.id))
                    },
                )?;
            }
            Ok(WithdrawOutcome::Withdrawn)
        });
        match result {
            Ok(o) => Ok(o),
            Err(Abort::Db(e)) => Err(e.into()),
            Err(Abort::Mail(e)) => Err(e.into()),
            Err(
                Abort::AlreadySubmitted(_) | Abort::KeyTaken | Abort::ChangedMeanwhile { .. },
            ) => Ok(WithdrawOutcome::NotFound),
        }
    })
    .await
}

/// What the authors of a withdrawn submission are told.
struct WithdrawalNotice<'a> {
    number: &'a str,
    title: &'a str,
    collection: &'a str,
    withdrawn_by: &'a Person,
    reason: &'a str,
    site: &'a str,
}

impl WithdrawalNotice<'_> {
    /// To the corresponding author, the submitter and every co-author (by their listed
    /// address), once each. Only the submitter can open the submission's page, so only they
    /// get its link; a co-author's notice may wait for their digest like other notices.
    fn to_authors(
        &self,
        conn: &mut DbConnection,
        s: &Submission,
        link: &str,
        reply_to: &str,
    ) -> Result<(), Abort> {
        let authors = store::authors_of(conn, s.id)?;
        let submitter = people_store::find_person(conn, s.submitter_id)?;
        // (person, name, address, is a co-author), the corresponding author first.
        let mut recipients: Vec<(Option<i64>, String, String, bool)> = Vec::new();
        for a in authors.iter().filter(|a| a.is_corresponding) {
            recipients.push((a.person_id, a.name.clone(), a.email.clone(), false));
        }
        if let Some(p) = &submitter {
            recipients.push((Some(p.id), p.name.clone(), p.email.clone(), false));
        }
        for a in authors.iter().filter(|a| !a.is_corresponding) {
            recipients.push((a.person_id, a.name.clone(), a.email.clone(), true));
        }
        let mut seen: Vec<String> = Vec::new();
        for (person_id, name, address, co_author) in recipients {
            let key = address.to_lowercase();
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let is_withdrawer = person_id == Some(self.withdrawn_by.id)
                || address.eq_ignore_ascii_case(&self.withdrawn_by.email);
            let is_submitter = submitter
                .as_ref()
                .is_some_and(|p| p.email.eq_ignore_ascii_case(&address));
            let email = SubmissionWithdrawn {
                name: &name,
                manuscript_number: self.number,
                title: self.title,
                collection: self.collection,
                withdrawn_by: if is_withdrawer {
                    "you"
                } else {
                    &self.withdrawn_by.name
                },
                relation: if co_author {
                    "You are listed as one of its authors."
                } else {
                    ""
                },
                reason: self.reason,
                link: if is_submitter { link } else { "" },
                site: self.site,
            }
            .to_email(&name, &address)?;
            let kind = if co_author {
                "withdrawal_to_co_author"
            } else {
                "submission_withdrawn"
            };
            mail::queue(
                conn,
                &email,
                Envelope {
                    reply_to: Some(reply_to),
                    thread_key: Some(self.number),
                    digestible: co_author,
                    ..Envelope::new(kind, person_id)
                },
            )?;
        }
        Ok(())
    }
}

/// Deletes a draft (never a submitted manuscript) and the files nothing else uses.
pub async fn discard_draft(
    db: &Database,
    files: &Arc<FileStore>,
    person_id: i64,
    id: i64,
) -> anyhow::Result<Discarded> {
    let files = Arc::clone(files);
    db.run(
        move |conn: &mut DbConnection| -> anyhow::Result<Discarded> {
            let attached = crate::db::write_transaction(conn, |conn| -> anyhow::Result<_> {
                let Some(s) = store::find(conn, id)? else {
                    return Ok(None);
                };
                if !submitter_may(conn, person_id, &s, SubmissionAction::EditDraft)? {
                    return Ok(None);
                }
                let attached = store::files_of(conn, id)?;
                if store::delete_draft(conn, id)? == 0 {
                    return Ok(None);
                }
                // Kept on the person, since the draft's own record is gone: a second press
                // of "Discard" is then told it is done rather than "not found".
                events::record(
                    conn,
                    NewEvent::new(
                        Some(person_id),
                        Subject::Person(person_id),
                        DRAFT_DISCARDED,
                        &id.to_string(),
                    ),
                )?;
                Ok(Some(attached))
            })?;
            let Some(attached) = attached else {
                return Ok(
                    if events::recorded(conn, person_id, DRAFT_DISCARDED, &id.to_string())? {
                        Discarded::Already
                    } else {
                        Discarded::NotFound
                    },
                );
            };
            for f in attached {
                if !store::file_in_use(conn, &f.sha256)? {
                    files.remove(&f.sha256)?;
                }
            }
            Ok(Discarded::Now)
        },
    )
    .await
}

/// The event kept on a person when they discard a draft (its note is the draft's id).
const DRAFT_DISCARDED: &str = "draft.discarded";

/// What "Discard" did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discarded {
    Now,
    /// This person discarded it before (a second press, another tab).
    Already,
    /// Not a draft of theirs, or no such submission.
    NotFound,
}

/// Removes one file from a draft; the stored bytes go too when nothing else uses them.
pub async fn remove_draft_file(
    db: &Database,
    files: &Arc<FileStore>,
    person_id: i64,
    id: i64,
    file_id: i64,
) -> anyhow::Result<bool> {
    let files = Arc::clone(files);
    db.run(move |conn: &mut DbConnection| -> anyhow::Result<bool> {
        let Some(s) = store::find(conn, id)? else {
            return Ok(false);
        };
        if !submitter_may(conn, person_id, &s, SubmissionAction::EditDraft)? {
            return Ok(false);
        }
        let Some(f) = store::find_file(conn, id, file_id)? else {
            return Ok(false);
        };
        store::remove_file(conn, id, file_id)?;
        if !store::file_in_use(conn, &f.sha256)? {
            files.remove(&f.sha256)?;
        }
        Ok(true)
    })
    .await
}

/// Whether `person_id` may take a step only a submitter can take.
pub fn submitter_may(
    conn: &mut DbConnection,
    person_id: i64,
    s: &Submission,
    action: SubmissionAction,
) -> diesel::QueryResult<bool> {
    Ok(may_on_submission(
        &SubmissionViewer::submitter_only(person_id),
        &facts_of(conn, s)?,
        action,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(50 * 1024 * 1024), "50 MiB");
        assert_eq!(human_size(52_428_800), "50 MiB");
        assert_eq!(human_size(1536 * 1024), "1.5 MiB");
        assert_eq!(human_size(1500), "2 KiB");
    }

    #[test]
    fn files_are_judged_by_their_bytes() {
        let upload = |role, name: &str, bytes: &[u8]| FileUpload {
            role,
            original_name: name.into(),
            bytes: bytes.to_vec(),
            too_large: false,
            size: bytes.len() as u64,
        };
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
        let (ok, errors) = check_files(
            vec![
                upload(FileRole::Manuscript, "paper.pdf", pdf),
                upload(FileRole::Manuscript, "notes.pdf", b"just some text"),
            ],
            1024,
        );
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].kind, FileKind::Pdf);
        assert!(
            errors
                .get("manuscript")
                .unwrap()
                .contains("“notes.pdf” is not a PDF")
        );
        let mut big = upload(FileRole::Manuscript, "big.pdf", b"");
        big.too_large = true;
        big.size = 60 * 1024 * 1024;
        let (ok, errors) = check_files(vec![big], 50 * 1024 * 1024);
        assert!(ok.is_empty());
        assert_eq!(
            errors.get("manuscript"),
            Some("“big.pdf” is 60 MiB; files may be at most 50 MiB.")
        );
    }
}
