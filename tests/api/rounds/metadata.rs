//! At revision the authors may correct the title, abstract, keywords, authors and
//! declarations, and send a version with the changes tracked in its own slot (issue 20 item
//! 6): the submission takes the corrected values, each round keeps what it said, the editor
//! reads what changed, and a refused revision keeps everything typed and writes nothing.

use diesel::prelude::*;
use reqwest::StatusCode;
use scraper::Selector;

use super::*;
use peerdesk::db::schema::{revision_metadata, submission_authors};

const NEW_TITLE: &str =
    "Germline BAP1 variants in Ligurian and Tuscan families with uveal melanoma";
const NEW_AUTHOR: (&str, &str, &str) = (
    "Kwame Mensah",
    "kwame.mensah@ug-genetics.example",
    "University of Ghana, Accra, Ghana",
);

/// The revision form's fields as the page fills them: text inputs, checked choices,
/// textareas, the chosen option of each list (the CSRF token and files are added when it
/// is sent).
pub(super) fn fields_of(page: &Page) -> Vec<(String, String)> {
    let controls = Selector::parse(
        "#revision-form input[name], #revision-form textarea[name], #revision-form select[name]",
    )
    .unwrap();
    let chosen = Selector::parse("option[selected]").unwrap();
    page.html
        .select(&controls)
        .filter_map(|e| {
            let v = e.value();
            let name = v.attr("name")?.to_owned();
            match (v.name(), v.attr("type").unwrap_or("text")) {
                ("textarea", _) => Some((name, e.text().collect())),
                ("select", _) => Some((
                    name,
                    e.select(&chosen)
                        .next()
                        .and_then(|o| o.value().attr("value"))
                        .unwrap_or_default()
                        .to_owned(),
                )),
                (_, "file" | "hidden") => None,
                (_, "radio" | "checkbox") => v
                    .attr("checked")
                    .map(|_| (name, v.attr("value").unwrap_or_default().to_owned())),
                _ => Some((name, v.attr("value").unwrap_or_default().to_owned())),
            }
        })
        .collect()
}

pub(super) fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(n, _)| n == name) {
        Some(f) => f.1 = value.to_owned(),
        None => fields.push((name.to_owned(), value.to_owned())),
    }
}

fn get<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The form as first shown, corrected: the new title, one word of the abstract changed, and
/// a new first author before Sofia (who stays the corresponding author).
fn corrected(form: &Page) -> Vec<(String, String)> {
    let mut fields = fields_of(form);
    let abstract_text = get(&fields, "abstract_text").replace("64 patients", "71 patients");
    set(&mut fields, "abstract_text", &abstract_text);
    set(&mut fields, "title", NEW_TITLE);
    let parts = [
        "given_names",
        "family_name",
        "name_order",
        "email",
        "aff_institution",
        "aff_city",
        "aff_country",
        "aff_ror",
        "orcid",
    ];
    // Sofia's fields move to the second row (an affiliation's name ends with its number).
    let field = |p: &str, i: usize| match p.starts_with("aff_") {
        true => format!("author_{p}_{i}_0"),
        false => format!("author_{p}_{i}"),
    };
    let sofia: Vec<String> = parts
        .iter()
        .map(|p| get(&fields, &field(p, 0)).to_owned())
        .collect();
    for (p, v) in parts.iter().zip(&sofia) {
        set(&mut fields, &field(p, 1), v);
    }
    let (given, family) = NEW_AUTHOR.0.split_once(' ').unwrap();
    set(&mut fields, "author_given_names_0", given);
    set(&mut fields, "author_family_name_0", family);
    set(&mut fields, "author_name_order_0", "given_first");
    set(&mut fields, "author_email_0", NEW_AUTHOR.1);
    for (name, value) in affiliation_fields(0, NEW_AUTHOR.2) {
        set(&mut fields, &name, &value);
    }
    set(&mut fields, "author_orcid_0", "");
    set(&mut fields, "corresponding", "1");
    set(&mut fields, "response", RESPONSE);
    fields
}

pub(super) async fn post(
    app: &TestApp,
    id: i64,
    fields: &[(String, String)],
    files: &[(&str, &str, Vec<u8>)],
) -> Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    app.post_multipart(&format!("/submissions/{id}/revision"), &pairs, files)
        .await
}

/// Each round's recorded title, by round.
async fn recorded_titles(app: &TestApp, id: i64) -> Vec<(i32, String)> {
    app.with_db(move |conn| {
        revision_metadata::table
            .filter(revision_metadata::submission_id.eq(id))
            .order(revision_metadata::round)
            .select((revision_metadata::round, revision_metadata::title))
            .load(conn)
            .unwrap()
    })
    .await
}

