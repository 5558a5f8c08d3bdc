//! Affiliations in their parts (issue 20 item 3b): an author lists several, each an
//! institution, a city, a country from the list and an optional ROR id; the row buttons add
//! and remove them without JavaScript; a wrong ROR id or a missing country is said beside
//! its field with everything kept; what is submitted is kept in its parts, shown on the
//! author's page, and the competing-interest rules read each institution with its city.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::{key, with, without};
use crate::helpers::*;
use peerdesk::db::schema::submission_authors;

/// The complete form with Ben Moller's affiliation rows replaced by `rows`
/// (institution, city, country code, ROR id).
fn ben_at(form: &[(String, String)], rows: &[[&str; 4]]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = form
        .iter()
        .filter(|(k, _)| !k.starts_with("author_aff_") || !k.contains("_1_"))
        .cloned()
        .collect();
    for (j, row) in rows.iter().enumerate() {
        for (part, value) in ["institution", "city", "country", "ror"].iter().zip(row) {
            out.push((format!("author_aff_{part}_1_{j}"), (*value).to_owned()));
        }
    }
    out
}

const AARHUS: [&str; 4] = ["Aarhus University Hospital", "Aarhus", "DK", ""];
const KAROLINSKA: [&str; 4] = [
    "Karolinska Institutet",
    "Stockholm",
    "SE",
    "https://ror.org/056d84691",
];

/// Long because it is one author's form, row by row, read top to bottom.
async fn an_author_lists_several_affiliations_each_checked_in_its_parts(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let complete = complete_form(collection_id, &topic, &key(31));
    let pdf = || vec![("manuscript", "paper.pdf", pdf_bytes())];

    // "Add an affiliation" for Ben: a blank second row, what was typed kept, nothing stored.
    let added = post_fields(
        &app,
        "/submissions/new",
        &with(&complete, "action", "add_affiliation:1"),
        &[],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.visible_text());
    assert!(
        added
            .visible_text()
            .contains("Affiliation 2 of author 2 added")
    );
    assert_eq!(
        added
            .attr("#author_aff_institution_1_0", "value")
            .as_deref(),
        Some("Aarhus University Hospital")
    );
    assert_eq!(
        added
            .attr("#author_aff_institution_1_1", "value")
            .as_deref(),
        Some("")
    );
    assert_eq!(
        added
            .attr("#author_aff_country_1_0 option[value=DK]", "selected")
            .as_deref(),
        Some("")
    );
    assert!(added.select("button[value='remove_affiliation:1:1']").len() == 1);

    // A wrong ROR id and a missing country: refused beside each field, everything kept.
    let wrong = ben_at(
        &complete,
        &[
            AARHUS,
            ["Karolinska Institutet", "Stockholm", "", "056d84692"],
        ],
    );
    let refused = post_fields(&app, "/submissions/new", &wrong, &pdf()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("author_aff_ror_1_1")
            .unwrap_or_default()
            .contains("check digits")
    );
    assert!(
        refused
            .field_error("author_aff_country_1_1")
            .unwrap_or_default()
            .contains("Author 2: choose the country")
    );
    assert_eq!(
        refused.attr("#author_aff_ror_1_1", "value").as_deref(),
        Some("056d84692")
    );
    assert_eq!(
        refused.attr("#author_aff_city_1_1", "value").as_deref(),
        Some("Stockholm")
    );
    // A row whose institution was left empty while its country was chosen.
    let no_institution = ben_at(&complete, &[["", "Aarhus", "DK", ""]]);
    let refused = post_fields(&app, "/submissions/new", &no_institution, &pdf()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("author_aff_institution_1_0").is_some());
    // No affiliation row at all: the author is asked for one.
    let none: Vec<(String, String)> = without(&complete, "author_aff_institution_1_0");
    let refused = post_fields(&app, "/submissions/new", &none, &pdf()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("author_aff_institution_1_0")
            .unwrap_or_default()
            .contains("at least one affiliation")
    );

    // Two good rows, the ROR id given as its address: submitted, kept in their parts.
    let good = ben_at(&complete, &[AARHUS, KAROLINSKA]);
    let id = submit_manuscript(&app, &good).await;
    let (line, parts) = app
        .with_db(move |conn| {
            submission_authors::table
                .filter(submission_authors::submission_id.eq(id))
                .filter(submission_authors::position.eq(2))
                .select((
                    submission_authors::affiliation,
                    submission_authors::affiliations,
                ))
                .first::<(String, String)>(conn)
                .unwrap()
        })
        .await;
    // The rules read institution and city, as profiles write them; the parts keep the bare
    // ROR id.
    assert_eq!(
        line,
        "Aarhus University Hospital, Aarhus; Karolinska Institutet, Stockholm"
    );
    assert_eq!(
        parts,
        "Aarhus University Hospital\tAarhus\tDK\t\nKarolinska Institutet\tStockholm\tSE\t056d84691"
    );
    let page = app.get(&format!("/submissions/{id}")).await;
    assert!(
        page.visible_text().contains(
            "Aarhus University Hospital, Aarhus, Denmark; Karolinska Institutet, Stockholm, Sweden"
        ),
        "{}",
        page.visible_text()
    );
}

crate::on_both_backends!(an_author_lists_several_affiliations_each_checked_in_its_parts);
