//! Register, confirm the address, sign in and out, reset a forgotten password.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::client_address::client_address;
use super::{AppError, Chrome, Ctx, render, render_with, safe_next, see_other, session};
use crate::db::accounts::{TokenProblem, TokenPurpose};
use crate::domain::{FormErrors, password_policy};
use crate::workflow::account::{self, LoginOutcome, RegistrationInput, SignInAttempt};

/// Registering, signing in and out, and the e-mailed links; mounted by `web::routes`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/register", web::get().to(register_form))
        .route("/register", web::post().to(register))
        .route("/register/check-email", web::get().to(check_email))
        .route("/verify-email", web::get().to(verify_email_page))
        .route("/verify-email", web::post().to(verify_email))
        .route("/verify-email/resend", web::post().to(resend_verification))
        .route("/login", web::get().to(login_form))
        .route("/login", web::post().to(login))
        .route("/logout", web::post().to(logout))
        .route("/password/forgot", web::get().to(forgot_form))
        .route("/password/forgot", web::post().to(forgot))
        .route("/password/reset", web::get().to(reset_form))
        .route("/password/reset", web::post().to(reset));
}

// ---- Register -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "auth/register.html")]
struct RegisterPage {
    chrome: Chrome,
    input: RegistrationInput,
    errors: FormErrors,
}

pub async fn register_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    if ctx.viewer.is_some() {
        return Ok(see_other("/dashboard"));
    }
    render(&RegisterPage {
        chrome: ctx.chrome("Create an account"),
        input: RegistrationInput::default(),
        errors: FormErrors::new(),
    })
}

pub async fn register(
    ctx: Ctx,
    form: web::Form<RegistrationInput>,
) -> Result<HttpResponse, AppError> {
    let mut input = form.into_inner();
    let state = &ctx.state;
    let result = match input.parse() {
        Ok(registration) => account::register(&state.db, &state.config, registration).await?,
        Err(errors) => Err(errors),
    };
    match result {
        Ok(()) => {
            let _ = ctx
                .session
                .insert("registered_email", input.email.trim().to_lowercase());
            Ok(see_other("/register/check-email"))
        }
        Err(errors) => {
            // The password is never sent back to the browser.
            input.password.clear();
            input.keep_whole_name_as_parts();
            render_with(
                StatusCode::UNPROCESSABLE_ENTITY,
                &RegisterPage {
                    chrome: ctx.chrome("Create an account"),
                    input,
                    errors,
                },
            )
        }
    }
}

#[derive(Template)]
#[template(path = "auth/check_email.html")]
struct CheckEmailPage {
    chrome: Chrome,
    email: String,
}

pub async fn check_email(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let email = ctx
        .session
        .get::<String>("registered_email")
        .ok()
        .flatten()
        .unwrap_or_default();
    render(&CheckEmailPage {
        chrome: ctx.chrome("Check your e-mail"),
        email,
    })
}

// ---- Confirm the address ------------------------------------------------------------------

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Template)]
#[template(path = "auth/verify_email.html")]
struct VerifyEmailPage {
    chrome: Chrome,
    token: String,
}

/// Where a person goes from a link that cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkNext {
    /// Ask for a new confirmation link.
    NewConfirmation,
    /// Ask for a new password link.
    NewPasswordLink,
    /// Back to their profile (a link that confirms another address).
    Profile,
}

#[derive(Template)]
#[template(path = "auth/token_problem.html")]
struct TokenProblemPage {
    chrome: Chrome,
    heading: &'static str,
    explanation: &'static str,
    next: LinkNext,
}

/// The page of a link that cannot be used (410): what happened, and where to go instead.
pub(super) fn token_problem_page(
    ctx: &Ctx,
    (heading, explanation): (&'static str, &'static str),
    next: LinkNext,
) -> Result<HttpResponse, AppError> {
    render_with(
        StatusCode::GONE,
        &TokenProblemPage {
            chrome: ctx.chrome(heading),
            heading,
            explanation,
            next,
        },
    )
}

