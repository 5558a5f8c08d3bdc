//! Names as the scholarly record needs them (issue 20 item 3): at revision the authors give
//! each name in its parts — "María José" given names and "García López" one family name;
//! "Li" family name and "Ming" given name, written family name first — the parts are saved
//! and shown, the revision diff names a changed family name, a refused revision keeps every
//! part typed, and the published article's JATS and Crossref exports file each name by its
//! parts (and stay well-formed).

use diesel::prelude::*;
use reqwest::StatusCode;

use super::metadata::{fields_of, post, set};
use super::*;
use peerdesk::db::schema::submission_authors;

const MJ: &str = "mj.garcia@hsanmartino.example";
const LI: &str = "li.ming@sysucc.example";

/// The revision form with Sofia's family name corrected to two words and two authors added:
/// María José García López, and Li Ming (family name first).
fn with_names(form: &Page) -> Vec<(String, String)> {
    let mut fields = fields_of(form);
    set(&mut fields, "author_family_name_0", "Bianchi Rossi");
    for (i, (given, family, order, email)) in [
        ("María José", "García López", "given_first", MJ),
        ("Ming", "Li", "family_first", LI),
    ]
    .into_iter()
    .enumerate()
    {
        let i = i + 1;
        set(&mut fields, &format!("author_given_names_{i}"), given);
        set(&mut fields, &format!("author_family_name_{i}"), family);
        set(&mut fields, &format!("author_name_order_{i}"), order);
        set(&mut fields, &format!("author_email_{i}"), email);
        for (name, value) in affiliation_fields(i, "IRCCS Ospedale Policlinico San Martino, Italy")
        {
            set(&mut fields, &name, &value);
        }
        set(&mut fields, &format!("author_orcid_{i}"), "");
    }
    set(&mut fields, "response", RESPONSE);
    fields
}

/// (name, given names, family name, order) of each author row, in byline order.
async fn stored_names(app: &TestApp, id: i64) -> Vec<(String, String, String, String)> {
    app.with_db(move |conn| {
        submission_authors::table
            .filter(submission_authors::submission_id.eq(id))
            .order(submission_authors::position)
            .select((
                submission_authors::name,
                submission_authors::given_names,
                submission_authors::family_name,
                submission_authors::name_order,
            ))
            .load(conn)
            .unwrap()
    })
    .await
}

