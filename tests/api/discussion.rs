//! The discussion on a submission (issue 28 part 1): the editors' thread with the reviewers
//! and their thread with the authors. Who may open and post in each (404 as for a missing
//! submission otherwise), the e-mails to the other members, what is new since the last visit,
//! and a refused message kept on the page.

use std::collections::HashMap;

use crate::helpers::*;

const NUDGE: &str = "Did you also find the follow-up too short to judge penetrance?";

/// A thread's page as a reviewer reaches it from their desk (`/reviews/{id}`).
fn thread_of(desk: &str) -> String {
    format!("{desk}/discussion")
}

/// The recipients of the discussion e-mails queued so far, in order.
fn told(app: &TestApp) -> Vec<String> {
    app.outbox()
        .into_iter()
        .filter(|m| m.kind == "discussion_posted")
        .map(|m| m.to_address)
        .collect()
}

/// The demo's first manuscript with Marta (Reviewer 1) and Nils (Reviewer 2) having sent
/// their reports and Olga having agreed but not reported; Atif signed in. Returns the
/// logins, the submission and each reviewer's desk and browser.
async fn two_reports_in(app: &mut TestApp) -> (HashMap<String, String>, i64, [(String, Jar); 3]) {
    let logins = app.load_demo().await;
    let id = first_submission(app).await;
    as_person(app, &logins, ATIF).await;
    let marta = invite_by_address(app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let nils = invite_by_address(app, id, "Nils Berg", NILS).await;
    let olga = invite_by_address(app, id, "Olga Petrova", OLGA).await;
    let marta = review_from_link(app, &marta, "minor_revision", "Please add follow-up.").await;
    let nils = review_from_link(app, &nils, "accept", "A careful study.").await;
    let olga = accept_in_own_browser(app, &olga).await;
    (logins, id, [marta, nils, olga])
}

/// Long because it is one story told from each seat: the reviewer who posts, the one told,
/// the one not yet in, the editors, the author, a conflicted editor-in-chief.
async fn a_reviewer_joins_after_the_report_and_the_others_are_told(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id, [(marta, marta_jar), (nils, nils_jar), (olga, olga_jar)]) =
        two_reports_in(&mut app).await;
    let editors_thread = format!("/editorial/submissions/{id}/discussion/reviewers");

    // Olga has not sent her report: no thread, no link to it, and no post.
    let editor = browse_as(&mut app, &olga_jar);
    assert!(
        app.get(&olga)
            .await
            .select("#discussion-reviewers")
            .is_empty()
    );
    assert_eq!(app.get(&thread_of(&olga)).await.status.as_u16(), 404);
    let tried = app
        .post_form(&thread_of(&olga), &[("message", NUDGE)])
        .await;
    assert_eq!(
        tried.status.as_u16(),
        404,
        "a reviewer before the report cannot post"
    );

    // Marta has: her desk leads to the thread; she posts.
    browse_as(&mut app, &marta_jar);
    let desk = app.get(&marta).await;
    assert_eq!(
        desk.attr("#discussion-reviewers", "href"),
        Some(thread_of(&marta))
    );
    // Empty, then too long: 422 on the same page, the text kept, nothing posted.
    let empty = app
        .post_form(&thread_of(&marta), &[("message", "  ")])
        .await;
    assert_eq!(empty.status.as_u16(), 422);
    assert!(
        empty.field_error("message").is_some(),
        "{}",
        empty.visible_text()
    );
    let long = "x".repeat(10_001);
    let too_long = app
        .post_form(&thread_of(&marta), &[("message", &long)])
        .await;
    assert_eq!(too_long.status.as_u16(), 422);
    assert!(too_long.field_error("message").unwrap().contains("10,000"));
    assert_eq!(too_long.select("textarea#message"), vec![long.clone()]);
    // Without the form's CSRF token: refused, nothing posted.
    let forged = app
        .post_raw(&thread_of(&marta), &[("message", NUDGE)])
        .await;
    assert_eq!(forged.status.as_u16(), 403);
    assert!(told(&app).is_empty(), "nothing was posted, nobody told");
    let posted = app
        .post_form(&thread_of(&marta), &[("message", NUDGE)])
        .await;
    assert_eq!(posted.location.as_deref(), Some(thread_of(&marta).as_str()));
    let mine = app.get(&thread_of(&marta)).await;
    assert!(
        mine.visible_text().contains("Reviewer 1, you"),
        "{}",
        mine.visible_text()
    );
    assert!(
        mine.select(".discussion-new").is_empty(),
        "her own message is not new to her"
    );

    // Told once each: the other reviewer who reported and the handling editor. Not Marta,
    // not Olga (no report yet), not the author.
    let mut recipients = told(&app);
    recipients.sort();
    let mut want = vec![ATIF.to_owned(), NILS.to_owned()];
    want.sort();
    assert_eq!(recipients, want);
    let to_nils = app.mails_to(NILS).into_iter().last().unwrap();
    assert!(to_nils.contains("Reviewer 1 has written"), "{to_nils}");
    assert!(
        !to_nils.contains("Marta"),
        "reviewers see one another by number: {to_nils}"
    );
    assert!(
        to_nils.contains(&thread_of(&nils)),
        "a link Nils can use: {to_nils}"
    );
    assert!(
        !to_nils.contains(NUDGE),
        "the text stays behind the sign-in"
    );
    let to_atif = app.mails_to(ATIF).into_iter().last().unwrap();
    assert!(
        to_atif.contains("Reviewer 1 (Marta Lindqvist)"),
        "{to_atif}"
    );
    assert!(to_atif.contains(&editors_thread), "{to_atif}");

    // Nils reads it as new, by number, then it is no longer new.
    browse_as(&mut app, &nils_jar);
    let desk = app.get(&nils).await;
    assert!(
        desk.visible_text().contains("1 new"),
        "{}",
        desk.visible_text()
    );
    let first = app.get(&thread_of(&nils)).await;
    assert_eq!(first.status.as_u16(), 200);
    let text = first.visible_text();
    assert!(
        text.contains(NUDGE) && text.contains("Reviewer 1"),
        "{text}"
    );
    assert!(!text.contains("Marta"), "{text}");
    assert_eq!(first.select(".discussion-new").len(), 1);
    let again = app.get(&thread_of(&nils)).await;
    assert!(
        again.select(".discussion-new").is_empty(),
        "read on the last visit"
    );
    // A reviewer never reaches the editors' doors, nor another reviewer's.
    assert_eq!(app.get(&editors_thread).await.status.as_u16(), 404);
    assert_eq!(app.get(&thread_of(&marta)).await.status.as_u16(), 404);
    let authors = format!("/editorial/submissions/{id}/discussion/authors");
    assert_eq!(app.get(&authors).await.status.as_u16(), 404);

    // The handling editor reads names beside numbers and answers; both reviewers are told.
    browse_as(&mut app, &editor);
    let page = app.get(&editors_thread).await;
    assert!(page.visible_text().contains("Reviewer 1 (Marta Lindqvist)"));
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(
        editorial.attr("#discussion-reviewers", "href"),
        Some(editors_thread.clone())
    );
    app.post_form(&editors_thread, &[("message", "Thank you both; I agree.")])
        .await;
    let after: Vec<String> = told(&app).into_iter().skip(2).collect();
    assert_eq!(after.len(), 2, "{after:?}");
    assert!(after.contains(&NILS.to_owned()) && after.contains(&NEW_REVIEWER.to_owned()));

    // The author never opens the reviewers' thread, by any door.
    as_person(&app, &logins, SOFIA).await;
    for path in [&editors_thread, &thread_of(&marta), &thread_of(&nils)] {
        assert_eq!(app.get(path).await.status.as_u16(), 404, "author: {path}");
    }
    let hers = app.get(&format!("/submissions/{id}/discussion")).await;
    assert_eq!(hers.status.as_u16(), 200);
    assert!(!hers.visible_text().contains(NUDGE));

    // The editor-in-chief reads it, until she is conflicted: then 404 as for nothing.
    as_person(&app, &logins, HELEN).await;
    assert_eq!(app.get(&editors_thread).await.status.as_u16(), 200);
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    as_person(&app, &logins, HELEN).await;
    assert_eq!(app.get(&editors_thread).await.status.as_u16(), 404);
    assert_eq!(app.get(&authors).await.status.as_u16(), 404);
    let missing = "/editorial/submissions/999999/discussion/reviewers";
    assert_eq!(app.get(missing).await.status.as_u16(), 404);
}

