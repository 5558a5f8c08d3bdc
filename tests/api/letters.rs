//! A collection's own letters (issue 18 part 3), over HTTP on both backends: a letter saved
//! by the editor-in-chief is the one the next invitation is sent with; an unknown
//! placeholder and a dropped link are refused with the input kept; the history, restoring
//! and "Back to the default"; the decision form starting from the collection's letter; who
//! may open the pages, and a preview that never shows a manuscript she is conflicted with.

use reqwest::StatusCode;

use crate::helpers::*;

const SUBJECT: &str = "Would you review {{ manuscript_number }} for us, {{ name }}?";
const BODY: &str = "Dear {{ name }},\n\nThe Rare cancers office asks you to review \"{{ title }}\".\n{% if message %}\n    {{ message }}\n{% endif %}\nAnswer here: {{ link }}\n\nDue {{ due }}.\n";

async fn collection_id(app: &TestApp) -> i64 {
    rare_cancers(app).await.0
}

/// `text` with its white space as a page's text shows it.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn letter_path(collection: i64, letter: &str) -> String {
    format!("/admin/collections/{collection}/letters/{letter}")
}

/// Helen (signed in) presses `action` ("preview" or "save") on the letter's form.
async fn press(app: &TestApp, path: &str, fields: &[(&str, &str)], action: &str) -> Page {
    let page = app.get(path).await;
    let read = page.attr("input[name=read]", "value").unwrap_or_default();
    // The browser sends the choice the page shows selected, unless the test chose.
    let chosen = page
        .attr("#submission option[selected]", "value")
        .unwrap_or_default();
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push(("read", &read));
    if !fields.iter().any(|(k, _)| *k == "submission") {
        all.push(("submission", &chosen));
    }
    all.push(("action", action));
    post_on_page(app, path, path, &all).await
}

async fn versions(app: &TestApp, collection: i64, letter: &'static str) -> Vec<(i32, String)> {
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::letter_versions as lv;
        lv::table
            .filter(lv::collection_id.eq(collection))
            .filter(lv::letter.eq(letter))
            .order(lv::version)
            .select((lv::version, lv::origin))
            .load(conn)
            .unwrap()
    })
    .await
}

/// Long because it is one story: the letter edited, previewed, saved, and used by the next
/// invitation, which lands in the outbox once.
async fn a_saved_letter_words_the_next_invitation(backend: Backend) {
    let app = spawn_app_with(backend, &[("PEERDESK_MAIL_WORKER", "off")]).await;
    let logins = app.load_demo().await;
    let collection = collection_id(&app).await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, HELEN).await;
    let path = letter_path(collection, "reviewer_invited");
    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = page.select("textarea#body").join("");
    assert!(body.contains("{{ link }}"), "the shipped default: {body}");
    assert!(body.contains("{% if message %}"), "{body}");
    let listed = page.select("#placeholders dt").join(" ");
    assert!(
        listed.contains("{{ link }}") && listed.contains("(needed)"),
        "{listed}"
    );

    // The preview shows a real submission of the collection, and saves nothing.
    let preview = press(
        &app,
        &path,
        &[("subject", SUBJECT), ("body", BODY)],
        "preview",
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.visible_text());
    let shown = preview.select("#letter-preview").join(" ");
    assert!(shown.contains("Preview: for RC-"), "{shown}");
    assert!(
        shown.contains("The Rare cancers office asks you"),
        "{shown}"
    );
    assert!(
        !shown.contains("{{"),
        "every placeholder filled in: {shown}"
    );
    assert!(
        versions(&app, collection, "reviewer_invited")
            .await
            .is_empty()
    );
    assert_eq!(
        words(&preview.select("textarea#body").join("")),
        words(BODY)
    );

    let saved = press(&app, &path, &[("subject", SUBJECT), ("body", BODY)], "save").await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );
    assert_eq!(
        versions(&app, collection, "reviewer_invited").await.len(),
        1
    );
    let list = app
        .get(&format!("/admin/collections/{collection}/letters"))
        .await;
    let line = list.select("#letter-reviewer_invited").join(" ");
    assert!(line.contains("version 1, by Helen Marsh"), "{line}");

    // Atif invites a reviewer: the message is the collection's, with her link.
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let sent: Vec<_> = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "reviewer_invited" && m.to_address == NEW_REVIEWER)
        .collect();
    assert_eq!(sent.len(), 1, "queued once");
    let m = &sent[0];
    assert!(
        m.subject.starts_with("Would you review RC-"),
        "{}",
        m.subject
    );
    assert!(
        m.subject.ends_with("for us, Marta Lindqvist?"),
        "{}",
        m.subject
    );
    assert!(
        m.body_text
            .starts_with("Dear Marta Lindqvist,\n\nThe Rare cancers office"),
        "{}",
        m.body_text
    );
    assert!(m.body_text.contains(&link), "{}", m.body_text);
    assert!(
        m.body_text
            .contains("\n    Your work on BAP1 makes you an ideal reviewer.\n"),
        "the editor's message, in its section: {}",
        m.body_text
    );
    assert!(
        m.body_html.contains("<a href=\"http"),
        "the link made clickable: {}",
        m.body_html
    );
    // The link works: the invitation page opens from it.
    assert_eq!(app.get(&link).await.status, StatusCode::OK);
}

