//! The editorial queue at scale: pages of 25 counting only what the viewer may see, lists
//! remembered between requests that follow every change, and a dropped request that does
//! not hold the next page hostage.

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{people, submissions};

/// Every line of one list on a queue page, as submission ids, and the position text.
fn listed(page: &crate::helpers::Page, section: &str) -> (Vec<i64>, Option<String>) {
    let selector =
        scraper::Selector::parse(&format!("#{section} a[href^='/editorial/submissions/']"))
            .unwrap();
    let ids = page
        .html
        .select(&selector)
        .map(|a| {
            a.value().attr("href").unwrap()["/editorial/submissions/".len()..]
                .parse()
                .unwrap()
        })
        .collect();
    let status = page
        .select(&format!("#{section} .pager-status"))
        .into_iter()
        .next();
    (ids, status)
}

/// Follows a list's "Next" links from the first page, checking each page's position text.
async fn every_page_of(app: &TestApp, section: &str) -> Vec<i64> {
    let mut all = Vec::new();
    let mut path = "/editorial/queue".to_owned();
    loop {
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let (ids, status) = listed(&page, section);
        assert!(ids.len() <= 25, "{path}: {} lines", ids.len());
        if let Some(status) = status {
            let first = all.len() + 1;
            let shown = format!("Showing {first}–{}", all.len() + ids.len());
            assert!(status.starts_with(&shown), "{path}: {status} / {shown}");
        }
        all.extend(ids);
        let next = page
            .html
            .select(&scraper::Selector::parse(&format!("#{section} a[rel=next]")).unwrap())
            .next()
            .map(|a| a.value().attr("href").unwrap().to_owned());
        match next {
            Some(n) => path = n,
            None => return all,
        }
    }
}

/// The editor's handling list as every page of the queue shows it now, after a write that
/// must have taken `gone` out of it: checked against the uncached permission check.
async fn handling_without(app: &TestApp, editor: &str, gone: i64, why: &str) -> Vec<i64> {
    let now = every_page_of(app, "handling").await;
    assert!(!now.contains(&gone), "{why}");
    assert_eq!(now, expected_lists(app, editor).await.0);
    now
}

/// What the per-submission permission check (`editorial::access`, the same one the
/// submission pages use) lets `email` see in each list, newest first.
async fn expected_lists(app: &TestApp, email: &str) -> (Vec<i64>, Vec<i64>, Vec<i64>) {
    let email = email.to_owned();
    let settings = app.state.config.site().settings();
    app.with_db(move |conn| {
        use peerdesk::domain::permissions::SubmissionAction;
        let person = peerdesk::db::accounts::find_person_by_email(conn, &email)
            .unwrap()
            .unwrap();
        let roles = peerdesk::db::roles::held_roles(conn, person.id).unwrap();
        let ids: Vec<i64> = submissions::table
            .select(submissions::id)
            .order(submissions::id.desc())
            .load(conn)
            .unwrap();
        let (mut handling, mut needs, mut open) = (Vec::new(), Vec::new(), Vec::new());
        for id in ids {
            let a = peerdesk::workflow::editorial::access(conn, &person, &roles, id, &settings)
                .unwrap()
                .unwrap();
            let state = a.submission.state();
            if !a.may(SubmissionAction::ViewEditorial) || state.is_final() {
                continue;
            }
            if a.submission.handling_editor_id == Some(person.id) {
                handling.push(id);
            }
            if a.may(SubmissionAction::ManageAssignment) {
                if a.submission.handling_editor_id.is_none() && state.is_active() {
                    needs.push(id);
                } else {
                    open.push(id);
                }
            }
        }
        (handling, needs, open)
    })
    .await
}

