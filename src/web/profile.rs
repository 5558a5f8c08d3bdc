//! "My profile": what conflicts of interest are computed from (DESIGN.md §4), edited by the
//! signed-in person for themselves only — every address they have confirmed, their
//! affiliation history, the publications they list (typed in, or imported from CSV or
//! BibTeX) and the conflicts they declare.
//!
//! Every change is validated here, runs in one transaction and touches only the signed-in
//! person's rows: a crafted id of someone else's row answers 404 and changes nothing.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Datelike, Duration, NaiveDate};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Deserialize;

use super::{AppError, Chrome, Ctx, render, render_with, see_other, session};
use crate::db::accounts::{self as account_store, Person, TokenProblem, TokenPurpose};
use crate::db::events::{self, NewEvent, Subject};
use crate::db::guard;
use crate::db::profile_edit::{
    self as store, AddressHolder, AffiliationRow, DeclaredRow, ExtraEmail, NewDeclared,
    PublicationRow,
};
use crate::db::{DbConnection, DbError, now, profiles};
use crate::domain::conflicts::{CoauthorRef, DeclaredKind, PaperSource, Publication};
use crate::domain::publication_import;
use crate::domain::{EmailAddress, FormErrors, Orcid};
use crate::mail::{self, Email, Envelope};
use crate::security::token;
use crate::workflow::account::VERIFY_EMAIL_HOURS;

/// Extra addresses a person may have (pending ones included).
const MAX_EXTRA_EMAILS: i64 = 20;
/// Addresses waiting for confirmation at once (each one sends a message).
const MAX_PENDING_EMAILS: i64 = 5;
/// Publications a person may list.
const MAX_PUBLICATIONS: usize = 2_000;
/// Entries one paste may import.
const MAX_IMPORT: usize = 500;
const MAX_COAUTHORS: usize = 500;

const ADDRESS_TAKEN: &str = "This address is already used by another account, so it cannot be added here. If it is yours, sign in with that account, or ask the editorial office to merge the two.";

/// The profile's routes; mounted by `web::routes`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/profile", web::get().to(show))
        .route("/profile/emails", web::post().to(add_email))
        .route("/profile/emails/confirm", web::get().to(confirm_email_page))
        .route("/profile/emails/confirm", web::post().to(confirm_email))
        .route("/profile/emails/{id}/remove", web::post().to(remove_email))
        .route("/profile/affiliations", web::post().to(add_affiliation))
        .route(
            "/profile/affiliations/{id}/remove",
            web::post().to(remove_affiliation),
        )
        .route("/profile/publications", web::post().to(add_publication))
        .route(
            "/profile/publications/import",
            web::post().to(import_publications),
        )
        .route(
            "/profile/publications/{id}/remove",
            web::post().to(remove_publication),
        )
        .route("/profile/conflicts", web::post().to(add_declared))
        .route(
            "/profile/conflicts/{id}/remove",
            web::post().to(remove_declared),
        );
}

