//! The reviewer's pages: the invitation reached from the e-mailed link (opening it changes
//! nothing; accepting and declining are POSTs), the competing-interest declaration, the
//! review form, and the reviewer's own list. A reviewer without an account is signed in by
//! the link itself while they write the review; one with a password signs in as usual.
//! Once the review is in, the link shows only a thank-you and the review as sent.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use askama::Template;

mod by_link;

use by_link::{load_link, review_sent_page};

use super::manuscript::download_name;
use super::multipart::{Upload, read_form};
use super::{
    AppError, Chrome, Ctx, form_status, render, render_with, see_other, session, stored_bytes,
};
use crate::db::guard::ReadAt;
use crate::db::reviews::Attachment;
use crate::domain::FormErrors;
use crate::domain::review::{
    DeclarationInput, DeclineInput, InvitationStatus, Recommendation, ReviewInput, ReviewStep,
};
use crate::storage::{self, FileKind};
use crate::workflow::review::{
    self, Answer, AnswerOutcome, Credential, DeclareOutcome, LinkProblem, LinkView, ReviewOutcome,
    ReviewerLists, ReviewerView, StaleReview,
};
use crate::workflow::submission::human_size;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/invitations/{token}", web::get().to(by_link::invitation))
        .route(
            "/invitations/{token}/accept",
            web::post().to(by_link::accept_by_link),
        )
        .route(
            "/invitations/{token}/decline",
            web::post().to(by_link::decline_by_link),
        )
        .route(
            "/invitations/{token}/continue",
            web::post().to(by_link::continue_by_link),
        )
        .route("/reviews", web::get().to(my_reviews))
        .route("/reviews/account", web::post().to(create_account))
        .route("/reviews/{id}", web::get().to(desk))
        .route("/reviews/{id}", web::post().to(save))
        .route("/reviews/{id}/accept", web::post().to(accept_signed_in))
        .route("/reviews/{id}/decline", web::post().to(decline_signed_in))
        .route("/reviews/{id}/declaration", web::post().to(declare))
        .route("/reviews/{id}/files/{file_id}", web::get().to(file))
        .route("/reviews/{id}/attachment", web::get().to(attachment));
}

// ---- Pages ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "reviews/invitation.html")]
struct InvitationPage {
    chrome: Chrome,
    v: ReviewerView,
    /// Where the accept and decline forms post: the link, or the signed-in route.
    action_base: String,
    decline: DeclineInput,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "reviews/link_problem.html")]
struct LinkProblemPage {
    chrome: Chrome,
    heading: &'static str,
    explanation: &'static str,
}

#[derive(Template)]
#[template(path = "reviews/desk.html")]
struct DeskPage {
    chrome: Chrome,
    v: ReviewerView,
    declaration: DeclarationInput,
    review: ReviewInput,
    errors: FormErrors,
    /// The multipart form's action, with the CSRF token in its query.
    review_action: String,
    /// When the review was last saved, as the form carries it (`db::guard::ReadAt`).
    read_at: String,
    /// A submitted review opened for revision ("Revise my review").
    revising: bool,
}

impl DeskPage {
    fn recommendations(&self) -> [Recommendation; 4] {
        Recommendation::ALL
    }

    fn earlier_answers(&self) -> [crate::domain::review::EarlierComments; 3] {
        crate::domain::review::EarlierComments::ALL
    }

    fn size(&self, bytes: &i64) -> String {
        human_size((*bytes).max(0) as u64)
    }
}

#[derive(Template)]
#[template(path = "reviews/mine.html")]
struct MinePage {
    chrome: Chrome,
    lists: ReviewerLists,
    may_create_account: bool,
    errors: FormErrors,
}

pub(super) fn problem_page(ctx: &Ctx, p: LinkProblem) -> Result<HttpResponse, AppError> {
    let heading = match p {
        LinkProblem::Unknown => "This link is not valid",
        LinkProblem::Expired | LinkProblem::Finished => "This link has expired",
        LinkProblem::Cancelled => "This invitation was cancelled",
        LinkProblem::Declined => "You declined this invitation",
        LinkProblem::ConflictDeclared => "This invitation has ended",
        LinkProblem::Closed => "This submission was withdrawn",
    };
    let status = match p {
        LinkProblem::Unknown => StatusCode::NOT_FOUND,
        _ => StatusCode::GONE,
    };
    render_with(
        status,
        &LinkProblemPage {
            chrome: ctx.chrome(heading),
            heading,
            explanation: p.message(),
        },
    )
}

