//! The permissions table, end to end: every route that shows or changes a submission or
//! its files, for each kind of person and conflict state → allowed, or 404 exactly as for a
//! submission that does not exist. Requests that would change something carry a missing
//! reason, so an allowed one answers 422 and nothing moves between rows of the table.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::helpers::*;
use peerdesk::db::schema::submissions;

const SOFIA: &str = "sofia.bianchi@hsanmartino.example"; // the submitter
const ATIF: &str = "atif.ahmed@seattlechildrens.example"; // its handling editor
const BRUNA: &str = "bruna.dalmasso@hsanmartino.example"; // guest editor, conflicted
const HELEN: &str = "helen.marsh@bmccancer.example"; // editor-in-chief
const KOFI: &str = "kofi.mensah@ki.example"; // board member, not involved
const DANIEL: &str = "daniel.okafor@unilag.example"; // another author
const AISHA: &str = "aisha.khan@aku.example"; // a reviewer
const ADMIN: &str = "office@bmccancer.example"; // an administrator (made in the test)
const ADMIN_PASSWORD: &str = "glass-orchid-lantern-42";

/// (method, path, form fields).
type Route = (&'static str, String, Vec<(String, String)>);

/// Every route about one submission and one of its files.
/// Long because it is a table: every route about one submission, one line each.
fn routes(
    id: i64,
    file: i64,
    kofi: i64,
    co_author: i64,
    (signal, review): (i64, i64),
) -> Vec<Route> {
    let no_reason = vec![("reason".to_owned(), String::new())];
    vec![
        ("GET", format!("/submissions/{id}"), vec![]),
        ("GET", format!("/submissions/{id}/withdraw"), vec![]),
        ("GET", format!("/submissions/{id}/edit"), vec![]),
        ("GET", format!("/submissions/{id}/files/{file}"), vec![]),
        ("GET", format!("/editorial/submissions/{id}"), vec![]),
        (
            "POST",
            format!("/submissions/{id}/withdraw"),
            no_reason.clone(),
        ),
        ("POST", format!("/submissions/{id}/discard"), vec![]),
        (
            "MULTIPART",
            format!("/submissions/{id}/edit"),
            vec![("action".into(), "save".into())],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/conflict"),
            no_reason.clone(),
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/assign"),
            vec![
                ("editor_id".into(), kofi.to_string()),
                ("reason".into(), String::new()),
            ],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/rulings"),
            vec![
                ("person_id".into(), kofi.to_string()),
                ("finding_key".into(), "x".into()),
                ("ruling".into(), "confirmed".into()),
                ("ruling_reason".into(), String::new()),
            ],
        ),
        (
            "GET",
            format!("/editorial/submissions/{id}/reviewers"),
            vec![],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/reviewers"),
            vec![
                ("name".into(), "Kim Lee".into()),
                ("email".into(), "kim.lee@elsewhere.example".into()),
                ("due_on".into(), String::new()),
            ],
        ),
        (
            "GET",
            format!("/editorial/submissions/{id}/decision?kind=desk_reject"),
            vec![],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/decision"),
            vec![
                ("kind".into(), "desk_reject".into()),
                ("letter".into(), String::new()),
                ("expected_state".into(), "submitted".into()),
                ("action".into(), "send".into()),
            ],
        ),
        ("GET", format!("/submissions/{id}/revision"), vec![]),
        (
            "MULTIPART",
            format!("/submissions/{id}/revision"),
            vec![("response".into(), String::new())],
        ),
        ("GET", format!("/submissions/{id}/appeal"), vec![]),
        (
            "POST",
            format!("/submissions/{id}/appeal"),
            vec![("statement".into(), String::new())],
        ),
        ("GET", format!("/editorial/submissions/{id}/appeal"), vec![]),
        (
            "POST",
            format!("/editorial/submissions/{id}/appeal"),
            vec![
                ("outcome".into(), "overturned".into()),
                ("reason".into(), String::new()),
            ],
        ),
        (
            "GET",
            format!("/editorial/submissions/{id}/publish"),
            vec![],
        ),
        (
            "MULTIPART",
            format!("/editorial/submissions/{id}/publish"),
            vec![("volume".into(), String::new())],
        ),
        (
            "GET",
            format!("/editorial/submissions/{id}/revision-deadline"),
            vec![],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/revision-deadline"),
            vec![("due_on".into(), String::new())],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/remind"),
            vec![("awaited".into(), String::new())],
        ),
        (
            "POST",
            format!("/submissions/{id}/authors/{co_author}/ask-again"),
            vec![],
        ),
        (
            "GET",
            format!("/editorial/submissions/{id}/signals/{signal}"),
            vec![],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/signals/{signal}"),
            vec![
                ("outcome".into(), "no_concern".into()),
                ("reason".into(), String::new()),
            ],
        ),
        // The discussion (issue 28 part 1): the authors' thread from the author's page, and
        // both threads from the editorial page; an empty message is refused (422).
        ("GET", format!("/submissions/{id}/discussion"), vec![]),
        (
            "POST",
            format!("/submissions/{id}/discussion"),
            vec![("message".into(), String::new())],
        ),
        (
            "GET",
            format!("/editorial/submissions/{id}/discussion/reviewers"),
            vec![],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/discussion/reviewers"),
            vec![("message".into(), String::new())],
        ),
        (
            "GET",
            format!("/editorial/submissions/{id}/discussion/authors"),
            vec![],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/discussion/authors"),
            vec![("message".into(), String::new())],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/reviewers/again"),
            vec![
                ("person_id".into(), kofi.to_string()),
                ("due_on".into(), String::new()),
            ],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/reviewers/backups"),
            vec![("backup_name".into(), String::new())],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/reviewers/backups/1"),
            vec![("action".into(), "up".into())],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/reviewers/wanted"),
            vec![("wanted".into(), String::new())],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/reviewers/1/later-date"),
            vec![("answer".into(), String::new())],
        ),
        // Rating a submitted review (issue 19 part 3), without a rating: 422 where allowed.
        (
            "POST",
            format!("/editorial/submissions/{id}/reviewers/{review}/rating"),
            vec![("rating".into(), String::new())],
        ),
        // Review before you submit (issue 20 item 5), and its final Submit: for the
        // submitter of a submitted manuscript, its page (303); nobody else's.
        ("GET", format!("/submissions/{id}/review"), vec![]),
        (
            "POST",
            format!("/submissions/{id}/submit"),
            vec![("read_at".into(), String::new())],
        ),
        // A recommended decision's confirmation (issue 28 part 4): nothing waits here, so
        // 404 for everyone (`a_waiting_recommendation_asks_the_permissions_module`).
        (
            "GET",
            format!("/editorial/submissions/{id}/confirmation"),
            vec![],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/confirmation"),
            vec![
                ("action".into(), "return".into()),
                ("note".into(), String::new()),
            ],
        ),
        // The technical check (issue 28 part 4), without its message: 422 for its handling
        // editor and the editor-in-chief.
        (
            "POST",
            format!("/editorial/submissions/{id}/technical-return"),
            vec![("fixes_message".into(), String::new())],
        ),
    ]
}

async fn status_of(app: &TestApp, method: &str, path: &str, fields: &[(String, String)]) -> u16 {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = match method {
        "GET" => app.get(path).await,
        "MULTIPART" => app.post_multipart(path, &refs, &[]).await,
        _ => app.post_form(path, &refs).await,
    };
    page.status.as_u16()
}

/// Long because it is one table of who gets what on every route, checked row by row, then again
/// with a conflict.
async fn every_submission_route_asks_the_permissions_module(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    let id: i64 = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::id)
                .order(submissions::id)
                .first(conn)
                .unwrap()
        })
        .await;
    let sofia = app.person_id(SOFIA).await;
    let kofi = app.person_id(KOFI).await;
    // Its last listed author, whom its submitter may ask to confirm their authorship (if
    // that is the submitter, she is told there is nothing to ask: 303 all the same).
    let co_author: i64 = app
        .with_db(move |conn| {
            use peerdesk::db::schema::submission_authors as a;
            a::table
                .filter(a::submission_id.eq(id))
                .order(a::position.desc())
                .select(a::id)
                .first(conn)
                .unwrap()
        })
        .await;
    // A manuscript file on it, as the author would have uploaded.
    let stored = app.state.files.put(&pdf_bytes()).unwrap();
    let file = app
        .with_db(move |conn| {
            peerdesk::db::submissions::add_file(
                conn,
                id,
                1,
                sofia,
                &peerdesk::db::submissions::NewFile {
                    role: "manuscript",
                    sha256: &stored.sha256,
                    size_bytes: stored.size as i64,
                    content_type: "application/pdf",
                    original_name: "paper.pdf",
                },
            )
            .unwrap()
        })
        .await;

    // A sign of a review ring on it, for the editor-in-chief to rule on.
    let signal: i64 = app
        .with_db(move |conn| {
            use peerdesk::db::schema::integrity_signals as g;
            peerdesk::db::integrity::raise(
                conn,
                &peerdesk::db::integrity::NewSignal {
                    submission_id: id,
                    invitation_id: None,
                    related_submission_id: None,
                    kind: "fast_review",
                    evidence: "A report within the hour",
                },
            )
            .unwrap();
            g::table
                .select(g::id)
                .order(g::id.desc())
                .first(conn)
                .unwrap()
        })
        .await;

    // A submitted review on it, by the reviewer, for the editors to rate.
    let aisha = app.person_id(AISHA).await;
    let review = app
        .with_db(move |conn| crate::recognition::submitted_review(conn, id, aisha, None))
        .await;

    // Expected status per route, in the order of `routes`:
    // author page, withdraw page, edit, file, editorial page, withdraw, discard, edit (POST),
    // "I have a competing interest", assign, ruling, find reviewers, invite a reviewer,
    // decision page, send a decision, revision page, send a revision, appeal page, lodge an
    // appeal, hearing page, record an appeal's outcome, publication page, publish, the
    // revision's due date and its extension, "Remind now", ask a co-author again to confirm
    // their authorship (the submitter: done, 303), a sign of a review ring and a ruling on it
    // (without its reason: 422 for the editor-in-chief), then the discussion: the author's
    // thread on the author's page, the reviewers' and the authors' threads on the editorial
    // side, each page and an empty message (422 where the thread is open to the person). The
    // author's revision and appeal answer 409: the submission is not waiting for either, and
    // nothing changes. The editor-in-chief is told why a submitted manuscript cannot be
    // published (422); everyone else gets 404 there. Its handling editor may extend a
    // revision's due date, but none is awaited (409); "Remind now" about nothing named goes
    // back to the deadlines page (303) for its handling editor and the editor-in-chief.
    // Inviting the earlier rounds' reviewers again, with nobody of an earlier round ticked,
    // is 422 for the handling editor. Then the backups (issue 28 part 3), the handling
    // editor's only: an empty backup form (422), moving one up (303, back to the page), an
    // empty number wanted (422), a later date answered neither way (422). Last, rating a
    // submitted review without a rating: 422 for those who read the reviews. Then the review
    // page before submitting and its final Submit: the submitter is sent to the submitted
    // manuscript's page (303). Last, a recommendation's confirmation page and answer: 404; and a technical return without its
    // message: 422 for its handling editor and the editor-in-chief.
    let table: Vec<(&str, [u16; 46])> = vec![
        (
            SOFIA,
            [
                200, 200, 303, 200, 404, 422, 404, 303, 404, 404, 404, 404, 404, 404, 404, 200,
                409, 200, 409, 404, 404, 404, 404, 404, 404, 404, 303, 404, 404, 200, 422, 404,
                404, 404, 404, 404, 404, 404, 404, 404, 404, 303, 303, 404, 404, 404,
            ],
        ),
        (
            ATIF,
            [
                404, 404, 404, 200, 200, 404, 404, 404, 422, 404, 404, 200, 422, 200, 422, 404,
                404, 404, 404, 404, 404, 404, 404, 200, 409, 303, 404, 404, 404, 404, 404, 200,
                422, 200, 422, 422, 422, 303, 422, 422, 422, 404, 404, 404, 404, 422,
            ],
        ),
        (BRUNA, [404; 46]),
        (
            HELEN,
            [
                404, 404, 404, 200, 200, 404, 404, 404, 404, 422, 422, 404, 404, 404, 404, 404,
                404, 404, 404, 404, 404, 422, 422, 404, 404, 303, 404, 200, 422, 404, 404, 200,
                422, 200, 422, 404, 404, 404, 404, 404, 422, 404, 404, 404, 404, 422,
            ],
        ),
        (KOFI, [404; 46]),
        (DANIEL, [404; 46]),
    ];
    let all = routes(id, file, kofi, co_author, (signal, review));
    for (who, expected) in &table {
        app.logout().await;
        app.login(who, &logins[*who]).await;
        for ((method, path, fields), want) in all.iter().zip(expected) {
            let got = status_of(&app, method, path, fields).await;
            assert_eq!(got, *want, "{who} {method} {path}");
        }
    }
    // A submission that does not exist answers exactly the same.
    for (method, path, fields) in routes(999_999, 1, kofi, co_author, (signal, review)) {
        let got = status_of(&app, method, &path, &fields).await;
        assert_eq!(got, 404, "{method} {path}");
    }

    // Conflict state: once the editor-in-chief has a confirmed conflict with the author,
    // the editorial doors close for her too, and the queue no longer lists it.
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    app.logout().await;
    app.login(HELEN, &logins[HELEN]).await;
    for (method, path, fields) in &all {
        let got = status_of(&app, method, path, fields).await;
        assert_eq!(got, 404, "conflicted editor-in-chief: {method} {path}");
    }
    let queue = app.get("/editorial/queue").await.visible_text();
    assert!(!queue.contains("Germline BAP1"), "{queue}");
}

