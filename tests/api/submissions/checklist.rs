//! The collection's submission checklist and BMC's declarations (issue 20 item 4): the
//! editor-in-chief lists statements on the collection's form, the submitting author must
//! tick every one to submit (a draft saves without), and what was ticked is kept as it read.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::{key, with};
use crate::helpers::*;
use peerdesk::db::schema::submissions;

const NOT_ELSEWHERE: &str = "The manuscript is not under consideration by another journal.";
const ALL_AGREE: &str = "All authors have approved the manuscript and agree to its submission.";

/// The seed collection's form as saved by the editor-in-chief, with `checklist`.
fn collection_form(checklist: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Rare cancers".to_owned()),
        ("slug", "rare-cancers".into()),
        ("manuscript_prefix", "RC".into()),
        ("summary", "Research on rare cancers.".into()),
        ("definition", String::new()),
        ("about", "About text.".into()),
        ("guidelines", "Guidelines.".into()),
        (
            "article_type_policy",
            "BMC Cancer is not considering case reports.".into(),
        ),
        ("competing_interests_statement", "Statement.".into()),
        ("opens_on", "2024-01-15".into()),
        ("closes_on", "2027-12-31".into()),
        ("blinding", "single".into()),
        ("review_due_days", "14".into()),
        ("abstract_word_limit", "350".into()),
        (
            "topics",
            "Rare cancer types\nGenetic and molecular underpinnings of rare cancers".into(),
        ),
        ("article_types", "Research Article".into()),
        ("checklist", checklist.to_owned()),
    ]
}

async fn save_collection(app: &TestApp, checklist: &str) -> Page {
    let form = collection_form(checklist);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/admin/collections/1", &pairs).await
}

/// Long because it is one story: the chief sets the checklist, the author is refused until
/// every statement is ticked, and the confirmation is kept as it read.
async fn every_statement_of_the_checklist_must_be_ticked_to_submit(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    as_person(&app, &logins, HELEN).await;
    let too_long: String = (1..=13).map(|i| format!("Statement {i}.\n")).collect();
    let refused = save_collection(&app, &too_long).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("checklist")
            .unwrap_or_default()
            .contains("12 statements")
    );
    let saved = save_collection(&app, &format!("{NOT_ELSEWHERE}\n{ALL_AGREE}\n")).await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );
    let edit = app.get("/admin/collections/1/edit").await;
    let shown = edit.select("textarea#checklist").join("");
    assert!(
        shown.starts_with(NOT_ELSEWHERE) && shown.ends_with(ALL_AGREE),
        "{shown}"
    );

    app.logout().await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let form = app.get("/submissions/new?collection=rare-cancers").await;
    assert_eq!(
        form.select("#checklist label").join("|"),
        format!("{NOT_ELSEWHERE}|{ALL_AGREE}")
    );
    let good = complete_form(collection_id, &topic, &key(7));
    let pdf = || vec![("manuscript", "paper.pdf", pdf_bytes())];

    // Nothing ticked, then one: refused beside the checklist, what was typed and ticked kept.
    let refused = post_fields(&app, "/submissions/new", &good, &pdf()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = refused.field_error("checklist").unwrap_or_default();
    assert!(
        error.contains(NOT_ELSEWHERE) && error.contains("(and 1 more)"),
        "{error}"
    );
    let one = with(&good, "checklist", ALL_AGREE);
    let refused = post_fields(&app, "/submissions/new", &one, &pdf()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("checklist")
            .unwrap_or_default()
            .contains(NOT_ELSEWHERE)
    );
    assert_eq!(refused.attr("#checklist_1", "checked").as_deref(), Some(""));
    assert_eq!(refused.attr("#checklist_0", "checked"), None);
    assert_eq!(
        refused.attr("#consent_for_publication", "value"),
        None,
        "a textarea, kept as its text"
    );
    assert_eq!(
        refused.select("textarea#consent_for_publication").join(""),
        "Not applicable."
    );

    // Both ticked: submitted, with what was confirmed kept as it read.
    let mut both = one.clone();
    both.push(("checklist".to_owned(), NOT_ELSEWHERE.to_owned()));
    let sent = post_fields(&app, "/submissions/new", &both, &pdf()).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    let (id, ticked) = app
        .with_db(|conn| {
            submissions::table
                .filter(submissions::state.eq("submitted"))
                .order(submissions::id.desc())
                .select((submissions::id, submissions::checklist_ticked))
                .first::<(i64, String)>(conn)
                .unwrap()
        })
        .await;
    assert_eq!(ticked, format!("{ALL_AGREE}\n{NOT_ELSEWHERE}"));
    let mine = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(
        mine.select("#checklist-confirmed li").join("|"),
        format!("{ALL_AGREE}|{NOT_ELSEWHERE}")
    );
    let text = mine.visible_text();
    assert!(text.contains("Consent for publication"), "{text}");
    assert!(text.contains("AO and BM designed the study"), "{text}");
}

/// BMC's declarations are required by name; Acknowledgements may stay empty.
async fn the_bmc_declarations_are_asked_for_by_name(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let good = complete_form(collection_id, &topic, &key(8));
    let blank = with(
        &with(&good, "consent_for_publication", " "),
        "authors_contributions",
        "",
    );
    let pdf = vec![("manuscript", "paper.pdf", pdf_bytes())];
    let refused = post_fields(&app, "/submissions/new", &blank, &pdf).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("consent_for_publication")
            .unwrap_or_default()
            .contains("Not applicable")
    );
    assert!(refused.field_error("authors_contributions").is_some());
    assert!(refused.field_error("acknowledgements").is_none());
    let form = app.get("/submissions/new").await;
    for label in [
        "Ethics approval and consent to participate",
        "Consent for publication",
        "Availability of data and materials",
        "Funding",
        "Authors' contributions",
        "Acknowledgements",
    ] {
        assert!(
            form.select("label").iter().any(|l| l.starts_with(label)),
            "{label}"
        );
    }
}

crate::on_both_backends!(
    every_statement_of_the_checklist_must_be_ticked_to_submit,
    the_bmc_declarations_are_asked_for_by_name,
);