/// What the signed-in reviewer sees of their invitation `id`.
async fn load_view(ctx: &Ctx, id: i64) -> Result<Result<ReviewerView, LinkProblem>, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let schedule = ctx.state.config.review_reminders.clone();
    ctx.state
        .db
        .run(move |conn| review::view(conn, person_id, id, &schedule).map_err(AppError::from))
        .await
}

/// The invitation page again (after an answer that changed nothing, or with the errors of
/// a decline), as the one who answered may see it: by link, the thank-you once the review
/// is in.
pub(super) async fn invitation_again(
    ctx: &Ctx,
    cred: Credential,
    action_base: String,
    decline: DeclineInput,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let shown = match cred {
        Credential::Link(token) => load_link(ctx, token).await?,
        Credential::Person { invitation_id, .. } => load_view(ctx, invitation_id)
            .await?
            .map(|v| LinkView::Invitation(Box::new(v))),
    };
    match shown {
        Ok(LinkView::Invitation(v)) => invitation_page(ctx, *v, action_base, decline, errors),
        Ok(LinkView::ReviewIn(r)) => review_sent_page(ctx, r),
        Err(p) => problem_page(ctx, p),
    }
}

fn invitation_page(
    ctx: &Ctx,
    v: ReviewerView,
    action_base: String,
    decline: DeclineInput,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    render_with(
        form_status(&errors),
        &InvitationPage {
            chrome: ctx.chrome(format!("Invitation to review {}", v.s.number_or_draft())),
            v,
            action_base,
            decline,
            errors,
        },
    )
}

/// Opens the review: for a reviewer who came by `link` and has no password, the link signs
/// them in (it proved the address; the workflow refuses once the review is in); one with a
/// password is asked to sign in first.
pub(super) async fn open_desk(
    ctx: &Ctx,
    invitation_id: i64,
    reviewer_id: i64,
    has_password: bool,
    notice: &str,
    link: Option<String>,
) -> Result<HttpResponse, AppError> {
    let target = format!("/reviews/{invitation_id}");
    let signed_in_as_reviewer = ctx
        .viewer
        .as_ref()
        .is_some_and(|v| v.person.id == reviewer_id);
    if !signed_in_as_reviewer {
        if has_password {
            session::flash_notice(
                &ctx.session,
                format!("{notice} Sign in to continue to your review."),
            );
            return Ok(see_other(&format!(
                "/login?next={}",
                super::error::url_encode(&target)
            )));
        }
        let Some(link) = link else {
            return Err(AppError::NotFound);
        };
        let back = format!("/invitations/{link}");
        let device = ctx.device.clone();
        let token = ctx
            .state
            .db
            .run(move |conn| {
                review::start_link_session(conn, &link, &device).map_err(AppError::from)
            })
            .await?;
        match token {
            Some(token) => session::begin_sign_in(&ctx.session, &token),
            // The review went in meanwhile (another tab): the link shows what it shows now.
            None => return Ok(see_other(&back)),
        }
    }
    session::flash_notice(&ctx.session, notice.to_owned());
    Ok(see_other(&target))
}

pub(super) async fn answer(
    ctx: Ctx,
    cred: Credential,
    action_base: String,
    answer: Answer,
) -> Result<HttpResponse, AppError> {
    let site = ctx.state.config.site();
    let link = match &cred {
        Credential::Link(token) => Some(token.clone()),
        Credential::Person { .. } => None,
    };
    let c = cred.clone();
    let a = answer.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            review::answer(conn, &c, &a, &site).map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        AnswerOutcome::Accepted {
            invitation_id,
            reviewer,
            has_password,
        } => {
            open_desk(
                &ctx,
                invitation_id,
                reviewer.id,
                has_password,
                "Thank you for agreeing to review.",
                link,
            )
            .await
        }
        AnswerOutcome::Declined => render(&LinkProblemPage {
            chrome: ctx.chrome("Invitation declined"),
            heading: "Invitation declined",
            explanation: "Thank you for letting the editor know. Nothing more is needed from you.",
        }),
        AnswerOutcome::AlreadyAnswered(status) => {
            let message = match status {
                InvitationStatus::Accepted | InvitationStatus::Submitted => {
                    "You have already accepted this invitation; nothing was changed."
                }
                _ => "This invitation has already been answered; nothing was changed.",
            };
            session::flash_error(&ctx.session, message);
            invitation_again(
                &ctx,
                cred,
                action_base,
                DeclineInput::default(),
                FormErrors::new(),
            )
            .await
        }
        AnswerOutcome::Problem(p) => problem_page(&ctx, p),
        AnswerOutcome::Invalid(errors) => {
            let typed = match answer {
                Answer::Decline(d) => d,
                Answer::Accept => DeclineInput::default(),
            };
            invitation_again(&ctx, cred, action_base, typed, errors).await
        }
    }
}

