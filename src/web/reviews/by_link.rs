//! The e-mailed link: `/invitations/{token}` and its three buttons. While the review is
//! being written it shows the invitation and (for a reviewer with no password) signs them
//! in to write it; once the review is in it shows only a thank-you and the review as sent,
//! signs nobody in, and stops 30 days after the decision (`workflow::review::link`).

use actix_web::{HttpResponse, web};
use askama::Template;

use super::{answer, invitation_again, open_desk, problem_page};
use crate::domain::FormErrors;
use crate::domain::review::{DeclineInput, LINK_DAYS_AFTER_DECISION};
use crate::web::{AppError, Chrome, Ctx, render};
use crate::workflow::review::{self, Answer, Credential, LinkProblem, LinkView, ReviewSent};

/// The link once the review is in: a thank-you and the review as sent, nothing else.
#[derive(Template)]
#[template(path = "reviews/review_sent.html")]
struct ReviewSentPage {
    chrome: Chrome,
    r: ReviewSent,
}

impl ReviewSentPage {
    fn days_after_decision(&self) -> i64 {
        LINK_DAYS_AFTER_DECISION
    }
}

/// What the e-mailed link shows: the invitation, or once the review is in only the review.
pub(super) async fn load_link(
    ctx: &Ctx,
    token: String,
) -> Result<Result<LinkView, LinkProblem>, AppError> {
    let schedule = ctx.state.config.review_reminders.clone();
    ctx.state
        .db
        .run(move |conn| review::view_by_link(conn, &token, &schedule).map_err(AppError::from))
        .await
}

pub(super) fn review_sent_page(ctx: &Ctx, r: ReviewSent) -> Result<HttpResponse, AppError> {
    render(&ReviewSentPage {
        chrome: ctx.chrome("Thank you for your review"),
        r,
    })
}

/// GET /invitations/{token}: shows the invitation, or once the review is in a thank-you and
/// the review. Changes nothing.
pub async fn invitation(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let base = format!("/invitations/{token}");
    invitation_again(
        &ctx,
        Credential::Link(token),
        base,
        DeclineInput::default(),
        FormErrors::new(),
    )
    .await
}

/// POST /invitations/{token}/accept
pub async fn accept_by_link(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let base = format!("/invitations/{token}");
    answer(ctx, Credential::Link(token), base, Answer::Accept).await
}

/// POST /invitations/{token}/decline
pub async fn decline_by_link(
    ctx: Ctx,
    path: web::Path<String>,
    form: web::Form<DeclineInput>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let base = format!("/invitations/{token}");
    answer(
        ctx,
        Credential::Link(token),
        base,
        Answer::Decline(form.into_inner()),
    )
    .await
}

/// POST /invitations/{token}/continue: back to a review accepted and not yet sent. Once it
/// is sent the link signs nobody in: it shows the thank-you.
pub async fn continue_by_link(ctx: Ctx, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    match load_link(&ctx, token.clone()).await? {
        Ok(LinkView::Invitation(v)) if v.status.is_taken_on() => {
            open_desk(
                &ctx,
                v.inv.id,
                v.reviewer.id,
                v.has_password,
                "Welcome back.",
                Some(token),
            )
            .await
        }
        Ok(LinkView::Invitation(_)) => Err(AppError::NotFound),
        Ok(LinkView::ReviewIn(r)) => review_sent_page(&ctx, r),
        Err(p) => problem_page(&ctx, p),
    }
}
