//! The collection's structured review form (issue 19 part 2): its editor-in-chief's page
//! (each change saved as a new version), the version a review answers, and the editor's
//! table of a round's answers side by side.
//!
//! Which version a review answers: the one its reviewer's first save (a draft or the
//! submission) was made on, the page's version sent back with the form; fixed from then
//! on. Not at invitation: a reviewer who has typed nothing yet is best asked the newest
//! questions, and one who has typed answers keeps the questions they answered, whatever
//! the editor changes later. A review submitted without a version keeps today's form.
//!
//! Who may change the form: whoever may edit the collection (`Action::EditCollection`, as
//! its letters and deadlines); anyone else gets `None` (a 404).

use crate::workflow::editorial::editable_collection as editable;
use diesel::QueryResult;

use crate::db::accounts::Person;
use crate::db::collections::Collection;
use crate::db::review_forms::{self as store, FormVersion};
use crate::db::reviews::{self as reviews_store, ReviewInvitation, reviewer_numbers};
use crate::db::{DbConnection, guard, write_transaction};
use crate::domain::permissions::HeldRole;
use crate::domain::review::questions::{Answers, FormChange, Question, new_key};
use crate::domain::review::{InvitationStatus, recommendation_label};

use super::Result;

/// The editor-in-chief's page: the collection and its form in force.
pub struct FormPage {
    pub collection: Collection,
    /// `None`: no question defined yet, reviewers answer today's form.
    pub newest: Option<FormVersion>,
}

impl FormPage {
    pub fn questions(&self) -> &[Question] {
        self.newest
            .as_ref()
            .map_or(&[][..], |f| f.questions.as_slice())
    }

    /// The version the page shows, sent back with each of its forms (0: none yet).
    pub fn version(&self) -> i32 {
        self.newest.as_ref().map_or(0, |f| f.version)
    }
}

pub fn form_page(
    conn: &mut DbConnection,
    roles: &[HeldRole],
    collection_id: i64,
) -> QueryResult<Option<FormPage>> {
    let Some(collection) = editable(conn, roles, collection_id)? else {
        return Ok(None);
    };
    Ok(Some(FormPage {
        newest: store::newest(conn, collection_id)?,
        collection,
    }))
}

#[derive(Debug)]
pub enum FormOutcome {
    Saved {
        version: i32,
    },
    /// The form already shows the change (a second press).
    Unchanged,
    /// The form changed after the page was read (or lost the question the change names):
    /// nothing saved.
    ChangedMeanwhile {
        version: i32,
    },
    /// Already as many questions as a form may have.
    TooMany,
    NotFound,
}

/// Makes `change` to the collection's form as a new version, when the page was read at the
/// version in force (`read`; 0 for none).
pub fn change_form(
    conn: &mut DbConnection,
    person: &Person,
    roles: &[HeldRole],
    collection_id: i64,
    change: FormChange,
    read: i32,
) -> Result<FormOutcome> {
    write_transaction(conn, |conn| {
        if editable(conn, roles, collection_id)?.is_none() {
            return Ok(FormOutcome::NotFound);
        }
        guard::lock_collection(conn, collection_id)?;
        let newest = store::newest(conn, collection_id)?;
        let version = newest.as_ref().map_or(0, |f| f.version);
        let questions = newest.map(|f| f.questions).unwrap_or_default();
        if read != version {
            return Ok(if change.already_made(&questions) {
                FormOutcome::Unchanged
            } else {
                FormOutcome::ChangedMeanwhile { version }
            });
        }
        let change = match change {
            FormChange::Save(q) if q.key.is_empty() => FormChange::Save(Question {
                key: new_key(version + 1),
                ..q
            }),
            FormChange::Save(q) if !questions.iter().any(|have| have.key == q.key) => {
                return Ok(FormOutcome::ChangedMeanwhile { version });
            }
            other => other,
        };
        let Some(after) = change.apply(&questions) else {
            return Ok(match change {
                FormChange::Save(_) => FormOutcome::TooMany,
                _ => FormOutcome::ChangedMeanwhile { version },
            });
        };
        if after == questions {
            return Ok(FormOutcome::Unchanged);
        }
        let saved = store::add(conn, collection_id, version + 1, &after, person.id)?;
        Ok(FormOutcome::Saved { version: saved })
    })
}

