//! CRediT contributor roles per author (issue 20 item 3c): at revision the author ticks two
//! roles; they are stored per author in the taxonomy's order, shown on the editor's page and
//! in the round's diff, offered as the "Authors' contributions" text when that is empty, and
//! carried by the published article's JATS as `role`s of the contributor.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::metadata::{fields_of, post, set};
use super::names::{accept_and_publish, body, well_formed};
use super::*;
use peerdesk::db::schema::submission_authors;

async fn stored_roles(app: &TestApp, id: i64) -> Vec<String> {
    app.with_db(move |conn| {
        submission_authors::table
            .filter(submission_authors::submission_id.eq(id))
            .order(submission_authors::position)
            .select(submission_authors::credit_roles)
            .load(conn)
            .unwrap()
    })
    .await
}

/// Long because it is one story read top to bottom: the roles ticked and sent, stored,
/// shown to the editor with the diff, offered as the contributions text, and exported.
async fn credit_roles_reach_the_record(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    as_person(&app, &logins, SOFIA).await;
    let form = app.get(&format!("/submissions/{id}/revision")).await;
    assert_eq!(
        form.select("#author-0 input[type=checkbox][name=author_credit_0]")
            .len(),
        14
    );
    assert_eq!(
        form.select("label[for=author_credit_0_writing-original-draft]")
            .join(""),
        "Writing – original draft"
    );
    let mut fields = fields_of(&form);
    fields.push(("author_credit_0".into(), "writing-original-draft".into()));
    fields.push(("author_credit_0".into(), "conceptualization".into()));
    fields.push(("author_credit_0".into(), "not-a-role".into()));
    set(&mut fields, "response", RESPONSE);

    // With the contributions emptied, a row button shows them offered from the roles.
    let mut again = fields.clone();
    set(&mut again, "authors_contributions", "");
    set(&mut again, "action", "add_funder");
    let shown = post(&app, id, &again, &[]).await;
    assert_eq!(shown.status, StatusCode::OK);
    let offered = shown.select("#authors_contributions").join("");
    assert!(
        offered.contains(": Conceptualization, Writing – original draft."),
        "{offered}"
    );

    let sent = post(
        &app,
        id,
        &fields,
        &[("manuscript", "revised.pdf", pdf_bytes())],
    )
    .await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(
        stored_roles(&app, id).await[0],
        "conceptualization\nwriting-original-draft"
    );

    as_person(&app, &logins, ATIF).await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    let roles = page.select("span.credit").join("|");
    assert!(
        roles.contains("CRediT roles: Conceptualization, Writing – original draft"),
        "{roles}"
    );
    let authors = page.select("#changes-round-2 .change-authors").join(" ");
    assert!(authors.contains("CRediT roles"), "{authors}");

    let article = accept_and_publish(&app, &logins, id).await;
    let jats = body(
        &app,
        &format!("/editorial/exports/articles/{article}/jats.xml"),
    )
    .await;
    well_formed(&jats);
    assert!(jats.contains(
        "<role vocab=\"credit\" vocab-identifier=\"https://credit.niso.org/\" vocab-term=\"Conceptualization\" vocab-term-identifier=\"https://credit.niso.org/contributor-roles/conceptualization/\">Conceptualization</role>"
    ), "{jats}");
    assert!(jats.contains("contributor-roles/writing-original-draft/"));
    assert_eq!(jats.matches("<role ").count(), 2);
}

crate::on_both_backends!(credit_roles_reach_the_record);
