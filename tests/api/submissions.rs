//! Authors submit Research Articles: the form, drafts, refusals that leave nothing behind,
//! idempotent submits, the author's pages, downloads and withdrawal.

use chrono::Datelike;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::{Backend, Page, TestApp, spawn_app, spawn_app_with};
use peerdesk::db::collections;
use peerdesk::db::schema::{submission_files, submissions};

const PASSWORD: &str = "a long enough passphrase 42";

/// A small but well-formed PDF.
pub fn pdf_bytes() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// Registers, confirms and signs in an author.
pub async fn signed_in_author(app: &TestApp, name: &str, email: &str) {
    app.register_verified(name, email, PASSWORD).await;
    let page = app.login(email, PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "login");
}

/// The seeded collection's id and first topic.
pub async fn rare_cancers(app: &TestApp) -> (i64, String) {
    app.with_db(|conn| {
        let c = collections::find_collection_by_slug(conn, "rare-cancers")
            .unwrap()
            .unwrap();
        let topic = collections::topics_of(conn, c.id).unwrap().remove(0);
        (c.id, topic)
    })
    .await
}

/// A complete submission form: two authors, the first corresponding.
pub fn complete_form(collection_id: i64, topic: &str, key: &str) -> Vec<(String, String)> {
    [
        ("idempotency_key", key),
        ("collection", &collection_id.to_string()),
        ("article_type", "Research Article"),
        ("title", "Outcomes of retinoblastoma in a national cohort"),
        (
            "abstract_text",
            "Background: retinoblastoma is rare. Methods: we followed a national cohort. Results: survival improved. Conclusions: care works.",
        ),
        ("keywords", "retinoblastoma, survival, cohort"),
        ("topics", topic),
        ("rare_cancer_type", "Retinoblastoma"),
        ("author_name_0", "Ada Osei"),
        ("author_email_0", "ada@uni.example"),
        ("author_affiliation_0", "University of Ghana, Accra, Ghana"),
        ("author_orcid_0", ""),
        ("author_name_1", "Ben Moller"),
        ("author_email_1", "ben@clinic.example"),
        ("author_affiliation_1", "Aarhus University Hospital, Denmark"),
        ("author_orcid_1", "0000-0002-1825-0097"),
        ("corresponding", "0"),
        ("competing_interests", "none"),
        ("competing_interests_details", ""),
        ("ethics_statement", "Approved by the national ethics board (ref. 2024-17)."),
        ("data_availability", "Available from the corresponding author on request."),
        ("funding", "None"),
        ("cover_letter", "We believe this fits the collection."),
        ("action", "submit"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn with(fields: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields.iter().filter(|(k, _)| k != key).cloned().collect();
    out.push((key.to_owned(), value.to_owned()));
    out
}

fn without(fields: &[(String, String)], key: &str) -> Vec<(String, String)> {
    fields.iter().filter(|(k, _)| k != key).cloned().collect()
}

async fn post(
    app: &TestApp,
    path: &str,
    fields: &[(String, String)],
    files: &[(&str, &str, Vec<u8>)],
) -> Page {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_multipart(path, &refs, files).await
}

async fn submission_count(app: &TestApp) -> i64 {
    app.with_db(|conn| submissions::table.count().get_result::<i64>(conn).unwrap())
        .await
}

async fn file_row_count(app: &TestApp) -> i64 {
    app.with_db(|conn| {
        submission_files::table
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    })
    .await
}

/// Files in the store (temporary files included: nothing may be left behind).
fn files_on_disk(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        let p = e.path();
                        if p.is_dir() { walk(&p) } else { 1 }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(&app.state.config.files_dir)
}

/// (what, fields, files, the field whose error shows, part of the message).
type RefusalCase<'a> = (
    &'a str,
    Vec<(String, String)>,
    Vec<(&'a str, &'a str, Vec<u8>)>,
    &'a str,
    &'a str,
);

fn key(n: u8) -> String {
    format!("{n:032x}")
}

async fn an_author_submits_a_research_article(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;

    // The form comes preselected from the collection page, the submitter as first author.
    let form = app.get("/submissions/new?collection=rare-cancers").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(
        form.attr("#collection option[selected]", "value"),
        Some(collection_id.to_string())
    );
    assert_eq!(
        form.attr("#author_name_0", "value").as_deref(),
        Some("Ada Osei")
    );
    assert_eq!(
        form.attr("#author_email_0", "value").as_deref(),
        Some("ada@uni.example")
    );
    assert!(
        form.attr("input[name=idempotency_key]", "value")
            .is_some_and(|k| k.len() == 32)
    );

    let fields = complete_form(collection_id, &topic, &key(1));
    let done = post(
        &app,
        "/submissions/new",
        &fields,
        &[("manuscript", "paper.pdf", pdf_bytes())],
    )
    .await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        done.visible_text()
    );
    let location = done.location.clone().unwrap();
    let page = app.get(&location).await;
    assert_eq!(page.status, StatusCode::OK);
    let number = format!("RC-{}-0001", chrono::Utc::now().year());
    assert!(page.text.contains(&number), "the number is shown");
    assert_eq!(page.select("#state"), vec!["Submitted".to_owned()]);
    assert!(page.visible_text().contains("Submitted by you"), "timeline");
    assert!(
        page.visible_text()
            .contains("The authors declare that they have no competing interests.")
    );

    // Through the outbox: a receipt to the corresponding author, a notice to the co-author,
    // both threaded under the number.
    let outbox = app.outbox();
    let receipt = outbox
        .iter()
        .find(|m| m.kind == "submission_received")
        .expect("receipt");
    assert_eq!(receipt.to_address, "ada@uni.example");
    assert_eq!(receipt.thread_key.as_deref(), Some(number.as_str()));
    assert!(receipt.subject.contains(&number));
    let notice = outbox
        .iter()
        .find(|m| m.kind == "co_author_listed")
        .expect("co-author notice");
    assert_eq!(notice.to_address, "ben@clinic.example");
    assert!(notice.body_text.contains("Ada Osei"));
    assert_eq!(
        notice.reply_to.as_deref(),
        Some(app.state.config.office_email.as_str()),
        "a wrongly listed co-author's reply reaches the editorial office"
    );
    assert!(notice.body_text.contains(&app.state.config.office_email));

    // "My submissions" lists it.
    let list = app.get("/submissions").await;
    assert!(list.visible_text().contains(&number));
    assert!(list.visible_text().contains("Outcomes of retinoblastoma"));

    // The file: stored once, served as an attachment with its type.
    assert_eq!(files_on_disk(&app), 1);
    let href = page.attr("a[download]", "href").expect("download link");
    let resp = app.client.get(app.url(&href)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains(&number), "{disposition}");
    assert_eq!(resp.bytes().await.unwrap().to_vec(), pdf_bytes());

    // Nobody else sees it: the same 404 as for nothing at all.
    app.logout().await;
    signed_in_author(&app, "Carl Stranger", "carl@elsewhere.example").await;
    assert_eq!(app.get(&location).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&href).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/submissions/999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.get("/submissions")
            .await
            .visible_text()
            .contains(&number)
    );
}

