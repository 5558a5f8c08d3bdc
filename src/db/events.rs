//! The event table: timelines of submissions and the audit log of everything else.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{events, people};
use super::{DbConnection, now};

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Person(i64),
    Collection(i64),
    Submission(i64),
    Installation,
}

impl Subject {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Subject::Person(id) => ("person", id),
            Subject::Collection(id) => ("collection", id),
            Subject::Submission(id) => ("submission", id),
            Subject::Installation => ("installation", 0),
        }
    }
}

pub struct NewEvent<'a> {
    pub actor_id: Option<i64>,
    pub subject: Subject,
    pub kind: &'a str,
    pub from_state: Option<&'a str>,
    pub to_state: Option<&'a str>,
    pub note: &'a str,
}

impl<'a> NewEvent<'a> {
    pub fn new(actor_id: Option<i64>, subject: Subject, kind: &'a str, note: &'a str) -> Self {
        NewEvent {
            actor_id,
            subject,
            kind,
            from_state: None,
            to_state: None,
            note,
        }
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct EventRow {
    pub id: i64,
    pub occurred_at: NaiveDateTime,
    pub actor_name: Option<String>,
    pub subject_type: String,
    pub subject_id: i64,
    pub kind: String,
    pub note: String,
}

/// Whether `person_id` has an event of `kind` with `note` recorded on themselves.
pub fn recorded(
    conn: &mut DbConnection,
    person_id: i64,
    kind: &str,
    note: &str,
) -> QueryResult<bool> {
    let (subject_type, subject_id) = Subject::Person(person_id).parts();
    diesel::select(diesel::dsl::exists(
        events::table
            .filter(events::subject_type.eq(subject_type))
            .filter(events::subject_id.eq(subject_id))
            .filter(events::kind.eq(kind))
            .filter(events::note.eq(note)),
    ))
    .get_result(conn)
}

pub fn record(conn: &mut DbConnection, e: NewEvent<'_>) -> QueryResult<()> {
    let (subject_type, subject_id) = e.subject.parts();
    diesel::insert_into(events::table)
        .values((
            events::occurred_at.eq(now()),
            events::actor_id.eq(e.actor_id),
            events::subject_type.eq(subject_type),
            events::subject_id.eq(subject_id),
            events::kind.eq(e.kind),
            events::from_state.eq(e.from_state),
            events::to_state.eq(e.to_state),
            events::note.eq(e.note),
        ))
        .execute(conn)
        .map(|_| ())
}

/// When a submission first moved into `state` (its timeline's record of the move), if it did.
pub fn entered_state_at(
    conn: &mut DbConnection,
    submission_id: i64,
    state: &str,
) -> QueryResult<Option<NaiveDateTime>> {
    let (subject_type, _) = Subject::Submission(submission_id).parts();
    events::table
        .filter(events::subject_type.eq(subject_type))
        .filter(events::subject_id.eq(submission_id))
        .filter(events::to_state.eq(state))
        .select(diesel::dsl::min(events::occurred_at))
        .first(conn)
}

/// The newest audit entries, for the administrator's log.
pub fn recent(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<EventRow>> {
    events::table
        .left_join(people::table.on(people::id.nullable().eq(events::actor_id)))
        .order((events::occurred_at.desc(), events::id.desc()))
        .limit(limit)
        .select((
            events::id,
            events::occurred_at,
            people::name.nullable(),
            events::subject_type,
            events::subject_id,
            events::kind,
            events::note,
        ))
        .load(conn)
}

/// One entry of a submission's timeline.
#[derive(Debug, Clone, Queryable)]
pub struct TimelineEntry {
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub kind: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub note: String,
}

/// A submission's history, oldest first. Actors are ids, not names: the page decides whose
/// name a viewer may see (never a reviewer's, for an author).
pub fn timeline(conn: &mut DbConnection, submission_id: i64) -> QueryResult<Vec<TimelineEntry>> {
    let (subject_type, _) = Subject::Submission(submission_id).parts();
    events::table
        .filter(events::subject_type.eq(subject_type))
        .filter(events::subject_id.eq(submission_id))
        .order((events::occurred_at.asc(), events::id.asc()))
        .select((
            events::occurred_at,
            events::actor_id,
            events::kind,
            events::from_state,
            events::to_state,
            events::note,
        ))
        .load(conn)
}
