//! The editorial side: who sees what, and "I have a competing interest". A conflicted
//! person gets the same 404 as for a submission that does not exist, and never sees it
//! in a list.

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp, spawn_app};
use peerdesk::db::schema::{people, submissions};

const ATIF: &str = "atif.ahmed@seattlechildrens.example";
const BRUNA: &str = "bruna.dalmasso@hsanmartino.example";
const HELEN: &str = "helen.marsh@bmccancer.example";
const SOFIA: &str = "sofia.bianchi@hsanmartino.example";

async fn as_person(app: &TestApp, logins: &std::collections::HashMap<String, String>, email: &str) {
    app.logout().await;
    let page = app.login(email, &logins[email]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{email} signs in");
}

/// The handling editor of a submission: (name, address), if it has one.
async fn handling_editor(app: &TestApp, id: i64) -> Option<(String, String)> {
    app.with_db(move |conn| {
        submissions::table
            .inner_join(people::table.on(people::id.nullable().eq(submissions::handling_editor_id)))
            .filter(submissions::id.eq(id))
            .select((people::name, people::email))
            .first(conn)
            .optional()
            .unwrap()
    })
    .await
}

async fn editor_of(app: &TestApp, id: i64) -> Option<String> {
    handling_editor(app, id).await.map(|(name, _)| name)
}

async fn editors_see_only_what_they_may(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let ids: Vec<i64> = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::id)
                .order(submissions::id)
                .load(conn)
                .unwrap()
        })
        .await;
    let (one, two, three) = (ids[0], ids[1], ids[2]);
    let page = |id: i64| format!("/editorial/submissions/{id}");

    // The editor-in-chief sees the flagged one with every reason, and why each editor was chosen.
    as_person(&app, &logins, HELEN).await;
    let queue = app.get("/editorial/queue").await;
    assert_eq!(queue.status, StatusCode::OK);
    let text = queue.visible_text();
    assert!(text.contains("Needs a handling editor (1)"), "{text}");
    assert!(
        text.contains("Nobody free of competing interests"),
        "{text}"
    );
    assert!(text.contains("Why this editor:"), "{text}");
    let chief_view = app.get(&page(one)).await;
    assert_eq!(chief_view.status, StatusCode::OK);
    assert!(chief_view.visible_text().contains("chosen by the system"));

    // The handling editor sees theirs; the submissions they are conflicted with do not exist
    // for them, on a page or in a list.
    as_person(&app, &logins, ATIF).await;
    let queue = app.get("/editorial/queue").await.visible_text();
    assert!(queue.contains("Germline BAP1"), "{queue}");
    assert!(
        !queue.contains("twinning") && !queue.contains("registry"),
        "{queue}"
    );
    assert_eq!(app.get(&page(one)).await.status, StatusCode::OK);
    for id in [two, three, 999_999] {
        assert_eq!(
            app.get(&page(id)).await.status,
            StatusCode::NOT_FOUND,
            "{id}"
        );
    }

    // Bruna shares an institution with the author of the first: 404, and not listed.
    as_person(&app, &logins, BRUNA).await;
    assert_eq!(app.get(&page(one)).await.status, StatusCode::NOT_FOUND);
    assert!(
        !app.get("/editorial/queue")
            .await
            .visible_text()
            .contains("Germline BAP1")
    );

    // The author never reaches the editorial side of their own submission.
    as_person(&app, &logins, SOFIA).await;
    assert_eq!(app.get(&page(one)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/submissions/{one}")).await.status,
        StatusCode::OK
    );

    // "I have a competing interest": a reason is needed; then Atif steps down, loses access,
    // and a conflict-free board member (Bruna is conflicted) takes over and is told.
    as_person(&app, &logins, ATIF).await;
    let conflict = format!("{}/conflict", page(one));
    let refused = app.post_form(&conflict, &[("reason", " ")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("reason").is_some());
    let done = app
        .post_form(
            &conflict,
            &[("reason", "I co-supervise the first author's fellowship.")],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/editorial/queue"));
    assert_eq!(app.get(&page(one)).await.status, StatusCode::NOT_FOUND);
    let new_editor = editor_of(&app, one).await.expect("a new editor");
    assert!(
        ["Kofi Mensah", "Elena Ruiz", "Priya Raman", "Tomáš Novák"].contains(&new_editor.as_str()),
        "{new_editor}"
    );
    let told = app
        .outbox()
        .into_iter()
        .filter(|m| m.kind == "handling_editor_assigned")
        .any(|m| m.to_name == new_editor);
    assert!(told, "the new editor is told");
    // A second press (issue #25, item 5) is told it is done, and changes nothing; the page
    // stays gone for Atif.
    let again = app.post_form(&conflict, &[("reason", "again")]).await;
    assert_eq!(again.location.as_deref(), Some("/editorial/queue"));
    let told = app.get("/editorial/queue").await.select(".flash").join(" ");
    assert!(told.contains("already recorded"), "{told}");
    assert_eq!(
        editor_of(&app, one).await.as_deref(),
        Some(new_editor.as_str())
    );
    assert_eq!(app.get(&page(one)).await.status, StatusCode::NOT_FOUND);

    // The editor-in-chief reads the whole story.
    as_person(&app, &logins, HELEN).await;
    let story = app.get(&page(one)).await.visible_text();
    assert!(
        story.contains("ended: declared a competing interest"),
        "{story}"
    );
    assert!(
        story.contains("I co-supervise the first author's fellowship."),
        "{story}"
    );
}

/// Declares, in Kofi Mensah's profile, a conflict with `author` at `address` (as if he had
/// just done it). With the address: a name alone would be a potential conflict (issue 30).
async fn kofi_declares_conflict_with(app: &TestApp, author: &'static str, address: &'static str) {
    app.with_db(move |conn| {
        use peerdesk::db::schema::declared_conflicts as d;
        let kofi: i64 = people::table
            .filter(people::email.eq("kofi.mensah@ki.example"))
            .select(people::id)
            .first(conn)
            .unwrap();
        diesel::insert_into(d::table)
            .values((
                d::person_id.eq(kofi),
                d::target_kind.eq("person"),
                d::target_name.eq(author),
                d::target_email.eq(address),
                d::kind.eq("close_collaborator"),
                d::note.eq("we share a grant"),
                d::created_at.eq(peerdesk::db::now()),
            ))
            .execute(conn)
            .unwrap();
    })
    .await
}

async fn a_conflict_declared_after_the_list_was_shown_refuses_the_assignment(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let ids: Vec<i64> = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::id)
                .order(submissions::id)
                .load(conn)
                .unwrap()
        })
        .await;
    let (one, two) = (ids[0], ids[1]);
    as_person(&app, &logins, HELEN).await;

    // The page offers Kofi Mensah for the first submission...
    let page = app.get(&format!("/editorial/submissions/{one}")).await;
    let kofi_id: i64 = app.person_id("kofi.mensah@ki.example").await;
    assert!(
        page.attr(
            &format!("input[name=editor_id][value='{kofi_id}']"),
            "value"
        )
        .is_some()
    );
    // ...then he declares a conflict with its author, before the editor-in-chief clicks.
    kofi_declares_conflict_with(&app, "Sofia Bianchi", "sofia.bianchi@hsanmartino.example").await;
    let assign = format!("/editorial/submissions/{one}/assign");
    let kofi = kofi_id.to_string();
    let refused = app
        .submit(
            &assign,
            &[("editor_id", &kofi), ("reason", "expert in uveal melanoma")],
        )
        .await;
    let text = refused.visible_text();
    assert!(
        text.contains("Kofi Mensah cannot handle this submission"),
        "{text}"
    );
    assert!(text.contains("close collaborator"), "{text}");
    assert_eq!(
        editor_of(&app, one).await.as_deref(),
        Some("Atif A. Ahmed"),
        "nothing changed"
    );

    // Without an editor, the refusal is followed by the system's own conflict-free choice.
    app.with_db(move |conn| peerdesk::db::editorial::end_assignment(conn, two, "test").unwrap())
        .await;
    let refused = app
        .submit(
            &format!("/editorial/submissions/{two}/assign"),
            &[("editor_id", &kofi), ("reason", "expert")],
        )
        .await;
    // Kofi's declared conflict is with Sofia Bianchi, a co-author of the second as well.
    let text = refused.visible_text();
    assert!(
        text.contains("Kofi Mensah cannot handle this submission"),
        "{text}"
    );
    let instead = editor_of(&app, two).await.expect("another editor");
    assert_ne!(instead, "Kofi Mensah");
    assert!(
        text.contains(&format!("The system assigned {instead} instead")),
        "{text}"
    );

    // A free editor, with a reason, is assigned and told.
    let elena: i64 = app.person_id("elena.ruiz@lapaz.example").await;
    let missing_reason = app
        .post_form(
            &assign,
            &[("editor_id", &elena.to_string()), ("reason", "")],
        )
        .await;
    assert_eq!(missing_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .submit(
            &assign,
            &[
                ("editor_id", &elena.to_string()),
                ("reason", "lighter load this month"),
            ],
        )
        .await;
    assert!(
        done.visible_text()
            .contains("Elena Ruiz handles this submission")
    );
    assert_eq!(editor_of(&app, one).await.as_deref(), Some("Elena Ruiz"));
    assert!(
        done.visible_text()
            .contains("Assigned by Helen Marsh (editor-in-chief): lighter load this month")
    );
}

