//! Co-authors confirm their authorship (issue 20 item 1): from the e-mailed link, with no
//! account; "I am not an author" reaches the submitting author and the editorial office;
//! a collection may hold review back until every co-author has confirmed.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;

const ADA: &str = "ada@uni.example";
const BEN: &str = "ben@clinic.example";

/// The demo loaded, and Ada's fresh submission with Ben as co-author: its id, its handling
/// editor's address, the demo's logins and the path of Ben's link.
async fn ada_submits_with_ben(app: &TestApp, key: u8) -> (i64, String, HashMap<String, String>) {
    let logins = app.load_demo().await;
    let (id, _, editor) = ada_submits(app, key, &[]).await;
    (id, editor, logins)
}

/// Where the author's page says Ben stands.
async fn bens_standing_for_ada(app: &TestApp, id: i64) -> String {
    app.logout().await;
    app.login(ADA, PASSWORD).await;
    let page = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.select(".authorship-line-ben, .authors li")
        .into_iter()
        .find(|l| l.contains("Ben Moller"))
        .unwrap_or_else(|| panic!("Ben on Ada's page: {}", page.visible_text()))
}

/// Long because it is one co-author's story, from the e-mail to the pages that show his
/// answer, with the repeated presses and the mail scanner checked on the way.
async fn a_co_author_confirms_from_the_e_mail_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, editor, logins) = ada_submits_with_ben(&app, 41).await;

    // Ben's notice carries his link; Ada, who submitted it, is asked nothing.
    let link = authorship_link(&app, BEN).expect("Ben's link in his e-mail");
    assert!(authorship_link(&app, ADA).is_none(), "Ada submitted it");
    let notice = app.mail_of_kind("co_author_listed").expect("Ben's notice");
    assert_eq!(notice.to_address, BEN);
    assert!(notice.body_text.contains("agree to its submission"));
    // Only the token's hash is kept.
    let token = link.trim_start_matches("/authorship/").to_owned();
    let stored: Vec<String> = app
        .with_db(|conn| {
            use peerdesk::db::schema::authorship_requests as ar;
            ar::table.select(ar::token_hash).load(conn).unwrap()
        })
        .await;
    assert_eq!(stored.len(), 1);
    assert!(!stored.iter().any(|h| h.contains(&token)));
    assert!(
        bens_standing_for_ada(&app, id)
            .await
            .contains("no answer yet")
    );

    // Ben opens it with no account; so does a mail scanner, twice. Nothing changes, and
    // nothing is kept in a cache.
    app.logout().await;
    let raw = app.client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(raw.headers()["cache-control"], "no-store");
    for _ in 0..3 {
        let page = app.get(&link).await;
        assert_eq!(page.status, StatusCode::OK);
        let text = page.visible_text();
        assert!(text.contains("Dear Ben Moller"), "{text}");
        assert!(text.contains("Outcomes of retinoblastoma in a national cohort"));
        assert!(text.contains("Ada Osei and Ben Moller"), "{text}");
        assert!(
            !text.contains("Background: retinoblastoma"),
            "the link shows no more than the e-mail: no abstract"
        );
    }
    assert!(
        bens_standing_for_ada(&app, id)
            .await
            .contains("no answer yet")
    );

    // He confirms, with the button on the page; pressing it again changes nothing.
    app.logout().await;
    let confirmed = post_on_page(&app, &link, &format!("{link}/confirm"), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    assert_eq!(confirmed.location.as_deref(), Some(link.as_str()));
    let thanks = app.get(&link).await;
    assert_eq!(thanks.status, StatusCode::OK);
    let said = thanks.select("#answer-given").join("");
    assert!(
        said.contains("I am an author of this manuscript and agree to its submission"),
        "{said}"
    );
    assert!(
        !thanks.visible_text().contains("Outcomes of retinoblastoma"),
        "once answered, the link shows the number only"
    );
    let mails_before = app.outbox().len();
    // (The same button pressed again from a tab left open on the question.)
    let again = app.post_form(&format!("{link}/not-an-author"), &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let after = app.get(&link).await;
    assert!(
        after.visible_text().contains("nothing was changed"),
        "{}",
        after.visible_text()
    );
    assert!(
        after
            .select("#answer-given")
            .join("")
            .contains("I am an author")
    );
    assert_eq!(
        app.outbox().len(),
        mails_before,
        "no e-mail for a confirmation"
    );

    // Ada's page and the editor's page say so.
    let standing = bens_standing_for_ada(&app, id).await;
    assert!(standing.contains("Confirmed on"), "{standing}");
    let summary = app
        .get(&format!("/submissions/{id}"))
        .await
        .select("#authorship-summary")
        .join("");
    assert!(
        summary.contains("The co-author has confirmed."),
        "{summary}"
    );
    as_person(&app, &logins, &editor).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    let authors = editorial.select(".authors li").join("\n");
    assert!(authors.contains("Confirmed on"), "{authors}");
    assert!(authors.contains("Submitted the manuscript"), "{authors}");

    // A link that does not exist is a missing page; signed out, so is its answer.
    app.logout().await;
    assert_eq!(
        app.get("/authorship/not-a-token").await.status,
        StatusCode::NOT_FOUND
    );
    let forged = post_on_page(&app, "/login", "/authorship/not-a-token/confirm", &[]).await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
}

/// "I am not an author": the submitting author hears it, the handling editor hears it with
/// the note, once each however often the button is pressed; the note is for the office
/// only; and the one who said it hears nothing more as an author (here: the withdrawal).
/// Long because it is one story: the answer, the three pages and four mailboxes it reaches.
async fn not_an_author_tells_the_submitting_author_and_the_office(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, editor, logins) = ada_submits_with_ben(&app, 42).await;
    let link = authorship_link(&app, BEN).expect("Ben's link");
    app.logout().await;

    // A note over the limit is refused with its message, nothing recorded.
    let long = "x".repeat(2001);
    let refused = post_on_page(
        &app,
        &link,
        &format!("{link}/not-an-author"),
        &[("note", &long)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("note").is_some());
    assert!(
        refused.select("#note").join("").len() > 2000,
        "the note is kept"
    );

    let note = "I have never worked with this group; my address was given by mistake.";
    let statuses = {
        let page = app.get(&link).await;
        let csrf = page.attr("input[name=csrf_token]", "value").unwrap();
        let path = format!("{link}/not-an-author");
        let presses = (0..5).map(|_| {
            app.client
                .post(app.url(&path))
                .form(&[("note", note), ("csrf_token", &csrf)])
                .send()
        });
        futures_util::future::join_all(presses).await
    };
    for s in statuses {
        assert_eq!(s.unwrap().status(), StatusCode::SEE_OTHER);
    }
    let outbox = app.outbox();
    let to_ada: Vec<_> = outbox
        .iter()
        .filter(|m| m.kind == "not_an_author")
        .collect();
    assert_eq!(to_ada.len(), 1, "once");
    assert_eq!(to_ada[0].to_address, ADA);
    assert!(
        to_ada[0]
            .body_text
            .contains("Ben Moller (ben@clinic.example)")
    );
    assert!(
        !to_ada[0].body_text.contains(note),
        "the note is for the office"
    );
    let to_office: Vec<_> = outbox
        .iter()
        .filter(|m| m.kind == "not_an_author_to_office")
        .collect();
    assert_eq!(to_office.len(), 1, "once");
    assert_eq!(to_office[0].to_address, editor);
    assert!(to_office[0].body_text.contains(note));
    assert_eq!(to_office[0].reply_to.as_deref(), Some(ADA));

    // Ada's page says so, without the note; the editor's page has the note.
    let standing = bens_standing_for_ada(&app, id).await;
    assert!(
        standing.contains("that they are not an author"),
        "{standing}"
    );
    let page = app.get(&format!("/submissions/{id}")).await;
    assert!(!page.visible_text().contains(note));
    as_person(&app, &logins, &editor).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(editorial.select(".authorship-note").join("").contains(note));

    // Ada withdraws: Ben, who is not an author, is not told as one.
    app.logout().await;
    app.login(ADA, PASSWORD).await;
    let withdrawn = app
        .post_form(
            &format!("/submissions/{id}/withdraw"),
            &[("reason", "The author list was wrong.")],
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    assert!(app.mail_of_kind("submission_withdrawn").is_some());
    assert!(app.mail_of_kind("withdrawal_to_co_author").is_none());
    // And his link now says the submission was withdrawn... it was answered: it says that.
    app.logout().await;
    assert!(
        app.get(&link)
            .await
            .select("#answer-given")
            .join("")
            .contains("I am not an author")
    );
}

/// Sets whether the seeded collection waits for every co-author before review.
async fn require_confirmations(app: &TestApp, required: bool) {
    app.with_db(move |conn| {
        use peerdesk::db::schema::collections as c;
        diesel::update(c::table)
            .set(c::require_author_confirmation.eq(required))
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// Long because it is one submission held back and let go: the refusal on both pages, the
/// expired link and the new one, the confirmation and the invitation it opens.
/// A collection that waits for every co-author: inviting reviewers (the start of review)
/// is refused with a clear message until all have confirmed; the submitting author can
/// send a co-author a new link, at most once a day; the last confirmation tells the
/// handling editor, who can then invite.
async fn review_waits_for_every_co_author_where_the_collection_says_so(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    require_confirmations(&app, true).await;
    let (id, _, editor) = ada_submits(&app, 43, &[]).await;
    let first_link = authorship_link(&app, BEN).expect("Ben's link");
    as_person(&app, &logins, &editor).await;
    let reviewers = format!("/editorial/submissions/{id}/reviewers");
    let page = app.get(&reviewers).await;
    let waits = page.select("#review-waits").join("");
    assert!(waits.contains("Review cannot start yet"), "{waits}");
    assert!(waits.contains("Not confirmed yet: Ben Moller."), "{waits}");
    let due = in_days(14);
    let refused = app
        .post_form(
            &reviewers,
            &[
                ("name", "Kim Lee"),
                ("email", "kim.lee@elsewhere.example"),
                ("due_on", &due),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.error_summary().contains("Review cannot start yet"));
    let kim_invited = |app: &TestApp| {
        app.outbox()
            .iter()
            .any(|m| m.to_address == "kim.lee@elsewhere.example")
    };
    assert!(!kim_invited(&app), "nobody was invited");
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(!editorial.select("#review-waits").is_empty());

    // Ada may not ask again the same day; once the link has expired she may.
    app.logout().await;
    app.login(ADA, PASSWORD).await;
    let ben_id: i64 = app
        .with_db(move |conn| {
            use peerdesk::db::schema::submission_authors as a;
            a::table
                .filter(a::submission_id.eq(id))
                .filter(a::email.eq(BEN))
                .select(a::id)
                .first(conn)
                .unwrap()
        })
        .await;
    let ask_again = format!("/submissions/{id}/authors/{ben_id}/ask-again");
    let too_soon = app.post_form(&ask_again, &[]).await;
    assert_eq!(too_soon.status, StatusCode::SEE_OTHER);
    let shown = app.get(&format!("/submissions/{id}")).await;
    assert!(
        shown.visible_text().contains("Nothing was sent"),
        "{}",
        shown.visible_text()
    );
    assert!(shown.select("form.ask-again").is_empty(), "no button yet");
    app.with_db(|conn| {
        use peerdesk::db::schema::authorship_requests as ar;
        let past = chrono::Utc::now().naive_utc() - chrono::Duration::days(31);
        diesel::update(ar::table)
            .set((
                ar::asked_at.eq(past),
                ar::expires_at.eq(past + chrono::Duration::days(30)),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;
    let expired = bens_standing_for_ada(&app, id).await;
    assert!(expired.contains("the link expired"), "{expired}");
    let sent = post_on_page(&app, &format!("/submissions/{id}"), &ask_again, &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let second_link = authorship_link(&app, BEN).expect("a new link");
    assert_ne!(second_link, first_link);
    assert_eq!(
        app.mail_of_kind("co_author_asked_again")
            .map(|m| m.to_address),
        Some(BEN.into())
    );
    // Someone else may not ask on Ada's behalf.
    app.logout().await;
    signed_in_author(&app, "Carl Stranger", "carl@elsewhere.example").await;
    assert_eq!(
        app.post_form(&ask_again, &[]).await.status,
        StatusCode::NOT_FOUND
    );

    // The old link no longer works; the new one does, and the editor is told.
    app.logout().await;
    assert_eq!(app.get(&first_link).await.status, StatusCode::GONE);
    let done = post_on_page(&app, &second_link, &format!("{second_link}/confirm"), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let told = app
        .mail_of_kind("authors_confirmed")
        .expect("the editor is told");
    assert_eq!(told.to_address, editor);
    as_person(&app, &logins, &editor).await;
    assert!(app.get(&reviewers).await.select("#review-waits").is_empty());
    let invited = app
        .post_form(
            &reviewers,
            &[
                ("name", "Kim Lee"),
                ("email", "kim.lee@elsewhere.example"),
                ("due_on", &due),
            ],
        )
        .await;
    assert_eq!(
        invited.status,
        StatusCode::SEE_OTHER,
        "{}",
        invited.visible_text()
    );
}

crate::on_both_backends!(
    a_co_author_confirms_from_the_e_mail_link,
    not_an_author_tells_the_submitting_author_and_the_office,
    review_waits_for_every_co_author_where_the_collection_says_so,
);