// ---- Forms as typed -----------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailInput {
    new_email: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AffiliationInput {
    aff_institution: String,
    aff_from: String,
    aff_to: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublicationInput {
    pub_title: String,
    pub_year: String,
    pub_coauthors: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportInput {
    /// "bibtex" or "csv".
    import_format: String,
    import_text: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeclaredInput {
    /// "person" or "institution".
    dc_target: String,
    dc_name: String,
    dc_email: String,
    dc_orcid: String,
    dc_kind: String,
    dc_since: String,
    dc_until: String,
    dc_note: String,
}

/// What the person typed in the one form they sent, shown again with its errors.
#[derive(Default)]
struct Kept {
    email: EmailInput,
    aff: AffiliationInput,
    publ: PublicationInput,
    import: ImportInput,
    import_problems: Vec<String>,
    dc: DeclaredInput,
}

// ---- The page -----------------------------------------------------------------------------

pub struct EmailLine {
    pub id: i64,
    pub email: String,
    pub confirmed: bool,
    pub expired: bool,
}

pub struct AffiliationLine {
    pub id: i64,
    pub institution: String,
    pub period: String,
}

pub struct PublicationLine {
    pub id: i64,
    pub title: String,
    pub year: i32,
    pub coauthors: Vec<String>,
}

pub struct DeclaredLine {
    pub id: i64,
    pub with: String,
    pub target: &'static str,
    pub kind: String,
    pub period: String,
    pub note: String,
}

pub struct KindOption {
    pub value: &'static str,
    pub label: String,
}

#[derive(Template)]
#[template(path = "profile/profile.html")]
struct ProfilePage {
    chrome: Chrome,
    primary_email: String,
    account_affiliation: String,
    emails: Vec<EmailLine>,
    affiliations: Vec<AffiliationLine>,
    publications: Vec<PublicationLine>,
    declared: Vec<DeclaredLine>,
    kinds: Vec<KindOption>,
    errors: FormErrors,
    email_input: EmailInput,
    aff: AffiliationInput,
    publ: PublicationInput,
    import: ImportInput,
    import_problems: Vec<String>,
    dc: DeclaredInput,
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn period(from: Option<NaiveDate>, to: Option<NaiveDate>, open: &str) -> String {
    match (from, to) {
        (Some(f), Some(t)) => format!("{} – {}", ymd(f), ymd(t)),
        (Some(f), None) => format!("{} – {open}", ymd(f)),
        (None, Some(t)) => format!("until {}", ymd(t)),
        (None, None) => format!("no dates given ({open})"),
    }
}

fn coauthor_line(c: &CoauthorRef) -> String {
    let mut s = c.name.clone();
    if let Some(e) = &c.email {
        s.push_str(&format!(" <{e}>"));
    }
    if let Some(o) = &c.orcid {
        s.push(' ');
        s.push_str(o);
    }
    s
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

type Listing = (
    Vec<ExtraEmail>,
    Vec<AffiliationRow>,
    Vec<PublicationRow>,
    Vec<DeclaredRow>,
);

async fn profile_page(ctx: &Ctx, kept: Kept, errors: FormErrors) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let person_id = person.id;
    let (emails, affiliations, publications, declared): Listing = ctx
        .state
        .db
        .run(move |conn| -> Result<Listing, AppError> {
            Ok((
                store::extra_emails(conn, person_id)?,
                store::affiliations_of(conn, person_id)?,
                store::publications_of(conn, person_id)?,
                store::declared_of(conn, person_id)?,
            ))
        })
        .await?;
    let link_expiry = now() - Duration::hours(VERIFY_EMAIL_HOURS);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with(
        status,
        &ProfilePage {
            chrome: ctx.chrome("My profile"),
            primary_email: person.email,
            account_affiliation: person.affiliation,
            emails: emails
                .into_iter()
                .map(|e| EmailLine {
                    id: e.id,
                    confirmed: e.confirmed_at.is_some(),
                    expired: e.confirmed_at.is_none() && e.created_at < link_expiry,
                    email: e.email,
                })
                .collect(),
            affiliations: affiliations
                .into_iter()
                .map(|a| AffiliationLine {
                    id: a.id,
                    period: period(a.starts_on, a.ends_on, "now"),
                    institution: a.institution,
                })
                .collect(),
            publications: publications
                .into_iter()
                .map(|p| PublicationLine {
                    id: p.id,
                    coauthors: p.coauthors.iter().map(coauthor_line).collect(),
                    title: p.title,
                    year: p.year,
                })
                .collect(),
            declared: declared
                .into_iter()
                .map(|d| {
                    let mut with = d.target_name.clone();
                    let details: Vec<&str> = [d.target_email.as_deref(), d.target_orcid.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect();
                    if !details.is_empty() {
                        with.push_str(&format!(" ({})", details.join(", ")));
                    }
                    DeclaredLine {
                        id: d.id,
                        with,
                        target: if d.is_institution() {
                            "Institution"
                        } else {
                            "Person"
                        },
                        kind: capitalised(d.kind_label()),
                        period: period(d.since, d.until, "ongoing"),
                        note: d.note,
                    }
                })
                .collect(),
            kinds: DeclaredKind::ALL
                .into_iter()
                .map(|k| KindOption {
                    value: k.as_str(),
                    label: capitalised(k.label()),
                })
                .collect(),
            errors,
            email_input: kept.email,
            aff: kept.aff,
            publ: kept.publ,
            import: kept.import,
            import_problems: kept.import_problems,
            dc: kept.dc,
        },
    )
}

pub async fn show(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.viewer()?;
    profile_page(&ctx, Kept::default(), FormErrors::new()).await
}

fn record(
    conn: &mut DbConnection,
    person_id: i64,
    kind: &str,
    note: &str,
) -> Result<(), DieselError> {
    events::record(
        conn,
        NewEvent::new(Some(person_id), Subject::Person(person_id), kind, note),
    )
}

/// Removal answers 404 for a row that is not the signed-in person's (or does not exist).
fn removed_or_404(removed: Option<String>) -> Result<String, AppError> {
    removed.ok_or(AppError::NotFound)
}

/// Removes one of the signed-in person's own profile rows: `delete` answers the removed
/// row's label, or `None` when the row is not theirs (then 404, and nothing changes). One
/// transaction with its audit event.
async fn remove_own_row(
    ctx: Ctx,
    id: i64,
    delete: fn(&mut DbConnection, i64, i64) -> diesel::QueryResult<Option<String>>,
    event_kind: &'static str,
    back_to: &str,
    message: impl FnOnce(&str) -> String,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let label = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| -> Result<String, AppError> {
                let label = removed_or_404(delete(conn, person_id, id)?)?;
                record(conn, person_id, event_kind, &label)?;
                Ok(label)
            })
        })
        .await?;
    session::flash_notice(&ctx.session, message(&label));
    Ok(see_other(back_to))
}

// ---- E-mail addresses ---------------------------------------------------------------------

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

fn is_unique_violation(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Db(DbError::Query(DieselError::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            _
        )))
    )
}