crate::on_both_backends!(every_submission_route_asks_the_permissions_module);

/// While a board member's recommendation waits (issue 28 part 4): the editorial page, the
/// reviews' page part and the confirmation (page; a return without its note, 422) for each
/// kind of person. The guest editor free of conflicts confirms and the conflicted one gets
/// 404, as do the recommender (who keeps the editorial page), the author and a stranger;
/// the editor-in-chief confirms until a conflict of hers is confirmed.
async fn a_waiting_recommendation_asks_the_permissions_module(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    let id = first_submission(&app).await;
    let kofi = app.person_id(KOFI).await;
    app.with_db(move |conn| {
        use peerdesk::db::schema::collections;
        diesel::update(collections::table)
            .set(collections::decisions_confirmed.eq(true))
            .execute(conn)
            .unwrap();
        diesel::update(submissions::table.find(id))
            .set(submissions::handling_editor_id.eq(Some(kofi)))
            .execute(conn)
            .unwrap();
    })
    .await;
    app.login(KOFI, &logins[KOFI]).await;
    let sent = send_decision(&app, id, "desk_reject", None).await;
    assert_eq!(sent.status.as_u16(), 303, "{}", sent.visible_text());
    let routes: Vec<Route> = vec![
        ("GET", format!("/editorial/submissions/{id}"), vec![]),
        (
            "GET",
            format!("/editorial/submissions/{id}/confirmation"),
            vec![],
        ),
        (
            "POST",
            format!("/editorial/submissions/{id}/confirmation"),
            vec![
                ("action".into(), "return".into()),
                ("note".into(), String::new()),
            ],
        ),
        ("GET", format!("/submissions/{id}"), vec![]),
    ];
    let table: [(&str, [u16; 4]); 6] = [
        (SOFIA, [404, 404, 404, 200]),
        (ATIF, [200, 200, 422, 404]),
        (BRUNA, [404, 404, 404, 404]),
        (HELEN, [200, 200, 422, 404]),
        (KOFI, [200, 404, 404, 404]),
        (DANIEL, [404, 404, 404, 404]),
    ];
    for (who, expected) in table {
        app.logout().await;
        app.login(who, &logins[who]).await;
        for ((method, path, fields), want) in routes.iter().zip(expected) {
            assert_eq!(
                status_of(&app, method, path, fields).await,
                want,
                "{who} {method} {path}"
            );
        }
    }
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    app.logout().await;
    app.login(HELEN, &logins[HELEN]).await;
    for (method, path, fields) in &routes[..3] {
        let got = status_of(&app, method, path, fields).await;
        assert_eq!(got, 404, "conflicted editor-in-chief: {method} {path}");
    }
    assert!(
        !app.get("/editorial/queue")
            .await
            .visible_text()
            .contains("waiting for your confirmation"),
        "nor does her queue list it"
    );
}

