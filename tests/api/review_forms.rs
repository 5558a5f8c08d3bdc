//! A collection's structured review form (issue 19 part 2), over HTTP on both backends: the
//! editor-in-chief defines it (bad input 422 and a stale tab 409, each with the input kept);
//! a reviewer answers it (a draft keeps the answers, required ones are refused only on
//! submitting, with the input kept); the editor reads the round's answers side by side; the
//! authors' letter quotes the shared answers and never the confidential ones; and a form
//! changed after a review was submitted leaves that review with its own questions.

use reqwest::StatusCode;

use crate::helpers::*;

pub const CLARITY: &str = "How clear is the writing?";
pub const TRUST: &str = "Can the data be trusted?";
pub const STRENGTHEN: &str = "What would strengthen the discussion?";
const DOUBT: &str = "The registry linkage is not described; I doubt the follow-up.";
const IDEA: &str = "Compare with the Nordic registry series.";

pub fn form_path(collection: i64) -> String {
    format!("/admin/collections/{collection}/review-form")
}

/// The signed-in editor-in-chief presses `action` on the review form's page with `fields`,
/// with the version the page was read at.
pub async fn press_form(
    app: &TestApp,
    collection: i64,
    fields: &[(&str, &str)],
    action: &str,
) -> Page {
    let path = form_path(collection);
    let page = app.get(&path).await;
    let read = page
        .attr("#question-form input[name=read]", "value")
        .unwrap_or_default();
    let mut all = fields.to_vec();
    all.push(("read", &read));
    all.push(("action", action));
    post_on_page(app, &path, &path, &all).await
}

/// The signed-in editor-in-chief defines three questions: a required 1–5 scale shown to
/// the authors ("v1"), a required yes/no confidential to the editors with a comment asked
/// for a "no" ("v2"), and an optional free text shown to the authors ("v3").
pub async fn define_form(app: &TestApp, collection: i64) {
    let questions: [&[(&str, &str)]; 3] = [
        &[
            ("text", CLARITY),
            ("kind", "scale"),
            ("points", "5"),
            ("labels", "Hard to follow\nVery clear"),
            ("required", "yes"),
            ("audience", "authors"),
        ],
        &[
            ("text", TRUST),
            ("kind", "yes_no"),
            ("comment_when", "no"),
            ("required", "yes"),
            ("audience", "editors"),
        ],
        &[
            ("text", STRENGTHEN),
            ("kind", "text"),
            ("audience", "authors"),
        ],
    ];
    for fields in questions {
        press_form(app, collection, fields, "save").await.taken();
    }
}

