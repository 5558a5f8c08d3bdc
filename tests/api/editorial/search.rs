//! Finding and acting on many submissions at once (issue 18 part 2), as the editors use it:
//! a search with two filters from the queue, bookmarkable; a conflicted editor-in-chief's
//! search that neither shows nor counts the hidden submission; bad values answered with a
//! message (never a 500); reviewers reminded from a selection after a confirmation page,
//! once however often it is confirmed; a reassignment that refuses a conflicted editor and
//! says why; the selection as CSV.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::submissions;

const BAP1: &str = "Germline BAP1";
const RETINOBLASTOMA: &str = "Survival of children with retinoblastoma";
const REGISTRY: &str = "An international registry";

/// A submission's id by the start of its title.
async fn id_of(app: &TestApp, title: &'static str) -> i64 {
    app.with_db(move |conn| {
        submissions::table
            .filter(submissions::title.like(format!("{title}%")))
            .select(submissions::id)
            .first(conn)
            .unwrap()
    })
    .await
}

/// The titles in the results table, in order.
fn titles(page: &Page) -> Vec<String> {
    page.select("#results-table tbody td:nth-child(3) a")
}

async fn a_search_with_two_filters_finds_the_right_rows(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    as_person(&app, &logins, HELEN).await;
    let queue = app.get("/editorial/queue").await;
    let link = queue.attr("#search-link", "href").expect("from the queue");
    let all = app.get(&link).await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.select("#results-count"), ["3 submissions found."]);

    // Sofia Bianchi is an author of three; only one of them has no handling editor yet.
    let by_author = app.get("/editorial/search?author=bianchi").await;
    assert_eq!(by_author.select("#results-count"), ["3 submissions found."]);
    let two = app
        .get("/editorial/search?author=Bianchi&editor=none")
        .await;
    assert_eq!(two.status, StatusCode::OK);
    let found = titles(&two);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(REGISTRY), "{found:?}");
    // The form shows the query again, and a column header sorts the same search.
    assert_eq!(two.attr("#author", "value").as_deref(), Some("Bianchi"));
    // Words anywhere with a state: prefixes of words, every word required.
    let lagos = app
        .get("/editorial/search?q=lago+twin&state=submitted")
        .await;
    let found = titles(&lagos);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(RETINOBLASTOMA), "{found:?}");
    // Sorted by title, ascending then descending from the header.
    let sorted = app.get("/editorial/search?sort=title&dir=asc").await;
    let asc = titles(&sorted);
    assert!(
        asc[0].starts_with(REGISTRY) && asc[2].starts_with(RETINOBLASTOMA),
        "{asc:?}"
    );
    let header = sorted
        .attr("#results-table th[aria-sort=ascending] a", "href")
        .expect("a sort link");
    let desc = titles(&app.get(&header).await);
    assert_eq!(desc, asc.iter().rev().cloned().collect::<Vec<_>>());
    // Keywords and e-mail addresses are fields of their own.
    let twinning = app.get("/editorial/search?keyword=paediatric").await;
    assert!(titles(&twinning)[0].starts_with(RETINOBLASTOMA));
    assert!(titles(&app.get("/editorial/search?title=paediatric").await).is_empty());
    let by_address = app.get("/editorial/search?author=mei.lin%40sysucc").await;
    let found = titles(&by_address);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(REGISTRY));

    // A guest editor searches only what she handles.
    as_person(&app, &logins, ATIF).await;
    let atif = app.get("/editorial/search?author=bianchi").await;
    let found = titles(&atif);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(BAP1));
}