/// xmllint, where it is installed, agrees that the document is well-formed.
pub(super) fn well_formed(xml: &str) {
    use std::io::Write;
    let Ok(mut child) = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        return;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(xml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "xmllint: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The number at the end of an address (`/articles/7` → 7).
fn last_number(address: &str) -> i64 {
    address
        .rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("an id at the end of {address}"))
}

pub(super) async fn body(app: &TestApp, path: &str) -> String {
    let resp = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{path}");
    resp.text().await.unwrap()
}

/// Long because it is one story read top to bottom: a refused revision, the revision sent,
/// the parts stored and shown, the editor's diff, and the exports after publication.
async fn names_in_parts_reach_the_record(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    as_person(&app, &logins, SOFIA).await;
    let form = app.get(&format!("/submissions/{id}/revision")).await;
    // The form carries the parts, each labelled, with the name as it appears.
    assert_eq!(
        form.attr("#author_given_names_0", "value").as_deref(),
        Some("Sofia")
    );
    assert_eq!(
        form.attr("#author_family_name_0", "value").as_deref(),
        Some("Bianchi")
    );
    assert_eq!(form.select("label[for=author_family_name_0]").len(), 1);
    assert_eq!(
        form.select("#author-0 output[data-name-preview]").join(""),
        "Sofia Bianchi"
    );

    // An empty family name is refused beside its field, with every part typed kept.
    let mut refused_fields = with_names(&form);
    set(&mut refused_fields, "author_family_name_2", " ");
    let refused = post(
        &app,
        id,
        &refused_fields,
        &[("manuscript", "revised.pdf", pdf_bytes())],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("author_family_name_2")
            .unwrap()
            .contains("Author 3: Enter the family name"),
        "{}",
        refused.visible_text()
    );
    for (field, kept) in [
        ("#author_given_names_1", "María José"),
        ("#author_family_name_1", "García López"),
        ("#author_given_names_2", "Ming"),
        ("#author_family_name_0", "Bianchi Rossi"),
    ] {
        assert_eq!(
            refused.attr(field, "value").as_deref(),
            Some(kept),
            "{field}"
        );
    }
    assert_eq!(
        refused
            .attr("#author_name_order_2_family", "checked")
            .as_deref(),
        Some("")
    );
    assert_eq!(round_of(&app, id).await, 1);

    let sent = post(
        &app,
        id,
        &with_names(&form),
        &[("manuscript", "revised.pdf", pdf_bytes())],
    )
    .await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(round_of(&app, id).await, 2);
    let s = |v: &str| v.to_owned();
    assert_eq!(
        stored_names(&app, id).await,
        vec![
            (
                s("Sofia Bianchi Rossi"),
                s("Sofia"),
                s("Bianchi Rossi"),
                s("given_first")
            ),
            (
                s("María José García López"),
                s("María José"),
                s("García López"),
                s("given_first")
            ),
            (s("Li Ming"), s("Ming"), s("Li"), s("family_first")),
        ]
    );
    let own = app.get(&format!("/submissions/{id}")).await;
    let filed = own.select(".filed-as").join("|");
    assert!(filed.contains("García López, María José"), "{filed}");
    assert!(filed.contains("Li, Ming"), "{filed}");

    // The handling editor reads the changed family name in the round's diff.
    as_person(&app, &logins, ATIF).await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    let authors = page.select("#changes-round-2 .change-authors").join(" ");
    assert!(authors.contains("family name"), "{authors}");
    assert!(
        authors.contains("Bianchi") && authors.contains("Bianchi Rossi"),
        "{authors}"
    );
    assert!(authors.contains("María José García López"), "{authors}");

    the_exports_file_the_names_by_their_parts(&app, &logins, id).await;
}

/// Accepted (moved there in the database: review is not what this is about) and published
/// by the editor-in-chief as article 321 of this year's volume; the article's id.
pub(super) async fn accept_and_publish(
    app: &TestApp,
    logins: &HashMap<String, String>,
    id: i64,
) -> i64 {
    app.with_db(move |conn| {
        diesel::update(submissions::table.find(id))
            .set(submissions::state.eq("accepted"))
            .execute(conn)
            .unwrap();
    })
    .await;
    as_person(app, logins, HELEN).await;
    let today = chrono::Utc::now().date_naive();
    let year = chrono::Datelike::year(&today);
    let published = app
        .post_multipart(
            &format!("/editorial/submissions/{id}/publish"),
            &[
                ("volume", &(year - 2000).to_string()),
                ("article_number", "321"),
                ("doi", &format!("10.1186/s12885-{:03}-00321", year % 1000)),
                ("published_on", &today.format("%Y-%m-%d").to_string()),
            ],
            &[("pdf", "final.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.visible_text()
    );
    last_number(published.location.as_deref().unwrap())
}

/// Accepted and published; the JATS and Crossref exports carry each name's parts.
async fn the_exports_file_the_names_by_their_parts(
    app: &TestApp,
    logins: &HashMap<String, String>,
    id: i64,
) {
    let article = accept_and_publish(app, logins, id).await;

    let jats = body(
        app,
        &format!("/editorial/exports/articles/{article}/jats.xml"),
    )
    .await;
    well_formed(&jats);
    assert!(jats.contains(
        "<name><surname>García López</surname><given-names>María José</given-names></name>"
    ));
    assert!(jats.contains(
        "<name name-style=\"eastern\"><surname>Li</surname><given-names>Ming</given-names></name>"
    ));
    assert!(jats.contains("<surname>Bianchi Rossi</surname><given-names>Sofia</given-names>"));

    let deposit = body(app, "/editorial/exports/crossref.xml").await;
    well_formed(&deposit);
    let doc = roxmltree::Document::parse(&deposit).unwrap();
    let people: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "person_name")
        .map(|p| {
            let part = |name: &str| {
                p.children()
                    .find(|c| c.tag_name().name() == name)
                    .and_then(|c| c.text())
                    .unwrap_or_default()
                    .to_owned()
            };
            (part("given_name"), part("surname"))
        })
        .collect();
    for expected in [("María José", "García López"), ("Ming", "Li")] {
        assert!(
            people.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {people:?}"
        );
    }
}

crate::on_both_backends!(names_in_parts_reach_the_record);