crate::on_both_backends!(a_reviewer_joins_after_the_report_and_the_others_are_told);

/// The authors' thread: the submitter asks, the handling editor is told and answers, the
/// submitter is told; no reviewer is told or let in, and the poster is never told.
async fn the_author_and_the_editors_talk_without_the_reviewers(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id, [(marta, marta_jar), _, _]) = two_reports_in(&mut app).await;
    let hers = format!("/submissions/{id}/discussion");
    let editors = format!("/editorial/submissions/{id}/discussion/authors");

    as_person(&app, &logins, SOFIA).await;
    let show = app.get(&format!("/submissions/{id}")).await;
    assert_eq!(show.attr("#discussion-authors", "href"), Some(hers.clone()));
    let asked = app
        .post_form(&hers, &[("message", "May we add a supplementary table?")])
        .await;
    assert_eq!(asked.location.as_deref(), Some(hers.as_str()));
    assert_eq!(told(&app), vec![ATIF.to_owned()]);
    let to_atif = app.mails_to(ATIF).into_iter().last().unwrap();
    assert!(to_atif.contains("Sofia Bianchi (author)") && to_atif.contains(&editors));

    as_person(&app, &logins, ATIF).await;
    let page = app.get(&editors).await;
    assert_eq!(
        page.select(".discussion-new").len(),
        1,
        "{}",
        page.visible_text()
    );
    app.post_form(&editors, &[("message", "Yes, as Table S3.")])
        .await;
    assert_eq!(told(&app), vec![ATIF.to_owned(), SOFIA.to_owned()]);
    let to_sofia = app.mails_to(SOFIA).into_iter().last().unwrap();
    assert!(
        to_sofia.contains("Atif A. Ahmed (editor)") && to_sofia.contains(&hers),
        "{to_sofia}"
    );
    // The editor's own door to the author's page is not his.
    assert_eq!(app.get(&hers).await.status.as_u16(), 404);

    // Reviewers never see the authors' thread.
    browse_as(&mut app, &marta_jar);
    assert_eq!(app.get(&editors).await.status.as_u16(), 404);
    assert_eq!(app.get(&hers).await.status.as_u16(), 404);
    let thread = app.get(&thread_of(&marta)).await;
    assert!(!thread.visible_text().contains("Table S3"));
}