crate::on_both_backends!(a_waiting_recommendation_asks_the_permissions_module);

/// Journal-level pages: the statistics are for the journal's editor-in-chief (and
/// administrators) only; everyone else gets 404, a visitor is asked to sign in.
async fn journal_pages_ask_the_permissions_module(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    let path = "/editorial/statistics";
    assert_eq!(status_of(&app, "GET", path, &[]).await, 303, "visitor");
    for (who, want) in [
        (SOFIA, 404),
        (ATIF, 404),
        (BRUNA, 404),
        (HELEN, 200),
        (KOFI, 404),
        (DANIEL, 404),
    ] {
        app.logout().await;
        app.login(who, &logins[who]).await;
        assert_eq!(
            status_of(&app, "GET", path, &[]).await,
            want,
            "{who} GET {path}"
        );
    }
    // A collection that is not the chief's (or does not exist) answers like a missing page.
    let other = "/editorial/statistics?collection=999999";
    assert_eq!(status_of(&app, "GET", other, &[]).await, 404, "{other}");
}

crate::on_both_backends!(journal_pages_ask_the_permissions_module);

/// Long because it is one table: every such page for every kind of person.
/// The editorial and office pages that are not about one submission (the queue, the
/// board, statistics, exports, the editorial office), for each kind of person: a page a
/// person may not use answers 404, exactly as a page that does not exist, and a visitor is
/// asked to sign in. The outbox has its own table (issue 16 item 3).
async fn every_journal_page_asks_the_permissions_module(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut logins: HashMap<String, String> = app.load_demo().await;
    make_administrator(&app, "Editorial Office", ADMIN, ADMIN_PASSWORD).await;
    logins.insert(ADMIN.to_owned(), ADMIN_PASSWORD.to_owned());
    let collection: i64 = app
        .with_db(|conn| {
            peerdesk::db::collections::find_collection_by_slug(conn, "rare-cancers")
                .unwrap()
                .unwrap()
                .id
        })
        .await;
    let pages = [
        "/editorial/queue".to_owned(),
        "/editorial/board".to_owned(),
        "/editorial/statistics".to_owned(),
        "/editorial/exports".to_owned(),
        "/editorial/exports/submissions.csv".to_owned(),
        "/editorial/exports/crossref.xml".to_owned(),
        "/admin".to_owned(),
        "/admin/roles".to_owned(),
        "/admin/collections/new".to_owned(),
        format!("/admin/collections/{collection}/edit"),
        "/admin/security".to_owned(),
        "/editorial/deadlines".to_owned(),
        format!("/admin/collections/{collection}/deadlines"),
        "/editorial/integrity".to_owned(),
        "/editorial/search".to_owned(),
        format!("/admin/collections/{collection}/letters"),
        format!("/admin/collections/{collection}/letters/reviewer_invited"),
        format!("/admin/collections/{collection}/review-form"),
        "/editorial/exports/review-records.csv".to_owned(),
    ];
    for path in &pages {
        app.logout().await;
        assert_eq!(
            status_of(&app, "GET", path, &[]).await,
            303,
            "visitor {path}"
        );
    }
    // Expected status per page, in the order of `pages`: queue, board, statistics,
    // exports, CSV, Crossref, office, roles, new collection, edit collection, sign-in
    // security, deadlines, a collection's deadline settings, Integrity, the search, the
    // collection's letters and one letter (issue 18 part 3), its review form (issue 19
    // part 2), the review records for ORCID (issue 19 part 3). The Crossref
    // deposit answers the editor-in-chief 422: nothing is published yet to deposit.
    let table: Vec<(&str, &str, [u16; 19])> = vec![
        ("author", SOFIA, [404; 19]),
        ("reviewer", AISHA, [404; 19]),
        (
            "guest editor",
            ATIF,
            [
                200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404, 200, 404,
                404, 404, 404,
            ],
        ),
        (
            "board member",
            KOFI,
            [
                200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404, 200, 404,
                404, 404, 404,
            ],
        ),
        (
            "editor-in-chief",
            HELEN,
            [
                200, 200, 200, 200, 200, 422, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
                200, 200, 200,
            ],
        ),
        (
            "administrator",
            ADMIN,
            [
                404, 404, 200, 404, 404, 404, 200, 200, 200, 200, 200, 404, 200, 404, 404, 200,
                200, 200, 404,
            ],
        ),
    ];
    for (kind, who, expected) in &table {
        app.logout().await;
        app.login(who, &logins[*who]).await;
        for (path, want) in pages.iter().zip(expected) {
            let got = status_of(&app, "GET", path, &[]).await;
            assert_eq!(got, *want, "{kind} ({who}) GET {path}");
        }
        // The navigation offers the queue exactly to those who may open it.
        let offered = app
            .get("/dashboard")
            .await
            .select("nav a")
            .contains(&"Editorial queue".to_owned());
        assert_eq!(
            offered,
            expected[0] == 200,
            "{kind}: queue in the navigation"
        );
    }
}

