//! Manuscripts: the submission form filled in as an author would, sending it, and finding
//! submissions again (the demo's first, the newest, their state and handling editor).

use super::people::signed_in_author;
use super::{Page, TestApp};
use diesel::prelude::*;
use peerdesk::db::collections;
use peerdesk::db::schema::{people, submissions};

/// A small but well-formed PDF.
pub fn pdf_bytes() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// The seeded collection's id and first topic.
pub async fn rare_cancers(app: &TestApp) -> (i64, String) {
    app.with_db(|conn| {
        let c = collections::find_collection_by_slug(conn, "rare-cancers")
            .unwrap()
            .unwrap();
        let topic = collections::topics_of(conn, c.id).unwrap().remove(0);
        (c.id, topic)
    })
    .await
}

/// A complete submission form: two authors, the first corresponding.
pub fn complete_form(collection_id: i64, topic: &str, key: &str) -> Vec<(String, String)> {
    [
        ("idempotency_key", key),
        ("collection", &collection_id.to_string()),
        ("article_type", "Research Article"),
        ("title", "Outcomes of retinoblastoma in a national cohort"),
        (
            "abstract_text",
            "Background: retinoblastoma is rare. Methods: we followed a national cohort. Results: survival improved. Conclusions: care works.",
        ),
        ("keywords", "retinoblastoma, survival, cohort"),
        ("topics", topic),
        ("rare_cancer_type", "Retinoblastoma"),
        ("author_given_names_0", "Ada"),
        ("author_family_name_0", "Osei"),
        ("author_name_order_0", "given_first"),
        ("author_email_0", "ada@uni.example"),
        ("author_aff_institution_0_0", "University of Ghana"),
        ("author_aff_city_0_0", "Accra"),
        ("author_aff_country_0_0", "GH"),
        ("author_aff_ror_0_0", ""),
        ("author_orcid_0", ""),
        ("author_given_names_1", "Ben"),
        ("author_family_name_1", "Moller"),
        ("author_name_order_1", "given_first"),
        ("author_email_1", "ben@clinic.example"),
        ("author_aff_institution_1_0", "Aarhus University Hospital"),
        ("author_aff_city_1_0", "Aarhus"),
        ("author_aff_country_1_0", "DK"),
        ("author_aff_ror_1_0", ""),
        ("author_orcid_1", "0000-0002-1825-0097"),
        ("corresponding", "0"),
        ("competing_interests", "none"),
        ("competing_interests_details", ""),
        ("ai_use", "none"),
        ("ai_use_details", ""),
        ("ethics_statement", "Approved by the national ethics board (ref. 2024-17)."),
        ("data_availability", "Available from the corresponding author on request."),
        ("consent_for_publication", "Not applicable."),
        ("funding", "None"),
        ("authors_contributions", "AO and BM designed the study; both wrote the manuscript."),
        ("cover_letter", "We believe this fits the collection."),
        ("action", "submit"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// The form with these fields' values changed where they stand.
pub fn set_fields(form: &mut [(String, String)], values: &[(&str, &str)]) {
    for (k, v) in form.iter_mut() {
        if let Some((_, new)) = values.iter().find(|(key, _)| key == k) {
            *v = (*new).to_owned();
        }
    }
}

/// The form with its authors replaced by `authors` (name, e-mail, affiliation; no ORCID);
/// each name's last word is its family name.
pub fn with_authors(
    form: Vec<(String, String)>,
    authors: &[(&str, &str, &str)],
) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = form
        .into_iter()
        .filter(|(k, _)| !k.starts_with("author_"))
        .collect();
    for (i, (name, email, affiliation)) in authors.iter().enumerate() {
        let (given, family) = name.rsplit_once(' ').unwrap_or(("", name));
        fields.push((format!("author_given_names_{i}"), given.into()));
        fields.push((format!("author_family_name_{i}"), family.into()));
        fields.push((format!("author_name_order_{i}"), "given_first".into()));
        fields.push((format!("author_email_{i}"), (*email).into()));
        fields.extend(affiliation_fields(i, affiliation));
        fields.push((format!("author_orcid_{i}"), String::new()));
    }
    fields
}

/// The fields of author `i`'s affiliations, from one line as authors typed it before
/// affiliations had parts ("Institution, Country", several separated by `;`), read as the
/// app reads such a line: a last part naming a country is the country.
pub fn affiliation_fields(i: usize, line: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for (j, a) in peerdesk::domain::affiliation::from_single_line(line)
        .into_iter()
        .enumerate()
    {
        for (part, value) in [
            ("institution", a.institution),
            ("city", a.city),
            ("country", a.country),
            ("ror", a.ror),
        ] {
            fields.push((format!("author_aff_{part}_{i}_{j}"), value));
        }
    }
    fields
}

/// Posts owned form fields (and files) as the multipart submission form does.
pub async fn post_fields(
    app: &TestApp,
    path: &str,
    fields: &[(String, String)],
    files: &[(&str, &str, Vec<u8>)],
) -> Page {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_multipart(path, &refs, files).await
}

/// [`post_fields`], for a form that must be taken (a redirect).
pub async fn post_fields_taken(
    app: &TestApp,
    path: &str,
    fields: &[(String, String)],
    files: &[(&str, &str, Vec<u8>)],
) -> Page {
    post_fields(app, path, fields, files).await.taken()
}

/// The signed-in author sends the submission form with `manuscript` as paper.pdf; it must be
/// accepted. Returns the answer (a redirect to the submission's page).
pub async fn submit_manuscript_file(
    app: &TestApp,
    fields: &[(String, String)],
    manuscript: Vec<u8>,
) -> Page {
    let files = [("manuscript", "paper.pdf", manuscript)];
    post_fields_taken(app, "/submissions/new", fields, &files).await
}

/// The signed-in author submits `fields` with a PDF; returns the new submission's id.
pub async fn submit_manuscript(app: &TestApp, fields: &[(String, String)]) -> i64 {
    let page = submit_manuscript_file(app, fields, pdf_bytes()).await;
    id_in(page.location.as_deref().expect("to the submission's page"))
}

/// The submission id in a `/submissions/{id}` address.
pub fn id_in(location: &str) -> i64 {
    location
        .trim_start_matches("/submissions/")
        .parse()
        .unwrap_or_else(|_| panic!("a submission's address: {location}"))
}

/// Ada Osei registers and submits the complete form (with `extra` fields); returns the
/// submission's id, and its handling editor's id and address.
pub async fn ada_submits(app: &TestApp, key: u8, extra: &[(&str, &str)]) -> (i64, i64, String) {
    signed_in_author(app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(app).await;
    let mut fields = complete_form(collection_id, &topic, &format!("{key:032x}"));
    for (k, v) in extra {
        fields.push(((*k).to_owned(), (*v).to_owned()));
    }
    submit_manuscript_file(app, &fields, pdf_bytes()).await;
    newest_with_editor(app).await
}

/// The newest submission: its id, and its handling editor's id and address.
pub async fn newest_with_editor(app: &TestApp) -> (i64, i64, String) {
    app.with_db(|conn| {
        let (id, editor): (i64, i64) = submissions::table
            .order(submissions::id.desc())
            .select((
                submissions::id,
                submissions::handling_editor_id.assume_not_null(),
            ))
            .first(conn)
            .unwrap();
        let email: String = people::table
            .find(editor)
            .select(people::email)
            .first(conn)
            .unwrap();
        (id, editor, email)
    })
    .await
}

/// Every submission's id, oldest first.
pub async fn submission_ids(app: &TestApp) -> Vec<i64> {
    app.with_db(|conn| {
        submissions::table
            .select(submissions::id)
            .order(submissions::id)
            .load(conn)
            .unwrap()
    })
    .await
}

/// The demo's first submission (handled by Atif; Bruna is conflicted with it).
pub async fn first_submission(app: &TestApp) -> i64 {
    submission_ids(app).await[0]
}

pub async fn state_of(app: &TestApp, id: i64) -> String {
    app.with_db(move |conn| {
        submissions::table
            .find(id)
            .select(submissions::state)
            .first::<String>(conn)
            .unwrap()
    })
    .await
}

/// The handling editor of a submission: (name, address), if it has one.
pub async fn handling_editor(app: &TestApp, id: i64) -> Option<(String, String)> {
    app.with_db(move |conn| {
        submissions::table
            .inner_join(people::table.on(people::id.nullable().eq(submissions::handling_editor_id)))
            .filter(submissions::id.eq(id))
            .select((people::name, people::email))
            .first(conn)
            .optional()
            .unwrap()
    })
    .await
}

/// Sets every collection's blinding ("single" or "double").
pub async fn set_blinding(app: &TestApp, blinding: &'static str) {
    app.with_db(move |conn| {
        use peerdesk::db::schema::collections;
        diesel::update(collections::table)
            .set(collections::blinding.eq(blinding))
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// The receipt to the corresponding author (Ada Osei) and the notice to the co-author (Ben
/// Moller) of the complete form's submission numbered `number`, both threaded under it.
pub fn receipt_and_co_author_notice(
    app: &TestApp,
    number: &str,
) -> (
    peerdesk::db::outbox::OutboxMessage,
    peerdesk::db::outbox::OutboxMessage,
) {
    let outbox = app.outbox();
    let receipt = outbox
        .iter()
        .find(|m| m.kind == "submission_received")
        .expect("receipt")
        .clone();
    assert_eq!(receipt.to_address, "ada@uni.example");
    assert_eq!(receipt.thread_key.as_deref(), Some(number));
    let notice = outbox
        .iter()
        .find(|m| m.kind == "co_author_listed")
        .expect("co-author notice")
        .clone();
    assert_eq!(notice.to_address, "ben@clinic.example");
    assert_eq!(notice.thread_key.as_deref(), Some(number));
    (receipt, notice)
}

/// The path of the link, in the newest e-mail to `email` that has one, by which a listed
/// author confirms their authorship (or says they are not an author).
pub fn authorship_link(app: &TestApp, email: &str) -> Option<String> {
    app.link_in_last_mail_to(email, "/authorship/")
}
