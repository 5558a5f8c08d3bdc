//! Submissions in storage: drafts and their content, authors, declarations, files,
//! manuscript numbers and the conditional state change every transition goes through.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{
    collections, manuscript_counters, submission_authors, submission_files, submission_preferences,
    submission_topics, submissions,
};
use super::{DbConnection, now};
use crate::domain::permissions::SubmissionFacts;
use crate::domain::submission::{AuthorInput, PersonRefInput, SubmissionInput};
use crate::domain::submission_state::SubmissionState;

/// A submission row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = submissions)]
pub struct Submission {
    pub id: i64,
    pub collection_id: i64,
    pub submitter_id: i64,
    pub manuscript_number: Option<String>,
    pub state: String,
    pub current_round: i32,
    pub article_type: String,
    pub title: String,
    pub abstract_text: String,
    pub keywords: String,
    pub rare_cancer_type: String,
    pub competing_interests: String,
    pub competing_interests_details: String,
    pub ethics_statement: String,
    pub data_availability: String,
    pub funding: String,
    pub cover_letter: String,
    pub handling_editor_id: Option<i64>,
    pub idempotency_key: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    /// Why nobody could be assigned as handling editor (the editor-in-chief's queue).
    pub flagged_reason: Option<String>,
    pub flagged_at: Option<NaiveDateTime>,
    /// The declaration of generative AI use as it stands (`domain::ai_use`).
    pub ai_use: String,
    pub ai_use_details: String,
    pub consent_for_publication: String,
    pub authors_contributions: String,
    pub acknowledgements: String,
    /// The checklist's statements the submitting author ticked, one a line, as they read.
    pub checklist_ticked: String,
}

impl Submission {
    /// The stored state; an unknown name (never written by this code) reads as a draft
    /// so that nothing moves on from it.
    pub fn state(&self) -> SubmissionState {
        self.state.parse().unwrap_or(SubmissionState::Draft)
    }

    /// The authors' declaration of generative AI use in a sentence, or why there is none.
    pub fn ai_use_shown(&self) -> String {
        crate::domain::ai_use::statement(&self.ai_use, &self.ai_use_details).unwrap_or_else(|| {
            if self.state() == SubmissionState::Draft {
                "Not answered yet.".to_owned()
            } else {
                "Not asked: the manuscript was submitted before the question was added.".to_owned()
            }
        })
    }

    /// The checklist's statements the submitting author ticked.
    pub fn checklist_lines(&self) -> Vec<String> {
        self.checklist_ticked
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// A declaration as its page shows it: the text, or why there is none.
    pub fn declared(&self, text: &str) -> String {
        if !text.trim().is_empty() {
            text.to_owned()
        } else if self.state() == SubmissionState::Draft {
            "Not answered yet.".to_owned()
        } else {
            "Not asked: the manuscript was submitted before this declaration was asked for."
                .to_owned()
        }
    }

    /// The number once submitted; drafts have none yet.
    pub fn number_or_draft(&self) -> &str {
        self.manuscript_number.as_deref().unwrap_or("Draft")
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = submission_authors)]
pub struct Author {
    pub id: i64,
    pub submission_id: i64,
    pub position: i32,
    pub name: String,
    pub email: String,
    pub affiliation: String,
    pub orcid: Option<String>,
    pub is_corresponding: bool,
    pub person_id: Option<i64>,
    /// The name's parts (migration 39); `name` is built from them.
    pub given_names: String,
    pub family_name: String,
    pub name_order: String,
    /// The parts were guessed from the whole name by migration 39, not yet saved by a person.
    pub name_guessed: bool,
    /// CRediT role slugs, one a line (migration 41).
    pub credit_roles: String,
    /// The affiliations in their parts (migration 52); empty for a row written before, whose
    /// one-line `affiliation` is read instead.
    pub affiliations: String,
}

impl Author {
    /// The affiliations in their parts.
    pub fn affiliation_list(&self) -> Vec<crate::domain::affiliation::Affiliation> {
        crate::domain::affiliation::stored_or_single_line(&self.affiliations, &self.affiliation)
    }

    /// The affiliations as a page writes them.
    pub fn affiliation_display(&self) -> String {
        crate::domain::affiliation::display_line(&self.affiliation_list())
    }

