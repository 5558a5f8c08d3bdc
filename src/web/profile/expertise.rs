//! Expertise keywords (issue 19): the subjects a person offers to review on, which the
//! editors' reviewer suggestions rank them by. Listing any is the offer to review.
//!
//! One field edited as a whole, so it follows `db::guard` with a version: the form carries
//! when the keywords were last changed (`read_at`); a second press of the same form changes
//! nothing and says they are saved, another tab's newer keywords are never overwritten
//! unseen (409, with what was typed kept).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::page::profile_page_with;
use super::record;
use crate::db::guard::{self, ReadAt};
use crate::domain::FormErrors;
use crate::domain::expertise::choose_expertise;
use crate::web::{AppError, Ctx, see_other, session};

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ExpertiseInput {
    pub(super) keywords: String,
    /// The collections' topics ticked (the field repeats).
    pub(super) topics: Vec<String>,
    /// When the keywords were last changed as the form was read (`db::guard::ReadAt`).
    pub(super) read_at: Option<String>,
}

impl ExpertiseInput {
    /// The form's fields, `topics` once a topic ticked.
    fn from_fields(fields: Vec<(String, String)>) -> ExpertiseInput {
        let mut input = ExpertiseInput::default();
        for (name, value) in fields {
            match name.as_str() {
                "keywords" => input.keywords = value,
                "topics" => input.topics.push(value),
                "read_at" => input.read_at = Some(value),
                _ => {}
            }
        }
        input
    }
}

enum Saved {
    /// Written now, or already as asked (a second press).
    Done,
    /// Changed in another tab since the form was read: nothing written.
    Stale(Vec<String>),
}

/// POST /profile/expertise
pub async fn save_expertise(
    ctx: Ctx,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let input = ExpertiseInput::from_fields(form.into_inner());
    let topics = ctx
        .state
        .db
        .run(|conn| -> Result<_, AppError> { Ok(crate::db::collections::all_topics(conn)?) })
        .await?;
    let keywords = match choose_expertise(&input.keywords, &input.topics, &topics) {
        Ok(k) => k,
        Err(message) => {
            let mut errors = FormErrors::new();
            errors.add("keywords", message);
            return profile_page_with(&ctx, input, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let read_at = input.read_at.clone();
    let asked = keywords.clone();
    let saved = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| -> Result<Saved, AppError> {
                guard::lock_person(conn, person_id)?;
                let (now, at) = crate::db::expertise::keywords_of(conn, person_id)?;
                if now == asked {
                    return Ok(Saved::Done);
                }
                if let Some(read) = ReadAt::from_form(read_at.as_deref())
                    && !read.is_current(at)
                {
                    return Ok(Saved::Stale(now));
                }
                crate::db::expertise::set_keywords(conn, person_id, &asked)?;
                record(
                    conn,
                    person_id,
                    "profile.expertise_changed",
                    &asked.join(", "),
                )?;
                Ok(Saved::Done)
            })
        })
        .await?;
    match saved {
        Saved::Done => {
            session::flash_notice(
                &ctx.session,
                if keywords.is_empty() {
                    "Your expertise keywords and topics are removed: you are no longer suggested to editors as a reviewer by them.".to_owned()
                } else {
                    format!(
                        "Your expertise is saved ({} keywords and topics); editors may see you among the suggested reviewers for manuscripts on these subjects.",
                        keywords.len()
                    )
                },
            );
            Ok(see_other("/profile#expertise"))
        }
        Saved::Stale(now) => {
            let mut errors = FormErrors::new();
            errors.add(
                "keywords",
                format!(
                    "Your keywords were changed in another tab or window since this page was opened; they are now: {}. What you typed is kept below: send it again to replace them.",
                    if now.is_empty() { "none".to_owned() } else { now.join(", ") }
                ),
            );
            profile_page_with(&ctx, input, errors, StatusCode::CONFLICT).await
        }
    }
}
