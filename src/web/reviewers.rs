//! The handling editor's reviewer tools: search (with each candidate's conflicts and load,
//! and the authors' suggestions and oppositions), the suggestions by expertise, invite,
//! cancel, and a review's attachment.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::{AppError, Chrome, Ctx, form_status, render_with, see_other, session, stored_bytes};
use crate::domain::FormErrors;
use crate::workflow::review::{
    self, CancelOutcome, InviteForm, InviteOutcome, ReviewerQuery, ReviewerSearch,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/editorial/submissions/{id}/reviewers", web::get().to(find))
        .route(
            "/editorial/submissions/{id}/reviewers",
            web::post().to(invite),
        )
        .route(
            "/editorial/submissions/{id}/reviewers/again",
            web::post().to(invite_again),
        )
        .route(
            "/editorial/submissions/{id}/reviewers/{invitation_id}/cancel",
            web::post().to(cancel),
        )
        .route(
            "/editorial/submissions/{id}/reviewers/{invitation_id}/attachment",
            web::get().to(attachment),
        );
}

#[derive(Template)]
#[template(path = "editorial/reviewers.html")]
struct FindPage {
    chrome: Chrome,
    id: i64,
    number: String,
    title: String,
    query: ReviewerQuery,
    found: ReviewerSearch,
    /// Suggested reviewers by expertise, best first (issue 19).
    suggested: Vec<review::ReviewerCandidate>,
    /// The "invite by e-mail address" form as typed.
    by_address: InviteForm,
    default_due: String,
    errors: FormErrors,
    /// Why reviewers cannot be invited yet (a co-author has not confirmed), if so.
    review_block: Option<String>,
    /// Decliners' suggestions, later dates offered, the backup reviewers (issue 28 part 3).
    declines: review::DeclinesPanel,
    /// The backup form as typed.
    backup: review::BackupForm,
}

impl FindPage {
    /// How many reviewers of the earlier rounds may be invited again now.
    fn invitable_again(&self) -> usize {
        self.found
            .earlier
            .iter()
            .filter(|c| c.may_be_invited() && c.person_id.is_some())
            .count()
    }

    fn day(&self, d: &chrono::NaiveDate) -> String {
        crate::workflow::review::long_date(*d)
    }

    fn when(&self, t: &Option<chrono::NaiveDateTime>) -> String {
        t.map_or("never".to_owned(), |t| t.format("%-d %b %Y").to_string())
    }
}

pub(super) async fn page(
    ctx: &Ctx,
    id: i64,
    query: ReviewerQuery,
    (by_address, backup): (InviteForm, review::BackupForm),
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let (person, roles, site) = ctx.acting()?;
    let q = query.clone();
    let memo = ctx.state.expertise.clone();
    let loaded = ctx
        .state
        .db
        .run(move |conn| -> Result<Option<_>, AppError> {
            let Some(found) = review::search(conn, &person, &roles, id, &q, &site)? else {
                return Ok(None);
            };
            let suggested =
                review::suggestions(conn, &person, &roles, id, &site, &memo)?.unwrap_or_default();
            let s = crate::db::submissions::find(conn, id)?.ok_or(AppError::NotFound)?;
            let c = crate::db::collections::find_collection(conn, s.collection_id)?
                .ok_or(AppError::NotFound)?;
            let block = crate::workflow::authorship::review_may_start(conn, &s)?.err();
            // `search` answered: the reader may manage this submission's reviewers.
            let mut declines = review::declines_panel(conn, &s, &site)
                .map_err(|e| AppError::Internal(e.into()))?;
            let (mut found, mut suggested) = (found, suggested);
            review::add_histories(
                conn,
                &mut [
                    &mut found.earlier,
                    &mut found.suggested,
                    &mut found.results,
                    &mut suggested,
                    &mut declines.suggested,
                ],
            )?;
            Ok(Some((
                found,
                (suggested, declines),
                s,
                review::default_due_on(&c),
                block,
            )))
        })
        .await?;
    let (found, (suggested, declines), s, due, review_block) = loaded.ok_or(AppError::NotFound)?;
    render_with(
        form_status(&errors),
        &FindPage {
            chrome: ctx.chrome(format!("Reviewers for {}", s.number_or_draft())),
            id,
            number: s.number_or_draft().to_owned(),
            title: s.title,
            query,
            found,
            suggested,
            by_address,
            default_due: due.format("%Y-%m-%d").to_string(),
            errors,
            review_block,
            declines,
            backup,
        },
    )
}

/// GET /editorial/submissions/{id}/reviewers?q=&topic=
pub async fn find(
    ctx: Ctx,
    path: web::Path<i64>,
    query: web::Query<ReviewerQuery>,
) -> Result<HttpResponse, AppError> {
    page(
        &ctx,
        path.into_inner(),
        query.into_inner(),
        (InviteForm::default(), review::BackupForm::default()),
        FormErrors::new(),
    )
    .await
}

