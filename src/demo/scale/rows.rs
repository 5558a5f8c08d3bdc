//! The rows the scale data inserts, one struct per table, named once. `None` is written as
//! NULL, as the columns' `.eq(None)` did.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    accounts, affiliations, editor_profiles, events, handling_assignments, outbox, people,
    publication_coauthors, publications, review_invitations, roles, submission_authors,
    submission_preferences, submission_topics, submissions,
};

#[derive(Insertable, Clone)]
#[diesel(table_name = people)]
pub(super) struct NewPerson {
    pub name: String,
    pub email: String,
    pub affiliation: &'static str,
    pub bio: &'static str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// One a line; a fifth of the people list theirs (and so offer to review).
    pub expertise_keywords: String,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = affiliations, treat_none_as_default_value = false)]
pub(super) struct NewAffiliation {
    pub person_id: i64,
    pub institution: &'static str,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = publications)]
pub(super) struct NewPublication {
    pub person_id: i64,
    pub title: String,
    pub year: i32,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = publication_coauthors, treat_none_as_default_value = false)]
pub(super) struct NewCoauthor {
    pub publication_id: i64,
    pub name: String,
    pub email: Option<String>,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = roles, treat_none_as_default_value = false)]
pub(super) struct NewRole {
    pub person_id: i64,
    pub role: &'static str,
    pub journal_id: Option<i64>,
    pub granted_at: NaiveDateTime,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = editor_profiles)]
pub(super) struct NewEditorProfile {
    pub person_id: i64,
    pub journal_id: i64,
    pub capacity: i32,
    pub available: bool,
    pub topics: String,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = accounts, treat_none_as_default_value = false)]
pub(super) struct NewAccount<'a> {
    pub person_id: i64,
    pub password_hash: &'a str,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = submissions, treat_none_as_default_value = false)]
pub(super) struct NewSubmission {
    pub collection_id: i64,
    pub submitter_id: i64,
    pub manuscript_number: Option<String>,
    pub state: &'static str,
    pub current_round: i32,
    pub article_type: &'static str,
    pub title: String,
    pub abstract_text: String,
    pub keywords: String,
    pub rare_cancer_type: &'static str,
    pub competing_interests: &'static str,
    pub ai_use: &'static str,
    pub ethics_statement: &'static str,
    pub data_availability: &'static str,
    pub funding: &'static str,
    pub handling_editor_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = submission_authors, treat_none_as_default_value = false)]
pub(super) struct NewAuthor {
    pub submission_id: i64,
    pub position: i32,
    pub name: String,
    pub email: String,
    pub affiliation: String,
    pub is_corresponding: bool,
    pub person_id: Option<i64>,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = submission_topics)]
pub(super) struct NewTopic {
    pub submission_id: i64,
    pub topic: String,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = events, treat_none_as_default_value = false)]
pub(super) struct NewEvent {
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub subject_type: &'static str,
    pub subject_id: i64,
    pub kind: &'static str,
    pub from_state: Option<&'static str>,
    pub to_state: Option<&'static str>,
    pub note: String,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = handling_assignments, treat_none_as_default_value = false)]
pub(super) struct NewAssignment {
    pub submission_id: i64,
    pub editor_id: i64,
    pub round: i32,
    pub assigned_by: Option<i64>,
    pub explanation: &'static str,
    pub assigned_at: NaiveDateTime,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = review_invitations, treat_none_as_default_value = false)]
pub(super) struct NewInvitation {
    pub submission_id: i64,
    pub round: i32,
    pub reviewer_id: i64,
    pub invited_by: Option<i64>,
    pub due_on: NaiveDate,
    pub status: &'static str,
    pub links_expire_at: NaiveDateTime,
    pub decline_reason: &'static str,
    pub invited_at: NaiveDateTime,
    pub responded_at: Option<NaiveDateTime>,
    pub no_conflict_declared_at: Option<NaiveDateTime>,
    pub confidentiality_confirmed_at: Option<NaiveDateTime>,
    pub recommendation: &'static str,
    pub comments_to_authors: String,
    pub confidential_comments: &'static str,
    pub review_saved_at: Option<NaiveDateTime>,
    pub review_submitted_at: Option<NaiveDateTime>,
    /// How the editor found the reviewer (`FoundBy`'s names).
    pub found_by: &'static str,
}

#[derive(Insertable, Clone)]
#[diesel(table_name = outbox, treat_none_as_default_value = false)]
pub(super) struct NewMail {
    pub created_at: NaiveDateTime,
    pub kind: &'static str,
    pub recipient_id: Option<i64>,
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub message_id: String,
    pub status: &'static str,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// A reviewer the authors suggested.
#[derive(Insertable, Clone)]
#[diesel(table_name = submission_preferences)]
pub(super) struct NewPreference {
    pub submission_id: i64,
    pub kind: &'static str,
    pub name: String,
    pub email: String,
    pub reason: &'static str,
}