    /// The CRediT roles' slugs.
    pub fn credit_slugs(&self) -> Vec<String> {
        crate::domain::credit::from_text(&self.credit_roles)
    }

    /// The CRediT roles' names, joined for a page; empty when none.
    pub fn credit_names(&self) -> String {
        crate::domain::credit::names(&self.credit_slugs())
    }

    /// The name in its parts, as the exports file it.
    pub fn name_parts(&self) -> crate::domain::NameParts {
        crate::domain::NameParts::stored_or_guessed(
            &self.given_names,
            &self.family_name,
            &self.name_order,
            &self.name,
        )
    }

    /// "García López, María José": how indexes and reference lists file the author, with
    /// a note while the parts are still migration 39's guess.
    pub fn filed_as(&self) -> String {
        let p = self.name_parts();
        let filed = if p.given.is_empty() {
            p.family
        } else {
            format!("{}, {}", p.family, p.given)
        };
        if self.name_guessed {
            format!("{filed} (split from the whole name; not yet confirmed by the authors)")
        } else {
            filed
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = submission_preferences)]
pub struct Preference {
    pub id: i64,
    pub submission_id: i64,
    pub kind: String,
    pub name: String,
    pub email: String,
    pub reason: String,
}

pub const SUGGESTED_REVIEWER: &str = "suggested_reviewer";
pub const OPPOSED_REVIEWER: &str = "opposed_reviewer";
pub const OPPOSED_EDITOR: &str = "opposed_editor";

/// File roles within a round.
pub const MANUSCRIPT: &str = "manuscript";
pub const SUPPLEMENTARY: &str = "supplementary";
/// A revised version with its changes marked, beside the clean manuscript of its round.
pub const TRACKED_CHANGES: &str = "tracked_changes";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = submission_files)]
pub struct SubmissionFile {
    pub id: i64,
    pub submission_id: i64,
    pub round: i32,
    pub role: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub content_type: String,
    pub original_name: String,
    pub uploaded_by: Option<i64>,
    pub uploaded_at: NaiveDateTime,
    /// Who the file's document properties name as its author, one a line (see
    /// [`crate::storage::document_authors`]); empty when none (or uploaded before this
    /// was read).
    pub document_authors: String,
    /// Which of the authors the file's first pages name (`storage::named_in`), one a line.
    pub text_names: String,
}

impl SubmissionFile {
    /// The authors the file's first pages name, joined for a sentence.
    pub fn named_in_text(&self) -> Option<String> {
        let names: Vec<&str> = self.text_names.lines().collect();
        (!names.is_empty()).then(|| crate::domain::person_name::join_names(&names))
    }

    /// The names the file's document properties give, joined for a sentence.
    pub fn named_authors(&self) -> Option<String> {
        let names: Vec<&str> = self.document_authors.lines().collect();
        (!names.is_empty()).then(|| crate::domain::person_name::join_names(&names))
    }
}