async fn a_conflicted_chiefs_search_never_shows_nor_counts_the_hidden_submission(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    as_person(&app, &logins, HELEN).await;
    let before = app.get("/editorial/search?q=germline").await;
    assert_eq!(titles(&before).len(), 1);
    let id = id_of(&app, BAP1).await;
    let number: String = app
        .with_db(move |conn| {
            submissions::table
                .find(id)
                .select(submissions::manuscript_number.assume_not_null())
                .first(conn)
                .unwrap()
        })
        .await;
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    for path in [
        "/editorial/search?q=germline".to_owned(),
        format!("/editorial/search?q={number}"),
        "/editorial/search?author=bianchi".to_owned(),
        "/editorial/search?keyword=uveal&sort=title".to_owned(),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(
            page.select("#results-count"),
            ["0 submissions found."],
            "{path}"
        );
        assert!(!page.text.contains(BAP1), "no title: {path}");
        let results = page.select("#results").join(" ");
        assert!(!results.contains(&number), "no number: {path}");
    }
    // Everything: Sofia is an author of all three; none is counted, there is one page.
    let all = app.get("/editorial/search").await;
    assert_eq!(all.select("#results-count"), ["0 submissions found."]);
    assert!(all.select(".pager").is_empty(), "one page");
    // Nor can she select it by its id: not named, not exported, nothing sent.
    let id = id.to_string();
    let export = app
        .post_form(
            "/editorial/search/selection",
            &[("id", id.as_str()), ("action", "export")],
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(!export.text.contains("BAP1"), "{}", export.text);
    assert_eq!(export.text.lines().count(), 1, "the header alone");
    let confirm = app
        .post_form(
            "/editorial/search/selection",
            &[("id", id.as_str()), ("action", "remind")],
        )
        .await;
    assert!(!confirm.text.contains(BAP1));
    assert!(
        confirm
            .visible_text()
            .contains("One selected submission is not in your lists"),
        "{}",
        confirm.visible_text()
    );
}

async fn bad_values_are_answered_with_a_message_never_a_500(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    as_person(&app, &logins, HELEN).await;
    for (query, field) in [
        ("sort=password", "sort"),
        ("sort=title&dir=sideways", "dir"),
        ("page=-1", "page"),
        ("page=0", "page"),
        ("page=99999999999999999999999999", "page"),
        ("editor=abc", "editor"),
        ("collection=1e3", "collection"),
        ("state=draft", "state"),
        ("state=%00", "state"),
        ("round=two", "round"),
        ("min_age=10&max_age=2", "max_age"),
        ("max_age=-5", "max_age"),
        ("overdue=maybe", "overdue"),
        ("list=everything", "list"),
        ("q=a+b+c+d+e+f+g+h+i", "q"),
    ] {
        let page = app.get(&format!("/editorial/search?{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(
            page.field_error(field).is_some(),
            "{query}: {}",
            page.visible_text()
        );
        assert!(
            page.select("#results-table").is_empty(),
            "nothing searched: {query}"
        );
    }
    // What a person typed is kept.
    let kept = app.get("/editorial/search?q=BAP1&round=two").await;
    assert_eq!(kept.attr("#q", "value").as_deref(), Some("BAP1"));
    assert_eq!(kept.attr("#round", "value").as_deref(), Some("two"));
    // Characters that mean something to a full-text syntax are only separators; a page
    // past the end shows the last one; repeated and unknown fields read as any URL does.
    for query in [
        "q=%22BAP1%22+OR+*+NEAR(x)",
        "q=%27%3B+DROP+TABLE+submissions%3B+--",
        "author=%E2%80%AE%F0%9F%A6%80",
        "page=999999",
        "q=a&q=b&sort=title&sort=round",
        "unknown=1&%ZZ=%",
        "editor=none&collection=999999999&round=99",
    ] {
        let page = app.get(&format!("/editorial/search?{query}")).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "{query}: {}",
            page.visible_text()
        );
    }
    // A selection that does not read, or is empty, or an action that is not offered.
    for fields in [
        vec![("action", "remind")],
        vec![("id", "x"), ("action", "remind")],
        vec![("id", "-4"), ("action", "export")],
        vec![("id", "1"), ("action", "delete")],
    ] {
        let page = app.post_form("/editorial/search/selection", &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(!page.error_summary().is_empty(), "{fields:?}");
    }
}

/// Marta Lindqvist has accepted to review BAP1 (handled by Atif, who is signed in).
async fn marta_reviews_bap1(app: &mut TestApp) -> (HashMap<String, String>, i64) {
    let (logins, id, link) = marta_invited(app).await;
    accept_in_own_browser(app, &link).await;
    (logins, id)
}

fn reminders_to(app: &TestApp, address: &str) -> usize {
    app.outbox()
        .iter()
        .filter(|m| m.kind == "review_reminder" && m.to_address == address)
        .count()
}

async fn a_bulk_remind_is_confirmed_first_and_sends_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (_, id) = marta_reviews_bap1(&mut app).await;
    let found = app.get("/editorial/search?q=bap1").await;
    let back = found.attr("input[name=back]", "value").expect("the search");
    let id = id.to_string();
    assert_eq!(
        found.attr(&format!("#pick-{id}"), "value").as_deref(),
        Some(id.as_str())
    );
    let confirm = app
        .post_form(
            "/editorial/search/selection",
            &[("id", id.as_str()), ("action", "remind"), ("back", &back)],
        )
        .await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.visible_text());
    assert!(confirm.select("#selected li").join(" ").contains(BAP1));
    assert_eq!(
        reminders_to(&app, NEW_REVIEWER),
        0,
        "nothing sent before confirming"
    );
    assert_eq!(
        confirm
            .attr("#confirm-form input[name=id]", "value")
            .as_deref(),
        Some(id.as_str())
    );
    let fields = [
        ("id", id.as_str()),
        ("action", "remind"),
        ("back", back.as_str()),
    ];
    let report = app.post_form("/editorial/search/bulk", &fields).await;
    assert_eq!(report.status, StatusCode::OK);
    let said = report.select("#report li").join(" ");
    assert!(said.contains("Reminder sent to Marta Lindqvist"), "{said}");
    assert_eq!(reminders_to(&app, NEW_REVIEWER), 1);
    // Confirmed again (a second tab, a reload): nothing more goes, and the page says why.
    let again = app.post_form("/editorial/search/bulk", &fields).await;
    assert!(
        again
            .select("#report li")
            .join(" ")
            .contains("less than a minute ago"),
        "{}",
        again.visible_text()
    );
    assert_eq!(reminders_to(&app, NEW_REVIEWER), 1, "sent once");
}

