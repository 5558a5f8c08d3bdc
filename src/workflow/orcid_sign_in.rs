//! Signing in with ORCID, and confirming one's iD by it (issue 20 item 8): ORCID's answer is
//! exchanged for an ID token (`security::oidc` checks it), then the iD either signs its
//! confirmed holder in or is confirmed on the signed-in person's profile (`workflow::orcid`
//! holds whose iD is whose). Off unless the journal's ORCID client credentials are set.

use std::time::Duration;

use crate::config::{Config, OrcidSignIn};
use crate::db::Database;
use crate::db::accounts as store;
use crate::security::oidc::{self, Flow, IdTokenProblem, TokenResponse};
use crate::workflow::account::{LoginOutcome, SignInAttempt, after_first_factor};
use crate::workflow::sign_in_throttle::FailureKeys;

/// What the flow was started for, kept with it in the browser's session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Purpose {
    SignIn,
    /// Confirm the iD of this signed-in person.
    Confirm {
        person_id: i64,
    },
}

/// The largest token answer read.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Where ORCID sends the browser back to.
pub fn redirect_uri(config: &Config) -> String {
    format!("{}/orcid/callback", config.base_url)
}

/// Why ORCID's answer could not be used: said to the person, who can start again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// ORCID could not be reached, or did not answer as it should.
    Unreachable,
    /// The ID token did not belong to this client or this flow.
    Token(IdTokenProblem),
}

impl Refusal {
    pub fn message(self) -> &'static str {
        match self {
            Refusal::Unreachable => {
                "ORCID could not be reached or did not answer as expected. Try again in a few minutes."
            }
            Refusal::Token(_) => {
                "ORCID's answer could not be checked, so it was not used. Start again; if it happens again, write to the editorial office."
            }
        }
    }
}

/// Exchanges the code ORCID gave the browser for the iD it vouches for.
pub async fn verified_orcid(
    orcid: &OrcidSignIn,
    config: &Config,
    code: &str,
    flow: &Flow,
) -> Result<String, Refusal> {
    let answer = token_answer(orcid, &redirect_uri(config), code)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "ORCID token exchange failed");
            Refusal::Unreachable
        })?;
    let now = chrono::Utc::now().timestamp();
    let sub = oidc::subject(&answer, &orcid.issuer, &orcid.client_id, flow, now)
        .map_err(Refusal::Token)?;
    // The subject is the bare iD; anything else is not an iD ORCID gives.
    crate::domain::Orcid::parse(&sub)
        .ok()
        .filter(|o| o.as_str() == sub)
        .map(|o| o.as_str().to_owned())
        .ok_or(Refusal::Token(IdTokenProblem::Malformed))
}

async fn token_answer(
    orcid: &OrcidSignIn,
    redirect_uri: &str,
    code: &str,
) -> anyhow::Result<TokenResponse> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client
        .post(format!("{}/oauth/token", orcid.issuer))
        .header(reqwest::header::ACCEPT, "application/json")
        .form(&[
            ("client_id", orcid.client_id.as_str()),
            ("client_secret", orcid.client_secret.as_str()),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
        ])
        .send()
        .await?;
    anyhow::ensure!(
        response.status().is_success(),
        "the token endpoint answered {}",
        response.status()
    );
    anyhow::ensure!(
        response
            .content_length()
            .is_none_or(|n| n <= MAX_ANSWER_BYTES as u64),
        "the token answer is too large"
    );
    let body = response.bytes().await?;
    anyhow::ensure!(
        body.len() <= MAX_ANSWER_BYTES,
        "the token answer is too large"
    );
    Ok(serde_json::from_slice(&body)?)
}

/// What signing in with a verified iD led to.
#[derive(Debug)]
pub enum SignInResult {
    /// As after a right password: a session, or the two-factor step.
    Outcome(LoginOutcome),
    /// No account here has confirmed this iD.
    NoAccount,
}

/// Signs in the account that confirmed `orcid`, as a right password would.
pub async fn sign_in(
    db: &Database,
    orcid: String,
    client_address: String,
    device: String,
) -> anyhow::Result<SignInResult> {
    let found = db
        .run(move |conn| -> Result<_, crate::db::DbError> {
            let Some(person) = store::find_verified_orcid_holder(conn, &orcid)? else {
                return Ok(None);
            };
            let account = store::find_account(conn, person.id)?;
            Ok(account.map(|a| (person, a)))
        })
        .await?;
    let Some((person, account)) = found else {
        return Ok(SignInResult::NoAccount);
    };
    if account.email_verified_at.is_none() {
        return Ok(SignInResult::Outcome(LoginOutcome::Unverified));
    }
    let keys = FailureKeys::new(&person.email, &client_address);
    let attempt = SignInAttempt {
        email: person.email.clone(),
        client_address,
        device,
        ..SignInAttempt::default()
    };
    Ok(SignInResult::Outcome(
        after_first_factor(db, person, keys, attempt).await?,
    ))
}

/// Confirms `orcid` on the person's profile; how many other records lost it.
pub async fn confirm(
    db: &Database,
    config: &Config,
    person_id: i64,
    orcid: String,
) -> anyhow::Result<usize> {
    let site = config.site().name();
    let profile_link = format!("{}/profile#orcid-section", config.base_url);
    db.run(move |conn| {
        crate::db::write_transaction(conn, |conn| -> anyhow::Result<usize> {
            crate::db::guard::lock_person(conn, person_id)?;
            let person = store::find_person(conn, person_id)?
                .ok_or_else(|| anyhow::anyhow!("person {person_id} is gone"))?;
            crate::workflow::orcid::confirm(conn, &person, &orcid, &site, &profile_link)
        })
    })
    .await
}
