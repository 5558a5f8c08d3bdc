//! The profile page: every list with its form, shown again with the one form's errors and
//! what was typed in it.

use actix_web::HttpResponse;
use askama::Template;
use chrono::{Duration, NaiveDate};

use super::addresses::EmailInput;
use super::affiliations::AffiliationInput;
use super::conflicts::DeclaredInput;
use super::expertise::ExpertiseInput;
use super::name::NameInput;
use super::publications::{ImportInput, PublicationInput};
use crate::db::now;
use crate::db::profile_edit::{
    self as store, AffiliationRow, DeclaredRow, ExtraEmail, PublicationRow,
};
use crate::domain::FormErrors;
use crate::domain::conflicts::{CoauthorRef, DeclaredKind};
use crate::domain::expertise::split_topics;
use crate::web::{AppError, Chrome, Ctx, form_status, render_with};
use crate::workflow::account::VERIFY_EMAIL_HOURS;

/// What the person typed in the one form they sent, shown again with its errors.
#[derive(Default)]
pub(super) struct Kept {
    pub(super) email: EmailInput,
    pub(super) aff: AffiliationInput,
    pub(super) publ: PublicationInput,
    pub(super) import: ImportInput,
    pub(super) import_problems: Vec<String>,
    pub(super) dc: DeclaredInput,
    /// The expertise keywords as typed; `None`: as stored.
    pub(super) expertise: Option<ExpertiseInput>,
    /// The name's parts as typed; `None`: as stored.
    pub(super) name: Option<NameInput>,
    /// The ORCID iD as typed; `None`: as stored.
    pub(super) orcid: Option<super::OrcidInput>,
}

impl From<super::OrcidInput> for Kept {
    fn from(o: super::OrcidInput) -> Kept {
        Kept {
            orcid: Some(o),
            ..Kept::default()
        }
    }
}

impl From<NameInput> for Kept {
    fn from(n: NameInput) -> Kept {
        Kept {
            name: Some(n),
            ..Kept::default()
        }
    }
}

impl From<ExpertiseInput> for Kept {
    fn from(e: ExpertiseInput) -> Kept {
        Kept {
            expertise: Some(e),
            ..Kept::default()
        }
    }
}

/// A form sent alone keeps only what was typed in it.
macro_rules! kept_from {
    ($($input:ty => $field:ident),*) => {$(
        impl From<$input> for Kept {
            fn from($field: $input) -> Kept {
                Kept { $field, ..Kept::default() }
            }
        }
    )*};
}

kept_from!(
    EmailInput => email,
    AffiliationInput => aff,
    PublicationInput => publ,
    DeclaredInput => dc
);

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
    /// The ORCID iD, as typed or as stored (bare).
    orcid: String,
    /// The stored iD was confirmed through ORCID sign-in (`workflow::orcid`).
    orcid_confirmed: bool,
    /// ORCID sign-in is switched on (`PEERDESK_ORCID_CLIENT_ID`): the profile offers it.
    orcid_sign_in: bool,
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
    /// The expertise keywords, one a line (as typed, or as stored), and their version.
    expertise_keywords: String,
    expertise_read_at: String,
    /// Every collection's topics, and those ticked (as sent, or as stored).
    topics: Vec<String>,
    topics_ticked: Vec<String>,
    /// The name's parts (as typed, or as stored), the name as it appears, and whether the
    /// parts are still the old guess from a whole name.
    name: NameInput,
    name_shown: String,
    name_unconfirmed: bool,
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

pub(super) fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The person's rows, as stored.
struct Listing {
    emails: Vec<ExtraEmail>,
    affiliations: Vec<AffiliationRow>,
    publications: Vec<PublicationRow>,
    declared: Vec<DeclaredRow>,
    keywords: (Vec<String>, Option<chrono::NaiveDateTime>),
    topics: Vec<String>,
}

async fn load_listing(ctx: &Ctx, person_id: i64) -> Result<Listing, AppError> {
    ctx.state
        .db
        .run(move |conn| -> Result<Listing, AppError> {
            Ok(Listing {
                emails: store::extra_emails(conn, person_id)?,
                affiliations: store::affiliations_of(conn, person_id)?,
                publications: store::publications_of(conn, person_id)?,
                declared: store::declared_of(conn, person_id)?,
                keywords: crate::db::expertise::keywords_of(conn, person_id)?,
                topics: crate::db::collections::all_topics(conn)?,
            })
        })
        .await
}