pub async fn add_email(ctx: Ctx, form: web::Form<EmailInput>) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let input = form.into_inner();
    let mut errors = FormErrors::new();
    let Some(email) = errors.check("new_email", EmailAddress::parse(&input.new_email)) else {
        let kept = Kept {
            email: input,
            ..Kept::default()
        };
        return profile_page(&ctx, kept, errors).await;
    };
    let secret = token::random_hex(32);
    let base = ctx.state.config.base_url.clone();
    let site = site_name(&base);
    let outcome = ctx
        .state
        .db
        .run(move |conn| -> Result<Result<String, &'static str>, AppError> {
            let result = crate::db::write_transaction(conn, |conn| -> Result<_, AppError> {
                let address = email.as_str();
                store::release_stale_claim(
                    conn,
                    address,
                    now() - Duration::hours(VERIFY_EMAIL_HOURS),
                )?;
                match store::address_holder(conn, person.id, address)? {
                    AddressHolder::OwnPrimary | AddressHolder::OwnExtra => {
                        return Ok(Err("This address is already on your profile."));
                    }
                    AddressHolder::SomeoneElse => return Ok(Err(ADDRESS_TAKEN)),
                    AddressHolder::Nobody => {}
                }
                if store::count_extra(conn, person.id)? >= MAX_EXTRA_EMAILS {
                    return Ok(Err(
                        "You have as many addresses as a profile can hold; remove one first.",
                    ));
                }
                if store::count_pending(conn, person.id)? >= MAX_PENDING_EMAILS {
                    return Ok(Err(
                        "Several addresses still wait for confirmation. Confirm or remove them first.",
                    ));
                }
                let id = store::insert_extra_email(conn, person.id, address)?;
                account_store::insert_token(
                    conn,
                    person.id,
                    TokenPurpose::VerifyEmail,
                    &address_token_hash(id, &secret),
                    now() + Duration::hours(VERIFY_EMAIL_HOURS),
                )?;
                record(conn, person.id, "profile.email_added", address)?;
                let link = format!("{base}/profile/emails/confirm?token={id}.{secret}");
                let message = confirmation_mail(&person.name, address, &link, &site)?;
                mail::queue(
                    conn,
                    &message,
                    Envelope::new("confirm_address", Some(person.id)),
                )?;
                Ok(Ok(address.to_owned()))
            });
            match result {
                // Someone else claimed it at the same moment.
                Err(e) if is_unique_violation(&e) => Ok(Err(ADDRESS_TAKEN)),
                other => other,
            }
        })
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
            let kept = Kept {
                email: input,
                ..Kept::default()
            };
            profile_page(&ctx, kept, errors).await
        }
    }
}

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

#[derive(Template)]
#[template(path = "profile/token_problem.html")]
struct TokenProblemPage {
    chrome: Chrome,
    heading: &'static str,
    explanation: &'static str,
}

