//! Peer review as the people do it: the handling editor invites, a reviewer accepts from
//! the e-mailed link (in a browser of their own), declares no competing interest, and
//! submits a review; one whole round of it.

use std::collections::HashMap;

use chrono::Duration;

use super::TestApp;
use super::manuscripts::{first_submission, pdf_bytes};
use super::people::{ATIF, Jar, LUKAS, NEW_REVIEWER, as_person, browse_as, new_jar, post_on_page};

/// The comments to the authors of [`one_review_round`]'s review.
pub const COMMENTS: &str =
    "The cohort is small but well described; please add the follow-up times.";
/// Its confidential comments to the editor.
pub const CONFIDENTIAL: &str = "Between us: borderline, I know this group's earlier work.";

/// A date `days` from today, as the forms take it.
pub fn in_days(days: i64) -> String {
    (chrono::Utc::now().date_naive() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The path of the invitation link in the newest e-mail to `email` that has one.
pub fn invitation_link(app: &TestApp, email: &str) -> Option<String> {
    app.link_in_last_mail_to(email, "/invitations/")
        .map(|l| l[l.find("/invitations/").unwrap()..].to_owned())
}

/// The signed-in editor invites someone by address; returns the path of the e-mailed link.
pub async fn invite_by_address(app: &TestApp, id: i64, name: &str, email: &str) -> String {
    let due = in_days(14);
    let page = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers"),
            &[
                ("name", name),
                ("email", email),
                ("due_on", &due),
                ("message", "Your work on BAP1 makes you an ideal reviewer."),
            ],
        )
        .await;
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/editorial/submissions/{id}").as_str()),
        "{name} invited: {}",
        page.visible_text()
    );
    invitation_link(app, email).expect("invitation link in the e-mail")
}

/// The demo loaded, Atif (its first submission's handling editor) signed in and Marta
/// Lindqvist, who has no account, invited by address to review it. Returns the demo's
/// logins, the submission and the path of her e-mailed link.
pub async fn marta_invited(app: &TestApp) -> (HashMap<String, String>, i64, String) {
    let logins = app.load_demo().await;
    let id = first_submission(app).await;
    as_person(app, &logins, ATIF).await;
    let link = invite_by_address(app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    (logins, id, link)
}

/// The reviewer in this browser accepts the invitation at `link` and declares no competing
/// interest; returns the path of their review desk.
pub async fn accept_and_declare(app: &TestApp, link: &str) -> String {
    let accepted = post_on_page(app, link, &format!("{link}/accept"), &[]).await;
    let desk = accepted.location.clone().expect("to the review desk");
    declare_none(app, &desk).await;
    desk
}

/// The reviewer at `desk` answers the declaration: no competing interest.
pub async fn declare_none(app: &TestApp, desk: &str) {
    post_on_page(
        app,
        desk,
        &format!("{desk}/declaration"),
        &[("answer", "none"), ("confidential", "yes")],
    )
    .await;
}

/// The reviewer with the e-mailed `link` (in a browser of their own) accepts and declares
/// no competing interest; returns their desk's path and their browser.
pub async fn accept_in_own_browser(app: &mut TestApp, link: &str) -> (String, Jar) {
    let jar = new_jar();
    let before = browse_as(app, &jar);
    let desk = accept_and_declare(app, link).await;
    browse_as(app, &before);
    (desk, jar)
}

/// The reviewer in this browser sends the review form at `desk` with `action` ("submit" a
/// review not yet sent, "revise" one that was); it must be taken. A reviewer of an earlier
/// round answers that their comments were fully addressed (the form asks only them).
pub async fn send_review(
    app: &TestApp,
    desk: &str,
    recommendation: &str,
    comments: &str,
    confidential: &str,
    action: &str,
) {
    app.post_multipart_taken(
        desk,
        &[
            ("recommendation", recommendation),
            ("comments_to_authors", comments),
            ("confidential_comments", confidential),
            ("earlier_comments", "fully"),
            ("action", action),
        ],
        &[],
    )
    .await;
}

/// The reviewer signed in as `jar` submits a minor-revision review with `comments` to the
/// authors and `confidential` comments to the editor.
pub async fn submit_review_as(
    app: &mut TestApp,
    jar: &Jar,
    desk: &str,
    comments: &str,
    confidential: &str,
) {
    let before = browse_as(app, jar);
    send_review(
        app,
        desk,
        "minor_revision",
        comments,
        confidential,
        "submit",
    )
    .await;
    browse_as(app, &before);
}

/// The reviewer with the e-mailed `link` (in their own browser) accepts, declares no
/// conflict and submits a review recommending `recommendation`. Returns their desk (to change
/// the review later) and their browser.
pub async fn review_from_link(
    app: &mut TestApp,
    link: &str,
    recommendation: &str,
    comments: &str,
) -> (String, Jar) {
    let (desk, jar) = accept_in_own_browser(app, link).await;
    let before = browse_as(app, &jar);
    send_review(app, &desk, recommendation, comments, "", "submit").await;
    browse_as(app, &before);
    (desk, jar)
}

/// Atif invites a new reviewer, who accepts, declares no conflict and reviews (a minor
/// revision, with [`COMMENTS`], [`CONFIDENTIAL`] and an annotated PDF).
pub async fn one_review_round(app: &mut TestApp, logins: &HashMap<String, String>, id: i64) {
    as_person(app, logins, ATIF).await;
    let link = invite_by_address(app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let (desk, jar) = accept_in_own_browser(app, &link).await;
    let editor_jar = browse_as(app, &jar);
    app.post_multipart_taken(
        &desk,
        &[
            ("recommendation", "minor_revision"),
            ("comments_to_authors", COMMENTS),
            ("confidential_comments", CONFIDENTIAL),
            ("action", "submit"),
        ],
        &[("attachment", "annotated.pdf", pdf_bytes())],
    )
    .await;
    browse_as(app, &editor_jar);
}

/// The handling editor (signed in) invites Lukas Weber, who has an account, to review `id`;
/// Lukas, signed in, accepts from the e-mailed link, declares no competing interest and sends
/// a minor-revision report. Returns his desk; whoever was signed in is signed out.
pub async fn lukas_reports(app: &TestApp, logins: &HashMap<String, String>, id: i64) -> String {
    let lukas = app.person_id(LUKAS).await.to_string();
    let due = in_days(14);
    let invited = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers"),
            &[("person_id", lukas.as_str()), ("due_on", due.as_str())],
        )
        .await;
    assert!(
        invited.status.is_redirection(),
        "{}",
        invited.visible_text()
    );
    let link = invitation_link(app, LUKAS).expect("Lukas's invitation");
    as_person(app, logins, LUKAS).await;
    let desk = accept_and_declare(app, &link).await;
    send_review(app, &desk, "minor_revision", COMMENTS, "", "submit").await;
    app.logout().await;
    desk
}
