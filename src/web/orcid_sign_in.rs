//! "Sign in with ORCID" on the sign-in page and "Confirm my iD" on the profile (issue 20
//! item 8): both start ORCID's OpenID Connect flow and come back to one callback. Every
//! failure leads back where the person started, with what happened; none is a 5xx. Without
//! the journal's ORCID credentials both routes answer 404 and no page offers them.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::auth::signed_in;
use super::client_address::client_address;
use super::{AppError, Ctx, safe_next, see_other, session};
use crate::config::OrcidSignIn;
use crate::security::oidc::{self, Flow};
use crate::workflow::account::LoginOutcome;
use crate::workflow::orcid_sign_in::{self as flow_work, Purpose, SignInResult};

/// ORCID sign-in's routes; mounted by `web::routes`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/orcid/start", web::post().to(start))
        .route("/orcid/callback", web::get().to(callback));
}

/// The session key of a started flow.
const FLOW_KEY: &str = "orcid_flow";

/// A started flow, in the browser's (signed, encrypted) session cookie.
#[derive(Serialize, Deserialize)]
struct Started {
    flow: Flow,
    purpose: Purpose,
    next: String,
}

fn configured(ctx: &Ctx) -> Result<OrcidSignIn, AppError> {
    ctx.state.config.orcid.clone().ok_or(AppError::NotFound)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StartInput {
    /// `sign_in` (the sign-in page) or `confirm` (the profile).
    purpose: String,
    next: String,
}

/// POST /orcid/start: keeps a new flow in the session and sends the browser to ORCID.
pub async fn start(ctx: Ctx, form: web::Form<StartInput>) -> Result<HttpResponse, AppError> {
    let orcid = configured(&ctx)?;
    let input = form.into_inner();
    let purpose = match input.purpose.as_str() {
        "confirm" => Purpose::Confirm {
            person_id: ctx.viewer()?.person.id,
        },
        "sign_in" if ctx.viewer.is_some() => return Ok(see_other("/dashboard")),
        "sign_in" => Purpose::SignIn,
        _ => return Err(AppError::NotFound),
    };
    let flow = Flow::start(chrono::Utc::now().timestamp());
    let url = oidc::authorize_url(
        &orcid.issuer,
        &orcid.client_id,
        &flow_work::redirect_uri(&ctx.state.config),
        &flow,
    );
    let started = Started {
        flow,
        purpose,
        next: safe_next(Some(&input.next)),
    };
    ctx.session
        .insert(FLOW_KEY, &started)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("session: {e}")))?;
    Ok(see_other(&url))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CallbackQuery {
    code: String,
    state: String,
    /// Set by ORCID when the person said no, or something failed there.
    error: String,
}

/// Where a flow that cannot finish leads: back where it started, with what happened.
fn back(ctx: &Ctx, purpose: Option<Purpose>, message: &str) -> HttpResponse {
    session::flash_error(&ctx.session, message);
    match purpose {
        Some(Purpose::Confirm { .. }) => see_other("/profile#orcid-section"),
        // An answer of no known flow, to someone signed in: where they confirm their iD.
        None if ctx.viewer.is_some() => see_other("/profile#orcid-section"),
        _ => see_other("/login"),
    }
}

/// GET /orcid/callback: ORCID's answer. The flow is taken from the session first, so an
/// answer is used once.
pub async fn callback(
    ctx: Ctx,
    req: HttpRequest,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, AppError> {
    let orcid = configured(&ctx)?;
    let query = query.into_inner();
    let started = ctx
        .session
        .remove_as::<Started>(FLOW_KEY)
        .and_then(Result::ok);
    let now = chrono::Utc::now().timestamp();
    let Some(started) = started.filter(|s| s.flow.answers(&query.state, now)) else {
        return Ok(back(
            &ctx,
            None,
            "That ORCID sign-in could not be finished: it was started in another browser, took too long, or was already used. Start again.",
        ));
    };
    let purpose = Some(started.purpose);
    if !query.error.is_empty() || query.code.is_empty() {
        return Ok(back(
            &ctx,
            purpose,
            "ORCID sign-in was cancelled at ORCID; nothing was changed.",
        ));
    }
    let config = &ctx.state.config;
    let id = match flow_work::verified_orcid(&orcid, config, &query.code, &started.flow).await {
        Ok(id) => id,
        Err(refusal) => return Ok(back(&ctx, purpose, refusal.message())),
    };
    match started.purpose {
        Purpose::Confirm { person_id } => {
            // The same person must still be signed in here.
            if ctx.viewer.as_ref().map(|v| v.person.id) != Some(person_id) {
                return Ok(back(
                    &ctx,
                    purpose,
                    "You were signed out meanwhile, so the iD was not confirmed. Sign in and start again.",
                ));
            }
            let released = flow_work::confirm(&ctx.state.db, config, person_id, id.clone()).await?;
            let also = match released {
                0 => String::new(),
                1 => " It was taken from the other account that had typed it.".to_owned(),
                n => format!(" It was taken from the {n} other accounts that had typed it."),
            };
            session::flash_notice(
                &ctx.session,
                format!("Your ORCID iD https://orcid.org/{id} is confirmed through ORCID.{also}"),
            );
            Ok(see_other("/profile#orcid-section"))
        }
        Purpose::SignIn => {
            let address = client_address(&req, &config.trusted_proxies);
            let result =
                flow_work::sign_in(&ctx.state.db, id.clone(), address, ctx.device.clone()).await?;
            Ok(signed_in_or_why_not(&ctx, result, &id, &started.next))
        }
    }
}

/// The answer to ORCID sign-in with a confirmed iD: as after a right password, or back to
/// the sign-in page with why not.
fn signed_in_or_why_not(ctx: &Ctx, result: SignInResult, id: &str, next: &str) -> HttpResponse {
    let purpose = Some(Purpose::SignIn);
    match result {
        SignInResult::Outcome(LoginOutcome::SignedIn {
            session_token,
            must_enrol,
        }) => signed_in(ctx, &session_token, must_enrol, next),
        SignInResult::Outcome(LoginOutcome::SecondStep { challenge_token }) => {
            session::await_code(&ctx.session, &challenge_token, next);
            see_other("/login/code")
        }
        SignInResult::Outcome(LoginOutcome::Unverified) => back(
            ctx,
            purpose,
            "Please confirm your e-mail address first, with the link we sent when you registered.",
        ),
        SignInResult::Outcome(_) | SignInResult::NoAccount => back(
            ctx,
            purpose,
            &format!(
                "No account here has confirmed the ORCID iD {id}. Sign in with your e-mail address and password, then confirm your iD from your profile; after that, ORCID sign-in works."
            ),
        ),
    }
}