fn token_problem(ctx: &Ctx, problem: TokenProblem) -> Result<HttpResponse, AppError> {
    let (heading, explanation) = match problem {
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
    render_with(
        StatusCode::GONE,
        &TokenProblemPage {
            chrome: ctx.chrome(heading),
            heading,
            explanation,
        },
    )
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

/// Opening the link changes nothing (mail scanners prefetch links); the button POSTs.
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

pub async fn confirm_email(ctx: Ctx, form: web::Form<TokenForm>) -> Result<HttpResponse, AppError> {
    let text = form.into_inner().token;
    let Some((id, secret)) = split_address_token(&text) else {
        return token_problem(&ctx, TokenProblem::Unknown);
    };
    let hash = address_token_hash(id, secret);
    let outcome = ctx
        .state
        .db
        .run(
            move |conn| -> Result<Result<Result<String, &'static str>, TokenProblem>, AppError> {
                crate::db::write_transaction(conn, |conn| {
                    let row = match pending_address(conn, id, &hash)? {
                        Ok(row) => row,
                        Err(problem) => return Ok(Err(problem)),
                    };
                    if let Err(problem) =
                        account_store::consume_token(conn, &hash, TokenPurpose::VerifyEmail)?
                    {
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
            },
        )
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

// ---- Affiliation history ------------------------------------------------------------------

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A required one-line text: whitespace collapsed, not empty, not too long.
fn required_text(
    errors: &mut FormErrors,
    field: &str,
    value: &str,
    empty: &str,
    what: &str,
    max: usize,
) -> String {
    let v = collapse(value);
    if v.is_empty() {
        errors.add(field, empty);
    } else if v.chars().count() > max {
        errors.add(field, format!("Keep {what} under {max} characters."));
    }
    v
}

/// An optional date: `Some(None)` when empty, `None` (with an error) when unreadable.
fn optional_date(errors: &mut FormErrors, field: &str, value: &str) -> Option<Option<NaiveDate>> {
    let v = value.trim();
    if v.is_empty() {
        return Some(None);
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if (1900..=2200).contains(&d.year()) => Some(Some(d)),
        _ => {
            errors.add(field, "Enter a date as YYYY-MM-DD, e.g. 2021-09-01.");
            None
        }
    }
}

/// Two optional dates where the second, when both are given, is not before the first.
fn date_range(
    errors: &mut FormErrors,
    (from_field, from): (&str, &str),
    (to_field, to): (&str, &str),
    message: &str,
) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let from = optional_date(errors, from_field, from);
    let to = optional_date(errors, to_field, to);
    let (from, to) = (from?, to?);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.add(to_field, message);
        return None;
    }
    Some((from, to))
}

type Affiliation = (String, Option<NaiveDate>, Option<NaiveDate>);

fn parse_affiliation(input: &AffiliationInput) -> Result<Affiliation, FormErrors> {
    let mut e = FormErrors::new();
    let institution = required_text(
        &mut e,
        "aff_institution",
        &input.aff_institution,
        "Enter the institution, e.g. University of Genoa, Italy.",
        "the institution",
        300,
    );
    let dates = date_range(
        &mut e,
        ("aff_from", &input.aff_from),
        ("aff_to", &input.aff_to),
        "The end date must be on or after the start date.",
    );
    match dates {
        Some((from, to)) if e.is_empty() => Ok((institution, from, to)),
        _ => Err(e),
    }
}

pub async fn add_affiliation(
    ctx: Ctx,
    form: web::Form<AffiliationInput>,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let input = form.into_inner();
    let (institution, from, to) = match parse_affiliation(&input) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let kept = Kept {
                aff: input,
                ..Kept::default()
            };
            return profile_page(&ctx, kept, errors).await;
        }
    };
    let name = institution.clone();
    let added = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| -> Result<bool, AppError> {
                guard::lock_person(conn, person_id)?;
                // A second press (or tab) adds nothing: the same row twice would count
                // twice in the conflict checks.
                if store::affiliation_listed(conn, person_id, &institution, from, to)? {
                    return Ok(false);
                }
                store::insert_affiliation(conn, person_id, &institution, from, to)?;
                record(conn, person_id, "profile.affiliation_added", &institution)?;
                Ok(true)
            })
        })
        .await?;
    session::flash_notice(
        &ctx.session,
        if added {
            format!("{name} is added to your affiliation history.")
        } else {
            format!("{name}, with these dates, is already in your affiliation history.")
        },
    );
    Ok(see_other("/profile#affiliations"))
}

