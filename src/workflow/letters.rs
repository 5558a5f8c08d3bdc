//! A collection's own letters (issue 18 part 3), for its editor-in-chief: the list of
//! messages with the wording in force, one letter's page (its placeholders, its history),
//! the preview for a real submission she may see, saving, and restoring an older version or
//! the shipped default. Every save and restore is a new version, recorded in the audit log.
//!
//! Who may: whoever may edit the collection (`Action::EditCollection`: its journal's
//! editor-in-chief, an administrator), the rule of the collection's other settings pages;
//! anyone else gets `None` (a 404). The preview uses a submission only when she may read
//! its reviews (`SubmissionAction::ReadReviews`, so never one she is conflicted with);
//! otherwise a sample, labelled so.

use crate::workflow::editorial::editable_collection as editable;
use chrono::Duration;
use diesel::QueryResult;

use crate::config::Site;
use crate::db::accounts::Person;
use crate::db::collections::{self, Collection};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::letters::{self as store, LetterVersion, NewVersion};
use crate::db::{DbConnection, guard, now, write_transaction};
use crate::domain::FormErrors;
use crate::domain::deadlines::long_date;
use crate::domain::decision::quoted_reviews;
use crate::domain::letter_template::{Block, Placeholder, check, html_blocks, render};
use crate::domain::permissions::{HeldRole, SubmissionAction};
use crate::domain::review::InvitationStatus;
use crate::mail::letters::{Letter, Wording, lookup, render_subject};
use crate::workflow::editorial::Asker;
use crate::workflow::step;

/// How many of the collection's newest manuscripts the preview looks through.
const PREVIEW_CANDIDATES: i64 = 30;

/// One line of the list: a letter and its newest version (`None`: never changed).
pub struct LetterLine {
    pub letter: Letter,
    pub newest: Option<LetterVersion>,
}

/// The collection's letters, for the list page.
pub fn overview(
    conn: &mut DbConnection,
    roles: &[HeldRole],
    collection_id: i64,
) -> QueryResult<Option<(Collection, Vec<LetterLine>)>> {
    let Some(collection) = editable(conn, roles, collection_id)? else {
        return Ok(None);
    };
    let mut newest = store::newest_of_collection(conn, collection_id)?;
    let lines = Letter::ALL
        .into_iter()
        .map(|letter| LetterLine {
            letter,
            newest: newest
                .iter()
                .position(|(k, _)| k == letter.key())
                .map(|i| newest.swap_remove(i).1),
        })
        .collect();
    Ok(Some((collection, lines)))
}

/// A submission the preview may use: its id and how the choice names it.
pub struct PreviewChoice {
    pub id: i64,
    pub label: String,
}

/// One letter's page.
pub struct LetterPage {
    pub collection: Collection,
    pub letter: Letter,
    pub placeholders: Vec<Placeholder>,
    /// The wording in force (the shipped default when none of its own is).
    pub wording: Wording,
    pub default: Wording,
    /// The newest version's number; 0 when there is none.
    pub newest: i32,
    /// Newest first.
    pub history: Vec<LetterVersion>,
    /// The newest submissions of the collection she may see, for the preview.
    pub choices: Vec<PreviewChoice>,
}

impl LetterPage {
    /// The shipped default is in force.
    pub fn is_default(&self) -> bool {
        self.history.first().is_none_or(LetterVersion::is_default)
    }
}

/// The page of `letter` in the collection; `None` when the person may not edit it.
pub fn letter_page(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    collection_id: i64,
    letter: Letter,
    site: &Site,
) -> QueryResult<Option<LetterPage>> {
    let Some(collection) = editable(conn, roles, collection_id)? else {
        return Ok(None);
    };
    let history = store::history(conn, collection_id, letter.key())?;
    let default = letter.default_wording();
    let wording = match history.first() {
        Some(v) if !v.is_default() => Wording {
            subject: v.subject.clone(),
            body: v.body.clone(),
        },
        _ => default.clone(),
    };
    let choices = preview_choices(conn, person, roles, collection_id, site)?;
    Ok(Some(LetterPage {
        collection,
        letter,
        placeholders: letter.placeholders(),
        wording,
        default,
        newest: history.first().map_or(0, |v| v.version),
        history,
        choices,
    }))
}

/// The collection's newest submissions whose reviews the person may read: never one she
/// is conflicted with, nor her own.
fn preview_choices(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    collection_id: i64,
    site: &Site,
) -> QueryResult<Vec<PreviewChoice>> {
    let asker = Asker::new(person, roles, site);
    let mut out = Vec::new();
    for id in store::recent_submission_ids(conn, collection_id, PREVIEW_CANDIDATES)? {
        if let Some(a) = asker.access_for(conn, id, SubmissionAction::ReadReviews)? {
            let s = a.submission;
            out.push(PreviewChoice {
                id,
                label: format!("{} {}", s.number_or_draft(), s.title),
            });
        }
    }
    Ok(out)
}