/// POST /editorial/submissions/{id}/reviewers: invite a known person or an address.
pub async fn invite(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let form = form.into_inner();
    let typed = form.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            review::invite(conn, &person, &roles, id, &form, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        InviteOutcome::Invited { reviewer } => {
            session::flash_notice(
                &ctx.session,
                format!("{reviewer} has been invited; the invitation e-mail is on its way."),
            );
            Ok(see_other(&format!("/editorial/submissions/{id}")))
        }
        InviteOutcome::AlreadyInvited(message) => {
            session::flash_notice(&ctx.session, message);
            Ok(see_other(&format!("/editorial/submissions/{id}")))
        }
        InviteOutcome::Refused(message) => {
            // Shown again with 422, like every form error. By address: beside the address
            // field, the form kept; a known person: in the summary, linked to the search.
            let mut errors = FormErrors::new();
            let field = if typed.person_id.trim().is_empty() {
                "email"
            } else {
                "q"
            };
            errors.add(field, format!("{message} Nobody was invited."));
            let kept = if field == "email" {
                typed
            } else {
                InviteForm::default()
            };
            page(
                &ctx,
                id,
                ReviewerQuery::default(),
                (kept, review::BackupForm::default()),
                errors,
            )
            .await
        }
        InviteOutcome::Invalid(errors) => {
            // The errors belong to the address form when it was used; a known person's form
            // only has the message and date, shown in the summary.
            page(
                &ctx,
                id,
                ReviewerQuery::default(),
                (typed, review::BackupForm::default()),
                errors,
            )
            .await
        }
        InviteOutcome::NotFound => Err(AppError::NotFound),
    }
}

/// The "invite them again" form: every ticked `person_id`, one due date, one message.
fn again_form(body: &[u8]) -> review::InviteAgainForm {
    let mut form = review::InviteAgainForm::default();
    for (k, v) in super::csrf::url::form_urlencoded_parse(body) {
        match k.as_str() {
            // An id that does not read is no reviewer of an earlier round: ignored.
            "person_id" => form.person_ids.extend(v.trim().parse::<i64>().ok()),
            "due_on" => form.due_on = v,
            "message" => form.message = v,
            _ => {}
        }
    }
    form
}

/// POST /editorial/submissions/{id}/reviewers/again: the reviewers of the earlier rounds
/// ticked on the page, invited together.
pub async fn invite_again(
    ctx: Ctx,
    path: web::Path<i64>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let form = again_form(&body);
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            review::invite_again(conn, &person, &roles, id, &form, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        review::InviteAgainOutcome::Done {
            invited,
            not_invited,
        } => {
            let mut told = Vec::new();
            if !invited.is_empty() {
                told.push(format!("Invited again: {}.", invited.join(", ")));
            }
            for (name, why) in not_invited {
                told.push(format!("{name} was not invited: {why}"));
            }
            session::flash_notice(&ctx.session, told.join(" "));
            Ok(see_other(&format!("/editorial/submissions/{id}")))
        }
        review::InviteAgainOutcome::Invalid(errors) => {
            page(
                &ctx,
                id,
                ReviewerQuery::default(),
                (InviteForm::default(), review::BackupForm::default()),
                errors,
            )
            .await
        }
        review::InviteAgainOutcome::NotFound => Err(AppError::NotFound),
    }
}

#[derive(serde::Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    reason: String,
}

/// POST /editorial/submissions/{id}/reviewers/{invitation_id}/cancel
pub async fn cancel(
    ctx: Ctx,
    path: web::Path<(i64, i64)>,
    form: web::Form<CancelForm>,
) -> Result<HttpResponse, AppError> {
    let (id, invitation_id) = path.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let reason = form.into_inner().reason;
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            review::cancel(conn, &person, &roles, id, invitation_id, &reason, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        CancelOutcome::Cancelled => session::flash_notice(
            &ctx.session,
            "The invitation is cancelled and the reviewer has been told; their link no longer works.",
        ),
        CancelOutcome::AlreadyEnded => session::flash_error(
            &ctx.session,
            "That invitation had already ended; nothing was changed.",
        ),
        CancelOutcome::NotFound => return Err(AppError::NotFound),
    }
    Ok(see_other(&format!("/editorial/submissions/{id}")))
}

/// GET /editorial/submissions/{id}/reviewers/{invitation_id}/attachment
pub async fn attachment(ctx: Ctx, path: web::Path<(i64, i64)>) -> Result<HttpResponse, AppError> {
    let (id, invitation_id) = path.into_inner();
    let (person, roles, site) = ctx.acting()?;
    let files = ctx.state.files.clone();
    let found = ctx
        .state
        .db
        .run(move |conn| -> Result<Option<_>, AppError> {
            let Some(a) =
                review::attachment_for_editor(conn, &person, &roles, id, invitation_id, &site)?
            else {
                return Ok(None);
            };
            let bytes = stored_bytes(&files, &a.sha256)?;
            Ok(Some((a, bytes)))
        })
        .await?;
    let (a, bytes) = found.ok_or(AppError::NotFound)?;
    Ok(super::reviews::attachment_response(
        bytes,
        &a.content_type,
        a.name,
    ))
}