/// Long because it is one story: the form defined, refused twice with the input kept,
/// answered as a draft and refused on submitting, submitted, changed afterwards, and read
/// by the editor (side by side) and the author (the letter).
async fn a_structured_form_is_answered_and_each_reader_sees_their_part(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let collection = rare_cancers(&app).await.0;
    let id = first_submission(&app).await;
    as_person(&app, &logins, HELEN).await;
    let empty = app.get(&form_path(collection)).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(
        empty.select("#no-questions").len() == 1,
        "{}",
        empty.visible_text()
    );

    // A scale without its number of points: 422 beside the field, the question kept.
    let bad = press_form(
        &app,
        collection,
        &[
            ("text", CLARITY),
            ("kind", "scale"),
            ("points", "twelve"),
            ("audience", "authors"),
        ],
        "save",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.select("#points-error").len(),
        1,
        "{}",
        bad.visible_text()
    );
    assert_eq!(bad.select("textarea#text").join(""), CLARITY);
    define_form(&app, collection).await;
    let defined = app.get(&form_path(collection)).await;
    assert_eq!(
        defined.select(".question-text"),
        vec![CLARITY, TRUST, STRENGTHEN]
    );
    // A tab opened before the last question was added: 409, nothing saved, input kept.
    let stale = post_on_page(
        &app,
        &form_path(collection),
        &form_path(collection),
        &[
            ("text", "Is the title apt?"),
            ("kind", "text"),
            ("audience", "authors"),
            ("read", "2"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(
        stale.status,
        StatusCode::CONFLICT,
        "{}",
        stale.visible_text()
    );
    assert_eq!(stale.select("textarea#text").join(""), "Is the title apt?");
    assert_eq!(stale.select(".question-text").len(), 3);
    // The same question pressed again from the old tab is already there: nothing added.
    let again = post_on_page(
        &app,
        &form_path(collection),
        &form_path(collection),
        &[
            ("text", STRENGTHEN),
            ("kind", "text"),
            ("audience", "authors"),
            ("read", "2"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&form_path(collection))
            .await
            .select(".question-text")
            .len(),
        3
    );

    // Marta reviews: the questions come after the recommendation.
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let (desk, marta) = accept_in_own_browser(&mut app, &link).await;
    let editor = browse_as(&mut app, &marta);
    let page = app.get(&desk).await;
    assert_eq!(page.select("#question-v1 legend").join(""), CLARITY);
    assert!(
        page.select("#question-v3 label")
            .join("")
            .contains("(optional)")
    );
    // A draft may leave the required questions out, and keeps what it has.
    app.post_multipart_taken(
        &desk,
        &[("q_v1", "4"), ("q_v3", IDEA), ("action", "save")],
        &[],
    )
    .await;
    let draft = app.get(&desk).await;
    assert!(
        draft.attr("#q_v1-4", "checked").is_some(),
        "the draft keeps the scale"
    );
    assert_eq!(draft.select("textarea#q_v3").join(""), IDEA);
    // Submitting without the required yes/no, then without the comment its "no" asks for.
    let full = [
        ("recommendation", "major_revision"),
        ("comments_to_authors", COMMENTS),
        ("confidential_comments", CONFIDENTIAL),
        ("q_v1", "4"),
        ("q_v3", IDEA),
        ("action", "submit"),
    ];
    let refused = app.post_multipart(&desk, &full, &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.select("#q_v2-error").len(),
        1,
        "{}",
        refused.visible_text()
    );
    assert!(refused.attr("#q_v1-4", "checked").is_some(), "input kept");
    assert_eq!(
        refused.select("textarea#comments_to_authors").join(""),
        COMMENTS
    );
    assert_eq!(refused.select("textarea#q_v3").join(""), IDEA);
    let mut no = full.to_vec();
    no.push(("q_v2", "no"));
    let refused = app.post_multipart(&desk, &no, &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.select("#q_v2_comment-error").len(), 1);
    assert!(refused.attr("#q_v2-no", "checked").is_some());
    no.push(("q_v2_comment", DOUBT));
    app.post_multipart_taken(&desk, &no, &[]).await;
    browse_as(&mut app, &editor);

    // The form changes after the review was submitted: the review keeps its questions.
    as_person(&app, &logins, HELEN).await;
    press_form(
        &app,
        collection,
        &[
            ("key", "v1"),
            ("text", "How readable is it?"),
            ("kind", "scale"),
            ("points", "3"),
            ("audience", "authors"),
        ],
        "save",
    )
    .await
    .taken();
    press_form(&app, collection, &[("key", "v3")], "remove")
        .await
        .taken();
    let now = app.get(&form_path(collection)).await;
    assert_eq!(
        now.select(".question-text"),
        vec!["How readable is it?", TRUST]
    );
    browse_as(&mut app, &marta);
    let sent = app.get(&desk).await.select(".review").join(" ");
    assert!(sent.contains(CLARITY) && sent.contains("4 of 5"), "{sent}");
    assert!(sent.contains(STRENGTHEN) && sent.contains(IDEA), "{sent}");
    assert!(!sent.contains("How readable"), "{sent}");
    browse_as(&mut app, &editor);

    // The editor reads the round side by side: question rows, one column a reviewer.
    as_person(&app, &logins, ATIF).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    let table = editorial.select("#answers-round-1").join(" ");
    for shown in [
        "Reviewer 1",
        "Major revision",
        CLARITY,
        "4 of 5",
        TRUST,
        "No",
        DOUBT,
        IDEA,
    ] {
        assert!(table.contains(shown), "{shown} in {table}");
    }

    // The letter quotes the shared answers, never the confidential ones.
    let sent = send_decision(&app, id, "major_revision", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    let mail = app
        .mails_to(SOFIA)
        .into_iter()
        .find(|m| m.contains("Decision on"))
        .expect("the decision letter is e-mailed");
    for shared in [CLARITY, "4 of 5", STRENGTHEN, IDEA] {
        assert!(mail.contains(shared), "{shared} in {mail}");
    }
    for hidden in [TRUST, DOUBT, CONFIDENTIAL] {
        assert!(!mail.contains(hidden), "{hidden} in {mail}");
    }
    as_person(&app, &logins, SOFIA).await;
    let author = app.get(&format!("/submissions/{id}")).await.visible_text();
    assert!(
        author.contains(CLARITY) && author.contains(IDEA),
        "{author}"
    );
    for hidden in [TRUST, DOUBT, CONFIDENTIAL] {
        assert!(!author.contains(hidden), "{hidden} on the author's page");
    }
}

crate::on_both_backends!(a_structured_form_is_answered_and_each_reader_sees_their_part);

/// Who may open the form's page: the editor-in-chief; a handling editor gets 404, as for a
/// collection that does not exist, and her POST changes nothing.
async fn only_who_may_edit_the_collection_changes_its_form(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let collection = rare_cancers(&app).await.0;
    as_person(&app, &logins, ATIF).await;
    assert_eq!(
        app.get(&form_path(collection)).await.status,
        StatusCode::NOT_FOUND
    );
    let refused = app
        .post_form(
            &form_path(collection),
            &[
                ("text", CLARITY),
                ("kind", "text"),
                ("audience", "authors"),
                ("read", "0"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    as_person(&app, &logins, HELEN).await;
    let page = app.get(&form_path(collection)).await;
    assert_eq!(page.select(".question-text").len(), 0);
}

crate::on_both_backends!(only_who_may_edit_the_collection_changes_its_form);