fn signed_in(ctx: &Ctx, invitation_id: i64) -> Result<Credential, AppError> {
    Ok(Credential::Person {
        person_id: ctx.viewer()?.person.id,
        invitation_id,
    })
}

/// POST /reviews/{id}/accept
pub async fn accept_signed_in(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let cred = signed_in(&ctx, id)?;
    answer(ctx, cred, format!("/reviews/{id}"), Answer::Accept).await
}

/// POST /reviews/{id}/decline
pub async fn decline_signed_in(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<DeclineInput>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let cred = signed_in(&ctx, id)?;
    answer(
        ctx,
        cred,
        format!("/reviews/{id}"),
        Answer::Decline(form.into_inner()),
    )
    .await
}

fn desk_page(
    ctx: &Ctx,
    v: ReviewerView,
    declaration: DeclarationInput,
    review: Option<ReviewInput>,
    errors: FormErrors,
    revising: bool,
) -> Result<HttpResponse, AppError> {
    let review = review.unwrap_or_else(|| ReviewInput {
        recommendation: v.inv.recommendation.clone(),
        comments_to_authors: v.inv.comments_to_authors.clone(),
        confidential_comments: v.inv.confidential_comments.clone(),
        earlier_comments: v.inv.earlier_comments_addressed.clone(),
        answers: ReviewInput::answers_of(v.questions(), &v.answers),
        form_version: String::new(),
    });
    render_with(
        form_status(&errors),
        &DeskPage {
            chrome: ctx.chrome(format!("Review of {}", v.s.number_or_draft())),
            review_action: format!("/reviews/{}", v.inv.id),
            read_at: ReadAt::field(v.inv.review_saved_at),
            revising: revising && v.status.as_str() == "submitted",
            v,
            declaration,
            review,
            errors,
        },
    )
}

#[derive(serde::Deserialize)]
pub struct DeskQuery {
    /// `?revise=1`: the submitted review opened for revision (its own explicit step).
    revise: Option<String>,
}

/// GET /reviews/{id}: the invitation (when unanswered), the declaration, or the manuscript
/// and the review form.
pub async fn desk(
    ctx: Ctx,
    path: web::Path<i64>,
    query: web::Query<DeskQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    match load_view(&ctx, id).await? {
        Ok(v) if v.may_respond => invitation_page(
            &ctx,
            v,
            format!("/reviews/{id}"),
            DeclineInput::default(),
            FormErrors::new(),
        ),
        Ok(v) if v.status.is_taken_on() => desk_page(
            &ctx,
            v,
            DeclarationInput::default(),
            None,
            FormErrors::new(),
            query.revise.is_some(),
        ),
        Ok(_) | Err(LinkProblem::Unknown) => Err(AppError::NotFound),
        Err(p) => problem_page(&ctx, p),
    }
}

