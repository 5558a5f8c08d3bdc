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
