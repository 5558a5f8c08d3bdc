//! E-mail addresses: another address is added waiting for confirmation, and counts once the
//! link mailed to it is opened and its button pressed.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Duration;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Deserialize;

use super::page::profile_page;
use super::{record, remove_own_row};
use crate::db::accounts::{self as account_store, Person, TokenProblem, TokenPurpose};
use crate::db::profile_edit::{self as store, AddressHolder, ExtraEmail};
use crate::db::{DbConnection, DbError, now};
use crate::domain::{EmailAddress, FormErrors};
use crate::mail::{self, Email, Envelope};
use crate::security::token;
use crate::web::auth::{LinkNext, token_problem_page};
use crate::web::{AppError, Chrome, Ctx, render, see_other, session};
use crate::workflow::account::VERIFY_EMAIL_HOURS;

/// Extra addresses a person may have (pending ones included).
const MAX_EXTRA_EMAILS: i64 = 20;
/// Addresses waiting for confirmation at once (each one sends a message).
const MAX_PENDING_EMAILS: i64 = 5;

const ADDRESS_TAKEN: &str = "This address is already used by another account, so it cannot be added here. If it is yours, sign in with that account, or ask the editorial office to merge the two.";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailInput {
    pub(super) new_email: String,
}

// ---- The link -----------------------------------------------------------------------------

/// The stored hash of an address-confirmation token. It binds the token to the address row
/// and is kept apart from the hashes of the account's own links, so neither kind of link can
/// be used as the other.
fn address_token_hash(address_id: i64, secret: &str) -> String {
    token::hash_token(&format!("profile-address:{address_id}:{secret}"))
}

/// `ID.SECRET` as sent in the link.
fn split_address_token(text: &str) -> Option<(i64, &str)> {
    let (id, secret) = text.trim().split_once('.')?;
    let id: i64 = id.parse().ok()?;
    (secret.len() == 64 && secret.chars().all(|c| c.is_ascii_hexdigit())).then_some((id, secret))
}

fn site_name(base_url: &str) -> String {
    base_url.split("://").nth(1).unwrap_or(base_url).to_owned()
}

#[derive(Template)]
#[template(path = "profile/confirm_address_email.txt", escape = "none")]
struct ConfirmAddressText<'a> {
    name: &'a str,
    address: &'a str,
    link: &'a str,
    site: &'a str,
}

#[derive(Template)]
#[template(path = "profile/confirm_address_email.html")]
struct ConfirmAddressHtml<'a> {
    name: &'a str,
    address: &'a str,
    link: &'a str,
    site: &'a str,
}

fn confirmation_mail(
    name: &str,
    address: &str,
    link: &str,
    site: &str,
) -> Result<Email, askama::Error> {
    Ok(Email {
        to_name: name.to_owned(),
        to_address: address.to_owned(),
        subject: "Confirm an e-mail address for your peerdesk profile".to_owned(),
        text: ConfirmAddressText {
            name,
            address,
            link,
            site,
        }
        .render()?,
        html: ConfirmAddressHtml {
            name,
            address,
            link,
            site,
        }
        .render()?,
    })
}

/// What the confirmation link is made of: the site and a fresh secret.
struct LinkParts {
    base: String,
    site: String,
    secret: String,
}

// ---- Adding an address --------------------------------------------------------------------

/// Why the address cannot be added to this person's profile now, if it cannot.
fn refusal(
    conn: &mut DbConnection,
    person_id: i64,
    address: &str,
) -> Result<Option<&'static str>, AppError> {
    match store::address_holder(conn, person_id, address)? {
        AddressHolder::OwnPrimary | AddressHolder::OwnExtra => {
            return Ok(Some("This address is already on your profile."));
        }
        AddressHolder::SomeoneElse => return Ok(Some(ADDRESS_TAKEN)),
        AddressHolder::Nobody => {}
    }
    if store::count_extra(conn, person_id)? >= MAX_EXTRA_EMAILS {
        return Ok(Some(
            "You have as many addresses as a profile can hold; remove one first.",
        ));
    }
    if store::count_pending(conn, person_id)? >= MAX_PENDING_EMAILS {
        return Ok(Some(
            "Several addresses still wait for confirmation. Confirm or remove them first.",
        ));
    }
    Ok(None)
}