async fn a_bulk_reassignment_refuses_a_conflicted_editor_with_the_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    as_person(&app, &logins, HELEN).await;
    let bap1 = id_of(&app, BAP1).await.to_string();
    let registry = id_of(&app, REGISTRY).await.to_string();
    let kofi = app.person_id(KOFI).await.to_string();
    let confirm = app
        .post_form(
            "/editorial/search/selection",
            &[
                ("id", bap1.as_str()),
                ("id", registry.as_str()),
                ("action", "reassign"),
            ],
        )
        .await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.visible_text());
    assert!(confirm.select("#editor option").join(" ").contains("Kofi"));
    // The reason is required: the page comes back with the choice kept.
    let fields = |reason: &'static str| {
        vec![
            ("id", bap1.clone()),
            ("id", registry.clone()),
            ("action", "reassign".to_owned()),
            ("editor", kofi.clone()),
            ("reason", reason.to_owned()),
        ]
    };
    let refs = |f: &[(&'static str, String)]| -> Vec<(&'static str, String)> { f.to_vec() };
    let send = |f: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let r: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form("/editorial/search/bulk", &r).await
        }
    };
    let missing = send(refs(&fields(""))).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.field_error("reason").is_some());
    assert_eq!(
        missing.attr("#editor option[selected]", "value").as_deref(),
        Some(kofi.as_str())
    );
    let report = send(refs(&fields("Workload across the board"))).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.visible_text());
    // Kofi Mensah works where Anna Berg, an author of the registry, does.
    let refused = report.select("#report li.refused").join(" ");
    assert!(refused.contains(REGISTRY), "{}", report.visible_text());
    assert!(
        refused.contains("cannot handle this submission"),
        "{refused}"
    );
    assert_eq!(editor_name(&app, &registry).await, None, "unchanged");
    let done = report.select("#report li.done").join(" ");
    assert!(done.contains(BAP1), "{}", report.visible_text());
    assert_eq!(
        editor_name(&app, &bap1).await.as_deref(),
        Some("Kofi Mensah")
    );
    // A handling editor who is not the editor-in-chief is not offered it, nor may send it.
    as_person(&app, &logins, ATIF).await;
    let page = app
        .post_form(
            "/editorial/search/selection",
            &[("id", bap1.as_str()), ("action", "reassign")],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

async fn editor_name(app: &TestApp, id: &str) -> Option<String> {
    handling_editor(app, id.parse().unwrap())
        .await
        .map(|(name, _)| name)
}

async fn the_selection_exports_as_csv(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    as_person(&app, &logins, HELEN).await;
    let a = id_of(&app, REGISTRY).await.to_string();
    let b = id_of(&app, BAP1).await.to_string();
    let csv = app
        .post_form(
            "/editorial/search/selection",
            &[("id", a.as_str()), ("id", b.as_str()), ("action", "export")],
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(lines.len(), 3, "{}", csv.text);
    assert!(lines[0].starts_with("Manuscript number,Title,State"));
    assert!(
        lines[1].contains(REGISTRY) && lines[2].contains(BAP1),
        "{}",
        csv.text
    );
}

/// Who may use the search and its forms: editors (their own lists), nobody else (404, as a
/// page that does not exist); a visitor is asked to sign in.
async fn the_search_routes_ask_the_permissions_module(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    app.logout().await;
    assert_eq!(
        app.get("/editorial/search").await.status,
        StatusCode::SEE_OTHER
    );
    let table: [(&str, [u16; 3]); 6] = [
        (SOFIA, [404, 404, 404]),
        ("aisha.khan@aku.example", [404, 404, 404]),
        (ATIF, [200, 422, 422]),
        (KOFI, [200, 422, 422]),
        (HELEN, [200, 422, 422]),
        (DANIEL, [404, 404, 404]),
    ];
    for (who, [search, selection, bulk]) in table {
        as_person(&app, &logins, who).await;
        assert_eq!(
            app.get("/editorial/search").await.status.as_u16(),
            search,
            "{who}"
        );
        let empty = [("action", "remind")];
        let got = app.post_form("/editorial/search/selection", &empty).await;
        assert_eq!(got.status.as_u16(), selection, "{who} selection");
        let got = app.post_form("/editorial/search/bulk", &empty).await;
        assert_eq!(got.status.as_u16(), bulk, "{who} bulk");
    }
}

/// How many the search finds in one of the reader's lists.
async fn found_in(app: &TestApp, list: &str) -> usize {
    let page = app.get(&format!("/editorial/search?list={list}")).await;
    let said = page.select("#results-count").join("");
    said.split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{said}"))
}

/// The number in a queue heading "… (N)".
fn heading_count(page: &Page, id: &str) -> usize {
    let heading = page.select(id).join("");
    let inside = heading.rsplit('(').next().unwrap_or_default();
    inside
        .trim_end_matches(')')
        .parse()
        .unwrap_or_else(|_| panic!("{heading}"))
}

/// Each list, searched with no words, holds what the queue shows in that list.
async fn search_agrees_with_the_queue(app: &TestApp, who: &str) {
    let queue = app.get("/editorial/queue").await;
    let handling = queue.select("#handling tbody tr").len();
    assert_eq!(found_in(app, "handling").await, handling, "{who} handling");
    let (mut needs, mut open) = (0, 0);
    if !queue.select("#needs-heading").is_empty() {
        needs = heading_count(&queue, "#needs-heading");
        open = heading_count(&queue, "#open-heading");
    }
    assert_eq!(found_in(app, "needs_editor").await, needs, "{who} needs");
    assert_eq!(found_in(app, "open").await, open, "{who} open");
    let all = found_in(app, "all").await;
    assert!(all >= handling.max(needs).max(open), "{who} all {all}");
    assert!(all <= handling + needs + open, "{who} all {all}");
}

/// The search says each of the reader's lists as an SQL condition; the queue sorts the same
/// submissions by the permissions module. Both must say the same, before and after a
/// competing interest hides one submission.
async fn every_list_searched_holds_what_the_queue_shows(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    for who in [HELEN, ATIF, KOFI] {
        as_person(&app, &logins, who).await;
        search_agrees_with_the_queue(&app, who).await;
    }
    as_person(&app, &logins, HELEN).await;
    assert_eq!(found_in(&app, "needs_editor").await, 1);
    let helen = app.person_id(HELEN).await;
    declare_conflict(
        &app,
        helen,
        "Mei Lin",
        "mei.lin@sysucc.example",
        "family",
        "",
    )
    .await;
    as_person(&app, &logins, HELEN).await;
    assert_eq!(
        found_in(&app, "needs_editor").await,
        0,
        "the registry is hidden"
    );
    search_agrees_with_the_queue(&app, HELEN).await;
    assert!(
        found_in(&app, "all").await > 0,
        "the others are still found"
    );
}

/// A whole manuscript number, typed in any case, finds exactly that submission.
async fn a_manuscript_number_finds_exactly_its_submission(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    as_person(&app, &logins, HELEN).await;
    let id = id_of(&app, BAP1).await;
    let number: String = app
        .with_db(move |conn| {
            submissions::table
                .find(id)
                .select(submissions::manuscript_number.assume_not_null())
                .first(conn)
                .unwrap()
        })
        .await;
    for typed in [
        number.clone(),
        number.to_lowercase(),
        format!("  {number} "),
    ] {
        let page = app
            .get(&format!("/editorial/search?q={}", typed.replace(' ', "+")))
            .await;
        assert_eq!(
            page.select("#results-count"),
            ["1 submission found."],
            "{typed}"
        );
        assert!(titles(&page)[0].starts_with(BAP1), "{typed}");
        assert_eq!(
            page.attr("#q", "value").as_deref(),
            Some(typed.as_str()),
            "kept as typed"
        );
    }
}

/// "São" and "sao" find the same submissions on both databases (FTS5 folds accents;
/// PostgreSQL's documents and queries go through `search_fold`, migration 36), whichever
/// way the title or the search was typed.
async fn accents_are_found_with_or_without_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    as_person(&app, &logins, HELEN).await;
    let id = id_of(&app, BAP1).await;
    app.with_db(move |conn| {
        let title: String = submissions::table
            .find(id)
            .select(submissions::title)
            .first(conn)
            .unwrap();
        diesel::update(submissions::table.find(id))
            .set(submissions::title.eq(format!("{title}: a ÉCOLE cohort from São Paulo")))
            .execute(conn)
            .unwrap();
    })
    .await;
    for path in [
        "/editorial/search?q=sao+paulo",
        "/editorial/search?q=S%C3%A3o",
        "/editorial/search?title=ecole",
        "/editorial/search?title=%C3%A9cole",
    ] {
        let found = titles(&app.get(path).await);
        assert_eq!(found.len(), 1, "{path}: {found:?}");
        assert!(found[0].starts_with(BAP1), "{path}: {found:?}");
    }
    // An author's name: "Dvořák" typed with or without its accents.
    for path in [
        "/editorial/search?author=dvo%C5%99%C3%A1k",
        "/editorial/search?author=Dvorak&title=registry",
    ] {
        let found = titles(&app.get(path).await);
        assert_eq!(found.len(), 1, "{path}: {found:?}");
        assert!(found[0].starts_with(REGISTRY), "{path}: {found:?}");
    }
}

/// Copies the demo's registry submission `n` times (RC-2099-0001 …), each a submission of
/// its own waiting for a handling editor.
async fn copies_of_the_registry(app: &TestApp, n: i64) {
    let registry = id_of(app, REGISTRY).await;
    let columns = "collection_id, submitter_id, state, current_round, article_type, title, \
        abstract, keywords, rare_cancer_type, competing_interests, competing_interests_details, \
        ethics_statement, data_availability, funding, cover_letter, created_at, updated_at, \
        submitted_at, ai_use, ai_use_details, consent_for_publication, authors_contributions, \
        acknowledgements, checklist_ticked";
    app.with_db(move |conn| {
        for k in 1..=n {
            diesel::sql_query(format!(
                "INSERT INTO submissions (manuscript_number, {columns}) \
                 SELECT 'RC-2099-{k:04}', {columns} FROM submissions WHERE id = {registry}"
            ))
            .execute(conn)
            .unwrap();
        }
    })
    .await;
}

/// "Select all that this search found" takes every page of it, and nothing the reader's
/// lists do not hold; the page offers it only when there is more than one page.
async fn all_that_a_search_found_can_be_selected_beyond_its_first_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    copies_of_the_registry(&app, 30).await;
    as_person(&app, &logins, HELEN).await;
    let search = "q=registry&sort=number&dir=asc";
    let page = app.get(&format!("/editorial/search?{search}")).await;
    assert_eq!(page.select("#results-count"), ["31 submissions found."]);
    assert_eq!(titles(&page).len(), 25);
    assert_eq!(
        page.select("label[for=every-match]"),
        ["Select all 31 submissions this search found, on every page"]
    );
    let back = page.attr("input[name=back]", "value").expect("the search");
    let csv = app
        .post_form(
            "/editorial/search/selection",
            &[
                ("every_match", "yes"),
                ("action", "export"),
                ("back", &back),
            ],
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.text.lines().count(), 32, "a header and 31 rows");
    assert!(csv.text.contains("RC-2099-0030"), "from the second page");
    // Reminders: the confirmation page lists every one of them, each confirmed by its id.
    let confirm = app
        .post_form(
            "/editorial/search/selection",
            &[
                ("every_match", "yes"),
                ("action", "remind"),
                ("back", &back),
            ],
        )
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert_eq!(confirm.select("#selected li").len(), 31);
    // One page of results offers no such choice.
    let one = app.get("/editorial/search?q=germline").await;
    assert!(one.select("#every-match").is_empty());
}