fn email_lines(rows: Vec<ExtraEmail>) -> Vec<EmailLine> {
    // A link older than this has expired: the address waits in vain.
    let link_expiry = now() - Duration::hours(VERIFY_EMAIL_HOURS);
    rows.into_iter()
        .map(|e| EmailLine {
            id: e.id,
            confirmed: e.confirmed_at.is_some(),
            expired: e.confirmed_at.is_none() && e.created_at < link_expiry,
            email: e.email,
        })
        .collect()
}

impl From<AffiliationRow> for AffiliationLine {
    fn from(a: AffiliationRow) -> Self {
        AffiliationLine {
            id: a.id,
            period: period(a.starts_on, a.ends_on, "now"),
            institution: a.institution,
        }
    }
}

impl From<PublicationRow> for PublicationLine {
    fn from(p: PublicationRow) -> Self {
        PublicationLine {
            id: p.id,
            coauthors: p.coauthors.iter().map(coauthor_line).collect(),
            title: p.title,
            year: p.year,
        }
    }
}

impl From<DeclaredRow> for DeclaredLine {
    fn from(d: DeclaredRow) -> Self {
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
    }
}

fn lines<R, L: From<R>>(rows: Vec<R>) -> Vec<L> {
    rows.into_iter().map(L::from).collect()
}

fn kind_options() -> Vec<KindOption> {
    DeclaredKind::ALL
        .into_iter()
        .map(|k| KindOption {
            value: k.as_str(),
            label: capitalised(k.label()),
        })
        .collect()
}

/// The page with what was typed in the form just sent, and that form's errors (422 when
/// there are any).
pub(super) async fn profile_page(
    ctx: &Ctx,
    kept: impl Into<Kept>,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let status = form_status(&errors);
    profile_page_with(ctx, kept, errors, status).await
}

/// [`profile_page`] with the status given (409 for a form read before another tab's write).
pub(super) async fn profile_page_with(
    ctx: &Ctx,
    kept: impl Into<Kept>,
    errors: FormErrors,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let listing = load_listing(ctx, person.id).await?;
    let kept = kept.into();
    let (stored, version) = listing.keywords;
    let (expertise_keywords, topics_ticked) = match kept.expertise {
        Some(e) => (e.keywords, e.topics),
        None => {
            let (ticked, typed) = split_topics(&stored, &listing.topics);
            (typed.join("\n"), ticked)
        }
    };
    let name = kept.name.unwrap_or_else(|| {
        let p = person.name_parts();
        NameInput {
            given_names: p.given,
            family_name: p.family,
            name_order: p.order.as_str().to_owned(),
        }
    });
    let name_shown = crate::domain::NameParts {
        given: name.given_names.clone(),
        family: name.family_name.clone(),
        order: crate::domain::NameOrder::parse(&name.name_order),
    }
    .display();
    let name_unconfirmed = person.name_unconfirmed();
    render_with(
        status,
        &ProfilePage {
            chrome: ctx.chrome("My profile"),
            orcid_confirmed: person.orcid_verified_at.is_some(),
            orcid_sign_in: ctx.state.config.orcid.is_some(),
            orcid: kept
                .orcid
                .map(|o| o.orcid)
                .unwrap_or_else(|| person.orcid.clone().unwrap_or_default()),
            primary_email: person.email,
            account_affiliation: person.affiliation,
            emails: email_lines(listing.emails),
            affiliations: lines(listing.affiliations),
            publications: lines(listing.publications),
            declared: lines(listing.declared),
            kinds: kind_options(),
            errors,
            email_input: kept.email,
            aff: kept.aff,
            publ: kept.publ,
            import: kept.import,
            import_problems: kept.import_problems,
            dc: kept.dc,
            expertise_keywords,
            topics: listing.topics,
            topics_ticked,
            expertise_read_at: crate::db::guard::ReadAt::field(version),
            name,
            name_shown,
            name_unconfirmed,
        },
    )
}

/// GET /profile
pub async fn show(ctx: Ctx) -> Result<HttpResponse, AppError> {
    ctx.viewer()?;
    profile_page(&ctx, Kept::default(), FormErrors::new()).await
}