/// POST /reviews/{id}/declaration
pub async fn declare(
    ctx: Ctx,
    path: web::Path<i64>,
    form: web::Form<DeclarationInput>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let person_id = ctx.viewer()?.person.id;
    let site = ctx.state.config.site();
    let input = form.into_inner();
    let typed = input.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            review::declare(conn, person_id, id, &input, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    match outcome {
        DeclareOutcome::Cleared => {
            session::flash_notice(
                &ctx.session,
                "Thank you. The manuscript and its files are open below.",
            );
            Ok(see_other(&format!("/reviews/{id}")))
        }
        DeclareOutcome::Ended => render(&LinkProblemPage {
            chrome: ctx.chrome("Competing interest recorded"),
            heading: "Competing interest recorded",
            explanation: "Thank you for declaring it. The invitation has ended and the editor has been told; nothing more is needed from you.",
        }),
        DeclareOutcome::Invalid(errors) => match load_view(&ctx, id).await? {
            Ok(v) => desk_page(&ctx, v, typed, None, errors, false),
            Err(_) => Err(AppError::NotFound),
        },
        DeclareOutcome::NotFound => Err(AppError::NotFound),
    }
}

/// The review page again with what was typed and its errors; 404 when the review is no
/// longer the signed-in person's to see.
async fn desk_again(
    ctx: &Ctx,
    id: i64,
    typed: ReviewInput,
    errors: FormErrors,
    revising: bool,
) -> Result<HttpResponse, AppError> {
    match load_view(ctx, id).await? {
        Ok(v) => desk_page(
            ctx,
            v,
            DeclarationInput::default(),
            Some(typed),
            errors,
            revising,
        ),
        Err(_) => Err(AppError::NotFound),
    }
}

/// The attachment, checked by its content, then stored before the row refers to it; or
/// why it is refused.
fn stored_attachment(
    ctx: &Ctx,
    u: Upload,
    max: u64,
) -> Result<Result<Attachment, String>, AppError> {
    if u.too_large {
        return Ok(Err(format!(
            "“{}” is {}; files may be at most {}.",
            u.original_name,
            human_size(u.size),
            human_size(max)
        )));
    }
    let Some(kind) = storage::sniff_supplementary(&u.bytes) else {
        return Ok(Err(format!(
            "“{}” is not a type accepted here ({}).",
            u.original_name,
            storage::accepted_labels(&FileKind::ALL)
        )));
    };
    let stored = ctx.state.files.put(&u.bytes).map_err(|e| {
        AppError::Internal(anyhow::Error::new(e).context("storing a review attachment"))
    })?;
    Ok(Ok(Attachment {
        sha256: stored.sha256,
        name: u.original_name.chars().take(200).collect(),
        content_type: kind.content_type().to_owned(),
        size: i64::try_from(stored.size).unwrap_or(i64::MAX),
    }))
}

/// Nothing was saved: the review changed from elsewhere since the page was read. The page
/// again (409) with the review as saved beside what was typed.
async fn stale(
    ctx: &Ctx,
    id: i64,
    typed: ReviewInput,
    why: StaleReview,
) -> Result<HttpResponse, AppError> {
    let message = match why {
        StaleReview::AlreadySubmitted => {
            "Your review was already submitted (perhaps from another tab or window), so this form cannot change it and nothing was saved. The review as the editor has it is shown below; to change it, revise it below and send the revision, and the editor will be told."
        }
        StaleReview::ChangedMeanwhile => {
            "Your review was saved from another tab or window after this page was opened, so nothing was saved from this one. The saved review is shown below beside what you typed here: keep what you want and save again."
        }
    };
    let mut errors = FormErrors::new();
    errors.add("review-form", message);
    let Ok(v) = load_view(ctx, id).await? else {
        return Err(AppError::NotFound);
    };
    let revising = v.status.as_str() == "submitted";
    let mut page = desk_page(
        ctx,
        v,
        DeclarationInput::default(),
        Some(typed),
        errors,
        revising,
    )?;
    *page.status_mut() = StatusCode::CONFLICT;
    Ok(page)
}

/// POST /reviews/{id} (multipart, for the optional attachment): save or submit the review.
pub async fn save(
    ctx: Ctx,
    path: web::Path<i64>,
    body: Multipart,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let person_id = ctx.viewer()?.person.id;
    let max = ctx.state.config.max_upload_bytes;
    let parts = read_form(body, max).await?;
    let input = ReviewInput {
        recommendation: parts.text("recommendation"),
        comments_to_authors: parts.text("comments_to_authors"),
        confidential_comments: parts.text("confidential_comments"),
        earlier_comments: parts.text("earlier_comments"),
        // The collection's own questions (`q_<key>`, `q_<key>_comment`).
        answers: parts
            .fields
            .keys()
            .filter(|k| k.starts_with("q_"))
            .map(|k| (k.clone(), parts.text(k)))
            .collect(),
        form_version: parts.text("form_version"),
    };
    let step = ReviewStep::parse(&parts.text("action"));
    // A form that does not say what it was read at is checked on the review's status only.
    let read_at = parts.read_at();
    let revising = step == ReviewStep::Revise;
    let mut attachment = None;
    if let Some(u) = parts.uploads.into_iter().find(|u| u.field == "attachment") {
        match stored_attachment(&ctx, u, max)? {
            Ok(stored) => attachment = Some(stored),
            Err(message) => {
                let mut errors = FormErrors::new();
                errors.add("attachment", message);
                return desk_again(&ctx, id, input, errors, revising).await;
            }
        }
    }
    let site = ctx.state.config.site();
    let typed = input.clone();
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            let write = review::ReviewWrite {
                input: &input,
                attachment: attachment.as_ref(),
                step,
                read_at,
            };
            review::save_review(conn, person_id, id, &write, &site)
                .map_err(|e| AppError::Internal(e.into()))
        })
        .await?;
    let notice = match outcome {
        ReviewOutcome::Saved => "Your draft is saved. Only you can see it until you submit.",
        ReviewOutcome::Submitted => {
            "Thank you: your review has been sent to the editor. You can change it until the editor decides."
        }
        ReviewOutcome::Revised => {
            "Your revised review has been sent; the editor has been told of the change."
        }
        ReviewOutcome::Unchanged => "Your review was already sent as it is; nothing changed.",
        ReviewOutcome::Stale(why) => return stale(&ctx, id, typed, why).await,
        ReviewOutcome::Closed => {
            session::flash_error(
                &ctx.session,
                "The editor has already decided on this round, so the review can no longer be changed. Nothing was saved.",
            );
            return Ok(see_other(&format!("/reviews/{id}")));
        }
        ReviewOutcome::NotFound => return Err(AppError::NotFound),
        ReviewOutcome::Invalid(errors) => {
            return desk_again(&ctx, id, typed, errors, revising).await;
        }
    };
    session::flash_notice(&ctx.session, notice);
    Ok(see_other(&format!("/reviews/{id}")))
}