fn token_problem(
    ctx: &Ctx,
    problem: TokenProblem,
    purpose: TokenPurpose,
) -> Result<HttpResponse, AppError> {
    let words = match problem {
        TokenProblem::Unknown => (
            "This link is not valid",
            "The link may have been copied incompletely. Open it again from the e-mail, or ask for a new one.",
        ),
        TokenProblem::AlreadyUsed => (
            "This link has already been used",
            "Each link works once. If it was you who used it, you are all set; otherwise ask for a new one.",
        ),
        TokenProblem::Expired => (
            "This link has expired",
            "For your security, links stop working after a while. Ask for a new one below.",
        ),
    };
    let next = match purpose {
        TokenPurpose::VerifyEmail => LinkNext::NewConfirmation,
        TokenPurpose::ResetPassword => LinkNext::NewPasswordLink,
    };
    token_problem_page(ctx, words, next)
}

/// Opening the link changes nothing (mail scanners prefetch links); the button POSTs.
pub async fn verify_email_page(
    ctx: Ctx,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let token = query.into_inner().token;
    match account::check_token(&ctx.state.db, token.clone(), TokenPurpose::VerifyEmail).await? {
        Ok(_) => render(&VerifyEmailPage {
            chrome: ctx.chrome("Confirm your e-mail address"),
            token,
        }),
        Err(problem) => token_problem(&ctx, problem, TokenPurpose::VerifyEmail),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
}

pub async fn verify_email(ctx: Ctx, form: web::Form<TokenForm>) -> Result<HttpResponse, AppError> {
    match account::verify_email(&ctx.state.db, form.into_inner().token).await? {
        Ok(()) => {
            session::flash_notice(
                &ctx.session,
                "Your e-mail address is confirmed. You can sign in now.",
            );
            Ok(see_other("/login"))
        }
        Err(problem) => token_problem(&ctx, problem, TokenPurpose::VerifyEmail),
    }
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

pub async fn resend_verification(
    ctx: Ctx,
    form: web::Form<EmailForm>,
) -> Result<HttpResponse, AppError> {
    let state = &ctx.state;
    account::resend_verification(&state.db, &state.config, &form.email).await?;
    session::flash_notice(
        &ctx.session,
        "If that address has an unconfirmed account, we have sent a new confirmation link.",
    );
    Ok(see_other("/login"))
}

// ---- Sign in and out ----------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginInput {
    email: String,
    password: String,
    next: String,
    /// The checkbox "Keep me signed in on this device": present when ticked.
    keep_signed_in: String,
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    chrome: Chrome,
    email: String,
    next: String,
    problem: Option<String>,
    unverified: bool,
    keep_signed_in: bool,
    /// ORCID sign-in is switched on: the page offers it (`web::orcid_sign_in`).
    orcid_sign_in: bool,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(ctx: Ctx, query: web::Query<NextQuery>) -> Result<HttpResponse, AppError> {
    let next = safe_next(query.next.as_deref());
    if ctx.viewer.is_some() {
        return Ok(see_other(&next));
    }
    render(&LoginPage {
        chrome: ctx.chrome("Sign in"),
        email: String::new(),
        next,
        problem: None,
        unverified: false,
        keep_signed_in: false,
        orcid_sign_in: ctx.state.config.orcid.is_some(),
    })
}

pub const WRONG_CREDENTIALS: &str = "That e-mail address and password do not match our records.";

pub async fn login(
    ctx: Ctx,
    req: HttpRequest,
    form: web::Form<LoginInput>,
) -> Result<HttpResponse, AppError> {
    let LoginInput {
        email,
        password,
        next,
        keep_signed_in,
    } = form.into_inner();
    let next = safe_next(Some(&next));
    let keep_signed_in = !keep_signed_in.is_empty();
    let attempt = SignInAttempt {
        email: email.clone(),
        password,
        client_address: client_address(&req, &ctx.state.config.trusted_proxies),
        keep_signed_in,
        device: ctx.device.clone(),
    };
    let outcome = account::log_in(&ctx.state.db, &ctx.state.config, attempt).await?;
    let problem = match outcome {
        LoginOutcome::SignedIn {
            session_token,
            must_enrol,
        } => return Ok(signed_in(&ctx, &session_token, must_enrol, &next)),
        LoginOutcome::SecondStep { challenge_token } => {
            session::await_code(&ctx.session, &challenge_token, &next);
            return Ok(see_other("/login/code"));
        }
        LoginOutcome::WrongCredentials => (
            WRONG_CREDENTIALS.to_owned(),
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        LoginOutcome::Throttled { minutes } => (
            format!(
                "Too many failed attempts. Wait {minutes} minutes before trying again, or reset your password."
            ),
            false,
            StatusCode::TOO_MANY_REQUESTS,
        ),
        LoginOutcome::Unverified => (
            "Please confirm your e-mail address first, with the link we sent when you registered."
                .to_owned(),
            true,
            StatusCode::FORBIDDEN,
        ),
    };
    let (message, unverified, status) = problem;
    render_with(
        status,
        &LoginPage {
            chrome: ctx.chrome("Sign in"),
            email: email.trim().to_owned(),
            next,
            problem: Some(message),
            unverified,
            keep_signed_in,
            orcid_sign_in: ctx.state.config.orcid.is_some(),
        },
    )
}

/// A finished sign-in: the new session in the cookie, then where the person was going, or
/// the two-factor set-up when their journal requires it and they have none.
pub(super) fn signed_in(
    ctx: &Ctx,
    session_token: &str,
    must_enrol: bool,
    next: &str,
) -> HttpResponse {
    session::forget_code(&ctx.session);
    session::begin_sign_in(&ctx.session, session_token);
    session::require_enrolment(&ctx.session, must_enrol);
    if must_enrol {
        session::flash_notice(
            &ctx.session,
            "You are signed in. Your journal asks editors to sign in with two factors: set it up now, with an authenticator app on your phone.",
        );
        return see_other("/profile/two-factor");
    }
    session::flash_notice(&ctx.session, "You are signed in.");
    see_other(next)
}

pub async fn logout(ctx: Ctx) -> Result<HttpResponse, AppError> {
    if let Some(viewer) = &ctx.viewer {
        account::log_out(&ctx.state.db, viewer.session_hash.clone()).await?;
    }
    session::end(&ctx.session);
    Ok(see_other("/"))
}

// ---- Forgotten password -------------------------------------------------------------------

#[derive(Template)]
#[template(path = "auth/forgot.html")]
struct ForgotPage {
    chrome: Chrome,
}

pub async fn forgot_form(ctx: Ctx) -> Result<HttpResponse, AppError> {
    render(&ForgotPage {
        chrome: ctx.chrome("Forgotten password"),
    })
}

pub async fn forgot(ctx: Ctx, form: web::Form<EmailForm>) -> Result<HttpResponse, AppError> {
    let state = &ctx.state;
    account::request_password_reset(&state.db, &state.config, &form.email).await?;
    session::flash_notice(
        &ctx.session,
        "If an account exists for that address, we have sent it a link to choose a new password. The link works once, within one hour.",
    );
    Ok(see_other("/login"))
}

#[derive(Template)]
#[template(path = "auth/reset.html")]
struct ResetPage {
    chrome: Chrome,
    token: String,
    error: Option<&'static str>,
}

pub async fn reset_form(ctx: Ctx, query: web::Query<TokenQuery>) -> Result<HttpResponse, AppError> {
    let token = query.into_inner().token;
    match account::check_token(&ctx.state.db, token.clone(), TokenPurpose::ResetPassword).await? {
        Ok(_) => render(&ResetPage {
            chrome: ctx.chrome("Choose a new password"),
            token,
            error: None,
        }),
        Err(problem) => token_problem(&ctx, problem, TokenPurpose::ResetPassword),
    }
}

#[derive(Deserialize)]
pub struct ResetInput {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

pub async fn reset(ctx: Ctx, form: web::Form<ResetInput>) -> Result<HttpResponse, AppError> {
    let ResetInput { token, password } = form.into_inner();
    if let Err(message) = password_policy::check_new_password(&password, "") {
        return render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetPage {
                chrome: ctx.chrome("Choose a new password"),
                token,
                error: Some(message),
            },
        );
    }
    match account::reset_password(&ctx.state.db, token, password).await? {
        Ok(()) => {
            session::forget_sign_in(&ctx.session);
            session::flash_notice(
                &ctx.session,
                "Your password has been changed. Sign in with the new one.",
            );
            Ok(see_other("/login"))
        }
        Err(problem) => token_problem(&ctx, problem, TokenPurpose::ResetPassword),
    }
}