/// "Only overdue": an accepted review past its due date makes its submission overdue.
async fn overdue_finds_a_review_past_its_due_date(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (_, id) = marta_reviews_bap1(&mut app).await;
    assert!(titles(&app.get("/editorial/search?overdue=yes").await).is_empty());
    app.with_db(move |conn| {
        use peerdesk::db::schema::review_invitations as r;
        let yesterday = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
        diesel::update(r::table.filter(r::submission_id.eq(id)))
            .set(r::due_on.eq(yesterday))
            .execute(conn)
            .unwrap();
    })
    .await;
    let found = titles(
        &app.get("/editorial/search?overdue=yes&author=bianchi")
            .await,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with(BAP1), "{found:?}");
}

crate::on_both_backends!(
    a_search_with_two_filters_finds_the_right_rows,
    a_conflicted_chiefs_search_never_shows_nor_counts_the_hidden_submission,
    bad_values_are_answered_with_a_message_never_a_500,
    a_bulk_remind_is_confirmed_first_and_sends_once,
    a_bulk_reassignment_refuses_a_conflicted_editor_with_the_reason,
    the_selection_exports_as_csv,
    the_search_routes_ask_the_permissions_module,
    every_list_searched_holds_what_the_queue_shows,
    a_manuscript_number_finds_exactly_its_submission,
    accents_are_found_with_or_without_them,
    all_that_a_search_found_can_be_selected_beyond_its_first_page,
    overdue_finds_a_review_past_its_due_date
);
