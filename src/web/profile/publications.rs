//! Publications: typed in one at a time, or imported from a BibTeX or CSV paste. The person
//! is left out of their own co-author lists.

use actix_web::{HttpResponse, web};
use chrono::Datelike;
use diesel::result::Error as DieselError;
use serde::Deserialize;

use super::fields::required_text;
use super::page::{Kept, capitalised, profile_page};
use super::{add_own_row, flash_added, record, remove_own_row};
use crate::db::accounts::Person;
use crate::db::profile_edit as store;
use crate::db::{DbConnection, profiles};
use crate::domain::FormErrors;
use crate::domain::conflicts::{CoauthorRef, PaperSource, Publication};
use crate::domain::publication_import;
use crate::web::{AppError, Ctx, see_other, session};

/// Publications a person may list.
const MAX_PUBLICATIONS: usize = 2_000;
/// Entries one paste may import.
const MAX_IMPORT: usize = 500;
const MAX_COAUTHORS: usize = 500;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublicationInput {
    pub(super) pub_title: String,
    pub(super) pub_year: String,
    pub(super) pub_coauthors: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportInput {
    /// "bibtex" or "csv".
    pub(super) import_format: String,
    pub(super) import_text: String,
}

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

// ---- One publication ----------------------------------------------------------------------

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

/// POST /profile/publications
pub async fn add_publication(
    ctx: Ctx,
    form: web::Form<PublicationInput>,
) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let input = form.into_inner();
    let mut publication = match parse_publication(&input) {
        Ok(p) => p,
        Err(errors) => return profile_page(&ctx, input, errors).await,
    };
    let title = publication.title.clone();
    // `None`: the profile lists as many as it may.
    let added = add_own_row(&ctx, person.id, move |conn| {
        let listed = store::publication_keys(conn, person.id)?;
        // One paper, one row.
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
    .await?;
    let Some(added) = added else {
        let mut errors = FormErrors::new();
        errors.add(
            "pub_title",
            format!("A profile lists at most {MAX_PUBLICATIONS} publications; remove some first."),
        );
        return profile_page(&ctx, input, errors).await;
    };
    Ok(flash_added(
        &ctx,
        added,
        format!("“{title}” is added to your publications."),
        format!("“{title}” is already in your publications."),
        "/profile#publications",
    ))
}

/// POST /profile/publications/{id}/remove
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

// ---- An import ----------------------------------------------------------------------------

/// Why a paste is refused whole, said beside its field (with the entries that could not be
/// read, if that is why).
struct Refused {
    field: &'static str,
    summary: String,
    problems: Vec<String>,
}

impl Refused {
    fn of_text(summary: String) -> Refused {
        Refused {
            field: "import_text",
            summary,
            problems: vec![],
        }
    }
}

/// The publications of a paste, each of them readable, or why nothing is imported.
fn read_paste(input: &ImportInput) -> Result<Vec<Publication>, Refused> {
    let year_now = this_year();
    let (entries, problems) = match input.import_format.as_str() {
        "bibtex" => publication_import::bibtex(&input.import_text, year_now),
        "csv" => publication_import::csv(&input.import_text, year_now),
        _ => {
            return Err(Refused {
                field: "import_format",
                summary: "Choose the format of what you paste.".to_owned(),
                problems: vec![],
            });
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
        return Err(Refused {
            field: "import_text",
            summary,
            problems,
        });
    }
    if entries.is_empty() {
        let summary = "No publications were found in what you pasted.".to_owned();
        return Err(Refused::of_text(summary));
    }
    if entries.len() > MAX_IMPORT {
        let summary = format!(
            "Import at most {MAX_IMPORT} publications at a time; this paste has {}.",
            entries.len()
        );
        return Err(Refused::of_text(summary));
    }
    Ok(entries.into_iter().map(|(_, p)| p).collect())
}

/// Writes the publications not listed yet: how many were imported and how many skipped, or
/// `None` (nothing written) when the profile would list too many.
fn import(
    conn: &mut DbConnection,
    person: &Person,
    entries: Vec<Publication>,
) -> Result<Option<(usize, usize)>, AppError> {
    let mut known: Vec<(String, i32)> = store::publication_keys(conn, person.id)?
        .into_iter()
        .map(|(title, year)| (publication_import::name_key(&title), year))
        .collect();
    let me = Me::load(conn, person)?;
    let mut fresh = Vec::new();
    let mut skipped = 0;
    for mut publication in entries {
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
}

fn imported_message(imported: usize, skipped: usize) -> String {
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
    message
}

async fn import_refused(
    ctx: &Ctx,
    input: ImportInput,
    refused: Refused,
) -> Result<HttpResponse, AppError> {
    let mut errors = FormErrors::new();
    errors.add(refused.field, refused.summary);
    let kept = Kept {
        import: input,
        import_problems: refused.problems,
        ..Kept::default()
    };
    profile_page(ctx, kept, errors).await
}

/// POST /profile/publications/import: all of a paste, or none of it.
pub async fn import_publications(
    ctx: Ctx,
    form: web::Form<ImportInput>,
) -> Result<HttpResponse, AppError> {
    let person = ctx.viewer()?.person.clone();
    let input = form.into_inner();
    let entries = match read_paste(&input) {
        Ok(entries) => entries,
        Err(refused) => return import_refused(&ctx, input, refused).await,
    };
    let outcome = ctx
        .state
        .db
        .run(move |conn| crate::db::write_transaction(conn, |conn| import(conn, &person, entries)))
        .await?;
    let Some((imported, skipped)) = outcome else {
        let summary = format!(
            "Nothing was imported: a profile lists at most {MAX_PUBLICATIONS} publications."
        );
        return import_refused(&ctx, input, Refused::of_text(summary)).await;
    };
    session::flash_notice(&ctx.session, imported_message(imported, skipped));
    Ok(see_other("/profile#publications"))
}