async fn the_queue_pages_by_25_and_counts_only_what_the_viewer_may_see(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = scale_data(&app, 400).await;
    let (editor, chief) = (
        login_of(&report, "editor"),
        login_of(&report, "editor-in-chief"),
    );

    // The editor declares a family tie with the first author of the newest submission they
    // handle: it must leave the list and its count.
    let (before, _, _) = expected_lists(&app, &editor).await;
    let gone = before[0];
    let me = app.person_id(&editor).await;
    declare_family_tie(&app, me, gone).await;

    app.login(&editor, &report.password).await;
    let (handling, _, _) = expected_lists(&app, &editor).await;
    assert!(!handling.contains(&gone), "the declared conflict counts");
    assert!(
        handling.len() > 25,
        "more than one page: {}",
        handling.len()
    );
    let first = app.get("/editorial/queue").await;
    let (_, status) = listed(&first, "handling");
    assert_eq!(
        status.as_deref(),
        Some(format!("Showing 1–25 of {}", handling.len()).as_str())
    );
    assert!(first.select("#handling a[rel=prev]").is_empty());
    assert_eq!(every_page_of(&app, "handling").await, handling);
    // A page past the end shows the last one.
    let past = app.get("/editorial/queue?page=999").await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(!listed(&past, "handling").0.is_empty());
    assert!(!past.select("#handling a[rel=prev]").is_empty());
    app.logout().await;

    app.login(&chief, &report.password).await;
    let (_, needs, open) = expected_lists(&app, &chief).await;
    assert!(open.len() > 25, "{}", open.len());
    let text = app.get("/editorial/queue").await.visible_text();
    assert!(
        text.contains(&format!("Open submissions ({})", open.len())),
        "{text}"
    );
    assert_eq!(every_page_of(&app, "open").await, open);
    assert_eq!(every_page_of(&app, "needs-editor").await, needs);
}

/// The lists are remembered between requests (`peerdesk::workflow::memo`); every change to what they
/// or the conflict rules depend on must show on the next page, even when written straight
/// into the database (as another instance of the server would).
async fn the_remembered_queue_follows_every_change(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = scale_data(&app, 120).await;
    let editor = login_of(&report, "editor");
    let me = app.person_id(&editor).await;
    app.login(&editor, &report.password).await;
    let (handling, _, _) = expected_lists(&app, &editor).await;
    assert!(handling.len() > 2, "{}", handling.len());
    assert_eq!(every_page_of(&app, "handling").await, handling);

    // 1. A declared conflict with the first author of the newest one: it leaves the list,
    // and its page, seen a moment before, is no longer there for them.
    let gone = handling[0];
    let its_page = format!("/editorial/submissions/{gone}");
    assert_eq!(app.get(&its_page).await.status, StatusCode::OK);
    declare_family_tie(&app, me, gone).await;
    handling_without(&app, &editor, gone, "the declared conflict shows at once").await;
    assert_eq!(app.get(&its_page).await.status, StatusCode::NOT_FOUND);

    // 2. It is withdrawn again: the submission is back.
    withdraw_declared_conflicts(&app, me).await;
    let now = every_page_of(&app, "handling").await;
    assert!(now.contains(&gone));
    assert_eq!(now, handling);
    assert_eq!(app.get(&its_page).await.status, StatusCode::OK);

    // 3. An author of another one moves to the editor's own institution.
    let moved = handling[1];
    authors_move_to_the_institution_of(&app, moved, me).await;
    let now = handling_without(&app, &editor, moved, "the shared institution shows at once").await;

    // 4. Another one is handed to somebody else.
    let handed = *now.last().unwrap();
    hand_to_someone_other_than(&app, handed, me).await;
    let now = handling_without(&app, &editor, handed, "the new editor shows at once").await;

    // 6. A registered co-author of a listed submission lists a recent paper with the
    // editor: the submission leaves the list, though nothing of the editor's own changed.
    let (listed, author) = registered_author_in(&app, &now, me).await;
    let name = app.with_db(move |conn| name_of(conn, me)).await;
    lists_paper_with(&app, author, "Shared work", 2026, &name, &editor).await;
    let now = handling_without(
        &app,
        &editor,
        listed,
        "the co-author's paper counts at once",
    )
    .await;

    // 7. The editor's own profile changes: they move to a listed author's institution.
    let (listed, author) = registered_author_in(&app, &now, me).await;
    moves_to_the_institution_of(&app, me, author, listed).await;
    handling_without(&app, &editor, listed, "the editor's move counts at once").await;

    // 5. The editor-in-chief's list of possible editors follows their offers.
    let chief = login_of(&report, "editor-in-chief");
    app.logout().await;
    app.login(&chief, &report.password).await;
    let candidates = format!("/editorial/submissions/{handed}");
    let before = app.get(&candidates).await.visible_text();
    assert!(!before.contains("of 97"), "{before}");
    app.with_db(|conn| {
        use peerdesk::db::schema::editor_profiles as ep;
        diesel::update(ep::table)
            .set((ep::capacity.eq(97), ep::available.eq(false)))
            .execute(conn)
            .unwrap();
    })
    .await;
    let after = app.get(&candidates).await.visible_text();
    assert!(after.contains("of 97 (unavailable)"), "{after}");
}

