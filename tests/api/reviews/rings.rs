//! Signs of a review ring (issue 27 item 2): a report pasted from one submission's review
//! into another's, and reports returned within hours of accepting, raise signals that the
//! submissions' editors see with their evidence.

use crate::helpers::*;

const REPORT: &str = "The authors present a retrospective cohort of patients with a rare \
    sarcoma treated at three centres over fifteen years. The question is relevant and the \
    cohort is large for this disease. However the survival analysis does not account for the \
    change in treatment protocols over the period, and the pathology review is not described. \
    I recommend that the authors add a sensitivity analysis by era, describe the central \
    pathology review, and discuss the selection of patients referred from outside the region.";

/// Long because it is two submissions, each with an invited reviewer who accepts and sends a
/// report, then both editors' pages read.
async fn a_pasted_report_raises_a_signal_on_both_submissions(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let first = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, first, "Marta Lindqvist", NEW_REVIEWER).await;
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    submit_review_as(&mut app, &jar, &desk, REPORT, "").await;

    let (second, _, editor) = ada_submits(&app, 91, &[]).await;
    as_person(&app, &logins, &editor).await;
    let link = invite_by_address(&app, second, "Nils Berg", NILS).await;
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    let pasted = REPORT
        .replace("sarcoma", "chordoma")
        .replace("three centres", "four centres");
    submit_review_as(&mut app, &jar, &desk, &pasted, "").await;

    let page = app.get(&format!("/editorial/submissions/{second}")).await;
    let signals = page.select(".integrity-signal").join("\n");
    assert!(
        signals.contains("of its text (runs of five words) with a review of another submission in the collection, by a different reviewer"),
        "{signals}"
    );
    assert!(
        signals.contains("after accepting the invitation (under 24 hours)"),
        "{signals}"
    );
    assert!(
        !signals.contains("RC-"),
        "the other submission is not named: {signals}"
    );

    as_person(&app, &logins, ATIF).await;
    let page = app.get(&format!("/editorial/submissions/{first}")).await;
    let signals = page.select(".integrity-signal").join("\n");
    assert!(
        signals.contains("by a different reviewer"),
        "the first one too: {signals}"
    );

    // An author never sees them.
    as_person(&app, &logins, SOFIA).await;
    let own = app.get(&format!("/submissions/{first}")).await;
    assert!(own.select(".integrity-signal").is_empty());
}

crate::on_both_backends!(a_pasted_report_raises_a_signal_on_both_submissions);

/// `submitter` submits a manuscript to Rare cancers with `co_author` (name, address) as its
/// second author; returns it with its handling editor's address.
async fn submits_with(
    app: &TestApp,
    key: u8,
    submitter: (&str, &str),
    co_author: (&str, &str),
) -> (i64, String) {
    signed_in_author(app, submitter.0, submitter.1).await;
    let (collection_id, topic) = rare_cancers(app).await;
    let fields = with_authors(
        complete_form(collection_id, &topic, &format!("{key:032x}")),
        &[
            (
                submitter.0,
                submitter.1,
                "University of Ghana, Accra, Ghana",
            ),
            (co_author.0, co_author.1, "Lund University, Sweden"),
        ],
    );
    submit_manuscript_file(app, &fields, pdf_bytes()).await;
    let (id, _, editor) = newest_with_editor(app).await;
    (id, editor)
}

/// Long because it is two submissions, each reviewed by the other one's co-author.
async fn reciprocal_reviewing_raises_a_signal_on_both_submissions(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let (first, first_editor) = submits_with(
        &app,
        71,
        ("Ada Osei", "ada@uni.example"),
        ("Marta Lindqvist", NEW_REVIEWER),
    )
    .await;
    let (second, second_editor) = submits_with(
        &app,
        72,
        ("Kim Lee", "kim.lee@hku.example"),
        ("Nils Berg", NILS),
    )
    .await;
    // Nils reviews Ada and Marta's manuscript, then Marta reviews Kim and Nils's.
    as_person(&app, &logins, &first_editor).await;
    let link = invite_by_address(&app, first, "Nils Berg", NILS).await;
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    submit_review_as(
        &mut app,
        &jar,
        &desk,
        "A sound cohort; the analysis needs an era term.",
        "",
    )
    .await;
    as_person(&app, &logins, &second_editor).await;
    let link = invite_by_address(&app, second, "Marta Lindqvist", NEW_REVIEWER).await;
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    submit_review_as(
        &mut app,
        &jar,
        &desk,
        "Clear imaging study; add inclusion criteria.",
        "",
    )
    .await;

    as_person(&app, &logins, HELEN).await;
    for id in [first, second] {
        let page = app.get(&format!("/editorial/submissions/{id}")).await;
        let signals = page.select(".integrity-signal").join("\n");
        assert!(
            signals.contains("Reciprocal reviewing")
                && signals.contains("is an author of another submission in the journal that one of this submission's authors reviewed"),
            "{id}: {signals}"
        );
        assert!(
            !signals.contains("RC-"),
            "names no other submission: {signals}"
        );
    }
    let page = app.get("/editorial/integrity").await;
    let people = page.select(".integrity-person").join("\n");
    assert!(
        people.contains("Marta Lindqvist") && people.contains("Nils Berg"),
        "{people}"
    );
}

crate::on_both_backends!(reciprocal_reviewing_raises_a_signal_on_both_submissions);