/// Long because it is one story read top to bottom: the form, the revision, the stored
/// result, the new co-author's e-mail, and the editor's page.
async fn a_revision_corrects_the_metadata_and_the_editor_sees_what_changed(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    as_person(&app, &logins, SOFIA).await;

    // The form starts from the submission as it stands.
    let form = app.get(&format!("/submissions/{id}/revision")).await;
    assert_eq!(
        form.attr("#title", "value").as_deref(),
        Some("Germline BAP1 variants in Ligurian families with uveal melanoma")
    );
    assert_eq!(
        form.attr("#author_email_0", "value").as_deref(),
        Some(SOFIA)
    );
    assert!(!form.select("textarea#funding").join("").is_empty());
    assert_eq!(form.select("#tracked_changes").len(), 1);

    let sent = post(
        &app,
        id,
        &corrected(&form),
        &[
            ("manuscript", "revised.pdf", pdf_bytes()),
            ("tracked_changes", "revised-tracked.pdf", pdf_bytes()),
        ],
    )
    .await
    .taken();
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(round_of(&app, id).await, 2);

    // The submission holds the corrected values (its pages and the exports read them), and
    // each round what it said.
    let show = app.get(&format!("/submissions/{id}")).await;
    assert!(show.visible_text().contains(NEW_TITLE));
    let byline: Vec<(String, bool)> = app
        .with_db(move |conn| {
            submission_authors::table
                .filter(submission_authors::submission_id.eq(id))
                .order(submission_authors::position)
                .select((
                    submission_authors::email,
                    submission_authors::is_corresponding,
                ))
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(
        byline,
        vec![(NEW_AUTHOR.1.to_owned(), false), (SOFIA.to_owned(), true)]
    );
    assert_eq!(
        recorded_titles(&app, id).await,
        vec![
            (
                1,
                "Germline BAP1 variants in Ligurian families with uveal melanoma".to_owned()
            ),
            (2, NEW_TITLE.to_owned())
        ]
    );
    // The tracked-changes version is round 2's, in its own slot beside the manuscript.
    let rounds = file_rounds(&app, id).await;
    assert!(rounds.contains(&(2, "manuscript".to_owned())));
    assert!(rounds.contains(&(2, "tracked_changes".to_owned())));
    // The new author is told and asked to confirm, once.
    let to_kwame = kinds_to(&app, NEW_AUTHOR.1);
    assert_eq!(to_kwame, vec!["co_author_listed".to_owned()]);
    assert!(authorship_link(&app, NEW_AUTHOR.1).is_some());

    the_editor_reads_what_changed(&app, &logins, id).await;
}

/// The handling editor's page says what changed in round 2, field by field, and lists the
/// tracked-changes version beside the clean manuscript.
async fn the_editor_reads_what_changed(
    app: &TestApp,
    logins: &std::collections::HashMap<String, String>,
    id: i64,
) {
    as_person(app, logins, ATIF).await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let changes = page.select("#changes-round-2").join(" ");
    assert!(changes.contains("What changed in round 2"), "{changes}");
    let title = page.select("#changes-round-2 .change-short").join(" ");
    assert!(
        title.contains("Germline BAP1 variants in Ligurian families with uveal melanoma")
            && title.contains(NEW_TITLE),
        "{title}"
    );
    assert_eq!(
        page.select("#changes-round-2 .change-words del").join("|"),
        "64"
    );
    assert_eq!(
        page.select("#changes-round-2 .change-words ins").join("|"),
        "71"
    );
    let authors = page.select("#changes-round-2 .change-authors").join(" ");
    assert!(authors.contains("Added: Kwame Mensah"), "{authors}");
    let files = page.select("#files-heading + ul").join(" ");
    assert!(files.contains("Manuscript with changes tracked"), "{files}");
}

/// A revision with a title left empty, an author's address mistyped and a "tracked changes"
/// file that is not a document is refused beside each field, with everything typed kept;
/// nothing is written. An author row's button shows the form again and writes nothing.
async fn a_refused_revision_keeps_every_corrected_field(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    as_person(&app, &logins, SOFIA).await;
    let form = app.get(&format!("/submissions/{id}/revision")).await;
    let mut fields = corrected(&form);
    set(&mut fields, "title", " ");
    set(&mut fields, "author_email_0", "kwame.mensah at ug-genetics");
    let refused = post(
        &app,
        id,
        &fields,
        &[
            ("manuscript", "revised.pdf", pdf_bytes()),
            (
                "tracked_changes",
                "tracked.docx",
                b"just some text".to_vec(),
            ),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("title").is_some());
    assert!(refused.field_error("author_email_0").is_some());
    assert!(
        refused
            .field_error("tracked_changes")
            .unwrap_or_default()
            .contains("“tracked.docx” is not a PDF or Word (DOCX) file")
    );
    // Everything typed is kept.
    assert!(
        refused
            .select("textarea#abstract_text")
            .join("")
            .contains("71 patients")
    );
    assert_eq!(
        refused.attr("#author_family_name_0", "value").as_deref(),
        Some("Mensah")
    );
    assert_eq!(
        refused.attr("#author_email_0", "value").as_deref(),
        Some("kwame.mensah at ug-genetics")
    );
    assert_eq!(
        refused.attr("#corresponding_1", "checked").as_deref(),
        Some("")
    );
    assert_eq!(refused.select("textarea#response").join(""), RESPONSE);
    // Nothing is written.
    assert_eq!(round_of(&app, id).await, 1);
    assert!(recorded_titles(&app, id).await.is_empty());
    assert!(kinds_to(&app, NEW_AUTHOR.1).is_empty());

    // "Add another author" shows the form again with a row more, and writes nothing.
    let mut fields = corrected(&form);
    set(&mut fields, "action", "add_author");
    let again = post(&app, id, &fields, &[]).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.select("#author_family_name_2").len(), 1);
    assert_eq!(again.attr("#title", "value").as_deref(), Some(NEW_TITLE));
    assert!(again.select("p.notice").join("").contains("Author 3 added"));
    assert_eq!(round_of(&app, id).await, 1);
}

crate::on_both_backends!(a_revision_corrects_the_metadata_and_the_editor_sees_what_changed);
crate::on_both_backends!(a_refused_revision_keeps_every_corrected_field);

/// The demo's submissions come without files: give round 1 its manuscript.
async fn round_1_manuscript(app: &TestApp, id: i64) {
    use peerdesk::db::schema::submission_files as f;
    let bytes = pdf_bytes();
    let stored = app.state.files.put(&bytes).unwrap();
    app.with_db(move |conn| {
        diesel::insert_into(f::table)
            .values((
                f::submission_id.eq(id),
                f::round.eq(1),
                f::role.eq("manuscript"),
                f::sha256.eq(stored.sha256),
                f::size_bytes.eq(bytes.len() as i64),
                f::content_type.eq("application/pdf"),
                f::original_name.eq("first.pdf"),
                f::uploaded_at.eq(peerdesk::db::now()),
                f::document_authors.eq(""),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// The reviewer of round 2, once their declaration is in, reads what the authors changed
/// and finds the round-1 files beside the revised ones; under double-blind review only the
/// manuscript's own changes show, never the byline.
async fn the_round_2_reviewer_reads_what_changed_beside_the_earlier_files(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    round_1_manuscript(&app, id).await;
    as_person(&app, &logins, SOFIA).await;
    let form = app.get(&format!("/submissions/{id}/revision")).await;
    let files = [("manuscript", "revised.pdf", pdf_bytes())];
    let sent = post(&app, id, &corrected(&form), &files).await.taken();
    assert_eq!(sent.status, StatusCode::SEE_OTHER);

    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Nils Berg", NILS).await;
    let nils = new_jar();
    let editor = browse_as(&mut app, &nils);
    let accepted = post_on_page(&app, &link, &format!("{link}/accept"), &[]).await;
    let desk = accepted.location.clone().expect("to the review desk");
    let before = app.get(&desk).await;
    assert!(
        before.select("#changes-round-2").is_empty(),
        "not before the declaration"
    );
    post_on_page(
        &app,
        &desk,
        &format!("{desk}/declaration"),
        &[("answer", "none"), ("confidential", "yes")],
    )
    .await;

    let page = app.get(&desk).await;
    let changes = page.select("#changes-round-2").join(" ");
    assert!(changes.contains(NEW_TITLE), "{changes}");
    assert!(changes.contains("Added: Kwame Mensah"), "{changes}");
    let earlier = page.select("#files-earlier a").join("|");
    assert_eq!(earlier, "Round 1: manuscript", "{}", page.visible_text());
    let href = page.attr("#files-earlier a", "href").expect("a link");
    assert_eq!(
        app.get(&href).await.status,
        StatusCode::OK,
        "the old file opens"
    );

    app.with_db(|conn| {
        use peerdesk::db::schema::collections;
        diesel::update(collections::table)
            .set(collections::blinding.eq("double"))
            .execute(conn)
            .unwrap();
    })
    .await;
    let page = app.get(&desk).await;
    let changes = page.select("#changes-round-2").join(" ");
    assert!(changes.contains(NEW_TITLE), "{changes}");
    let text = page.visible_text();
    for hidden in ["Kwame", "Mensah", "Sofia", "Bianchi"] {
        assert!(
            !text.contains(hidden),
            "{hidden} under double-blind: {text}"
        );
    }
    browse_as(&mut app, &editor);
}

crate::on_both_backends!(the_round_2_reviewer_reads_what_changed_beside_the_earlier_files);
