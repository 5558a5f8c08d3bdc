//! The submission form: a complete submission and what it sends, every refused input
//! keeping the input and only the files that pass the content check, a double submit, and
//! ORCID links.

use chrono::Datelike;
use diesel::prelude::*;
use reqwest::StatusCode;

use super::{file_row_count, files_on_disk, key, submission_count, with, without};
use crate::helpers::*;

/// (what, fields, files, the field whose error shows, part of the message).
type RefusalCase<'a> = (
    &'a str,
    Vec<(String, String)>,
    Vec<(&'a str, &'a str, Vec<u8>)>,
    &'a str,
    &'a str,
);

/// Long because it is one story read top to bottom: each step checks what the one before left.
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
        form.attr("#author_family_name_0", "value").as_deref(),
        Some("Osei")
    );
    assert_eq!(
        form.attr("#author_given_names_0", "value").as_deref(),
        Some("Ada")
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
    let done = submit_manuscript_file(&app, &fields, pdf_bytes()).await;
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
    let (receipt, notice) = receipt_and_co_author_notice(&app, &number);
    assert!(receipt.subject.contains(&number));
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

/// Every way the form is refused: each with the field whose error shows and part of the
/// message. Long because it is a table, a case a few lines.
fn refusal_cases(good: &[(String, String)]) -> Vec<RefusalCase<'static>> {
    let pdf = || vec![("manuscript", "paper.pdf", pdf_bytes())];
    let mut big_pdf = pdf_bytes();
    big_pdf.splice(10..10, std::iter::repeat_n(b' ', 5000));

    vec![
        (
            "a Case Report",
            with(good, "article_type", "Case Report"),
            pdf(),
            "article_type",
            "BMC Cancer is not considering case reports",
        ),
        (
            "no competing-interests answer",
            without(good, "competing_interests"),
            pdf(),
            "competing_interests",
            "Answer the competing-interests question",
        ),
        (
            "no answer on generative AI",
            without(good, "ai_use"),
            pdf(),
            "ai_use",
            "Answer the question on generative AI",
        ),
        (
            "generative AI used, without saying which or for what",
            with(good, "ai_use", "used"),
            pdf(),
            "ai_use_details",
            "Say which generative AI tool was used",
        ),
        (
            "a bad ORCID checksum",
            with(good, "author_orcid_1", "0000-0002-1825-0098"),
            pdf(),
            "author_orcid_1",
            "ORCID",
        ),
        (
            "the same ORCID iD for two authors",
            with(
                good,
                "author_orcid_0",
                "https://orcid.org/0000-0002-1825-0097",
            ),
            pdf(),
            "author_orcid_1",
            "Author 2: this ORCID iD is already given for author 1",
        ),
        (
            "a text file renamed .pdf",
            good.to_vec(),
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
            good.to_vec(),
            vec![("manuscript", "big.pdf", big_pdf.clone())],
            "manuscript",
            "files may be at most",
        ),
        (
            "an empty title",
            with(good, "title", "   "),
            pdf(),
            "title",
            "Enter the title",
        ),
        (
            "no manuscript",
            good.to_vec(),
            vec![],
            "manuscript",
            "Attach the manuscript",
        ),
    ]
}

/// Long because every refusal is checked for the same things: the message, the input kept,
/// nothing submitted, and the files: a good one kept, a refused one never stored.
/// Issue 20 item 2: a refused submit keeps the typed input and the files that pass the
/// content check (with a draft made from the form when it had none), listed as attached;
/// a file refused for its content or size is never stored; nothing is submitted.
async fn refused_inputs_keep_the_input_and_only_good_files(backend: Backend) {
    // A small limit, so "over the limit" needs no large upload.
    let app = spawn_app_with(backend, &[("PEERDESK_MAX_UPLOAD_BYTES", "4096")]).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let good = complete_form(collection_id, &topic, &key(2));
    let pdf = || vec![("manuscript", "paper.pdf", pdf_bytes())];

    for (n, (what, fields, files, field, message)) in refusal_cases(&good).into_iter().enumerate() {
        // Each case is a fresh form (its own key), so none finds another's draft.
        let fields = with(&fields, "idempotency_key", &key(100 + n as u8));
        let drafts_before = submission_count(&app).await;
        let page = post_fields(&app, "/submissions/new", &fields, &files).await;
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
        let submitted = app
            .with_db(|conn| {
                use peerdesk::db::schema::submissions as s;
                s::table
                    .filter(s::state.ne("draft"))
                    .count()
                    .get_result::<i64>(conn)
                    .unwrap()
            })
            .await;
        assert_eq!(submitted, 0, "{what}: nothing submitted");
        let good_file = files.first().is_some_and(|(_, _, b)| *b == pdf_bytes());
        if good_file {
            // Kept with a draft made from the form, and listed as attached.
            assert_eq!(submission_count(&app).await, drafts_before + 1, "{what}");
            let action = page
                .attr("form.submission-form", "action")
                .unwrap_or_default();
            assert!(
                action.ends_with("/edit"),
                "{what}: the form is its draft's now: {action}"
            );
            assert!(
                page.select("table td a").contains(&"paper.pdf".to_owned()),
                "{what}: the file is listed as attached"
            );
            assert!(
                page.select(".notice")
                    .join(" ")
                    .contains("“paper.pdf” is kept with a draft"),
                "{what}: {:?}",
                page.select(".notice")
            );
        } else {
            assert_eq!(
                submission_count(&app).await,
                drafts_before,
                "{what}: no draft"
            );
        }
        // Only the good PDF's bytes are ever stored (once, by their hash).
        assert!(
            files_on_disk(&app) <= 1,
            "{what}: a refused file was stored"
        );
    }
    assert!(app.outbox().iter().all(|m| m.kind != "submission_received"));

    // The type list offers what the collection accepts; a type it refuses, held by the
    // form, is marked so (and refused, as above).
    let fresh = app.get("/submissions/new?collection=rare-cancers").await;
    assert_eq!(
        fresh.select("#article_type option"),
        vec!["Research Article"]
    );
    let case_report = post_fields(
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
    let page = post_fields(&app, "/submissions/new", &good, &pdf()).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.field_error("collection")
            .unwrap()
            .contains("closed to submissions")
    );
    assert_eq!(files_on_disk(&app), 1);
}

async fn a_double_submit_makes_one_submission(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let fields = complete_form(collection_id, &topic, &key(3));
    let files = vec![("manuscript", "paper.pdf", pdf_bytes())];
    // Two at once (a double click), then the same form again later (a resent form).
    let (a, b) = tokio::join!(
        post_fields(&app, "/submissions/new", &fields, &files),
        post_fields(&app, "/submissions/new", &fields, &files)
    );
    let c = post_fields(&app, "/submissions/new", &fields, &files).await;
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
    let done = submit_manuscript_file(&app, &fields, pdf_bytes()).await;
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
    refused_inputs_keep_the_input_and_only_good_files,
    a_double_submit_makes_one_submission,
);