async fn refused_inputs_leave_no_row_and_no_file(backend: Backend) {
    // A small limit, so "over the limit" needs no large upload.
    let app = spawn_app_with(backend, &[("PEERDESK_MAX_UPLOAD_BYTES", "4096")]).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let good = complete_form(collection_id, &topic, &key(2));
    let pdf = || vec![("manuscript", "paper.pdf", pdf_bytes())];
    let mut big_pdf = pdf_bytes();
    big_pdf.splice(10..10, std::iter::repeat_n(b' ', 5000));

    let cases: Vec<RefusalCase> = vec![
        (
            "a Case Report",
            with(&good, "article_type", "Case Report"),
            pdf(),
            "article_type",
            "BMC Cancer is not considering case reports",
        ),
        (
            "no competing-interests answer",
            without(&good, "competing_interests"),
            pdf(),
            "competing_interests",
            "Answer the competing-interests question",
        ),
        (
            "a bad ORCID checksum",
            with(&good, "author_orcid_1", "0000-0002-1825-0098"),
            pdf(),
            "author_orcid_1",
            "ORCID",
        ),
        (
            "the same ORCID iD for two authors",
            with(
                &good,
                "author_orcid_0",
                "https://orcid.org/0000-0002-1825-0097",
            ),
            pdf(),
            "author_orcid_1",
            "Author 2: this ORCID iD is already given for author 1",
        ),
        (
            "a text file renamed .pdf",
            good.clone(),
            vec![(
                "manuscript",
                "paper.pdf",
                b"This is plain text, not a PDF.".to_vec(),
            )],
            "manuscript",
            "is not a PDF or Word (DOCX) file",
        ),
        (
            "a file over the limit",
            good.clone(),
            vec![("manuscript", "big.pdf", big_pdf.clone())],
            "manuscript",
            "files may be at most",
        ),
        (
            "an empty title",
            with(&good, "title", "   "),
            pdf(),
            "title",
            "Enter the title",
        ),
        (
            "no manuscript",
            good.clone(),
            vec![],
            "manuscript",
            "Attach the manuscript",
        ),
    ];
    for (what, fields, files, field, message) in cases {
        let page = post(&app, "/submissions/new", &fields, &files).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        let error = page
            .field_error(field)
            .unwrap_or_else(|| panic!("{what}: no error beside {field}"));
        assert!(error.contains(message), "{what}: {error}");
        // Everything typed is still there.
        let kept_title = fields
            .iter()
            .find(|(k, _)| k == "title")
            .map(|(_, v)| v.trim().to_owned());
        assert_eq!(
            page.attr("#title", "value").map(|v| v.trim().to_owned()),
            kept_title,
            "{what}"
        );
        assert_eq!(
            page.attr("#author_email_1", "value").as_deref(),
            Some("ben@clinic.example"),
            "{what}"
        );
        assert_eq!(submission_count(&app).await, 0, "{what}: no row");
        assert_eq!(file_row_count(&app).await, 0, "{what}: no file row");
        assert_eq!(files_on_disk(&app), 0, "{what}: no file");
    }
    assert!(app.outbox().iter().all(|m| m.kind != "submission_received"));

    // The type list offers what the collection accepts; a type it refuses, held by the
    // form, is marked so (and refused, as above).
    let fresh = app.get("/submissions/new?collection=rare-cancers").await;
    assert_eq!(
        fresh.select("#article_type option"),
        vec!["Research Article"]
    );
    let case_report = post(
        &app,
        "/submissions/new",
        &with(&good, "article_type", "Case Report"),
        &pdf(),
    )
    .await;
    assert_eq!(
        case_report.select("#article_type option[selected]"),
        vec!["Case Report (not accepted by this collection)"]
    );
    // The limit is said in the unit it is set in.
    assert!(
        fresh
            .select("#manuscript-hint")
            .join("")
            .contains("at most 4 KiB"),
        "{:?}",
        fresh.select("#manuscript-hint")
    );

    // A collection past its closing date refuses, with its date.
    app.with_db(move |conn| {
        use peerdesk::db::schema::collections as c;
        let yesterday = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
        diesel::update(c::table.find(collection_id))
            .set((
                c::opens_on.eq(yesterday - chrono::Duration::days(30)),
                c::closes_on.eq(Some(yesterday)),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;
    let page = post(&app, "/submissions/new", &good, &pdf()).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.field_error("collection")
            .unwrap()
            .contains("closed to submissions")
    );
    assert_eq!(submission_count(&app).await, 0);
    assert_eq!(files_on_disk(&app), 0);
}

async fn a_double_submit_makes_one_submission(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let fields = complete_form(collection_id, &topic, &key(3));
    let files = vec![("manuscript", "paper.pdf", pdf_bytes())];
    // Two at once (a double click), then the same form again later (a resent form).
    let (a, b) = tokio::join!(
        post(&app, "/submissions/new", &fields, &files),
        post(&app, "/submissions/new", &fields, &files)
    );
    let c = post(&app, "/submissions/new", &fields, &files).await;
    for page in [&a, &b, &c] {
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{}",
            page.visible_text()
        );
    }
    assert_eq!(a.location, b.location);
    assert_eq!(a.location, c.location);
    assert_eq!(submission_count(&app).await, 1);
    assert_eq!(file_row_count(&app).await, 1);
    let receipts = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "submission_received")
        .count();
    assert_eq!(receipts, 1);
}

async fn drafts_are_saved_and_finished_later(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(4));

    // Row buttons change the form without writing anything.
    let added = post(
        &app,
        "/submissions/new",
        &with(&full, "action", "add_author"),
        &[],
    )
    .await;
    assert_eq!(added.status, StatusCode::OK);
    assert!(
        added.attr("#author_name_2", "value").is_some(),
        "a third author row"
    );
    let moved = post(
        &app,
        "/submissions/new",
        &with(&full, "action", "author_down:0"),
        &[],
    )
    .await;
    assert_eq!(
        moved.attr("#author_name_0", "value").as_deref(),
        Some("Ben Moller")
    );
    assert_eq!(
        moved.attr("#corresponding_1", "checked").as_deref(),
        Some(""),
        "the corresponding author moves along"
    );
    assert_eq!(submission_count(&app).await, 0);

    // Save a half-finished draft with its manuscript.
    let partial: Vec<(String, String)> = full
        .iter()
        .filter(|(k, _)| !["abstract_text", "funding", "competing_interests"].contains(&k.as_str()))
        .cloned()
        .collect();
    let saved = post(
        &app,
        "/submissions/new",
        &with(&partial, "action", "save"),
        &[("manuscript", "paper.pdf", pdf_bytes())],
    )
    .await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );
    let edit = saved.location.clone().unwrap();
    assert!(edit.ends_with("/edit"), "{edit}");
    let draft = app.get(&edit).await;
    assert_eq!(
        draft.attr("#title", "value").as_deref(),
        Some("Outcomes of retinoblastoma in a national cohort")
    );
    assert!(
        draft.visible_text().contains("paper.pdf"),
        "the attached manuscript is listed"
    );
    assert!(
        app.get("/submissions")
            .await
            .visible_text()
            .contains("Draft")
    );
    assert!(
        app.outbox().iter().all(|m| m.kind != "submission_received"),
        "a draft sends nothing"
    );

    // Submitting the draft with errors changes nothing; completing it submits it, with the
    // manuscript already attached.
    let refused = post(&app, &edit, &with(&partial, "action", "submit"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("abstract_text").is_some());
    assert!(
        refused.field_error("manuscript").is_none(),
        "the draft's manuscript counts"
    );
    let done = post(&app, &edit, &full, &[]).await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        done.visible_text()
    );
    let page = app.get(done.location.as_deref().unwrap()).await;
    assert_eq!(page.select("#state"), vec!["Submitted".to_owned()]);
    assert_eq!(submission_count(&app).await, 1);
    // The draft form is gone once submitted.
    let again = app.get(&edit).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
}