/// A submission of `listed` with an author who has an account (not `me`): its id and theirs.
async fn registered_author_in(app: &TestApp, listed: &[i64], me: i64) -> (i64, i64) {
    use peerdesk::db::schema::submission_authors as sa;
    let listed = listed.to_vec();
    app.with_db(move |conn| {
        sa::table
            .filter(sa::submission_id.eq_any(&listed))
            .filter(sa::person_id.is_not_null())
            .filter(sa::person_id.ne(me))
            .order(sa::submission_id.desc())
            .select((sa::submission_id, sa::person_id.assume_not_null()))
            .first::<(i64, i64)>(conn)
            .expect("a listed submission with a registered author")
    })
    .await
}

/// `person` declares a family tie with the first author of `submission`, straight in the
/// database.
async fn declare_family_tie(app: &TestApp, person: i64, submission: i64) {
    use peerdesk::db::schema::submission_authors as sa;
    let (author, address): (String, String) = app
        .with_db(move |conn| {
            sa::table
                .filter(sa::submission_id.eq(submission))
                .order(sa::position)
                .select((sa::name, sa::email))
                .first(conn)
                .unwrap()
        })
        .await;
    declare_conflict(app, person, &author, &address, "family", "").await;
}

/// `person` takes back every competing interest they declared, straight in the database.
async fn withdraw_declared_conflicts(app: &TestApp, person: i64) {
    use peerdesk::db::schema::declared_conflicts as d;
    app.with_db(move |conn| {
        diesel::delete(d::table.filter(d::person_id.eq(person)))
            .execute(conn)
            .unwrap();
    })
    .await;
}

fn name_of(conn: &mut peerdesk::db::DbConnection, person: i64) -> String {
    people::table
        .find(person)
        .select(people::name)
        .first(conn)
        .unwrap()
}