crate::on_both_backends!(every_journal_page_asks_the_permissions_module);

/// Long because it is one table of who reads which message, then the same table once the
/// editor-in-chief is conflicted.
/// The outbox, by role and conflict: administrators read all of it; the editor-in-chief the
/// mail about her journal's manuscripts except those she is conflicted with (404 for such a
/// message, its page and "Retry now", as for one that does not exist); nobody else reads it.
async fn the_outbox_answers_by_role_and_conflict(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    make_administrator(&app, "Office Admin", ADMIN, ADMIN_PASSWORD).await;
    // The mail that asked Atif to handle Sofia's manuscript, failed, so that "Retry now"
    // applies.
    let (number, title): (String, String) = app
        .with_db(|conn| {
            submissions::table
                .order(submissions::id)
                .select((
                    submissions::manuscript_number.assume_not_null(),
                    submissions::title,
                ))
                .first(conn)
                .unwrap()
        })
        .await;
    let message = app
        .outbox()
        .into_iter()
        .find(|m| m.kind == "handling_editor_assigned" && m.thread_key.as_deref() == Some(&number))
        .expect("the assignment")
        .id;
    async fn fail(app: &TestApp, message: i64) {
        app.with_db(move |conn| {
            use peerdesk::db::schema::outbox as o;
            diesel::update(o::table.find(message))
                .set(o::status.eq(peerdesk::db::outbox::FAILED))
                .execute(conn)
                .unwrap();
        })
        .await;
    }
    fail(&app, message).await;
    let list_by_number = format!("/admin/outbox?submission={number}");
    let show = format!("/admin/outbox/{message}");
    let retry = format!("/admin/outbox/{message}/retry");

    // (who, sees the list, sees the message in it and on its page (200) or not (404)).
    let helen_password = logins[HELEN].clone();
    let table: Vec<(&str, &str, u16, u16)> = vec![
        (ADMIN, ADMIN_PASSWORD, 200, 200),
        (HELEN, &helen_password, 200, 200),
        (ATIF, &logins[ATIF], 404, 404),
        (KOFI, &logins[KOFI], 404, 404),
        (SOFIA, &logins[SOFIA], 404, 404),
    ];
    for (who, password, list_status, message_status) in &table {
        app.logout().await;
        app.login(who, password).await;
        let list = app.get(&list_by_number).await;
        assert_eq!(
            list.status.as_u16(),
            *list_status,
            "{who} GET {list_by_number}"
        );
        if *list_status == 200 {
            assert_eq!(
                !list.select("tbody tr").is_empty(),
                *message_status == 200,
                "{who}: the mail about {number} listed"
            );
        }
        let page = app.get(&show).await;
        assert_eq!(page.status.as_u16(), *message_status, "{who} GET {show}");
        if *message_status == 200 {
            assert!(page.visible_text().contains(&title), "{who}");
        }
        let retried = status_of(&app, "POST", &retry, &[]).await;
        let want = if *message_status == 200 { 303 } else { 404 };
        assert_eq!(retried, want, "{who} POST {retry}");
        fail(&app, message).await;
    }

    // Once the editor-in-chief is conflicted with Sofia, the mail about her manuscript is
    // gone from Helen's outbox: the list, the filter, the page and "Retry now".
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    app.logout().await;
    app.login(HELEN, &logins[HELEN]).await;
    let everything = app.get("/admin/outbox").await;
    assert_eq!(everything.status.as_u16(), 200);
    let shown = everything.text.clone();
    assert!(!shown.contains(&number), "conflicted: {number} listed");
    assert!(!shown.contains(&title), "conflicted: {title} listed");
    assert!(
        !everything.select("tbody tr").is_empty(),
        "other mail is still listed"
    );
    let filtered = app.get(&list_by_number).await;
    assert_eq!(
        filtered.select("tbody tr").len(),
        0,
        "the filter finds nothing"
    );
    for status in ["", "failed"] {
        let by_status = app.get(&format!("/admin/outbox?status={status}")).await;
        assert!(!by_status.text.contains(&title), "status={status}");
    }
    assert_eq!(
        app.get(&show).await.status.as_u16(),
        404,
        "conflicted: {show}"
    );
    assert_eq!(
        status_of(&app, "POST", &retry, &[]).await,
        404,
        "conflicted: {retry}"
    );
    assert_eq!(
        app.get("/admin/outbox/999999").await.status.as_u16(),
        404,
        "as a message that does not exist"
    );
    // The administrator still reads it.
    app.logout().await;
    app.login(ADMIN, ADMIN_PASSWORD).await;
    assert_eq!(app.get(&show).await.status.as_u16(), 200);
}

