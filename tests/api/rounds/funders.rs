//! Funders with grant numbers (issue 20 item 3d, issue 21 item 5): at revision the authors
//! add a funder with its Crossref Funder ID and two grant numbers; a Funder ID that is none
//! is refused beside its field with every row kept; the funder is stored with its ID as a
//! DOI, shown on the author's and the editor's pages, named in the round's diff, and after
//! publication carried by the Crossref deposit (`fr:program`) and the JATS front matter
//! (`funding-group`), both well-formed.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::metadata::{fields_of, post, set};
use super::names::{accept_and_publish, body, well_formed};
use super::*;
use peerdesk::db::schema::submission_funders;

const FUNDER: &str = "Cancer Research UK & Friends";

/// The revision form with one funder row filled in (the Funder ID as given).
fn with_funder(form: &Page, funder_id: &str) -> Vec<(String, String)> {
    let mut fields = fields_of(form);
    set(&mut fields, "funder_name_0", FUNDER);
    set(&mut fields, "funder_funder_id_0", funder_id);
    set(&mut fields, "funder_awards_0", "C1234/A5678\nC9");
    set(&mut fields, "response", RESPONSE);
    fields
}

async fn stored_funders(app: &TestApp, id: i64) -> Vec<(String, String, String)> {
    app.with_db(move |conn| {
        submission_funders::table
            .filter(submission_funders::submission_id.eq(id))
            .order(submission_funders::position)
            .select((
                submission_funders::name,
                submission_funders::funder_id,
                submission_funders::award_numbers,
            ))
            .load(conn)
            .unwrap()
    })
    .await
}

/// Long because it is one story read top to bottom: the row added, a refused Funder ID,
/// the revision sent, the funder stored and shown, the editor's diff, and the exports.
async fn funders_reach_the_record(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    as_person(&app, &logins, SOFIA).await;
    let form = app.get(&format!("/submissions/{id}/revision")).await;
    assert!(form.select("#funder_name_0").is_empty());

    // "Add a funder" shows the form again with an empty row, nothing sent.
    let mut add = fields_of(&form);
    set(&mut add, "response", RESPONSE);
    set(&mut add, "action", "add_funder");
    let added = post(&app, id, &add, &[]).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.visible_text());
    assert_eq!(added.select("label[for=funder_name_0]").len(), 1);
    assert_eq!(added.select("label[for=funder_funder_id_0]").len(), 1);
    assert_eq!(added.select("label[for=funder_awards_0]").len(), 1);
    assert_eq!(round_of(&app, id).await, 1);

    // A Funder ID that is none is refused beside its field; the row is kept as typed.
    let refused = post(
        &app,
        id,
        &with_funder(&added, "10.1186/12345"),
        &[("manuscript", "revised.pdf", pdf_bytes())],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("funder_funder_id_0")
            .unwrap()
            .contains("Funder 1: this is not a Crossref Funder ID"),
        "{}",
        refused.visible_text()
    );
    for (field, kept) in [
        ("#funder_name_0", FUNDER),
        ("#funder_funder_id_0", "10.1186/12345"),
    ] {
        assert_eq!(
            refused.attr(field, "value").as_deref(),
            Some(kept),
            "{field}"
        );
    }
    // (The page's text is read with its spaces made single: the line end is a space.)
    assert_eq!(
        refused.select("#funder_awards_0").join(""),
        "C1234/A5678 C9"
    );
    assert_eq!(round_of(&app, id).await, 1);
    assert!(stored_funders(&app, id).await.is_empty());

    // The address form of the ID is accepted and stored as the DOI.
    let sent = post(
        &app,
        id,
        &with_funder(&added, "https://doi.org/10.13039/501100000289"),
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
    assert_eq!(
        stored_funders(&app, id).await,
        vec![(
            FUNDER.to_owned(),
            "10.13039/501100000289".to_owned(),
            "C1234/A5678\nC9".to_owned()
        )]
    );
    let own = app.get(&format!("/submissions/{id}")).await;
    let shown = own.select(".funders li").join("");
    assert!(
        shown.contains(FUNDER) && shown.contains("10.13039/501100000289"),
        "{shown}"
    );
    assert!(shown.contains("C1234/A5678, C9"), "{shown}");

    // The handling editor sees the funder, and the round's diff names it as added.
    as_person(&app, &logins, ATIF).await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(page.select(".funders li").join("").contains(FUNDER));
    let changes = page.select("#changes-round-2").join(" ");
    assert!(changes.contains("Funders"), "{changes}");
    assert!(
        changes.contains(
            "Cancer Research UK & Friends (10.13039/501100000289), awards C1234/A5678, C9"
        ),
        "{changes}"
    );

    the_exports_carry_the_funder(&app, &logins, id).await;
}

/// Published; the JATS `funding-group` and the Crossref `fr:program` carry the funder.
async fn the_exports_carry_the_funder(app: &TestApp, logins: &HashMap<String, String>, id: i64) {
    let article = accept_and_publish(app, logins, id).await;
    let jats = body(
        app,
        &format!("/editorial/exports/articles/{article}/jats.xml"),
    )
    .await;
    well_formed(&jats);
    for needed in [
        "<institution-id institution-id-type=\"doi\" vocab=\"open-funder-registry\" vocab-identifier=\"10.13039/open-funder-registry\">10.13039/501100000289</institution-id><institution>Cancer Research UK &amp; Friends</institution>",
        "<award-id>C1234/A5678</award-id>",
        "<award-id>C9</award-id>",
    ] {
        assert!(jats.contains(needed), "{needed} in\n{jats}");
    }
    assert!(jats.find("</kwd-group>") < jats.find("<funding-group>"));

    let deposit = body(app, "/editorial/exports/crossref.xml").await;
    well_formed(&deposit);
    let doc = roxmltree::Document::parse(&deposit).unwrap();
    const FR: &str = "http://www.crossref.org/fundref.xsd";
    let assertion = |name: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name((FR, "assertion")) && n.attribute("name") == Some(name))
            .map(|n| n.text().unwrap_or_default().trim().to_owned())
            .collect()
    };
    assert_eq!(assertion("funder_name"), vec![FUNDER.to_owned()]);
    assert_eq!(
        assertion("funder_identifier"),
        vec!["https://doi.org/10.13039/501100000289".to_owned()]
    );
    assert_eq!(assertion("award_number"), vec!["C1234/A5678", "C9"]);
    let program = doc
        .descendants()
        .find(|n| n.has_tag_name((FR, "program")))
        .unwrap();
    assert_eq!(program.attribute("name"), Some("fundref"));
}

crate::on_both_backends!(funders_reach_the_record);