pub async fn remove_affiliation(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    remove_own_row(
        ctx,
        path.into_inner(),
        store::delete_affiliation,
        "profile.affiliation_removed",
        "/profile#affiliations",
        |name| format!("{name} is removed from your affiliation history."),
    )
    .await
}

// ---- Publications -------------------------------------------------------------------------

/// Who the signed-in person is, to leave them out of their own co-author lists.
struct Me {
    name: String,
    emails: Vec<String>,
    orcid: Option<String>,
}

impl Me {
    fn load(conn: &mut DbConnection, person: &Person) -> Result<Me, DieselError> {
        Ok(Me {
            name: publication_import::name_key(&person.name),
            emails: profiles::emails_of(conn, person)?,
            orcid: person.orcid.clone(),
        })
    }

    /// Only exact matches: a different person with a similar name stays a co-author.
    fn is(&self, c: &CoauthorRef) -> bool {
        c.email.as_ref().is_some_and(|e| self.emails.contains(e))
            || (c.orcid.is_some() && c.orcid == self.orcid)
            || (!self.name.is_empty() && publication_import::name_key(&c.name) == self.name)
    }

    fn leave_out(&self, publication: &mut Publication) {
        publication.coauthors.retain(|c| !self.is(c));
    }
}

fn this_year() -> i32 {
    chrono::Utc::now().year()
}

fn parse_publication(input: &PublicationInput) -> Result<Publication, FormErrors> {
    let mut e = FormErrors::new();
    let title = required_text(
        &mut e,
        "pub_title",
        &input.pub_title,
        "Enter the title of the publication.",
        "the title",
        500,
    );
    let year = match publication_import::year(&input.pub_year, this_year()) {
        Ok(y) => Some(y),
        Err(message) => {
            e.add("pub_year", capitalised(&message) + ".");
            None
        }
    };
    let coauthors = match publication_import::coauthor_lines(&input.pub_coauthors) {
        Ok(list) if list.len() > MAX_COAUTHORS => {
            e.add(
                "pub_coauthors",
                format!("List at most {MAX_COAUTHORS} co-authors."),
            );
            None
        }
        Ok(list) => Some(list),
        Err(problems) => {
            e.add("pub_coauthors", problems.join(" "));
            None
        }
    };
    match (year, coauthors) {
        (Some(year), Some(coauthors)) if e.is_empty() => Ok(Publication {
            title,
            year,
            coauthors,
            source: PaperSource::Listed,
        }),
        _ => Err(e),
    }
}

pub async fn add_publication(
    ctx: Ctx,
    form: web::Form<PublicationInput>,
) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let input = form.into_inner();
    let mut publication = match parse_publication(&input) {
        Ok(p) => p,
        Err(errors) => {
            let kept = Kept {
                publ: input,
                ..Kept::default()
            };
            return profile_page(&ctx, kept, errors).await;
        }
    };
    let title = publication.title.clone();
    let added = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| -> Result<Option<bool>, AppError> {
                guard::lock_person(conn, person.id)?;
                let listed = store::publication_keys(conn, person.id)?;
                // A second press (or tab) adds nothing: one paper, one row.
                if listed
                    .iter()
                    .any(|(t, y)| *y == publication.year && *t == publication.title)
                {
                    return Ok(Some(false));
                }
                if listed.len() >= MAX_PUBLICATIONS {
                    return Ok(None);
                }
                Me::load(conn, &person)?.leave_out(&mut publication);
                store::insert_publication(conn, person.id, &publication)?;
                record(
                    conn,
                    person.id,
                    "profile.publication_added",
                    &publication.title,
                )?;
                Ok(Some(true))
            })
        })
        .await?;
    let Some(added) = added else {
        let mut errors = FormErrors::new();
        errors.add(
            "pub_title",
            format!("A profile lists at most {MAX_PUBLICATIONS} publications; remove some first."),
        );
        let kept = Kept {
            publ: input,
            ..Kept::default()
        };
        return profile_page(&ctx, kept, errors).await;
    };
    session::flash_notice(
        &ctx.session,
        if added {
            format!("“{title}” is added to your publications.")
        } else {
            format!("“{title}” is already in your publications.")
        },
    );
    Ok(see_other("/profile#publications"))
}