crate::on_both_backends!(the_author_and_the_editors_talk_without_the_reviewers);

/// A double click on "Post" (or the form sent again from the browser's history) keeps one
/// message and tells each member once; the same words later, or other words at once, are
/// new messages.
async fn a_message_sent_twice_is_kept_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (_, _, [(marta, marta_jar), ..]) = two_reports_in(&mut app).await;
    browse_as(&mut app, &marta_jar);
    for _ in 0..2 {
        let posted = app
            .post_form(&thread_of(&marta), &[("message", NUDGE)])
            .await;
        assert_eq!(posted.location.as_deref(), Some(thread_of(&marta).as_str()));
    }
    let page = app.get(&thread_of(&marta)).await;
    assert_eq!(
        page.visible_text().matches(NUDGE).count(),
        1,
        "{}",
        page.visible_text()
    );
    assert_eq!(
        told(&app).len(),
        2,
        "the other reviewer and the editor, once each"
    );

    app.post_form(&thread_of(&marta), &[("message", "And the dosing table?")])
        .await;
    let page = app.get(&thread_of(&marta)).await;
    assert!(page.visible_text().contains("And the dosing table?"));
    assert_eq!(told(&app).len(), 4, "another message is told again");
}

crate::on_both_backends!(a_message_sent_twice_is_kept_once);