/// The version `inv`'s review answers and its answers so far: the one fixed by its first
/// save; else, for a review not yet sent, the one the reviewer's page showed (`shown`, when
/// it is the collection's) or the newest; `None` for today's form.
pub fn form_of(
    conn: &mut DbConnection,
    inv: &ReviewInvitation,
    collection_id: i64,
    shown: Option<i64>,
) -> QueryResult<(Option<FormVersion>, Answers)> {
    if let Some((form, answers)) = store::answers_of(conn, inv.id)? {
        return Ok((Some(form), answers));
    }
    // Sent before the collection had a form: it keeps today's.
    if inv.review_submitted_at.is_some() {
        return Ok((None, Answers::new()));
    }
    if let Some(id) = shown
        && let Some(form) = store::find(conn, id)?
        && form.collection_id == collection_id
    {
        return Ok((Some(form), Answers::new()));
    }
    Ok((store::newest(conn, collection_id)?, Answers::new()))
}

/// One reviewer's answer in the editor's table.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub answer: String,
    pub comment: String,
}

/// One question's row: its text, who reads the answers, one cell a reviewer.
#[derive(Debug, Clone)]
pub struct AnswerRow {
    pub question: String,
    /// `None` for the recommendation, which every review has.
    pub for_authors: Option<bool>,
    pub cells: Vec<Cell>,
}

/// A round's submitted reviews side by side: question rows × "Reviewer N" columns.
#[derive(Debug, Clone)]
pub struct AnswerTable {
    pub round: i32,
    pub reviewers: Vec<String>,
    pub rows: Vec<AnswerRow>,
}

/// The rounds of `submission_id` where a submitted review answers questions of the
/// collection's form, each as a table. Only for a reader who may read the reviews.
pub fn answer_tables(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<AnswerTable>> {
    let all = reviews_store::of_submission(conn, submission_id)?;
    let numbers = reviewer_numbers(&all);
    let mut submitted: Vec<(u32, ReviewInvitation)> = all
        .into_iter()
        .filter(|i| i.status() == InvitationStatus::Submitted)
        .filter_map(|i| numbers.of(i.reviewer_id).map(|n| (n, i)))
        .collect();
    submitted.sort_by_key(|(n, i)| (i.round, *n));
    let mut tables = Vec::new();
    let mut rounds: Vec<i32> = submitted.iter().map(|(_, i)| i.round).collect();
    rounds.dedup();
    for round in rounds {
        let mut reviews = Vec::new();
        for (n, inv) in submitted.iter().filter(|(_, i)| i.round == round) {
            let form = store::answers_of(conn, inv.id)?;
            reviews.push((*n, inv, form));
        }
        if reviews
            .iter()
            .all(|(_, _, f)| f.as_ref().is_none_or(|(v, _)| v.questions.is_empty()))
        {
            continue;
        }
        tables.push(table_of(round, &reviews));
    }
    Ok(tables)
}

type Reviewed<'a> = (u32, &'a ReviewInvitation, Option<(FormVersion, Answers)>);

/// One round's table: the recommendation, then every question any of its reviews answers
/// (by key, as the newest version among them words it), in the form's order.
fn table_of(round: i32, reviews: &[Reviewed<'_>]) -> AnswerTable {
    let mut questions: Vec<Question> = Vec::new();
    let mut by_newest: Vec<&FormVersion> = reviews
        .iter()
        .filter_map(|(_, _, f)| f.as_ref().map(|(v, _)| v))
        .collect();
    by_newest.sort_by_key(|v| std::cmp::Reverse(v.version));
    for v in by_newest {
        for q in &v.questions {
            if !questions.iter().any(|have| have.key == q.key) {
                questions.push(q.clone());
            }
        }
    }
    let mut rows = vec![AnswerRow {
        question: "Recommendation".to_owned(),
        for_authors: None,
        cells: reviews
            .iter()
            .map(|(_, inv, _)| Cell {
                answer: recommendation_label(&inv.recommendation).to_owned(),
                comment: String::new(),
            })
            .collect(),
    }];
    for q in &questions {
        let cells = reviews
            .iter()
            .map(|(_, _, f)| {
                let Some((v, answers)) = f else {
                    return Cell::default();
                };
                // Shown against the reviewer's own version of the question.
                let own = v.questions.iter().find(|x| x.key == q.key);
                match (own, answers.get(&q.key)) {
                    (Some(own), Some(a)) => Cell {
                        answer: own.shown(a),
                        comment: a.comment.clone(),
                    },
                    _ => Cell::default(),
                }
            })
            .collect();
        rows.push(AnswerRow {
            question: q.text.clone(),
            for_authors: Some(q.for_authors()),
            cells,
        });
    }
    AnswerTable {
        round,
        reviewers: reviews
            .iter()
            .map(|(n, _, _)| format!("Reviewer {n}"))
            .collect(),
        rows,
    }
}