crate::on_both_backends!(
    editors_see_only_what_they_may,
    a_conflict_declared_after_the_list_was_shown_refuses_the_assignment
);

async fn the_board_page_sets_capacity_topics_and_availability(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    as_person(&app, &logins, ATIF).await;
    assert_eq!(
        app.get("/editorial/board").await.status,
        StatusCode::NOT_FOUND,
        "editors-in-chief only"
    );
    as_person(&app, &logins, HELEN).await;
    let page = app.get("/editorial/board").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.visible_text().contains("Kofi Mensah"));
    let kofi: i64 = app.person_id("kofi.mensah@ki.example").await;
    let path = format!("/editorial/board/{kofi}");
    let bad = app.post_form(&path, &[("capacity", "lots")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error(&format!("capacity_{kofi}")).is_some());
    // The message is tied to its field for screen readers.
    assert_eq!(
        bad.attr(&format!("#capacity_{kofi}"), "aria-describedby"),
        Some(format!("capacity_{kofi}-error"))
    );
    assert_eq!(
        bad.attr(&format!("#capacity_{kofi}"), "aria-invalid")
            .as_deref(),
        Some("true")
    );
    let topic = crate::submissions::rare_cancers(&app).await.1;
    let saved = app
        .post_form(&path, &[("capacity", "2"), ("topics", &topic)])
        .await;
    assert_eq!(saved.location.as_deref(), Some("/editorial/board"));
    let offer = app
        .with_db(move |conn| peerdesk::db::editorial::offer_of(conn, kofi, 1).unwrap())
        .await;
    assert_eq!(
        (offer.capacity, offer.available, offer.topics),
        (2, false, vec![topic.clone()])
    );
    // Two tabs (issue #25, item 3): read now, one saves capacity 4 (twice: one save), the
    // other, read before, tries capacity 7 and is told; capacity 4 stays.
    let read_with = app
        .get("/editorial/board")
        .await
        .attr(
            &format!("form[action='{path}'] input[name=read_with]"),
            "value",
        )
        .expect("the form says what it was read with");
    for _ in 0..2 {
        let four = app
            .post_form(
                &path,
                &[
                    ("capacity", "4"),
                    ("topics", &topic),
                    ("read_with", &read_with),
                ],
            )
            .await;
        assert_eq!(four.status, StatusCode::SEE_OTHER);
    }
    let stale = app
        .post_form(
            &path,
            &[
                ("capacity", "7"),
                ("topics", &topic),
                ("read_with", &read_with),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .field_error(&format!("capacity_{kofi}"))
            .unwrap()
            .contains("changed from another tab")
    );
    assert_eq!(
        stale.attr(&format!("#capacity_{kofi}"), "value").as_deref(),
        Some("4"),
        "the page shows what holds now"
    );
    // Someone who is not an editor of the journal has nothing to set.
    let sofia: i64 = app.person_id(SOFIA).await;
    let stranger = app
        .post_form(&format!("/editorial/board/{sofia}"), &[("capacity", "3")])
        .await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
}

crate::on_both_backends!(the_board_page_sets_capacity_topics_and_availability);

async fn the_editor_in_chief_rules_on_potential_conflicts(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    // A public mail address and a slightly different spelling of Bruna's institution: only a
    // potential conflict, for the editor-in-chief to rule on.
    crate::submissions::signed_in_author(&app, "Sofia Rossi", "sofia.rossi.onc@gmail.com").await;
    let (collection_id, topic) = crate::submissions::rare_cancers(&app).await;
    let mut fields: Vec<(String, String)> =
        crate::submissions::complete_form(collection_id, &topic, &format!("{:032x}", 77))
            .into_iter()
            .filter(|(k, _)| !k.starts_with("author_"))
            .collect();
    for (k, v) in [
        ("author_name_0", "Sofia Rossi"),
        ("author_email_0", "sofia.rossi.onc@gmail.com"),
        (
            "author_affiliation_0",
            "IRCCS Ospedale Policlinico San Martino, Genoa, Italy",
        ),
        ("author_orcid_0", ""),
    ] {
        fields.push((k.into(), v.into()));
    }
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let done = app
        .post_multipart(
            "/submissions/new",
            &refs,
            &[("manuscript", "paper.pdf", crate::submissions::pdf_bytes())],
        )
        .await;
    let id: i64 = done
        .location
        .unwrap()
        .trim_start_matches("/submissions/")
        .parse()
        .unwrap();
    assert_eq!(
        editor_of(&app, id).await.as_deref(),
        Some("Atif A. Ahmed"),
        "a clean editor first"
    );

    as_person(&app, &logins, HELEN).await;
    let page_path = format!("/editorial/submissions/{id}");
    let page = app.get(&page_path).await;
    assert!(
        page.visible_text()
            .contains("Potential: Possibly the same institution"),
        "{}",
        page.visible_text()
    );
    let bruna = page
        .attr("form.inline-ruling input[name=person_id]", "value")
        .expect("a ruling form");
    let key = page
        .attr("form.inline-ruling input[name=finding_key]", "value")
        .unwrap();

    // A potential conflict does not block: Bruna can be assigned, with a reason.
    let assigned = app
        .submit(
            &format!("{page_path}/assign"),
            &[("editor_id", &bruna), ("reason", "closest expertise")],
        )
        .await;
    assert!(
        assigned
            .visible_text()
            .contains("Bruna Samia Dalmasso handles this submission")
    );

    // A ruling needs a reason; confirming the conflict removes her at once.
    let rulings = format!("{page_path}/rulings");
    let no_reason = app
        .post_form(
            &rulings,
            &[
                ("person_id", &bruna),
                ("finding_key", &key),
                ("ruling", "confirmed"),
                ("ruling_reason", ""),
            ],
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let confirmed = app
        .submit(
            &rulings,
            &[
                ("person_id", &bruna),
                ("finding_key", &key),
                ("ruling", "confirmed"),
                ("ruling_reason", "same hospital, another spelling"),
            ],
        )
        .await;
    let text = confirmed.visible_text();
    assert!(text.contains("no longer handles this submission"), "{text}");
    assert!(
        text.contains("The system assigned Atif A. Ahmed instead"),
        "{text}"
    );
    assert!(
        text.contains("Confirmed: Possibly the same institution"),
        "{text}"
    );
    let recorded: (String, String, i64) = app
        .with_db(move |conn| {
            use peerdesk::db::schema::conflict_rulings as r;
            r::table
                .filter(r::submission_id.eq(id))
                .select((r::ruling, r::reason, r::decided_by))
                .first(conn)
                .unwrap()
        })
        .await;
    assert_eq!(recorded.0, "confirmed");
    assert_eq!(recorded.1, "same hospital, another spelling");

    // Changed to "not a conflict": she may be chosen again.
    let cleared = app
        .submit(
            &rulings,
            &[
                ("person_id", &bruna),
                ("finding_key", &key),
                ("ruling", "not_a_conflict"),
                ("ruling_reason", "checked: different hospital"),
            ],
        )
        .await;
    assert!(cleared.visible_text().contains("Your ruling is recorded"));
    assert!(
        cleared
            .attr(&format!("input[name=editor_id][value='{bruna}']"), "value")
            .is_some()
    );
    // Someone's finding that does not exist is not a thing to rule on.
    let bogus = app
        .post_form(
            &rulings,
            &[
                ("person_id", &bruna),
                ("finding_key", "made-up"),
                ("ruling", "confirmed"),
                ("ruling_reason", "x"),
            ],
        )
        .await;
    assert_eq!(bogus.status, StatusCode::NOT_FOUND);
}

crate::on_both_backends!(the_editor_in_chief_rules_on_potential_conflicts);

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
    let report = app
        .with_db(|conn| peerdesk::demo::scale::load(conn, 400).expect("scale data loads"))
        .await;
    let login = |role: &str| {
        report
            .logins
            .iter()
            .find(|l| l.role == role)
            .unwrap()
            .email
            .clone()
    };
    let (editor, chief) = (login("editor"), login("editor-in-chief"));

    // The editor declares a family tie with the first author of the newest submission they
    // handle: it must leave the list and its count.
    let e = editor.clone();
    let (before, _, _) = expected_lists(&app, &editor).await;
    let gone = before[0];
    let me: i64 = app
        .with_db(move |conn| {
            people::table
                .filter(people::email.eq(&e))
                .select(people::id)
                .first(conn)
                .unwrap()
        })
        .await;
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

crate::on_both_backends!(the_queue_pages_by_25_and_counts_only_what_the_viewer_may_see);

/// The lists are remembered between requests (`peerdesk::workflow::memo`); every change to what they
/// or the conflict rules depend on must show on the next page, even when written straight
/// into the database (as another instance of the server would).
async fn the_remembered_queue_follows_every_change(backend: Backend) {
    use peerdesk::db::schema::{declared_conflicts as d, submission_authors as sa};
    let app = spawn_app(backend).await;
    let report = app
        .with_db(|conn| peerdesk::demo::scale::load(conn, 120).expect("scale data loads"))
        .await;
    let editor = report
        .logins
        .iter()
        .find(|l| l.role == "editor")
        .unwrap()
        .email
        .clone();
    let e = editor.clone();
    let me: i64 = app
        .with_db(move |conn| {
            people::table
                .filter(people::email.eq(&e))
                .select(people::id)
                .first(conn)
                .unwrap()
        })
        .await;
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
    app.with_db(move |conn| {
        diesel::delete(d::table.filter(d::person_id.eq(me)))
            .execute(conn)
            .unwrap();
    })
    .await;
    let now = every_page_of(&app, "handling").await;
    assert!(now.contains(&gone));
    assert_eq!(now, handling);
    assert_eq!(app.get(&its_page).await.status, StatusCode::OK);

    // 3. An author of another one moves to the editor's own institution.
    let moved = handling[1];
    let e = editor.clone();
    app.with_db(move |conn| {
        let mine: String = people::table
            .filter(people::email.eq(&e))
            .select(people::affiliation)
            .first(conn)
            .unwrap();
        assert!(!mine.is_empty());
        diesel::update(sa::table.filter(sa::submission_id.eq(moved)))
            .set(sa::affiliation.eq(mine))
            .execute(conn)
            .unwrap();
    })
    .await;
    let now = handling_without(&app, &editor, moved, "the shared institution shows at once").await;

    // 4. Another one is handed to somebody else.
    let handed = *now.last().unwrap();
    let other: i64 = app
        .with_db(move |conn| {
            people::table
                .filter(people::id.ne(me))
                .select(people::id)
                .first(conn)
                .unwrap()
        })
        .await;
    app.with_db(move |conn| {
        diesel::update(submissions::table.find(handed))
            .set(submissions::handling_editor_id.eq(other))
            .execute(conn)
            .unwrap();
    })
    .await;
    let now = handling_without(&app, &editor, handed, "the new editor shows at once").await;

    // 6. A registered co-author of a listed submission lists a recent paper with the
    // editor: the submission leaves the list, though nothing of the editor's own changed.
    let (listed, author) = registered_author_in(&app, &now, me).await;
    let e = editor.clone();
    app.with_db(move |conn| {
        use peerdesk::db::schema::{publication_coauthors as pc, publications as pb};
        let name: String = people::table
            .filter(people::email.eq(&e))
            .select(people::name)
            .first(conn)
            .unwrap();
        let paper: i64 = diesel::insert_into(pb::table)
            .values((
                pb::person_id.eq(author),
                pb::title.eq("Shared work"),
                pb::year.eq(2026),
            ))
            .returning(pb::id)
            .get_result(conn)
            .unwrap();
        diesel::insert_into(pc::table)
            .values((
                pc::publication_id.eq(paper),
                pc::name.eq(name),
                pc::email.eq(Some(e)),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;
    let now = handling_without(
        &app,
        &editor,
        listed,
        "the co-author's paper counts at once",
    )
    .await;

    // 7. The editor's own profile changes: they move to a listed author's institution.
    let (listed, author) = registered_author_in(&app, &now, me).await;
    app.with_db(move |conn| {
        use peerdesk::db::schema::affiliations as af;
        let theirs: String = sa::table
            .filter(sa::submission_id.eq(listed))
            .filter(sa::person_id.eq(author))
            .select(sa::affiliation)
            .first(conn)
            .unwrap();
        diesel::insert_into(af::table)
            .values((af::person_id.eq(me), af::institution.eq(theirs)))
            .execute(conn)
            .unwrap();
    })
    .await;
    handling_without(&app, &editor, listed, "the editor's move counts at once").await;

    // 5. The editor-in-chief's list of possible editors follows their offers.
    let chief = report
        .logins
        .iter()
        .find(|l| l.role == "editor-in-chief")
        .unwrap()
        .email
        .clone();
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

crate::on_both_backends!(the_remembered_queue_follows_every_change);

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
    use peerdesk::db::schema::{declared_conflicts as d, submission_authors as sa};
    app.with_db(move |conn| {
        let (author, address): (String, String) = sa::table
            .filter(sa::submission_id.eq(submission))
            .order(sa::position)
            .select((sa::name, sa::email))
            .first(conn)
            .unwrap();
        diesel::insert_into(d::table)
            .values((
                d::person_id.eq(person),
                d::target_kind.eq("person"),
                d::target_name.eq(author),
                d::target_email.eq(address),
                d::kind.eq("family"),
                d::created_at.eq(peerdesk::db::now()),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// Issue #16, item 1: a reason shown to a handling editor never names a manuscript they may
/// not see. In the demo, Mei Lin co-authored the registry manuscript (RC-…-0003, which every
/// editor is conflicted with) with Sofia Bianchi; the editor of RC-…-0002, which Sofia also
/// wrote, searches reviewers for "Mei".
async fn reviewer_search_reasons_never_name_a_hidden_manuscript(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let ids: Vec<i64> = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::id)
                .order(submissions::id)
                .load(conn)
                .unwrap()
        })
        .await;
    let (two, three) = (ids[1], ids[2]);
    let hidden_title = app
        .with_db(move |conn| {
            submissions::table
                .find(three)
                .select(submissions::title)
                .first::<String>(conn)
                .unwrap()
        })
        .await;
    let (_, editor) = handling_editor(&app, two)
        .await
        .expect("RC-…-0002 has an editor");
    as_person(&app, &logins, &editor).await;
    assert_eq!(
        app.get(&format!("/editorial/submissions/{three}"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "{editor} may not see the registry manuscript"
    );

    let found = app
        .get(&format!("/editorial/submissions/{two}/reviewers?q=Mei"))
        .await;
    assert_eq!(found.status, StatusCode::OK);
    let results = found.select("#results .candidate").join("\n");
    assert!(results.contains("Mei Lin"), "{results}");
    assert!(
        results.contains("Co-authored a manuscript submitted here with author Sofia Bianchi"),
        "the reason says why without naming it: {results}"
    );
    // Not in the text, nor in an attribute (a finding key goes into the ruling forms).
    let html = found.text.to_lowercase();
    for leak in [hidden_title.to_lowercase().as_str(), "nasopharyngeal"] {
        assert!(
            !html.contains(leak),
            "“{leak}” of a hidden manuscript leaks"
        );
    }
}

/// Issue #16, item 11: a flagged submission (every editor conflicted) says on its own page
/// what the editor-in-chief can do, and she can take it on herself, then reject it without
/// review.
async fn a_flagged_submission_offers_the_editor_in_chief_a_way_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let three: i64 = app
        .with_db(|conn| {
            submissions::table
                .filter(submissions::flagged_reason.is_not_null())
                .select(submissions::id)
                .first(conn)
                .unwrap()
        })
        .await;
    let page = format!("/editorial/submissions/{three}");
    as_person(&app, &logins, HELEN).await;
    let shown = app.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK);
    let options = shown.select("#flagged-options li").join("\n");
    assert!(options.contains("Handle it yourself"), "{options}");
    assert!(
        options.contains("Appoint another Editorial Board Member"),
        "{options}"
    );
    assert_eq!(
        shown.attr("#flagged-options a", "href").as_deref(),
        Some("/admin/roles")
    );

    let helen = app.person_id(HELEN).await;
    let missing_reason = app
        .post_form(
            &format!("{page}/assign"),
            &[("editor_id", &helen.to_string()), ("reason", "")],
        )
        .await;
    assert_eq!(missing_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let taken = app
        .post_form(
            &format!("{page}/assign"),
            &[
                ("editor_id", &helen.to_string()),
                ("reason", "Every editor has a competing interest."),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.text);
    assert_eq!(editor_of(&app, three).await.as_deref(), Some("Helen Marsh"));
    let after = app.get(&page).await;
    assert!(after.select("#flagged-options").is_empty());
    assert_eq!(
        after.select("#handling-editor").join(""),
        "Helen Marsh",
        "she now handles it"
    );
    // As its handling editor she may decide, including a desk rejection.
    let decision = app.get(&format!("{page}/decision")).await;
    assert_eq!(decision.status, StatusCode::OK);
}

crate::on_both_backends!(
    reviewer_search_reasons_never_name_a_hidden_manuscript,
    a_flagged_submission_offers_the_editor_in_chief_a_way_out,
);

/// Issue #25, item 2: the editor-in-chief assigns A in one tab and B in another opened at
/// the same time. The first wins; the second answers 409 with the page as it is now and her
/// reason kept, and nobody else is asked to handle it. Then ten presses of one button at
/// once make one assignment, one event and one e-mail.
async fn two_tabs_assigning_two_editors_end_with_one(backend: Backend) {
    use peerdesk::db::schema::events;
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id: i64 = app
        .with_db(|conn| {
            submissions::table
                .filter(submissions::handling_editor_id.is_not_null())
                .select(submissions::id)
                .order(submissions::id)
                .first(conn)
                .unwrap()
        })
        .await;
    let page = format!("/editorial/submissions/{id}");
    as_person(&app, &logins, HELEN).await;
    let read = app.get(&page).await;
    let read_with = read
        .attr("input[name=read_with_editor]", "value")
        .expect("the assign form says whom it was read with");
    let editors: Vec<String> = {
        let sel =
            scraper::Selector::parse("form[action$='/assign'] input[name=editor_id]").unwrap();
        read.html
            .select(&sel)
            .filter_map(|e| e.value().attr("value").map(str::to_owned))
            .filter(|e| *e != read_with)
            .collect()
    };
    assert!(editors.len() >= 2, "{editors:?}");
    let (a, b) = (editors[0].clone(), editors[1].clone());
    let name_of = |id: String| {
        let app = &app;
        async move {
            let id: i64 = id.parse().unwrap();
            app.with_db(move |conn| {
                people::table
                    .find(id)
                    .select(people::name)
                    .first::<String>(conn)
                    .unwrap()
            })
            .await
        }
    };
    let (name_a, name_b) = (name_of(a.clone()).await, name_of(b.clone()).await);
    let mails_to = |name: String| {
        app.outbox()
            .into_iter()
            .filter(|m| m.kind == "handling_editor_assigned" && m.to_name == name)
            .count()
    };
    let assignments = || {
        app.with_db(move |conn| {
            events::table
                .filter(events::subject_id.eq(id))
                .filter(events::kind.eq("handling_editor_assigned"))
                .count()
                .get_result::<i64>(conn)
                .unwrap()
        })
    };
    let before = assignments().await;
    let (mails_a, mails_b) = (mails_to(name_a.clone()), mails_to(name_b.clone()));

    let first = app
        .post_form(
            &format!("{page}/assign"),
            &[
                ("editor_id", &a),
                ("reason", "Tab one"),
                ("read_with_editor", &read_with),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let second = app
        .post_form(
            &format!("{page}/assign"),
            &[
                ("editor_id", &b),
                ("reason", "Tab two's reason"),
                ("read_with_editor", &read_with),
            ],
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "the stale tab is told");
    let told = second.select(".error-summary").join(" ");
    assert!(
        told.contains(&format!("was assigned to {name_a} a moment ago")),
        "{told}"
    );
    assert!(
        told.contains("Tab two's reason"),
        "her input is kept: {told}"
    );
    assert_eq!(second.select("#handling-editor").join(""), name_a);
    assert_eq!(editor_of(&app, id).await.as_deref(), Some(name_a.as_str()));
    assert_eq!(mails_to(name_a.clone()), mails_a + 1);
    assert_eq!(
        mails_to(name_b.clone()),
        mails_b,
        "nobody else is asked to handle it"
    );
    assert_eq!(assignments().await, before + 1);

    // Ten presses at once of the button that gives it to B, read after A took it.
    let read_with = app
        .get(&page)
        .await
        .attr("input[name=read_with_editor]", "value")
        .unwrap();
    assert_eq!(read_with, a);
    let token = app.csrf_token().await;
    let url = app.url(&format!("{page}/assign"));
    let presses: Vec<_> = (0..10)
        .map(|_| {
            let (client, url) = (app.client.clone(), url.clone());
            let fields = [
                ("editor_id", b.clone()),
                ("reason", "Ten presses".to_owned()),
                ("read_with_editor", read_with.clone()),
                ("csrf_token", token.clone()),
            ];
            tokio::spawn(async move {
                client
                    .post(url)
                    .form(&fields)
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    for press in presses {
        assert_eq!(press.await.unwrap(), StatusCode::SEE_OTHER);
    }
    assert_eq!(editor_of(&app, id).await.as_deref(), Some(name_b.as_str()));
    assert_eq!(assignments().await, before + 2, "one more assignment");
    assert_eq!(mails_to(name_b), mails_b + 1, "one e-mail");
}

crate::on_both_backends!(two_tabs_assigning_two_editors_end_with_one);

/// Issue 30, item 3: no page held hostage. The editor-in-chief's first queue at scale checks
/// her conflicts with every submission (seconds); she gives up after one second. Her next
/// page (a submission's) does not wait for that computation: it answers as fast as such a
/// page does on its own. Before, every page of hers waited in one gate behind the queue's
/// computation, which went on for nobody.
#[tokio::test]
async fn a_request_dropped_after_a_second_does_not_delay_the_next_page_of_the_same_person() {
    let app = spawn_app(Backend::Sqlite).await;
    let report = app
        .with_db(|conn| peerdesk::demo::scale::load(conn, 20_000).expect("scale data loads"))
        .await;
    let chief = report
        .logins
        .iter()
        .find(|l| l.role == "editor-in-chief")
        .unwrap()
        .email
        .clone();
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

    // The computation stopped rather than going on for nobody: what it had learnt stays,
    // and stops growing.
    let chief_id = app.person_id(&chief).await;
    let verdicts = &app.state.memo.verdicts;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let learnt = verdicts.remembered_for(chief_id);
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(
        verdicts.remembered_for(chief_id),
        learnt,
        "the dropped request's computation goes on"
    );

    // And the queue, asked again, answers (from what the dropped request had learnt).
    let started = std::time::Instant::now();
    let queue = app.get("/editorial/queue").await;
    assert_eq!(queue.status, StatusCode::OK);
    eprintln!(
        "page alone {on_its_own:?}, next page {took:?}, queue after {:?}",
        started.elapsed()
    );
}

/// Issue 30, item 2: an author's co-author who merely shares the editor-in-chief's name (with
/// another address) no longer hides the submission from her. She sees it, with the match
/// pointed out as a possible competing interest of hers, and rules on it like any other.
async fn the_chief_sees_and_rules_on_a_namesake_of_hers(backend: Backend) {
    use peerdesk::db::schema::{publication_coauthors as pc, publications as p};
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let one: i64 = app
        .with_db(|conn| {
            submissions::table
                .select(submissions::id)
                .order(submissions::id)
                .first(conn)
                .unwrap()
        })
        .await;
    // Sofia Bianchi, its author, lists last year's paper with another Helen Marsh.
    let sofia = app.person_id("sofia.bianchi@hsanmartino.example").await;
    let year = chrono::Datelike::year(&peerdesk::db::now()) - 1;
    app.with_db(move |conn| {
        let paper: i64 = diesel::insert_into(p::table)
            .values((
                p::person_id.eq(sofia),
                p::title.eq("Orbital lymphoma in adults"),
                p::year.eq(year),
            ))
            .returning(p::id)
            .get_result(conn)
            .unwrap();
        diesel::insert_into(pc::table)
            .values((
                pc::publication_id.eq(paper),
                pc::name.eq("Helen Marsh"),
                pc::email.eq(Some("h.marsh@ophthalmology.example")),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;

    as_person(&app, &logins, HELEN).await;
    let page = app.get(&format!("/editorial/submissions/{one}")).await;
    assert_eq!(page.status, StatusCode::OK, "a namesake does not hide it");
    let notice = page.select("#own-potential").join(" ");
    assert!(
        notice.contains(&format!(
            "Possibly co-authored “Orbital lymphoma in adults” ({year}) with author Sofia \
             Bianchi: the same name as a co-author the author's publications list on it, but a \
             different address"
        )),
        "{notice}"
    );
    let helen = app.person_id(HELEN).await;
    let row = format!("#candidate-{helen}");
    assert!(page.select(&row).join(" ").contains("Helen Marsh (you)"));
    let key = page
        .attr(&format!("{row} input[name=finding_key]"), "value")
        .expect("a ruling form on her own potential conflict");

    // "Not a conflict": recorded with her reason; the page stays hers, the notice goes.
    let helen_id = helen.to_string();
    let ruled = app
        .submit(
            &format!("/editorial/submissions/{one}/rulings"),
            &[
                ("person_id", &helen_id),
                ("finding_key", &key),
                ("ruling", "not_a_conflict"),
                (
                    "ruling_reason",
                    "Another Helen Marsh: I never wrote with Sofia Bianchi",
                ),
            ],
        )
        .await;
    assert_eq!(ruled.status, StatusCode::OK);
    assert!(ruled.select("#own-potential").is_empty());
    assert!(
        ruled
            .visible_text()
            .contains("Another Helen Marsh: I never wrote with Sofia Bianchi"),
        "the ruling is in the history"
    );

    // Confirming it instead declares it: she goes back to her queue, and it is gone.
    let confirmed = app
        .submit(
            &format!("/editorial/submissions/{one}/rulings"),
            &[
                ("person_id", &helen_id),
                ("finding_key", &key),
                ("ruling", "confirmed"),
                ("ruling_reason", "On reflection, it is me"),
            ],
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);
    assert!(
        confirmed
            .visible_text()
            .contains("Your competing interest is recorded"),
        "{}",
        confirmed.visible_text()
    );
    assert_eq!(
        app.get(&format!("/editorial/submissions/{one}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

crate::on_both_backends!(the_chief_sees_and_rules_on_a_namesake_of_hers);
