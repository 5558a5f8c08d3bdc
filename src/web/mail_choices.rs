//! "How notices reach you" (issue 28 part 5): per topic, at once or in the daily digest.
//! Signed in at `/account/mail`; from a digest's link at `/mail/choices/{token}`, which is
//! also its `List-Unsubscribe` address: a mail client's one-click POST there (RFC 8058)
//! stops the digest without a page or a sign-in. The token in the path is the credential,
//! so that path is the one place the CSRF guard lets a POST through without its form token.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::csrf::url::form_urlencoded_parse;
use super::{AppError, Chrome, Ctx, render, render_with, see_other, session};
use crate::db::DbError;
use crate::domain::FormErrors;
use crate::domain::mail_choices::{MailChoices, Topic};
use crate::mail::ONE_CLICK;
use crate::workflow::mail_choices::{self as workflow, MadeFrom};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/account/mail", web::get().to(own_page))
        .route("/account/mail", web::post().to(save_own))
        .route("/mail/choices/{token}", web::get().to(link_page))
        .route("/mail/choices/{token}", web::post().to(save_by_link));
}

/// One topic's line of the form.
pub struct TopicLine {
    pub key: &'static str,
    pub label: &'static str,
    pub digest: bool,
}

#[derive(Template)]
#[template(path = "account/mail_choices.html")]
struct ChoicesPage {
    chrome: Chrome,
    lines: Vec<TopicLine>,
    errors: FormErrors,
    /// Where the form posts: `/account/mail` or the digest's link.
    action: String,
    /// Whose choices, on the page opened from a digest's link (no one is signed in there).
    by_link_for: Option<String>,
    /// What was just done, on the page opened from a digest's link.
    done: Option<&'static str>,
}

fn lines(choices: &MailChoices, fields: Option<&[(String, String)]>) -> Vec<TopicLine> {
    Topic::ALL
        .into_iter()
        .map(|t| TopicLine {
            key: t.key(),
            label: t.label(),
            // A refused form shows what was sent; otherwise what is stored.
            digest: match fields {
                Some(f) => f.iter().any(|(k, v)| k == t.key() && v == "digest"),
                None => choices.digest.contains(&t),
            },
        })
        .collect()
}

fn parse(fields: &[(String, String)]) -> Result<MailChoices, FormErrors> {
    MailChoices::parse(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The body's fields; a mail client's one-click POST may come as multipart, which is only
/// looked at for the one-click marker.
fn fields_of(body: &[u8]) -> (Vec<(String, String)>, bool) {
    let fields: Vec<(String, String)> = form_urlencoded_parse(body).collect();
    let one_click = fields.iter().any(|(k, v)| format!("{k}={v}") == ONE_CLICK) || {
        let text = String::from_utf8_lossy(body);
        text.contains("name=\"List-Unsubscribe\"") && text.contains("One-Click")
    };
    (fields, one_click)
}

pub async fn own_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let choices = ctx
        .state
        .db
        .run(move |conn| workflow::choices_of(conn, person_id))
        .await?;
    render(&ChoicesPage {
        chrome: ctx.chrome("How notices reach you"),
        lines: lines(&choices, None),
        errors: FormErrors::default(),
        action: "/account/mail".into(),
        by_link_for: None,
        done: None,
    })
}

pub async fn save_own(ctx: Ctx, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let (fields, _) = fields_of(&body);
    let choices = match parse(&fields) {
        Ok(c) => c,
        Err(errors) => {
            return render_with(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ChoicesPage {
                    chrome: ctx.chrome("How notices reach you"),
                    lines: lines(&MailChoices::default(), Some(&fields)),
                    errors,
                    action: "/account/mail".into(),
                    by_link_for: None,
                    done: None,
                },
            );
        }
    };
    let digest = !choices.digest.is_empty();
    ctx.state
        .db
        .run(move |conn| workflow::save(conn, person_id, &choices, MadeFrom::Account))
        .await?;
    session::flash_notice(
        &ctx.session,
        if digest {
            "Saved. The notices you chose come in one digest a day; everything else at once."
        } else {
            "Saved. Every notice comes at once."
        },
    );
    Ok(see_other("/account/mail"))
}

/// The person a digest's link names, or 404 as for any unknown address.
async fn person_of(ctx: &Ctx, token: String) -> Result<(i64, String), AppError> {
    let person = ctx
        .state
        .db
        .run(move |conn| workflow::person_of_link(conn, &token))
        .await?;
    person.map(|p| (p.id, p.name)).ok_or(AppError::NotFound)
}

pub async fn link_page(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let (person_id, name) = person_of(&ctx, token.clone()).await?;
    let choices = ctx
        .state
        .db
        .run(move |conn| workflow::choices_of(conn, person_id))
        .await?;
    render(&ChoicesPage {
        chrome: ctx.chrome("How notices reach you"),
        lines: lines(&choices, None),
        errors: FormErrors::default(),
        action: format!("/mail/choices/{token}"),
        by_link_for: Some(name),
        done: None,
    })
}

pub async fn save_by_link(
    ctx: Ctx,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let (person_id, name) = person_of(&ctx, token.clone()).await?;
    let (fields, one_click) = fields_of(&body);
    let (choices, from, done) = if one_click {
        (
            MailChoices::default(),
            MadeFrom::OneClickUnsubscribe,
            "The daily digest is stopped: every notice now comes at once. Notices already waiting come in one last digest.",
        )
    } else {
        match parse(&fields) {
            Ok(c) => (c, MadeFrom::DigestLink, "Saved."),
            Err(errors) => {
                return render_with(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &ChoicesPage {
                        chrome: ctx.chrome("How notices reach you"),
                        lines: lines(&MailChoices::default(), Some(&fields)),
                        errors,
                        action: format!("/mail/choices/{token}"),
                        by_link_for: Some(name),
                        done: None,
                    },
                );
            }
        }
    };
    let saved = choices.clone();
    ctx.state
        .db
        .run(move |conn| -> Result<bool, DbError> { workflow::save(conn, person_id, &saved, from) })
        .await?;
    render(&ChoicesPage {
        chrome: ctx.chrome("How notices reach you"),
        lines: lines(&choices, None),
        errors: FormErrors::default(),
        action: format!("/mail/choices/{token}"),
        by_link_for: Some(name),
        done: Some(done),
    })
}
