//! The editorial side in storage: who may handle submissions (guest editors, the board,
//! their capacity, topics and load), handling assignments with their explanations, flags for
//! the editor-in-chief, conflicts declared on a submission and rulings on potential ones.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::accounts::Person;
use super::schema::{
    conflict_rulings, editor_profiles, handling_assignments, people, roles, submission_conflicts,
    submissions,
};
use super::{DbConnection, now};
use crate::domain::Role;
use crate::domain::submission_state::SubmissionState;

/// Capacity when an editor has not set one.
pub const DEFAULT_CAPACITY: i32 = 5;

/// What an editor offers a journal.
#[derive(Debug, Clone)]
pub struct EditorOffer {
    pub capacity: i32,
    pub available: bool,
    /// Topics they cover, one per line as stored.
    pub topics: Vec<String>,
}

impl EditorOffer {
    /// What the board form carries of the offer it was read with (`db::guard`'s "expected
    /// state"): equal for equal offers, whatever the topics' order.
    pub fn read_with(&self) -> String {
        let mut topics: Vec<&str> = self.topics.iter().map(|t| t.trim()).collect();
        topics.sort_unstable();
        format!(
            "{};{};{}",
            self.capacity,
            if self.available { "yes" } else { "no" },
            topics.join("|")
        )
    }
}

impl Default for EditorOffer {
    fn default() -> Self {
        EditorOffer {
            capacity: DEFAULT_CAPACITY,
            available: true,
            topics: Vec::new(),
        }
    }
}

pub fn people_with_role(
    conn: &mut DbConnection,
    role: Role,
    journal_id: Option<i64>,
    collection_id: Option<i64>,
) -> QueryResult<Vec<Person>> {
    let mut q = roles::table
        .inner_join(people::table.on(people::id.eq(roles::person_id)))
        .filter(roles::role.eq(role.as_str()))
        .into_boxed();
    if let Some(j) = journal_id {
        q = q.filter(roles::journal_id.eq(j));
    }
    if let Some(c) = collection_id {
        q = q.filter(roles::collection_id.eq(c));
    }
    q.order(people::name)
        .select(Person::as_select())
        .distinct()
        .load(conn)
}

pub fn offer_of(
    conn: &mut DbConnection,
    person_id: i64,
    journal_id: i64,
) -> QueryResult<EditorOffer> {
    Ok(offers_of_many(conn, &[person_id], journal_id)?
        .remove(&person_id)
        .unwrap_or_default())
}

/// [`offer_of`] for many people in one query; people with no offer are not in the map.
pub fn offers_of_many(
    conn: &mut DbConnection,
    person_ids: &[i64],
    journal_id: i64,
) -> QueryResult<std::collections::HashMap<i64, EditorOffer>> {
    let rows: Vec<(i64, i32, bool, String)> = editor_profiles::table
        .filter(editor_profiles::person_id.eq_any(person_ids))
        .filter(editor_profiles::journal_id.eq(journal_id))
        .select((
            editor_profiles::person_id,
            editor_profiles::capacity,
            editor_profiles::available,
            editor_profiles::topics,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, capacity, available, topics)| {
            let offer = EditorOffer {
                capacity,
                available,
                topics: topics
                    .lines()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
            };
            (id, offer)
        })
        .collect())
}