/// Issue #25, item 3: two browsers on one draft. Both open it; one saves a new title, the
/// other (opened before) a new cover letter: the second is told what differs, nothing of it
/// is saved, the first's title stays, and its own input is kept to save again knowingly.
/// Two presses of "Save draft" with the same content are one save, not a conflict.
async fn two_browsers_on_one_draft_never_lose_a_write_silently(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(9));
    let saved = post(
        &app,
        "/submissions/new",
        &with(&full, "action", "save"),
        &[],
    )
    .await;
    let edit = saved.location.unwrap();
    let form = app.get(&edit).await;
    let read_at = form
        .attr("#submission-form input[name=read_at]", "value")
        .expect("the form says what it was read at");
    let base = with(&with(&full, "read_at", &read_at), "action", "save");

    // Browser one: a new title.
    let one = with(&base, "title", "A new title from the first browser");
    let first = post(&app, &edit, &one, &[]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    // The same press again (a double click): one save, no conflict.
    let again = post(&app, &edit, &one, &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);

    // Browser two, opened before: a new cover letter, the old title.
    let two = with(
        &base,
        "cover_letter",
        "A cover letter from the second browser.",
    );
    let second = post(&app, &edit, &two, &[]).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    let told = second.select(".error-summary").join(" ");
    assert!(told.contains("saved from another tab"), "{told}");
    assert!(
        told.contains("Title") && told.contains("Cover letter"),
        "{told}"
    );
    assert!(
        second
            .text
            .contains("A cover letter from the second browser."),
        "its input is kept"
    );
    let title: String = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::title)
                .first(conn)
                .unwrap()
        })
        .await;
    assert_eq!(title, "A new title from the first browser", "nothing lost");

    // Saving again from that page is a choice made knowing the newer version.
    let newer = second
        .attr("#submission-form input[name=read_at]", "value")
        .unwrap();
    assert_ne!(newer, read_at);
    let kept = with(
        &with(&two, "read_at", &newer),
        "title",
        "A new title from the first browser",
    );
    let third = post(&app, &edit, &kept, &[]).await;
    assert_eq!(third.status, StatusCode::SEE_OTHER);
    let (title, letter): (String, String) = app
        .with_db(|conn| {
            submissions::table
                .select((submissions::title, submissions::cover_letter))
                .first(conn)
                .unwrap()
        })
        .await;
    assert_eq!(title, "A new title from the first browser");
    assert_eq!(letter, "A cover letter from the second browser.");
}