/// Adds the address waiting for confirmation, and queues the message with its link.
fn add_pending(
    conn: &mut DbConnection,
    person: &Person,
    address: &str,
    link: &LinkParts,
) -> Result<(), AppError> {
    let id = store::insert_extra_email(conn, person.id, address)?;
    account_store::insert_token(
        conn,
        person.id,
        TokenPurpose::VerifyEmail,
        &address_token_hash(id, &link.secret),
        now() + Duration::hours(VERIFY_EMAIL_HOURS),
    )?;
    record(conn, person.id, "profile.email_added", address)?;
    let url = format!(
        "{}/profile/emails/confirm?token={id}.{}",
        link.base, link.secret
    );
    let message = confirmation_mail(&person.name, address, &url, &link.site)?;
    mail::queue(
        conn,
        &message,
        Envelope::new("confirm_address", Some(person.id)),
    )?;
    Ok(())
}

fn is_unique_violation(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Db(DbError::Query(DieselError::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            _
        )))
    )
}

/// The address added and its link sent, in one transaction; or why not.
fn add_address(
    conn: &mut DbConnection,
    person: &Person,
    address: &str,
    link: &LinkParts,
) -> Result<Result<String, &'static str>, AppError> {
    let result = crate::db::write_transaction(conn, |conn| -> Result<_, AppError> {
        // An address left unconfirmed past its link's life is free again.
        store::release_stale_claim(conn, address, now() - Duration::hours(VERIFY_EMAIL_HOURS))?;
        if let Some(why) = refusal(conn, person.id, address)? {
            return Ok(Err(why));
        }
        add_pending(conn, person, address, link)?;
        Ok(Ok(address.to_owned()))
    });
    match result {
        // Someone else claimed it at the same moment.
        Err(e) if is_unique_violation(&e) => Ok(Err(ADDRESS_TAKEN)),
        other => other,
    }
}

/// POST /profile/emails
pub async fn add_email(ctx: Ctx, form: web::Form<EmailInput>) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let input = form.into_inner();
    let mut errors = FormErrors::new();
    let Some(email) = errors.check("new_email", EmailAddress::parse(&input.new_email)) else {
        return profile_page(&ctx, input, errors).await;
    };
    let base = ctx.state.config.base_url.clone();
    let link = LinkParts {
        site: site_name(&base),
        base,
        secret: token::random_hex(32),
    };
    let outcome = ctx
        .state
        .db
        .run(move |conn| add_address(conn, &person, email.as_str(), &link))
        .await?;
    match outcome {
        Ok(address) => {
            session::flash_notice(
                &ctx.session,
                format!(
                    "We have sent a confirmation link to {address}. The address counts once you open that link."
                ),
            );
            Ok(see_other("/profile#emails"))
        }
        Err(message) => {
            errors.add("new_email", message);
            profile_page(&ctx, input, errors).await
        }
    }
}

/// POST /profile/emails/{id}/remove
pub async fn remove_email(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    remove_own_row(
        ctx,
        path.into_inner(),
        store::delete_extra_email,
        "profile.email_removed",
        "/profile#emails",
        |address| format!("{address} is removed from your profile."),
    )
    .await
}

// ---- Confirming it ------------------------------------------------------------------------

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Template)]
#[template(path = "profile/confirm_address.html")]
struct ConfirmAddressPage {
    chrome: Chrome,
    token: String,
    address: String,
}

fn token_problem(ctx: &Ctx, problem: TokenProblem) -> Result<HttpResponse, AppError> {
    let words = match problem {
        TokenProblem::Unknown => (
            "This link is not valid",
            "The link may have been copied incompletely, or the address was removed from the profile. Open it again from the e-mail, or add the address to your profile again.",
        ),
        TokenProblem::AlreadyUsed => (
            "This link has already been used",
            "Each link works once. If it was you who used it, the address is confirmed.",
        ),
        TokenProblem::Expired => (
            "This link has expired",
            "For your security, links stop working after 48 hours. Remove the address from your profile and add it again to receive a new link.",
        ),
    };
    token_problem_page(ctx, words, LinkNext::Profile)
}