/// The message as it would be sent: for a real submission (`about`), or a sample.
pub struct Preview {
    /// "RC-2026-0001 Title", or `None` for the sample.
    pub about: Option<String>,
    pub subject: String,
    pub text: String,
    pub blocks: Vec<Block>,
}

/// The preview of `subject` and `body` (already checked) for submission `chosen` of the
/// collection when the person may read its reviews, else for the sample.
pub fn preview(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    (collection_id, letter): (i64, Letter),
    (subject, body): (&str, &str),
    chosen: Option<i64>,
    site: &Site,
) -> QueryResult<Option<Preview>> {
    let Some(collection) = editable(conn, roles, collection_id)? else {
        return Ok(None);
    };
    let asker = Asker::new(person, roles, site);
    let access = match chosen {
        Some(id) => asker
            .access_for(conn, id, SubmissionAction::ReadReviews)?
            .filter(|a| a.submission.collection_id == collection_id),
        None => None,
    };
    let mut values = sample_values(person, &collection, site);
    let about = match access {
        Some(a) => {
            values.extend(submission_values(conn, &a.submission)?);
            Some(format!(
                "{} {}",
                a.submission.number_or_draft(),
                a.submission.title
            ))
        }
        None => None,
    };
    // The last value given for a name wins: the submission's over the sample's.
    let pairs: Vec<(&str, &str)> = values.iter().rev().map(|(n, v)| (*n, v.as_str())).collect();
    let value = |name: &str| lookup(&pairs, name);
    let text = if matches!(letter, Letter::Decision(_)) {
        render(body, value)
    } else {
        render(body, value).trim_end().to_owned()
    };
    Ok(Some(Preview {
        about,
        subject: render_subject(subject, value),
        blocks: html_blocks(&text),
        text,
    }))
}

/// Values the preview shows for fields a submission does not give: who receives it, the
/// dates, the links (never a real one: a link is a key).
fn sample_values(person: &Person, c: &Collection, site: &Site) -> Vec<(&'static str, String)> {
    let today = now().date();
    let base = &site.base_url;
    vec![
        ("name", "Jane Example".into()),
        ("manuscript_number", "RC-2026-0000".into()),
        ("title", "An example manuscript".into()),
        ("abstract_text", "The abstract of the manuscript.".into()),
        ("authors", "Ada Example, Ben Example".into()),
        ("author_name", "Ada Example".into()),
        ("corresponding", "Ada Example".into()),
        ("collection", c.title.clone()),
        ("journal", "the journal".into()),
        ("editor", "the handling editor".into()),
        ("editor_name", "the handling editor".into()),
        (
            "message",
            "Your experience with this method would help us.".into(),
        ),
        ("due", long_date(today + Duration::days(21))),
        ("was", long_date(today + Duration::days(7))),
        ("expires", long_date(today + Duration::days(30))),
        ("published_on", long_date(today)),
        (
            "reminders",
            "If it is not answered, you will be reminded after 3 and 7 days.".into(),
        ),
        ("link", format!("{base}/example-link")),
        ("site", site.name()),
        ("what", "The review is due in 3 days.".into()),
        ("note", "Take the time the analysis needs.".into()),
        ("sender", person.name.clone()),
        ("decision", "Minor revision".into()),
        ("relation", "you are an author of".into()),
        ("citation", "Journal 26, 101 (2026)".into()),
        ("doi", "10.0000/example".into()),
        ("outcome", "the rejection is upheld".into()),
        (
            "reason",
            "The reviews were read again and the concerns stand.".into(),
        ),
        ("next_step", "The manuscript stays rejected.".into()),
        ("own_number", "Reviewer 2".into()),
        (
            "other_reviews",
            crate::domain::recognition::other_reviews(
                2,
                &[(1, "The example comments of another reviewer.")],
            ),
        ),
        (
            "reviews",
            quoted_reviews(&[(1, "The example comments of a reviewer.")]),
        ),
    ]
}

/// The values a real submission gives: what the editor-in-chief may read of it.
fn submission_values(
    conn: &mut DbConnection,
    s: &crate::db::submissions::Submission,
) -> QueryResult<Vec<(&'static str, String)>> {
    let (collection, journal, _) = collections::setting_of(conn, s)?;
    let authors = crate::db::submissions::authors_of(conn, s.id)?;
    let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
    let mut v = vec![
        ("manuscript_number", s.number_or_draft().to_owned()),
        ("title", s.title.clone()),
        ("abstract_text", s.abstract_text.clone()),
        ("authors", names.join(", ")),
        ("collection", collection.title),
        ("journal", journal),
    ];
    if let Some(a) = authors.iter().find(|a| a.is_corresponding) {
        v.push(("author_name", a.name.clone()));
        v.push(("corresponding", a.name.clone()));
    }
    if let Some(editor) = step::handling_editor(conn, s)? {
        v.push(("editor", editor.name.clone()));
        v.push(("editor_name", editor.name));
    }
    let all = crate::db::reviews::of_submission(conn, s.id)?;
    let numbers = crate::db::reviews::reviewer_numbers(&all);
    let mut shared = Vec::new();
    for i in &all {
        if i.round == s.current_round
            && i.status() == InvitationStatus::Submitted
            && let Some(n) = numbers.of(i.reviewer_id)
        {
            // The comments and the answers meant for the authors, never the confidential ones.
            shared.push((n, crate::db::review_forms::for_the_authors(conn, i)?));
        }
    }
    let comments: Vec<(u32, &str)> = shared.iter().map(|(n, c)| (*n, c.as_str())).collect();
    v.push(("reviews", quoted_reviews(&comments)));
    Ok(v)
}