async fn a_discarded_draft_leaves_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(5));
    let saved = post(
        &app,
        "/submissions/new",
        &with(&full, "action", "save"),
        &[("manuscript", "paper.pdf", pdf_bytes())],
    )
    .await;
    let edit = saved.location.unwrap();
    assert_eq!(files_on_disk(&app), 1);
    let id = edit
        .trim_start_matches("/submissions/")
        .trim_end_matches("/edit")
        .to_owned();
    let gone = app
        .post_form(&format!("/submissions/{id}/discard"), &[])
        .await;
    assert_eq!(gone.location.as_deref(), Some("/submissions"));
    assert_eq!(submission_count(&app).await, 0);
    assert_eq!(files_on_disk(&app), 0);
    // A second press (issue #25, item 5) is told it is done; someone else is not.
    let again = app
        .post_form(&format!("/submissions/{id}/discard"), &[])
        .await;
    assert_eq!(again.location.as_deref(), Some("/submissions"));
    let told = app.get("/submissions").await.select(".flash").join(" ");
    assert!(told.contains("already deleted"), "{told}");
    app.logout().await;
    signed_in_author(&app, "Bea Osei", "bea@uni.example").await;
    let stranger = app
        .post_form(&format!("/submissions/{id}/discard"), &[])
        .await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
}