/// The address a live token confirms, without using the token.
fn pending_address(
    conn: &mut DbConnection,
    id: i64,
    hash: &str,
) -> Result<Result<ExtraEmail, TokenProblem>, DieselError> {
    let person_id = match account_store::check_token(conn, hash, TokenPurpose::VerifyEmail)? {
        Ok(person_id) => person_id,
        Err(problem) => return Ok(Err(problem)),
    };
    Ok(match store::find_extra_email(conn, id)? {
        Some(row) if row.person_id == person_id && row.confirmed_at.is_none() => Ok(row),
        Some(row) if row.person_id == person_id => Err(TokenProblem::AlreadyUsed),
        _ => Err(TokenProblem::Unknown),
    })
}

/// GET /profile/emails/confirm: opening the link changes nothing (mail scanners prefetch
/// links); the button POSTs.
pub async fn confirm_email_page(
    ctx: Ctx,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let text = query.into_inner().token;
    let Some((id, secret)) = split_address_token(&text) else {
        return token_problem(&ctx, TokenProblem::Unknown);
    };
    let hash = address_token_hash(id, secret);
    let found = ctx
        .state
        .db
        .run(move |conn| pending_address(conn, id, &hash).map_err(AppError::from))
        .await?;
    match found {
        Ok(row) => render(&ConfirmAddressPage {
            chrome: ctx.chrome("Confirm an e-mail address"),
            token: format!("{id}.{secret}"),
            address: row.email,
        }),
        Err(problem) => token_problem(&ctx, problem),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
}

/// Uses the token and confirms its address: the address, or (inside) why it cannot count
/// for this person after all; outside, why the link cannot be used.
type Confirmed = Result<Result<String, &'static str>, TokenProblem>;

fn confirm(conn: &mut DbConnection, id: i64, hash: &str) -> Result<Confirmed, AppError> {
    crate::db::write_transaction(conn, |conn| {
        let row = match pending_address(conn, id, hash)? {
            Ok(row) => row,
            Err(problem) => return Ok(Err(problem)),
        };
        if let Err(problem) = account_store::consume_token(conn, hash, TokenPurpose::VerifyEmail)? {
            return Ok(Err(problem));
        }
        // Someone may have registered with it since it was added.
        if account_store::find_person_by_email(conn, &row.email)?
            .is_some_and(|p| p.id != row.person_id)
        {
            return Ok(Ok(Err(ADDRESS_TAKEN)));
        }
        if store::confirm_extra_email(conn, row.id, row.person_id)? == 0 {
            return Ok(Err(TokenProblem::AlreadyUsed));
        }
        record(conn, row.person_id, "profile.email_confirmed", &row.email)?;
        Ok(Ok(Ok(row.email)))
    })
}

/// POST /profile/emails/confirm
pub async fn confirm_email(ctx: Ctx, form: web::Form<TokenForm>) -> Result<HttpResponse, AppError> {
    let text = form.into_inner().token;
    let Some((id, secret)) = split_address_token(&text) else {
        return token_problem(&ctx, TokenProblem::Unknown);
    };
    let hash = address_token_hash(id, secret);
    let outcome = ctx
        .state
        .db
        .run(move |conn| confirm(conn, id, &hash))
        .await?;
    match outcome {
        Ok(Ok(address)) => {
            session::flash_notice(
                &ctx.session,
                format!("{address} is confirmed and now counts as one of your addresses."),
            );
            Ok(see_other("/profile#emails"))
        }
        Ok(Err(message)) => {
            session::flash_error(&ctx.session, message);
            Ok(see_other("/profile#emails"))
        }
        Err(problem) => token_problem(&ctx, problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_tokens_bind_the_row() {
        let secret = "a".repeat(64);
        assert_ne!(
            address_token_hash(1, &secret),
            address_token_hash(2, &secret)
        );
        assert_ne!(address_token_hash(1, &secret), token::hash_token(&secret));
        assert_eq!(
            split_address_token(&format!("12.{secret}")),
            Some((12, secret.as_str()))
        );
        assert_eq!(split_address_token("12.short"), None);
        assert_eq!(split_address_token(&secret), None);
    }
}