crate::on_both_backends!(a_saved_letter_words_the_next_invitation);

/// Long because it is one table of refusals: an unknown name, a dropped link, a stale form.
async fn bad_letters_are_refused_with_the_input_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let collection = collection_id(&app).await;
    as_person(&app, &logins, HELEN).await;
    let path = letter_path(collection, "reviewer_invited");

    let typo = "Dear {{ reviewer_nmae }},\n\nPlease answer: {{ link }}\n";
    let page = press(
        &app,
        &path,
        &[("subject", "Review?"), ("body", typo)],
        "save",
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = page.field_error("body").unwrap_or_default();
    assert!(
        error.contains("{{ reviewer_nmae }} is not a placeholder"),
        "{error}"
    );
    assert_eq!(
        words(&page.select("textarea#body").join("")),
        words(typo),
        "the input is kept"
    );
    assert_eq!(page.attr("#subject", "value").as_deref(), Some("Review?"));

    let no_link = "Dear {{ name }},\n\nPlease review {{ title }}.\n";
    let page = press(
        &app,
        &path,
        &[("subject", "Review?"), ("body", no_link)],
        "save",
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = page.field_error("body").unwrap_or_default();
    assert!(error.contains("needs {{ link }}"), "{error}");
    assert_eq!(
        words(&page.select("textarea#body").join("")),
        words(no_link)
    );
    // A preview is refused the same way: nothing is rendered from a bad template.
    let page = press(
        &app,
        &path,
        &[("subject", "Review?"), ("body", no_link)],
        "preview",
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.select("#letter-preview").is_empty());
    assert!(
        versions(&app, collection, "reviewer_invited")
            .await
            .is_empty(),
        "nothing saved"
    );

    // A form read before someone else saved: refused (409), the text kept, nothing saved.
    let saved = press(
        &app,
        &path,
        &[("subject", "Review?"), ("body", "Mine. {{ link }}")],
        "save",
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let stale = "Stale wording. {{ link }}\n";
    let page = post_on_page(
        &app,
        &path,
        &path,
        &[
            ("subject", "Review?"),
            ("body", stale),
            ("read", "0"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(
        page.field_error("body")
            .unwrap_or_default()
            .contains("Someone saved version 1")
    );
    assert_eq!(words(&page.select("textarea#body").join("")), words(stale));
    assert_eq!(
        versions(&app, collection, "reviewer_invited").await.len(),
        1
    );
}

crate::on_both_backends!(bad_letters_are_refused_with_the_input_kept);

/// Long because it is one story: two versions, a restore, the invitation, the default again.
async fn versions_are_kept_and_restored(backend: Backend) {
    let app = spawn_app_with(backend, &[("PEERDESK_MAIL_WORKER", "off")]).await;
    let logins = app.load_demo().await;
    let collection = collection_id(&app).await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, HELEN).await;
    let path = letter_path(collection, "reviewer_invited");
    let first = "First wording. {{ link }}\n";
    let second = "Second wording. {{ link }}\n";
    for body in [first, second] {
        let saved = press(
            &app,
            &path,
            &[
                ("subject", "Review {{ manuscript_number }}"),
                ("body", body),
            ],
            "save",
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
    }
    let restored = post_on_page(&app, &path, &format!("{path}/restore"), &[("version", "1")]).await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    let page = app.get(&path).await;
    assert_eq!(
        words(&page.select("textarea#body").join("")),
        words(first),
        "version 1 in force again"
    );
    let history = page.select("#history tbody tr").join("\n");
    assert!(history.contains("Version 1 restored"), "{history}");
    assert!(history.contains("Helen Marsh"), "{history}");
    assert_eq!(
        versions(&app, collection, "reviewer_invited").await,
        vec![
            (1, "edited".into()),
            (2, "edited".into()),
            (3, "restored".into())
        ]
    );
    // A restore of a version that does not exist answers 404 and adds nothing.
    let missing = post_on_page(&app, &path, &format!("{path}/restore"), &[("version", "9")]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    as_person(&app, &logins, ATIF).await;
    invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let m = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "reviewer_invited" && m.to_address == NEW_REVIEWER)
        .expect("the invitation");
    assert!(
        m.body_text.starts_with("First wording. "),
        "{}",
        m.body_text
    );

    // Back to the default: the shipped invitation again.
    as_person(&app, &logins, HELEN).await;
    let back = post_on_page(
        &app,
        &path,
        &format!("{path}/restore"),
        &[("version", "default")],
    )
    .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    as_person(&app, &logins, ATIF).await;
    invite_by_address(&app, id, "Nils Berg", NILS).await;
    let m = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "reviewer_invited" && m.to_address == NILS)
        .expect("the second invitation");
    assert!(
        m.body_text.contains("invites you to review the manuscript"),
        "{}",
        m.body_text
    );
}

crate::on_both_backends!(versions_are_kept_and_restored);

/// Long because it is one story: the chief words the minor-revision letter, the handling
/// editor's form starts from it with the review quoted, and the e-mail has its subject.
async fn the_decision_form_starts_from_the_collections_letter(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let collection = collection_id(&app).await;
    let id = first_submission(&app).await;
    one_review_round(&mut app, &logins, id).await;
    as_person(&app, &logins, HELEN).await;
    let path = letter_path(collection, "decision_minor_revision");
    let dropped = press(
        &app,
        &path,
        &[
            ("subject", "Revise {{ manuscript_number }}"),
            ("body", "Dear {{ author_name }}, please revise.\n"),
        ],
        "save",
    )
    .await;
    assert_eq!(
        dropped.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a revision's letter quotes the reviews"
    );
    assert!(
        dropped
            .field_error("body")
            .unwrap_or_default()
            .contains("{{ reviews }}")
    );
    let body = "Dear {{ author_name }},\n\nThe Rare cancers editors ask for a few changes to \"{{ title }}\".\n\n{{ reviews }}\n\nWith best wishes,\n{{ editor_name }}\n";
    let saved = press(
        &app,
        &path,
        &[
            ("subject", "Please revise {{ manuscript_number }}"),
            ("body", body),
        ],
        "save",
    )
    .await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );

    as_person(&app, &logins, ATIF).await;
    let page = app
        .get(&format!("{}?kind=minor_revision", decision_path(id)))
        .await;
    // The textarea as sent back by a browser (the page's text shows it on one line).
    let draft = page
        .html
        .select(&scraper::Selector::parse("textarea#letter").unwrap())
        .next()
        .map(|t| t.text().collect::<String>())
        .unwrap_or_default();
    assert!(
        draft.starts_with("Dear Sofia Bianchi,\n\nThe Rare cancers editors ask"),
        "{draft}"
    );
    assert!(
        draft.contains("Reviewer 1:\n\n> The cohort is small"),
        "the review quoted: {draft}"
    );
    assert!(
        !draft.contains(CONFIDENTIAL) && !draft.contains("Marta"),
        "{draft}"
    );
    assert!(
        draft
            .trim_end()
            .ends_with("With best wishes,\nAtif A. Ahmed"),
        "{draft}"
    );
    // Another kind keeps the shipped letter.
    let reject = app.get(&format!("{}?kind=reject", decision_path(id))).await;
    assert!(
        reject
            .select("textarea#letter")
            .join("")
            .contains("cannot be accepted")
    );

    let edited = format!("{draft}\nP.S. Thank you.");
    let sent = send_decision(&app, id, "minor_revision", Some(&edited)).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    let m = app
        .outbox()
        .into_iter()
        .rfind(|m| m.kind == "decision_letter" && m.to_address == SOFIA)
        .expect("the letter");
    assert!(m.subject.starts_with("Please revise RC-"), "{}", m.subject);
    assert!(m.body_text.contains("P.S. Thank you."), "{}", m.body_text);
}

crate::on_both_backends!(the_decision_form_starts_from_the_collections_letter);

/// Long because it is one table of people, then the conflict.
async fn only_the_chief_opens_them_and_never_previews_a_conflicted_manuscript(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let collection = collection_id(&app).await;
    let path = letter_path(collection, "reviewer_invited");
    let pages = [
        ("GET", format!("/admin/collections/{collection}/letters")),
        ("GET", path.clone()),
        ("POST", path.clone()),
        ("POST", format!("{path}/restore")),
    ];
    for who in [ATIF, BRUNA, KOFI, SOFIA, DANIEL] {
        as_person(&app, &logins, who).await;
        for (method, page) in &pages {
            let got = if *method == "GET" {
                app.get(page).await.status
            } else {
                app.post_form(
                    page,
                    &[
                        ("subject", "x"),
                        ("body", "{{ link }}"),
                        ("version", "default"),
                    ],
                )
                .await
                .status
            };
            assert_eq!(got, StatusCode::NOT_FOUND, "{who} {method} {page}");
        }
    }
    as_person(&app, &logins, HELEN).await;
    assert_eq!(
        app.get(&letter_path(collection, "no_such_letter"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&letter_path(999_999, "reviewer_invited"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let id = first_submission(&app).await;
    let title = "Germline BAP1";
    let page = app.get(&path).await;
    assert!(
        page.select("#submission option").join(" ").contains(title),
        "offered before the conflict"
    );

    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    as_person(&app, &logins, HELEN).await;
    let page = app.get(&path).await;
    assert!(!page.text.contains(title), "never offered once conflicted");
    // Asked for it all the same: the preview shows the sample, never the manuscript.
    let id = id.to_string();
    let preview = press(
        &app,
        &path,
        &[
            ("subject", "S {{ title }}"),
            ("body", "{{ title }} {{ link }}"),
            ("submission", id.as_str()),
        ],
        "preview",
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(!preview.text.contains(title), "{}", preview.visible_text());
    assert_eq!(
        preview.select("#preview-sample").len(),
        1,
        "labelled as a sample"
    );
}

crate::on_both_backends!(only_the_chief_opens_them_and_never_previews_a_conflicted_manuscript);