async fn another_authors_submission_answers_404(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(6));
    let submitted = post(
        &app,
        "/submissions/new",
        &full,
        &[("manuscript", "paper.pdf", pdf_bytes())],
    )
    .await;
    let shown = submitted.location.unwrap();
    let draft = post(
        &app,
        "/submissions/new",
        &with(&with(&full, "action", "save"), "idempotency_key", &key(7)),
        &[],
    )
    .await;
    let edit = draft.location.unwrap();
    app.logout().await;

    signed_in_author(&app, "Mallory Intruder", "mallory@elsewhere.example").await;
    let hijack = with(
        &with(&full, "title", "Hijacked"),
        "idempotency_key",
        &key(8),
    );
    for (what, page) in [
        ("view", app.get(&shown).await),
        ("withdraw page", app.get(&format!("{shown}/withdraw")).await),
        ("edit a draft", app.get(&edit).await),
        (
            "crafted save",
            post(&app, &edit, &with(&hijack, "action", "save"), &[]).await,
        ),
        ("crafted submit", post(&app, &edit, &hijack, &[]).await),
        (
            "crafted submit of a submitted one",
            post(&app, &format!("{shown}/edit"), &hijack, &[]).await,
        ),
        (
            "crafted withdraw",
            app.post_form(&format!("{shown}/withdraw"), &[("reason", "mine now")])
                .await,
        ),
        (
            "crafted discard",
            app.post_form(&format!("{}/discard", edit.trim_end_matches("/edit")), &[])
                .await,
        ),
        (
            "resent form of someone else",
            post(
                &app,
                "/submissions/new",
                &with(&full, "title", "Hijacked"),
                &[],
            )
            .await,
        ),
    ] {
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{what}");
    }
    let titles: Vec<String> = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::title)
                .load(conn)
                .unwrap()
        })
        .await;
    assert!(titles.iter().all(|t| t != "Hijacked"), "{titles:?}");
    assert_eq!(submission_count(&app).await, 2);
    let states: Vec<String> = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::state)
                .order(submissions::id)
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(states, vec!["submitted".to_owned(), "draft".to_owned()]);
}