/// A file sent as a download under `name`.
pub(super) fn attachment_response(
    bytes: Vec<u8>,
    content_type: &str,
    name: String,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type.to_owned())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .body(bytes)
}

/// GET /reviews/{id}/files/{file_id}: a manuscript file, once the declaration is made.
pub async fn file(ctx: Ctx, path: web::Path<(i64, i64)>) -> Result<HttpResponse, AppError> {
    let (id, file_id) = path.into_inner();
    let person_id = ctx.viewer()?.person.id;
    let files = ctx.state.files.clone();
    let found = ctx
        .state
        .db
        .run(move |conn| -> Result<Option<_>, AppError> {
            let Some((f, double_blind)) = review::file_for_reviewer(conn, person_id, id, file_id)?
            else {
                return Ok(None);
            };
            let number = crate::db::submissions::find(conn, f.submission_id)?
                .and_then(|s| s.manuscript_number)
                .unwrap_or_default();
            let mut bytes = stored_bytes(&files, &f.sha256)?;
            // Double-blind: a PDF's author fields go blank in the reviewer's copy (same
            // length, so the file stays valid); the stored file is unchanged.
            if double_blind && let Some(copy) = storage::blank_document_authors(&bytes) {
                bytes = copy;
            }
            Ok(Some((f, number, bytes)))
        })
        .await?;
    let (f, number, bytes) = found.ok_or(AppError::NotFound)?;
    let (kind, name) = download_name(&number, &f);
    Ok(attachment_response(bytes, kind.content_type(), name))
}

/// GET /reviews/{id}/attachment: the reviewer's own attachment.
pub async fn attachment(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let person_id = ctx.viewer()?.person.id;
    let files = ctx.state.files.clone();
    let found = ctx
        .state
        .db
        .run(
            move |conn| -> Result<Option<(Attachment, Vec<u8>)>, AppError> {
                let Some(a) = review::own_attachment(conn, person_id, id)? else {
                    return Ok(None);
                };
                let bytes = stored_bytes(&files, &a.sha256)?;
                Ok(Some((a, bytes)))
            },
        )
        .await?;
    let (a, bytes) = found.ok_or(AppError::NotFound)?;
    Ok(attachment_response(bytes, &a.content_type, a.name))
}

async fn mine_page(ctx: &Ctx, errors: FormErrors) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let (lists, has_account) = ctx
        .state
        .db
        .run(move |conn| -> Result<_, AppError> {
            Ok((
                review::reviewer_lists(conn, person_id)?,
                crate::db::accounts::find_account(conn, person_id)?.is_some(),
            ))
        })
        .await?;
    render_with(
        form_status(&errors),
        &MinePage {
            chrome: ctx.chrome("My reviews"),
            lists,
            may_create_account: !has_account,
            errors,
        },
    )
}

/// GET /reviews: invitations, reviews in progress, past reviews.
pub async fn my_reviews(ctx: Ctx) -> Result<HttpResponse, AppError> {
    mine_page(&ctx, FormErrors::new()).await
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// POST /reviews/account: a reviewer who came by link keeps their history as an account.
pub async fn create_account(
    ctx: Ctx,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let password = form.into_inner().password;
    let outcome = ctx
        .state
        .db
        .run(move |conn| -> Result<Result<bool, String>, AppError> {
            match review::create_account(conn, &person, &password) {
                Ok(created) => Ok(Ok(created)),
                Err(review::AccountRefused::Password(message)) => Ok(Err(message.to_owned())),
                Err(review::AccountRefused::Failed(e)) => Err(AppError::Internal(e)),
            }
        })
        .await?;
    match outcome {
        Ok(_) => {
            session::flash_notice(
                &ctx.session,
                "Your account is ready: sign in with your e-mail address and this password from now on.",
            );
            Ok(see_other("/reviews"))
        }
        Err(message) => {
            let mut errors = FormErrors::new();
            errors.add("password", message);
            mine_page(&ctx, errors).await
        }
    }
}