async fn import_refused(
    ctx: &Ctx,
    input: ImportInput,
    summary: String,
    problems: Vec<String>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::new();
    errors.add("import_text", summary);
    let kept = Kept {
        import: input,
        import_problems: problems,
        ..Kept::default()
    };
    profile_page(ctx, kept, errors).await
}

pub async fn import_publications(
    ctx: Ctx,
    form: web::Form<ImportInput>,
) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let input = form.into_inner();
    let year_now = this_year();
    let (entries, problems) = match input.import_format.as_str() {
        "bibtex" => publication_import::bibtex(&input.import_text, year_now),
        "csv" => publication_import::csv(&input.import_text, year_now),
        _ => {
            let mut errors = FormErrors::new();
            errors.add("import_format", "Choose the format of what you paste.");
            let kept = Kept {
                import: input,
                ..Kept::default()
            };
            return profile_page(&ctx, kept, errors).await;
        }
    };
    if !problems.is_empty() {
        let n = problems.len();
        let summary = format!(
            "Nothing was imported: {} could not be read. Correct {} and paste again.",
            if n == 1 {
                "one entry".to_owned()
            } else {
                format!("{n} entries")
            },
            if n == 1 { "it" } else { "them" },
        );
        return import_refused(&ctx, input, summary, problems).await;
    }
    if entries.is_empty() {
        let summary = "No publications were found in what you pasted.".to_owned();
        return import_refused(&ctx, input, summary, vec![]).await;
    }
    if entries.len() > MAX_IMPORT {
        let summary = format!(
            "Import at most {MAX_IMPORT} publications at a time; this paste has {}.",
            entries.len()
        );
        return import_refused(&ctx, input, summary, vec![]).await;
    }
    let outcome = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| -> Result<Option<(usize, usize)>, AppError> {
                let mut known: Vec<(String, i32)> = store::publication_keys(conn, person.id)?
                    .into_iter()
                    .map(|(title, year)| (publication_import::name_key(&title), year))
                    .collect();
                let me = Me::load(conn, &person)?;
                let mut fresh = Vec::new();
                let mut skipped = 0;
                for (_, mut publication) in entries {
                    let key = (
                        publication_import::name_key(&publication.title),
                        publication.year,
                    );
                    if known.contains(&key) {
                        skipped += 1;
                        continue;
                    }
                    known.push(key);
                    me.leave_out(&mut publication);
                    fresh.push(publication);
                }
                // Checked before writing anything: all of the paste, or none of it.
                if known.len() > MAX_PUBLICATIONS {
                    return Ok(None);
                }
                for publication in &fresh {
                    store::insert_publication(conn, person.id, publication)?;
                }
                let imported = fresh.len();
                let note = format!("{imported} imported, {skipped} already listed");
                record(conn, person.id, "profile.publications_imported", &note)?;
                Ok(Some((imported, skipped)))
            })
        })
        .await?;
    let Some((imported, skipped)) = outcome else {
        let summary = format!(
            "Nothing was imported: a profile lists at most {MAX_PUBLICATIONS} publications."
        );
        return import_refused(&ctx, input, summary, vec![]).await;
    };
    let mut message = match imported {
        1 => "Imported 1 publication.".to_owned(),
        n => format!("Imported {n} publications."),
    };
    match skipped {
        0 => {}
        1 => message.push_str(" 1 was already listed and was left as it was."),
        n => message.push_str(&format!(
            " {n} were already listed and were left as they were."
        )),
    }
    session::flash_notice(&ctx.session, message);
    Ok(see_other("/profile#publications"))
}

pub async fn remove_publication(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    remove_own_row(
        ctx,
        path.into_inner(),
        store::delete_publication,
        "profile.publication_removed",
        "/profile#publications",
        |title| format!("“{title}” is removed from your publications."),
    )
    .await
}

// ---- Declared conflicts -------------------------------------------------------------------