/// Every author of `submission` moves to the institution of `person`.
async fn authors_move_to_the_institution_of(app: &TestApp, submission: i64, person: i64) {
    use peerdesk::db::schema::submission_authors as sa;
    app.with_db(move |conn| {
        let theirs: String = people::table
            .find(person)
            .select(people::affiliation)
            .first(conn)
            .unwrap();
        assert!(!theirs.is_empty());
        diesel::update(sa::table.filter(sa::submission_id.eq(submission)))
            .set(sa::affiliation.eq(theirs))
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// `submission` is handed to somebody who is not `person`.
async fn hand_to_someone_other_than(app: &TestApp, submission: i64, person: i64) {
    app.with_db(move |conn| {
        let other: i64 = people::table
            .filter(people::id.ne(person))
            .select(people::id)
            .first(conn)
            .unwrap();
        diesel::update(submissions::table.find(submission))
            .set(submissions::handling_editor_id.eq(other))
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// `person` adds to their profile the institution `author` gave on `submission`.
async fn moves_to_the_institution_of(app: &TestApp, person: i64, author: i64, submission: i64) {
    use peerdesk::db::schema::{affiliations as af, submission_authors as sa};
    app.with_db(move |conn| {
        let theirs: String = sa::table
            .filter(sa::submission_id.eq(submission))
            .filter(sa::person_id.eq(author))
            .select(sa::affiliation)
            .first(conn)
            .unwrap();
        diesel::insert_into(af::table)
            .values((af::person_id.eq(person), af::institution.eq(theirs)))
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// Generated data of `n` submissions, with a person of each role to sign in as.
async fn scale_data(app: &TestApp, n: usize) -> peerdesk::demo::scale::ScaleReport {
    app.with_db(move |conn| peerdesk::demo::scale::load(conn, n).expect("scale data loads"))
        .await
}

/// The address of the generated person with `role`.
fn login_of(report: &peerdesk::demo::scale::ScaleReport, role: &str) -> String {
    report
        .logins
        .iter()
        .find(|l| l.role == role)
        .unwrap()
        .email
        .clone()
}

/// Issue 30, item 3: no page held hostage. The editor-in-chief's first queue at scale checks
/// her conflicts with every submission (seconds); she gives up after one second. Her next
/// page (a submission's) does not wait for that computation: it answers as fast as such a
/// page does on its own. Before, every page of hers waited in one gate behind the queue's
/// computation, which went on for nobody.
/// Long because it is one timed story: a page alone, the queue given up, the next page, then
/// the computation that stopped.
#[tokio::test]
async fn a_request_dropped_after_a_second_does_not_delay_the_next_page_of_the_same_person() {
    let app = spawn_app(Backend::Sqlite).await;
    let report = scale_data(&app, 20_000).await;
    let chief = login_of(&report, "editor-in-chief");
    // Two open submissions she may see, each not yet looked at by her pages.
    let settings = app.state.config.site().settings();
    let c = chief.clone();
    let pages: Vec<i64> = app
        .with_db(move |conn| {
            use peerdesk::domain::permissions::SubmissionAction;
            let person = peerdesk::db::accounts::find_person_by_email(conn, &c)
                .unwrap()
                .unwrap();
            let roles = peerdesk::db::roles::held_roles(conn, person.id).unwrap();
            let ids: Vec<i64> = submissions::table
                .filter(submissions::state.eq("under_review"))
                .select(submissions::id)
                .order(submissions::id.desc())
                .limit(50)
                .load(conn)
                .unwrap();
            ids.into_iter()
                .filter(|id| {
                    peerdesk::workflow::editorial::access(conn, &person, &roles, *id, &settings)
                        .unwrap()
                        .is_some_and(|a| a.may(SubmissionAction::ViewEditorial))
                })
                .take(2)
                .collect()
        })
        .await;
    let (first, second) = (pages[0], pages[1]);
    app.login(&chief, &report.password).await;

    // What a submission page of hers takes on its own.
    let started = std::time::Instant::now();
    let alone = app.get(&format!("/editorial/submissions/{first}")).await;
    let on_its_own = started.elapsed();
    assert_eq!(alone.status, StatusCode::OK);

    // The queue, given up after a second by a client with her cookies.
    let impatient = reqwest::Client::builder()
        .cookie_provider(app.jar.clone())
        .timeout(std::time::Duration::from_secs(1))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let gave_up = impatient.get(app.url("/editorial/queue")).send().await;
    assert!(
        gave_up.is_err(),
        "the queue answered within {:?}: the data is too small to show anything",
        started.elapsed()
    );

    // Her next page answers like a page of its own, not after the queue's computation.
    let started = std::time::Instant::now();
    let next = app.get(&format!("/editorial/submissions/{second}")).await;
    let took = started.elapsed();
    assert_eq!(next.status, StatusCode::OK);
    assert!(
        took < on_its_own + std::time::Duration::from_millis(700),
        "the next page took {took:?}, a page on its own {on_its_own:?}"
    );

    // The computation stopped rather than going on for nobody: it ends the batch under way
    // (500 submissions: longer on a loaded machine), then what it had learnt stays and
    // stops growing, well short of the whole list.
    let chief_id = app.person_id(&chief).await;
    let verdicts = &app.state.memo.verdicts;
    let mut learnt = verdicts.remembered_for(chief_id);
    for _ in 0..30 {
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        let now = verdicts.remembered_for(chief_id);
        if now == learnt {
            break;
        }
        learnt = now;
    }
    assert_eq!(
        verdicts.remembered_for(chief_id),
        learnt,
        "the dropped request's computation goes on"
    );

    // And the queue, asked again, answers (from what the dropped request had learnt).
    let started = std::time::Instant::now();
    let queue = app.get("/editorial/queue").await;
    assert_eq!(queue.status, StatusCode::OK);
    let whole = verdicts.remembered_for(chief_id);
    assert!(
        learnt < whole,
        "the dropped computation stopped short: {learnt} of {whole} learnt"
    );
    eprintln!(
        "page alone {on_its_own:?}, next page {took:?}, queue after {:?}",
        started.elapsed()
    );
}

crate::on_both_backends!(
    the_queue_pages_by_25_and_counts_only_what_the_viewer_may_see,
    the_remembered_queue_follows_every_change,
);
