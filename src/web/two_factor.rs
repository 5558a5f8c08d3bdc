//! Two-factor sign-in (issue 26, ASVS 2.8) on the web: the code step after the password,
//! the person's own set-up page, and the editor-in-chief's setting that requires it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::auth::signed_in;
use super::client_address::client_address;
use super::{AppError, Chrome, Ctx, render, render_with, see_other, session};
use crate::domain::FormErrors;
use crate::domain::permissions::Action;
use crate::workflow::two_factor::{
    self, CodeAttempt, CodeOutcome, CodeProblem, RemoveProblem, Status,
};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login/code", web::get().to(code_form))
        .route("/login/code", web::post().to(code))
        .route("/profile/two-factor", web::get().to(page))
        .route("/profile/two-factor/start", web::post().to(start))
        .route("/profile/two-factor/confirm", web::post().to(confirm))
        .route("/profile/two-factor/recovery-codes", web::post().to(renew))
        .route("/profile/two-factor/off", web::post().to(turn_off))
        .route("/admin/security", web::get().to(requirement_page))
        .route("/admin/security", web::post().to(set_requirement));
}

// ---- The code step at sign-in -------------------------------------------------------------

#[derive(Template)]
#[template(path = "auth/code.html")]
struct CodePage {
    chrome: Chrome,
    problem: Option<String>,
}

fn code_page(
    ctx: &Ctx,
    status: StatusCode,
    problem: Option<String>,
) -> Result<HttpResponse, AppError> {
    render_with(
        status,
        &CodePage {
            chrome: ctx.chrome("Enter your sign-in code"),
            problem,
        },
    )
}

/// Shown only between a right password and the code; otherwise back to the password.
pub async fn code_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    if session::awaited_code(&ctx.session).is_none() {
        return Ok(see_other("/login"));
    }
    code_page(&ctx, StatusCode::OK, None)
}

#[derive(Deserialize)]
pub struct CodeInput {
    #[serde(default)]
    code: String,
}

pub async fn code(
    ctx: Ctx,
    req: HttpRequest,
    form: web::Form<CodeInput>,
) -> Result<HttpResponse, AppError> {
    let Some((challenge_token, next)) = session::awaited_code(&ctx.session) else {
        return Ok(see_other("/login"));
    };
    let attempt = CodeAttempt {
        challenge_token,
        code: form.into_inner().code,
        client_address: client_address(&req, &ctx.state.config.trusted_proxies),
        device: ctx.device.clone(),
    };
    match two_factor::sign_in_with_code(&ctx.state.db, &ctx.state.config, attempt).await? {
        CodeOutcome::SignedIn { session_token } => {
            Ok(signed_in(&ctx, &session_token, false, &next))
        }
        CodeOutcome::Wrong => code_page(
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(CodeProblem::Wrong.message().to_owned()),
        ),
        CodeOutcome::Throttled { minutes } => code_page(
            &ctx,
            StatusCode::TOO_MANY_REQUESTS,
            Some(format!(
                "Too many failed attempts. Wait {minutes} minutes before trying again."
            )),
        ),
        CodeOutcome::Expired => {
            session::forget_code(&ctx.session);
            session::flash_error(
                &ctx.session,
                "That sign-in waited too long for its code. Sign in again.",
            );
            Ok(see_other("/login"))
        }
    }
}

// ---- The person's own set-up --------------------------------------------------------------

#[derive(Template)]
#[template(path = "profile/two_factor.html")]
struct SetUpPage {
    chrome: Chrome,
    status: Status,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "profile/recovery_codes.html")]
struct RecoveryCodesPage {
    chrome: Chrome,
    codes: Vec<String>,
}

async fn set_up_page(ctx: &Ctx, errors: FormErrors) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let status = two_factor::status(&ctx.state.db, person).await?;
    let code = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with(
        code,
        &SetUpPage {
            chrome: ctx.chrome("Two-factor sign-in"),
            status,
            errors,
        },
    )
}

pub async fn page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    set_up_page(&ctx, FormErrors::new()).await
}

pub async fn start(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    two_factor::begin(&ctx.state.db, person_id).await?;
    Ok(see_other("/profile/two-factor#set-up"))
}