fn parse_declared(input: &DeclaredInput) -> Result<NewDeclared, FormErrors> {
    let mut e = FormErrors::new();
    let institution = match input.dc_target.as_str() {
        "person" => Some(false),
        "institution" => Some(true),
        _ => {
            e.add(
                "dc_target",
                "Choose whether the conflict is with a person or an institution.",
            );
            None
        }
    };
    let name = required_text(
        &mut e,
        "dc_name",
        &input.dc_name,
        match institution {
            Some(true) => "Enter the institution's name.",
            _ => "Enter the person's name.",
        },
        "the name",
        300,
    );
    let for_person_only = |e: &mut FormErrors, field: &str, value: &str| {
        if institution == Some(true) && !value.trim().is_empty() {
            e.add(field, "Leave this empty for an institution.");
            false
        } else {
            true
        }
    };
    let email = if !for_person_only(&mut e, "dc_email", &input.dc_email)
        || input.dc_email.trim().is_empty()
    {
        None
    } else {
        e.check("dc_email", EmailAddress::parse(&input.dc_email))
            .map(|a| a.as_str().to_owned())
    };
    let orcid = if !for_person_only(&mut e, "dc_orcid", &input.dc_orcid)
        || input.dc_orcid.trim().is_empty()
    {
        None
    } else {
        e.check("dc_orcid", Orcid::parse(&input.dc_orcid))
            .map(|o| o.as_str().to_owned())
    };
    let kind = DeclaredKind::parse(&input.dc_kind);
    if kind.is_none() {
        e.add("dc_kind", "Choose the kind of conflict.");
    }
    let dates = date_range(
        &mut e,
        ("dc_since", &input.dc_since),
        ("dc_until", &input.dc_until),
        "The end date must be on or after the start date.",
    );
    let note = input.dc_note.trim().to_owned();
    if note.chars().count() > 2_000 {
        e.add("dc_note", "Keep the note under 2,000 characters.");
    }
    match (institution, kind, dates) {
        (Some(institution), Some(kind), Some((since, until))) if e.is_empty() => Ok(NewDeclared {
            institution,
            name,
            email,
            orcid,
            kind,
            since,
            until,
            note,
        }),
        _ => Err(e),
    }
}

pub async fn add_declared(
    ctx: Ctx,
    form: web::Form<DeclaredInput>,
) -> Result<HttpResponse, AppError> {
    let person_id = ctx.viewer()?.person.id;
    let input = form.into_inner();
    let declared = match parse_declared(&input) {
        Ok(d) => d,
        Err(errors) => {
            let kept = Kept {
                dc: input,
                ..Kept::default()
            };
            return profile_page(&ctx, kept, errors).await;
        }
    };
    let name = declared.name.clone();
    let added = ctx
        .state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| -> Result<bool, AppError> {
                guard::lock_person(conn, person_id)?;
                // A second press (or tab) adds nothing: the same row twice would count
                // twice in the conflict checks.
                if store::declared_listed(conn, person_id, &declared)? {
                    return Ok(false);
                }
                store::insert_declared(conn, person_id, &declared)?;
                let note = format!("{} ({})", declared.name, declared.kind.label());
                record(conn, person_id, "profile.conflict_declared", &note)?;
                Ok(true)
            })
        })
        .await?;
    session::flash_notice(
        &ctx.session,
        if added {
            format!("Your conflict with {name} is recorded.")
        } else {
            format!("Your conflict with {name} was already recorded, as it is.")
        },
    );
    Ok(see_other("/profile#conflicts"))
}

pub async fn remove_declared(ctx: Ctx, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    remove_own_row(
        ctx,
        path.into_inner(),
        store::delete_declared,
        "profile.conflict_removed",
        "/profile#conflicts",
        |name| format!("Your declared conflict with {name} is removed."),
    )
    .await
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

    #[test]
    fn affiliation_dates_are_checked() {
        let input = AffiliationInput {
            aff_institution: "  University   of Genoa ".into(),
            aff_from: "2020-01-01".into(),
            aff_to: "2019-12-31".into(),
        };
        let errors = parse_affiliation(&input).unwrap_err();
        assert!(errors.has("aff_to"));
        let input = AffiliationInput {
            aff_to: String::new(),
            ..input
        };
        let (name, from, to) = parse_affiliation(&input).unwrap();
        assert_eq!(name, "University of Genoa");
        assert!(from.is_some() && to.is_none());
    }
}