/// Records what a stored file says of its authors: whom its document properties name as
/// its author, and which of the submission's authors its first pages name.
pub fn record_file_names(
    conn: &mut DbConnection,
    file_id: i64,
    document_authors: &[String],
    text_names: &[String],
) -> QueryResult<()> {
    if document_authors.is_empty() && text_names.is_empty() {
        return Ok(());
    }
    diesel::update(submission_files::table.find(file_id))
        .set((
            submission_files::document_authors.eq(document_authors.join("\n")),
            submission_files::text_names.eq(text_names.join("\n")),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A file already written to the store, to be recorded against a submission.
pub struct NewFile<'a> {
    pub role: &'a str,
    pub sha256: &'a str,
    pub size_bytes: i64,
    pub content_type: &'a str,
    pub original_name: &'a str,
}

/// One line of an author's "My submissions".
#[derive(Debug, Clone, Queryable)]
pub struct SubmissionSummary {
    pub id: i64,
    pub manuscript_number: Option<String>,
    pub title: String,
    pub state: String,
    pub updated_at: NaiveDateTime,
    pub collection_title: String,
    pub current_round: i32,
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Submission>> {
    submissions::table
        .find(id)
        .select(Submission::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_idempotency_key(
    conn: &mut DbConnection,
    key: &str,
) -> QueryResult<Option<Submission>> {
    submissions::table
        .filter(submissions::idempotency_key.eq(key))
        .select(Submission::as_select())
        .first(conn)
        .optional()
}

/// Everything a person submitted or drafted, newest change first.
pub fn list_for_submitter(
    conn: &mut DbConnection,
    person_id: i64,
) -> QueryResult<Vec<SubmissionSummary>> {
    submissions::table
        .inner_join(collections::table)
        .filter(submissions::submitter_id.eq(person_id))
        .order((submissions::updated_at.desc(), submissions::id.desc()))
        .select((
            submissions::id,
            submissions::manuscript_number,
            submissions::title,
            submissions::state,
            submissions::updated_at,
            collections::title,
            submissions::current_round,
        ))
        .load(conn)
}

/// Creates a draft holding `input`; the caller is inside a transaction.
pub fn insert_draft(
    conn: &mut DbConnection,
    collection_id: i64,
    submitter_id: i64,
    idempotency_key: Option<&str>,
    input: &SubmissionInput,
) -> QueryResult<i64> {
    let at = now();
    let id: i64 = diesel::insert_into(submissions::table)
        .values((
            submissions::collection_id.eq(collection_id),
            submissions::submitter_id.eq(submitter_id),
            submissions::state.eq(SubmissionState::Draft.as_str()),
            submissions::idempotency_key.eq(idempotency_key),
            submissions::created_at.eq(at),
            submissions::updated_at.eq(at),
        ))
        .returning(submissions::id)
        .get_result(conn)?;
    save_content(conn, id, collection_id, input)?;
    Ok(id)
}

/// Writes the typed content of a draft (or of a submission being submitted): the columns,
/// then the topics, authors and preferences replaced as a whole. Long because its one
/// UPDATE names every column the form writes.
pub fn save_content(
    conn: &mut DbConnection,
    id: i64,
    collection_id: i64,
    input: &SubmissionInput,
) -> QueryResult<()> {
    diesel::update(submissions::table.find(id))
        .set((
            submissions::collection_id.eq(collection_id),
            submissions::article_type.eq(&input.article_type),
            submissions::title.eq(input.title.trim()),
            submissions::abstract_text.eq(input.abstract_text.trim()),
            submissions::keywords.eq(input.keywords.trim()),
            submissions::rare_cancer_type.eq(input.rare_cancer_type.trim()),
            submissions::competing_interests.eq(&input.competing_interests),
            submissions::competing_interests_details.eq(input.competing_interests_details.trim()),
            submissions::ai_use.eq(&input.ai_use),
            submissions::ai_use_details.eq(input.ai_use_details.trim()),
            submissions::ethics_statement.eq(input.ethics_statement.trim()),
            submissions::consent_for_publication.eq(input.consent_for_publication.trim()),
            submissions::data_availability.eq(input.data_availability.trim()),
            submissions::funding.eq(input.funding.trim()),
            submissions::authors_contributions.eq(input.authors_contributions.trim()),
            submissions::acknowledgements.eq(input.acknowledgements.trim()),
            submissions::checklist_ticked.eq(ticked_lines(&input.checklist_ticked)),
            submissions::cover_letter.eq(input.cover_letter.trim()),
            submissions::updated_at.eq(now()),
        ))
        .execute(conn)?;

    diesel::delete(submission_topics::table.filter(submission_topics::submission_id.eq(id)))
        .execute(conn)?;
    let mut topics: Vec<&String> = input.topics.iter().collect();
    topics.sort();
    topics.dedup();
    for topic in topics {
        diesel::insert_into(submission_topics::table)
            .values((
                submission_topics::submission_id.eq(id),
                submission_topics::topic.eq(topic),
            ))
            .execute(conn)?;
    }

    diesel::delete(submission_authors::table.filter(submission_authors::submission_id.eq(id)))
        .execute(conn)?;
    for (i, a) in input.authors.iter().enumerate() {
        let orcid = crate::domain::Orcid::as_typed_or_normal(&a.orcid);
        diesel::insert_into(submission_authors::table)
            .values((
                submission_authors::submission_id.eq(id),
                submission_authors::position.eq(i as i32 + 1),
                submission_authors::name.eq(a.parts().display()),
                submission_authors::given_names.eq(a.parts().given),
                submission_authors::family_name.eq(a.parts().family),
                submission_authors::name_order.eq(a.parts().order.as_str()),
                submission_authors::name_guessed.eq(a.name_guessed),
                submission_authors::email.eq(a.email.trim()),
                submission_authors::affiliation.eq(crate::domain::affiliation::institutions_line(
                    &a.affiliations,
                )),
                submission_authors::affiliations
                    .eq(crate::domain::affiliation::to_text(&a.affiliations)),
                submission_authors::orcid.eq(orcid),
                submission_authors::is_corresponding.eq(i == input.corresponding),
                submission_authors::credit_roles
                    .eq(crate::domain::credit::to_text(&a.credit_roles)),
            ))
            .execute(conn)?;
    }

    super::funders::replace_typed(conn, id, &input.funders)?;

    diesel::delete(
        submission_preferences::table.filter(submission_preferences::submission_id.eq(id)),
    )
    .execute(conn)?;
    for (kind, list) in [
        (SUGGESTED_REVIEWER, &input.suggested_reviewers),
        (OPPOSED_REVIEWER, &input.opposed_reviewers),
        (OPPOSED_EDITOR, &input.opposed_editors),
    ] {
        for p in list {
            diesel::insert_into(submission_preferences::table)
                .values((
                    submission_preferences::submission_id.eq(id),
                    submission_preferences::kind.eq(kind),
                    submission_preferences::name.eq(p.name.trim()),
                    submission_preferences::email.eq(p.email.trim()),
                    submission_preferences::reason.eq(p.reason.trim()),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

pub fn authors_of(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<Author>> {
    submission_authors::table
        .filter(submission_authors::submission_id.eq(id))
        .order(submission_authors::position)
        .select(Author::as_select())
        .load(conn)
}

pub fn topics_of(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<String>> {
    submission_topics::table
        .filter(submission_topics::submission_id.eq(id))
        .order(submission_topics::topic)
        .select(submission_topics::topic)
        .load(conn)
}

pub fn preferences_of(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<Preference>> {
    submission_preferences::table
        .filter(submission_preferences::submission_id.eq(id))
        .order(submission_preferences::id)
        .select(Preference::as_select())
        .load(conn)
}

/// A stored draft as the form shows it again.
pub fn load_input(conn: &mut DbConnection, s: &Submission) -> QueryResult<SubmissionInput> {
    let authors = authors_of(conn, s.id)?;
    let preferences = preferences_of(conn, s.id)?;
    let refs = |kind: &str| -> Vec<PersonRefInput> {
        preferences
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| PersonRefInput {
                name: p.name.clone(),
                email: p.email.clone(),
                reason: p.reason.clone(),
            })
            .collect()
    };
    Ok(SubmissionInput {
        article_type: s.article_type.clone(),
        title: s.title.clone(),
        abstract_text: s.abstract_text.clone(),
        keywords: s.keywords.clone(),
        topics: topics_of(conn, s.id)?,
        rare_cancer_type: s.rare_cancer_type.clone(),
        corresponding: authors.iter().position(|a| a.is_corresponding).unwrap_or(0),
        authors: authors
            .iter()
            .map(|a| AuthorInput {
                name: a.name.clone(),
                given_names: a.name_parts().given,
                family_name: a.name_parts().family,
                name_order: a.name_parts().order.as_str().to_owned(),
                name_guessed: a.name_guessed,
                email: a.email.clone(),
                affiliations: a.affiliation_list(),
                orcid: a.orcid.clone().unwrap_or_default(),
                credit_roles: a.credit_slugs(),
            })
            .collect(),
        competing_interests: s.competing_interests.clone(),
        competing_interests_details: s.competing_interests_details.clone(),
        ai_use: s.ai_use.clone(),
        ai_use_details: s.ai_use_details.clone(),
        ethics_statement: s.ethics_statement.clone(),
        consent_for_publication: s.consent_for_publication.clone(),
        data_availability: s.data_availability.clone(),
        funding: s.funding.clone(),
        funders: super::funders::of_submission(conn, s.id)?
            .iter()
            .map(crate::domain::funders::Funder::as_input)
            .collect(),
        authors_contributions: s.authors_contributions.clone(),
        acknowledgements: s.acknowledgements.clone(),
        checklist_ticked: s.checklist_lines(),
        cover_letter: s.cover_letter.clone(),
        suggested_reviewers: refs(SUGGESTED_REVIEWER),
        opposed_reviewers: refs(OPPOSED_REVIEWER),
        opposed_editors: refs(OPPOSED_EDITOR),
    })
}

/// Links each author row to the person who owns its address, where there is one.
pub fn link_authors_to_people(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    use super::schema::people;
    for author in authors_of(conn, id)? {
        let person: Option<i64> = people::table
            .filter(people::email.eq(author.email.to_lowercase()))
            .select(people::id)
            .first(conn)
            .optional()?;
        diesel::update(submission_authors::table.find(author.id))
            .set(submission_authors::person_id.eq(person))
            .execute(conn)?;
    }
    Ok(())
}

pub fn files_of(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<SubmissionFile>> {
    submission_files::table
        .filter(submission_files::submission_id.eq(id))
        .order((submission_files::round, submission_files::id))
        .select(SubmissionFile::as_select())
        .load(conn)
}

pub fn find_file(
    conn: &mut DbConnection,
    submission_id: i64,
    file_id: i64,
) -> QueryResult<Option<SubmissionFile>> {
    submission_files::table
        .filter(submission_files::submission_id.eq(submission_id))
        .filter(submission_files::id.eq(file_id))
        .select(SubmissionFile::as_select())
        .first(conn)
        .optional()
}

/// Records a stored file in `round`. A new manuscript replaces the round's earlier one:
/// each round has exactly one manuscript.
pub fn add_file(
    conn: &mut DbConnection,
    submission_id: i64,
    round: i32,
    uploaded_by: i64,
    f: &NewFile<'_>,
) -> QueryResult<i64> {
    if f.role == MANUSCRIPT || f.role == TRACKED_CHANGES {
        diesel::delete(
            submission_files::table
                .filter(submission_files::submission_id.eq(submission_id))
                .filter(submission_files::round.eq(round))
                .filter(submission_files::role.eq(f.role)),
        )
        .execute(conn)?;
    }
    diesel::insert_into(submission_files::table)
        .values((
            submission_files::submission_id.eq(submission_id),
            submission_files::round.eq(round),
            submission_files::role.eq(f.role),
            submission_files::sha256.eq(f.sha256),
            submission_files::size_bytes.eq(f.size_bytes),
            submission_files::content_type.eq(f.content_type),
            submission_files::original_name.eq(f.original_name),
            submission_files::uploaded_by.eq(Some(uploaded_by)),
            submission_files::uploaded_at.eq(now()),
        ))
        .returning(submission_files::id)
        .get_result(conn)
}

/// Removes a file from a round (drafts only; the caller checks).
pub fn remove_file(
    conn: &mut DbConnection,
    submission_id: i64,
    file_id: i64,
) -> QueryResult<usize> {
    diesel::delete(
        submission_files::table
            .filter(submission_files::submission_id.eq(submission_id))
            .filter(submission_files::id.eq(file_id)),
    )
    .execute(conn)
}

/// Whether any submission, or a published article's final PDF, still points at a stored
/// file (before deleting it from disk).
pub fn file_in_use(conn: &mut DbConnection, sha256: &str) -> QueryResult<bool> {
    use super::schema::published_articles;
    let by_submission: bool = diesel::select(diesel::dsl::exists(
        submission_files::table.filter(submission_files::sha256.eq(sha256)),
    ))
    .get_result(conn)?;
    if by_submission {
        return Ok(true);
    }
    diesel::select(diesel::dsl::exists(
        published_articles::table.filter(published_articles::pdf_sha256.eq(sha256)),
    ))
    .get_result(conn)
}

/// Deletes a draft and everything under it (topics, authors, files cascade).
pub fn delete_draft(conn: &mut DbConnection, id: i64) -> QueryResult<usize> {
    diesel::delete(
        submissions::table
            .find(id)
            .filter(submissions::state.eq(SubmissionState::Draft.as_str())),
    )
    .execute(conn)
}

/// Marks a draft as changed, only while it is still a draft. The first write of a save or
/// submit: it takes the row's lock, so a concurrent submit of the same draft waits here
/// and then finds it is no longer a draft.
pub fn touch_draft(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
    let n = diesel::update(
        submissions::table
            .find(id)
            .filter(submissions::state.eq(SubmissionState::Draft.as_str())),
    )
    .set(submissions::updated_at.eq(now()))
    .execute(conn)?;
    Ok(n == 1)
}

/// Moves a submission from `from` to `to`, only if it is still in `from`: of two people
/// acting at once, one changes the row and the other gets `false` and changes nothing.
pub fn change_state(
    conn: &mut DbConnection,
    id: i64,
    from: SubmissionState,
    to: SubmissionState,
) -> QueryResult<bool> {
    let n = diesel::update(
        submissions::table
            .find(id)
            .filter(submissions::state.eq(from.as_str())),
    )
    .set((
        submissions::state.eq(to.as_str()),
        submissions::updated_at.eq(now()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives a draft its number and submission time (the state moves by [`change_state`]).
pub fn set_submitted(conn: &mut DbConnection, id: i64, number: &str) -> QueryResult<()> {
    diesel::update(submissions::table.find(id))
        .set((
            submissions::manuscript_number.eq(number),
            submissions::submitted_at.eq(Some(now())),
        ))
        .execute(conn)
        .map(|_| ())
}
/// Takes the next manuscript number of a collection for a year, e.g. `RC-2026-0001`.
/// Call inside the transaction that submits: the counter row is updated (and so locked)
/// until it commits, so two submits at once never share a number, and a rolled-back submit
/// gives its number back.
pub fn take_manuscript_number(
    conn: &mut DbConnection,
    collection_id: i64,
    prefix: &str,
    year: i32,
) -> QueryResult<String> {
    let n = loop {
        let updated: Option<i32> = diesel::update(
            manuscript_counters::table
                .filter(manuscript_counters::collection_id.eq(collection_id))
                .filter(manuscript_counters::year.eq(year)),
        )
        .set(manuscript_counters::last_number.eq(manuscript_counters::last_number + 1))
        .returning(manuscript_counters::last_number)
        .get_result(conn)
        .optional()?;
        if let Some(n) = updated {
            break n;
        }
        // First number of the year. A savepoint keeps a lost race (the other transaction
        // inserted first) from aborting ours on PostgreSQL; then the update above wins.
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(manuscript_counters::table)
                .values((
                    manuscript_counters::collection_id.eq(collection_id),
                    manuscript_counters::year.eq(year),
                    manuscript_counters::last_number.eq(1),
                ))
                .execute(conn)
        });
        match inserted {
            Ok(_) => break 1,
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => continue,
            Err(e) => return Err(e),
        }
    };
    Ok(format_manuscript_number(prefix, year, n))
}

pub fn format_manuscript_number(prefix: &str, year: i32, n: i32) -> String {
    format!("{prefix}-{year}-{n:04}")
}

/// The facts the permissions module decides on.
pub fn facts_of(conn: &mut DbConnection, s: &Submission) -> QueryResult<SubmissionFacts> {
    let journal_id =
        super::collections::find_collection(conn, s.collection_id)?.map_or(0, |c| c.journal_id);
    Ok(SubmissionFacts {
        submitter_id: s.submitter_id,
        handling_editor_id: s.handling_editor_id,
        state: s.state(),
        journal_id,
        appeal_hearer_id: super::rounds::hearer_of(conn, s.id)?,
        collection_id: s.collection_id,
        handled_by_guest_editor: match s.handling_editor_id {
            Some(editor) => is_guest_editor(conn, editor, s.collection_id)?,
            None => false,
        },
    })
}

/// Whether `person_id` is a guest editor of the collection.
pub fn is_guest_editor(
    conn: &mut DbConnection,
    person_id: i64,
    collection_id: i64,
) -> QueryResult<bool> {
    use super::schema::roles;
    diesel::select(diesel::dsl::exists(
        roles::table
            .filter(roles::person_id.eq(person_id))
            .filter(roles::role.eq(crate::domain::Role::GuestEditor.as_str()))
            .filter(roles::collection_id.eq(collection_id)),
    ))
    .get_result(conn)
}

/// Ticked statements as stored: one a line, each once, line breaks inside one (never in a
/// statement the checklist offers) made spaces.
fn ticked_lines(ticked: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    for t in ticked {
        let line = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() && !out.contains(&line) {
            out.push(line);
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_look_like_the_journals() {
        assert_eq!(format_manuscript_number("RC", 2026, 1), "RC-2026-0001");
        assert_eq!(format_manuscript_number("RC", 2026, 12345), "RC-2026-12345");
    }
}