fn codes_page(ctx: &Ctx, codes: Vec<String>) -> Result<HttpResponse, AppError> {
    render(&RecoveryCodesPage {
        chrome: ctx.chrome("Your recovery codes"),
        codes,
    })
}

fn one_error(field: &str, message: &str) -> FormErrors {
    let mut errors = FormErrors::new();
    errors.add(field, message);
    errors
}

#[derive(Deserialize)]
pub struct ConfirmInput {
    #[serde(default)]
    confirm_code: String,
}

pub async fn confirm(ctx: Ctx, form: web::Form<ConfirmInput>) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let state = &ctx.state;
    match two_factor::confirm(
        &state.db,
        &state.config,
        person,
        form.into_inner().confirm_code,
    )
    .await?
    {
        Ok(codes) => {
            session::require_enrolment(&ctx.session, false);
            codes_page(&ctx, codes)
        }
        Err(problem) => set_up_page(&ctx, one_error("confirm_code", problem.message())).await,
    }
}

#[derive(Deserialize)]
pub struct RenewInput {
    #[serde(default)]
    renew_code: String,
}

pub async fn renew(ctx: Ctx, form: web::Form<RenewInput>) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let state = &ctx.state;
    match two_factor::renew_codes(
        &state.db,
        &state.config,
        person,
        form.into_inner().renew_code,
    )
    .await?
    {
        Ok(codes) => codes_page(&ctx, codes),
        Err(problem) => set_up_page(&ctx, one_error("renew_code", problem.message())).await,
    }
}

#[derive(Deserialize)]
pub struct TurnOffInput {
    #[serde(default)]
    off_password: String,
    #[serde(default)]
    off_code: String,
}

pub async fn turn_off(
    ctx: Ctx,
    req: HttpRequest,
    form: web::Form<TurnOffInput>,
) -> Result<HttpResponse, AppError> {
    let viewer = ctx.viewer()?.clone();
    let TurnOffInput {
        off_password,
        off_code,
    } = form.into_inner();
    let state = &ctx.state;
    let done = two_factor::remove(
        &state.db,
        &state.config,
        viewer.person,
        (off_password, off_code),
        &client_address(&req, &state.config.trusted_proxies),
    )
    .await?;
    match done {
        Ok(required) => {
            session::require_enrolment(&ctx.session, required);
            session::flash_notice(&ctx.session, "Two-factor sign-in is off.");
            Ok(see_other("/profile/two-factor"))
        }
        Err(RemoveProblem::Password(problem)) => {
            set_up_page(&ctx, one_error("off_password", &problem)).await
        }
        Err(RemoveProblem::Code(problem)) => {
            set_up_page(&ctx, one_error("off_code", problem.message())).await
        }
    }
}

// ---- The journal's requirement --------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/security.html")]
struct RequirementPage {
    chrome: Chrome,
    journals: Vec<two_factor::JournalRequirement>,
}

pub async fn requirement_page(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let roles = ctx.viewer_who_may(Action::OpenAdmin)?.roles.clone();
    let journals = two_factor::requirements(&ctx.state.db, roles).await?;
    render(&RequirementPage {
        chrome: ctx.chrome("Sign-in security"),
        journals,
    })
}

#[derive(Deserialize)]
pub struct RequirementInput {
    #[serde(default)]
    journal_id: i64,
    /// The checkbox: present when ticked.
    #[serde(default)]
    required: String,
}

pub async fn set_requirement(
    ctx: Ctx,
    form: web::Form<RequirementInput>,
) -> Result<HttpResponse, AppError> {
    let RequirementInput {
        journal_id,
        required,
    } = form.into_inner();
    let viewer = ctx.viewer_who_may(Action::SetSignInSecurity { journal_id })?;
    let required = !required.is_empty();
    two_factor::require(&ctx.state.db, journal_id, required, viewer.person.id).await?;
    session::flash_notice(
        &ctx.session,
        if required {
            "Two-factor sign-in is now required of the journal's editors; each is asked to set it up at their next sign-in."
        } else {
            "Two-factor sign-in is now optional for the journal's editors."
        },
    );
    Ok(see_other("/admin/security"))
}