pub fn set_offer(
    conn: &mut DbConnection,
    person_id: i64,
    journal_id: i64,
    offer: &EditorOffer,
) -> QueryResult<()> {
    let topics = offer.topics.join("\n");
    let updated = diesel::update(editor_profiles::table.find((person_id, journal_id)))
        .set((
            editor_profiles::capacity.eq(offer.capacity),
            editor_profiles::available.eq(offer.available),
            editor_profiles::topics.eq(&topics),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(editor_profiles::table)
            .values((
                editor_profiles::person_id.eq(person_id),
                editor_profiles::journal_id.eq(journal_id),
                editor_profiles::capacity.eq(offer.capacity),
                editor_profiles::available.eq(offer.available),
                editor_profiles::topics.eq(&topics),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The states in which a submission still needs its handling editor.
pub fn active_states() -> Vec<&'static str> {
    SubmissionState::ALL
        .into_iter()
        .filter(|s| s.is_active() || *s == SubmissionState::Accepted)
        .map(SubmissionState::as_str)
        .collect()
}

/// Submissions this editor handles that are not finished.
pub fn open_load(conn: &mut DbConnection, person_id: i64) -> QueryResult<i64> {
    submissions::table
        .filter(submissions::handling_editor_id.eq(person_id))
        .filter(submissions::state.eq_any(active_states()))
        .count()
        .get_result(conn)
}

/// [`open_load`] for many editors in one grouped query; editors with none are not in the map.
pub fn open_loads(
    conn: &mut DbConnection,
    person_ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, i64>> {
    let rows: Vec<(Option<i64>, i64)> = submissions::table
        .filter(submissions::handling_editor_id.eq_any(person_ids))
        .filter(submissions::state.eq_any(active_states()))
        .group_by(submissions::handling_editor_id)
        .select((submissions::handling_editor_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, n)))
        .collect())
}

/// [`last_assigned_at`] for many editors in one grouped query.
pub fn last_assigned_many(
    conn: &mut DbConnection,
    person_ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, NaiveDateTime>> {
    let rows: Vec<(i64, Option<NaiveDateTime>)> = handling_assignments::table
        .filter(handling_assignments::editor_id.eq_any(person_ids))
        .group_by(handling_assignments::editor_id)
        .select((
            handling_assignments::editor_id,
            diesel::dsl::max(handling_assignments::assigned_at),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, at)| at.map(|at| (id, at)))
        .collect())
}

pub fn last_assigned_at(
    conn: &mut DbConnection,
    person_id: i64,
) -> QueryResult<Option<NaiveDateTime>> {
    handling_assignments::table
        .filter(handling_assignments::editor_id.eq(person_id))
        .select(diesel::dsl::max(handling_assignments::assigned_at))
        .first(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = handling_assignments)]
pub struct Assignment {
    pub id: i64,
    pub submission_id: i64,
    pub editor_id: i64,
    pub round: i32,
    pub assigned_by: Option<i64>,
    pub explanation: String,
    pub assigned_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
    pub end_reason: Option<String>,
}

/// Every assignment of a submission, oldest first.
pub fn assignments_of(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<Assignment>> {
    handling_assignments::table
        .filter(handling_assignments::submission_id.eq(submission_id))
        .order((handling_assignments::assigned_at, handling_assignments::id))
        .select(Assignment::as_select())
        .load(conn)
}

/// Ends the current assignment (if any) with `end_reason`.
pub fn end_assignment(
    conn: &mut DbConnection,
    submission_id: i64,
    end_reason: &str,
) -> QueryResult<()> {
    diesel::update(
        handling_assignments::table
            .filter(handling_assignments::submission_id.eq(submission_id))
            .filter(handling_assignments::ended_at.is_null()),
    )
    .set((
        handling_assignments::ended_at.eq(Some(now())),
        handling_assignments::end_reason.eq(Some(end_reason)),
    ))
    .execute(conn)?;
    diesel::update(submissions::table.find(submission_id))
        .set(submissions::handling_editor_id.eq(None::<i64>))
        .execute(conn)
        .map(|_| ())
}

/// Makes `editor_id` the handling editor, with the explanation of the choice; clears a flag.
pub fn assign(
    conn: &mut DbConnection,
    submission_id: i64,
    editor_id: i64,
    round: i32,
    assigned_by: Option<i64>,
    explanation: &str,
) -> QueryResult<()> {
    diesel::insert_into(handling_assignments::table)
        .values((
            handling_assignments::submission_id.eq(submission_id),
            handling_assignments::editor_id.eq(editor_id),
            handling_assignments::round.eq(round),
            handling_assignments::assigned_by.eq(assigned_by),
            handling_assignments::explanation.eq(explanation),
            handling_assignments::assigned_at.eq(now()),
        ))
        .execute(conn)?;
    diesel::update(submissions::table.find(submission_id))
        .set((
            submissions::handling_editor_id.eq(Some(editor_id)),
            submissions::flagged_reason.eq(None::<String>),
            submissions::flagged_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Flags a submission to the editor-in-chief: nobody could be assigned.
pub fn flag(conn: &mut DbConnection, submission_id: i64, reason: &str) -> QueryResult<()> {
    diesel::update(submissions::table.find(submission_id))
        .set((
            submissions::flagged_reason.eq(Some(reason)),
            submissions::flagged_at.eq(Some(now())),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records "I have a competing interest" (once per person and submission).
/// Whether `person_id` declared a competing interest with the submission.
pub fn has_declared_conflict(
    conn: &mut DbConnection,
    submission_id: i64,
    person_id: i64,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        submission_conflicts::table
            .filter(submission_conflicts::submission_id.eq(submission_id))
            .filter(submission_conflicts::person_id.eq(person_id)),
    ))
    .get_result(conn)
}

pub fn declare_conflict(
    conn: &mut DbConnection,
    submission_id: i64,
    person_id: i64,
    reason: &str,
) -> QueryResult<()> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        submission_conflicts::table
            .filter(submission_conflicts::submission_id.eq(submission_id))
            .filter(submission_conflicts::person_id.eq(person_id)),
    ))
    .get_result(conn)?;
    if !exists {
        diesel::insert_into(submission_conflicts::table)
            .values((
                submission_conflicts::submission_id.eq(submission_id),
                submission_conflicts::person_id.eq(person_id),
                submission_conflicts::reason.eq(reason),
                submission_conflicts::created_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// (person id, reason) of every competing interest declared on a submission.
pub fn declared_on(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<(i64, String)>> {
    submission_conflicts::table
        .filter(submission_conflicts::submission_id.eq(submission_id))
        .order(submission_conflicts::id)
        .select((
            submission_conflicts::person_id,
            submission_conflicts::reason,
        ))
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = conflict_rulings)]
pub struct Ruling {
    pub id: i64,
    pub submission_id: i64,
    pub person_id: i64,
    pub finding_key: String,
    pub ruling: String,
    pub reason: String,
    pub decided_by: i64,
    pub decided_at: NaiveDateTime,
}

pub const CONFIRMED: &str = "confirmed";
pub const NOT_A_CONFLICT: &str = "not_a_conflict";

pub fn rulings_on(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<Ruling>> {
    conflict_rulings::table
        .filter(conflict_rulings::submission_id.eq(submission_id))
        .order(conflict_rulings::id)
        .select(Ruling::as_select())
        .load(conn)
}

/// Every ruling about one person, on any submission (the lists check many at once).
pub fn rulings_about(conn: &mut DbConnection, person_id: i64) -> QueryResult<Vec<Ruling>> {
    conflict_rulings::table
        .filter(conflict_rulings::person_id.eq(person_id))
        .order(conflict_rulings::id)
        .select(Ruling::as_select())
        .load(conn)
}

/// Records (or changes) the editor-in-chief's ruling on one potential conflict.
pub fn rule_on(
    conn: &mut DbConnection,
    submission_id: i64,
    person_id: i64,
    finding_key: &str,
    ruling: &str,
    reason: &str,
    decided_by: i64,
) -> QueryResult<()> {
    diesel::delete(
        conflict_rulings::table
            .filter(conflict_rulings::submission_id.eq(submission_id))
            .filter(conflict_rulings::person_id.eq(person_id))
            .filter(conflict_rulings::finding_key.eq(finding_key)),
    )
    .execute(conn)?;
    diesel::insert_into(conflict_rulings::table)
        .values((
            conflict_rulings::submission_id.eq(submission_id),
            conflict_rulings::person_id.eq(person_id),
            conflict_rulings::finding_key.eq(finding_key),
            conflict_rulings::ruling.eq(ruling),
            conflict_rulings::reason.eq(reason),
            conflict_rulings::decided_by.eq(decided_by),
            conflict_rulings::decided_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}