#[derive(Debug)]
pub enum SaveOutcome {
    Saved {
        version: i32,
        collection: String,
    },
    Invalid(FormErrors),
    /// Someone saved another version since the page was read: nothing written.
    ChangedMeanwhile {
        version: i32,
    },
    NotFound,
}

/// The wording as typed: line breaks made plain, the body ending with one line break.
pub fn typed_wording(subject: &str, body: &str) -> Wording {
    let body = body.replace("\r\n", "\n");
    Wording {
        subject: subject.trim().to_owned(),
        body: format!("{}\n", body.trim_end()),
    }
}

/// Saves `wording` as the newest version, if it reads and nobody saved another since the
/// page showed version `read` (a repeated press of the same text is simply done).
pub fn save(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    (collection_id, letter): (i64, Letter),
    wording: &Wording,
    read: Option<i32>,
) -> step::Result<SaveOutcome> {
    write_transaction(conn, |conn| {
        let Some(collection) = editable(conn, roles, collection_id)? else {
            return Ok(SaveOutcome::NotFound);
        };
        let errors = check(&wording.subject, &wording.body, &letter.placeholders());
        if !errors.is_empty() {
            return Ok(SaveOutcome::Invalid(errors));
        }
        guard::lock_collection(conn, collection_id)?;
        let history = store::history(conn, collection_id, letter.key())?;
        if let Some(newest) = history.first()
            && read.is_some_and(|r| r != newest.version)
        {
            if !newest.is_default()
                && newest.subject == wording.subject
                && newest.body == wording.body
            {
                return Ok(SaveOutcome::Saved {
                    version: newest.version,
                    collection: collection.title,
                });
            }
            return Ok(SaveOutcome::ChangedMeanwhile {
                version: newest.version,
            });
        }
        let version = add_version(
            conn,
            person,
            &collection,
            letter,
            (store::EDITED, None),
            wording,
        )?;
        Ok(SaveOutcome::Saved {
            version,
            collection: collection.title,
        })
    })
}

/// Adds a version and its line in the audit log; its number.
fn add_version(
    conn: &mut DbConnection,
    person: &Person,
    collection: &Collection,
    letter: Letter,
    (origin, restored_from): (&str, Option<i32>),
    wording: &Wording,
) -> QueryResult<i32> {
    let version = store::add(
        conn,
        &NewVersion {
            collection_id: collection.id,
            letter: letter.key(),
            origin,
            restored_from,
            subject: &wording.subject,
            body: &wording.body,
            author_id: person.id,
        },
    )?;
    let what = match (origin, restored_from) {
        (store::DEFAULT, _) => "back to the shipped default".to_owned(),
        (_, Some(from)) => format!("version {from} restored"),
        _ => "edited".to_owned(),
    };
    events::record(
        conn,
        NewEvent::new(
            Some(person.id),
            Subject::Collection(collection.id),
            "collection.letter_saved",
            &format!(
                "Letter “{}” of {}: version {version}, {what}",
                letter.label(),
                collection.title
            ),
        ),
    )?;
    Ok(version)
}

/// What to put back in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restore {
    Version(i32),
    Default,
}

#[derive(Debug)]
pub enum RestoreOutcome {
    /// The new version's number.
    Restored(i32),
    NotFound,
}

/// Puts an older version (or the shipped default) back in force, as a new version.
pub fn restore(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    (collection_id, letter): (i64, Letter),
    which: Restore,
) -> step::Result<RestoreOutcome> {
    write_transaction(conn, |conn| {
        let Some(collection) = editable(conn, roles, collection_id)? else {
            return Ok(RestoreOutcome::NotFound);
        };
        guard::lock_collection(conn, collection_id)?;
        let history = store::history(conn, collection_id, letter.key())?;
        let (origin, from, wording) = match which {
            Restore::Default => (
                store::DEFAULT,
                None,
                Wording {
                    subject: String::new(),
                    body: String::new(),
                },
            ),
            Restore::Version(n) => {
                let Some(v) = history.iter().find(|v| v.version == n) else {
                    return Ok(RestoreOutcome::NotFound);
                };
                let origin = if v.is_default() {
                    store::DEFAULT
                } else {
                    store::RESTORED
                };
                (
                    origin,
                    Some(n),
                    Wording {
                        subject: v.subject.clone(),
                        body: v.body.clone(),
                    },
                )
            }
        };
        let version = add_version(conn, person, &collection, letter, (origin, from), &wording)?;
        Ok(RestoreOutcome::Restored(version))
    })
}