async fn an_author_withdraws_with_a_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let full = complete_form(collection_id, &topic, &key(9));
    let submitted = post(
        &app,
        "/submissions/new",
        &full,
        &[("manuscript", "paper.pdf", pdf_bytes())],
    )
    .await;
    let shown = submitted.location.unwrap();
    let withdraw = format!("{shown}/withdraw");

    let form = app.get(&withdraw).await;
    assert_eq!(form.status, StatusCode::OK);
    let missing = app.post_form(&withdraw, &[("reason", "  ")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.field_error("reason").is_some());

    let done = app
        .post_form(
            &withdraw,
            &[("reason", "We found an error in the cohort data.")],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some(shown.as_str()));
    let page = app.get(&shown).await;
    assert_eq!(page.select("#state"), vec!["Withdrawn".to_owned()]);
    assert!(
        page.visible_text()
            .contains("We found an error in the cohort data.")
    );
    let mail = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "submission_withdrawn")
        .expect("withdrawal mail");
    assert_eq!(mail.to_address, "ada@uni.example");
    assert!(
        mail.body_text
            .contains("We found an error in the cohort data.")
    );

    // Once withdrawn, it cannot be withdrawn again; the state machine says why.
    let again = app.post_form(&withdraw, &[("reason", "again")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        again.visible_text().contains("withdrawn"),
        "{}",
        again.visible_text()
    );
    assert!(
        page.attr(&format!("a[href='{withdraw}']"), "href")
            .is_none(),
        "no withdraw link any more"
    );
}

/// An ORCID iD pasted as its orcid.org link is kept, shown, linked and exported as the
/// bare iD.
async fn orcid_links_are_kept_as_the_bare_id(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let fields = with(
        &complete_form(collection_id, &topic, &key(9)),
        "author_orcid_1",
        "https://orcid.org/0000-0002-1825-0097",
    );
    let done = post(
        &app,
        "/submissions/new",
        &fields,
        &[("manuscript", "paper.pdf", pdf_bytes())],
    )
    .await;
    assert_eq!(
        done.status,
        StatusCode::SEE_OTHER,
        "{}",
        done.visible_text()
    );
    let stored: Vec<Option<String>> = app
        .with_db(|conn| {
            use peerdesk::db::schema::submission_authors as a;
            a::table
                .order(a::position)
                .select(a::orcid)
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(stored, vec![None, Some("0000-0002-1825-0097".to_owned())]);
    let page = app.get(done.location.as_deref().unwrap()).await;
    assert_eq!(
        page.attr("a[href^='https://orcid.org/']", "href")
            .as_deref(),
        Some("https://orcid.org/0000-0002-1825-0097")
    );
    assert!(!page.text.contains("orcid.org/https"));
}

crate::on_both_backends!(
    orcid_links_are_kept_as_the_bare_id,
    an_author_submits_a_research_article,
    refused_inputs_leave_no_row_and_no_file,
    a_double_submit_makes_one_submission,
    drafts_are_saved_and_finished_later,
    a_discarded_draft_leaves_nothing,
    two_browsers_on_one_draft_never_lose_a_write_silently,
    another_authors_submission_answers_404,
    an_author_withdraws_with_a_reason,
);