crate::on_both_backends!(the_outbox_answers_by_role_and_conflict);

/// Long because it is one table: the co-author's link for every kind of holder, before and
/// after the withdrawal.
/// A co-author's e-mailed link is its holder's key, whoever is signed in (it needs no
/// account, and a signed-in stranger holding it holds the co-author's key): the question
/// page opens and a refused answer (a note over the limit) answers 422, changing nothing.
/// A token that was never sent answers 404, as for a page that does not exist; once the
/// submission is withdrawn the link answers 410.
async fn a_co_authors_link_is_the_key_and_nothing_else_is(backend: Backend) {
    let app = spawn_app(backend).await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let id = submit_manuscript(&app, &complete_form(collection_id, &topic, &"7".repeat(32))).await;
    let link = authorship_link(&app, "ben@clinic.example").expect("Ben's link");
    app.register_verified("Carl Stranger", "carl@elsewhere.example", PASSWORD)
        .await;
    let long_note = "x".repeat(2001);
    let routes = |link: &str| -> Vec<Route> {
        vec![
            ("GET", link.to_owned(), vec![]),
            (
                "POST",
                format!("{link}/not-an-author"),
                vec![("note".to_owned(), long_note.clone())],
            ),
        ]
    };
    // (who, password; None: signed out).
    let holders: [(&str, Option<&str>); 3] = [
        ("a visitor", None),
        ("ada@uni.example", Some(PASSWORD)),
        ("carl@elsewhere.example", Some(PASSWORD)),
    ];
    let table = |answers: [u16; 2], unknown: [u16; 2]| {
        let (app, link, routes) = (&app, &link, &routes);
        async move {
            for (who, password) in holders {
                app.logout().await;
                if let Some(password) = password {
                    app.login(who, password).await;
                }
                for ((method, path, fields), want) in routes(link).iter().zip(answers) {
                    let got = status_of(app, method, path, fields).await;
                    assert_eq!(got, want, "{who} {method} {path}");
                }
                for ((method, path, fields), want) in
                    routes("/authorship/0000000000000000").iter().zip(unknown)
                {
                    let got = status_of(app, method, path, fields).await;
                    assert_eq!(got, want, "{who} {method} {path}");
                }
            }
        }
    };
    table([200, 422], [404, 404]).await;
    let answered: i64 = app
        .with_db(|conn| {
            use peerdesk::db::schema::authorship_requests as ar;
            ar::table
                .filter(ar::answer.is_not_null())
                .count()
                .get_result(conn)
                .unwrap()
        })
        .await;
    assert_eq!(answered, 0, "nothing was recorded between rows");

    app.logout().await;
    app.login("ada@uni.example", PASSWORD).await;
    let withdrawn = app
        .post_form(
            &format!("/submissions/{id}/withdraw"),
            &[("reason", "Withdrawn for the test.")],
        )
        .await;
    assert_eq!(withdrawn.status.as_u16(), 303);
    table([410, 410], [404, 404]).await;
}

crate::on_both_backends!(a_co_authors_link_is_the_key_and_nothing_else_is);
