use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp, make_office_administrator, spawn_app};
use crate::on_both_backends;

async fn sign_in_as_editor_in_chief(app: &TestApp) {
    let logins = app.load_demo().await;
    let password = &logins["helen.marsh@bmccancer.example"];
    assert_eq!(
        app.login("helen.marsh@bmccancer.example", password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

fn collection_form(title: &str, slug: &str) -> Vec<(&'static str, String)> {
    vec![
        ("title", title.to_owned()),
        ("slug", slug.to_owned()),
        ("manuscript_prefix", "PO".into()),
        ("summary", "Research on cancers in children.".into()),
        ("definition", String::new()),
        ("about", "About text.".into()),
        ("guidelines", "Guidelines.".into()),
        (
            "article_type_policy",
            "BMC Cancer is not considering case reports.".into(),
        ),
        ("competing_interests_statement", "Statement.".into()),
        ("opens_on", "2026-01-01".into()),
        ("closes_on", "2027-06-30".into()),
        ("blinding", "double".into()),
        ("review_due_days", "21".into()),
        ("abstract_word_limit", "300".into()),
        ("topics", "Paediatric sarcomas\nNeuroblastoma".into()),
        ("article_types", "Research Article".into()),
    ]
}

fn as_pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

async fn admin_pages_are_not_found_for_authors(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", "glass-orchid-lantern-42")
        .await;
    app.login("ada@uni.example", "glass-orchid-lantern-42")
        .await;
    for path in [
        "/admin",
        "/admin/roles",
        "/admin/collections/new",
        "/admin/collections/1/edit",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let crafted = app
        .post_form(
            "/admin/roles",
            &[
                ("email", "ada@uni.example"),
                ("role", "admin"),
                ("scope", "site"),
            ],
        )
        .await;
    assert_eq!(crafted.status, StatusCode::NOT_FOUND);
    let form = collection_form("Hijacked", "rare-cancers");
    assert_eq!(
        app.post_form("/admin/collections/1", &as_pairs(&form))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/collections/rare-cancers").await.select("h1"),
        vec!["Rare cancers"]
    );
}

async fn editor_in_chief_creates_a_second_collection(backend: Backend) {
    let app = spawn_app(backend).await;
    sign_in_as_editor_in_chief(&app).await;
    let overview = app.get("/admin").await;
    assert_eq!(overview.status, StatusCode::OK);
    let new_link = overview
        .attr("a[href^='/admin/collections/new']", "href")
        .unwrap();
    let form_page = app.get(&new_link).await;
    assert_eq!(form_page.status, StatusCode::OK);
    let journal_id = form_page
        .attr("#journal_id option[selected]", "value")
        .unwrap();

    let mut form = collection_form("Paediatric oncology", "paediatric-oncology");
    form.push(("journal_id", journal_id));
    let saved = app.submit("/admin/collections", &as_pairs(&form)).await;
    assert_eq!(saved.select("h1"), vec!["Paediatric oncology"]);
    assert_eq!(
        saved.select(".topics li"),
        vec!["Paediatric sarcomas", "Neuroblastoma"]
    );
    assert!(saved.visible_text().contains("double-blind"));
    let home = app.get("/").await;
    assert_eq!(home.select("#open-heading + ul h3 a").len(), 2);
}

async fn collection_form_errors_keep_the_input(backend: Backend) {
    let app = spawn_app(backend).await;
    sign_in_as_editor_in_chief(&app).await;
    let edit = app.get("/admin/collections/1/edit").await;
    assert_eq!(edit.attr("#slug", "value").as_deref(), Some("rare-cancers"));
    let mut form = collection_form("", "Bad Slug!");
    form.retain(|(k, _)| *k != "closes_on");
    form.push(("closes_on", "2025-01-01".into()));
    let page = app
        .post_form("/admin/collections/1", &as_pairs(&form))
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.field_error("title").is_some());
    assert!(page.field_error("slug").is_some());
    assert!(
        page.field_error("closes_on")
            .unwrap()
            .contains("on or after the opening date")
    );
    assert_eq!(page.attr("#slug", "value").as_deref(), Some("Bad Slug!"));
    assert_eq!(
        page.select("#topics"),
        vec!["Paediatric sarcomas Neuroblastoma"]
    );
    // Nothing was written.
    assert_eq!(
        app.get("/collections/rare-cancers").await.select("h1"),
        vec!["Rare cancers"]
    );
}

/// Issue #25, item 3: two tabs on the collection's form. The first saves; pressed again it
/// is still one save; the second, opened before, is told the collection was saved meanwhile,
/// nothing of it is written, its input is kept, and saving again from there replaces it.
async fn two_tabs_on_the_collection_form_never_lose_a_write_silently(backend: Backend) {
    let app = spawn_app(backend).await;
    sign_in_as_editor_in_chief(&app).await;
    let edit = app.get("/admin/collections/1/edit").await;
    let read_at = edit
        .attr("#collection-form input[name=read_at]", "value")
        .expect("the form says what it was read at");
    let with_read_at = |title: &str, read_at: &str| {
        let mut form = collection_form(title, "rare-cancers");
        form.push(("read_at", read_at.to_owned()));
        form
    };
    let first = with_read_at("Rare cancers, first tab", &read_at);
    for _ in 0..2 {
        let saved = app
            .post_form("/admin/collections/1", &as_pairs(&first))
            .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{}",
            saved.visible_text()
        );
    }
    let second = with_read_at("Rare cancers, second tab", &read_at);
    let stale = app
        .post_form("/admin/collections/1", &as_pairs(&second))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .error_summary()
            .contains("saved by someone else, or from another tab")
    );
    assert_eq!(
        stale.attr("#title", "value").as_deref(),
        Some("Rare cancers, second tab")
    );
    assert_eq!(
        app.get("/collections/rare-cancers").await.select("h1"),
        vec!["Rare cancers, first tab"]
    );
    let newer = stale
        .attr("#collection-form input[name=read_at]", "value")
        .unwrap();
    let again = app
        .post_form(
            "/admin/collections/1",
            &as_pairs(&with_read_at("Rare cancers, second tab", &newer)),
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/collections/rare-cancers").await.select("h1"),
        vec!["Rare cancers, second tab"]
    );
}

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn editor_in_chief_appoints_and_removes_a_guest_editor(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified(
        "Kwame Asante",
        "kwame@uni.example",
        "glass-orchid-lantern-42",
    )
    .await;
    sign_in_as_editor_in_chief(&app).await;
    let roles = app.get("/admin/roles").await;
    let scope = roles
        .attr("#scope option[value^='collection:']", "value")
        .unwrap();
    assert!(
        roles.attr("#scope option[value='site']", "value").is_none(),
        "an editor-in-chief cannot appoint administrators"
    );

    let granted = app
        .submit(
            "/admin/roles",
            &[
                ("email", "kwame@uni.example"),
                ("role", "guest_editor"),
                ("scope", &scope),
            ],
        )
        .await;
    assert!(
        granted
            .visible_text()
            .contains("Kwame Asante is now Guest Editor."),
        "{}",
        granted.visible_text()
    );
    let page = app.get("/collections/rare-cancers").await;
    assert_eq!(
        page.select(".editor h3"),
        vec!["Atif A. Ahmed", "Bruna Samia Dalmasso", "Kwame Asante"]
    );

    // Wrong scope for the role: a clear message, nothing granted.
    let wrong = app
        .post_form(
            "/admin/roles",
            &[
                ("email", "kwame@uni.example"),
                ("role", "board_member"),
                ("scope", &scope),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .field_error("scope")
            .unwrap()
            .contains("appointed for a journal")
    );
    // A crafted POST for a role only an administrator may grant.
    let crafted = app
        .post_form(
            "/admin/roles",
            &[
                ("email", "kwame@uni.example"),
                ("role", "admin"),
                ("scope", "site"),
            ],
        )
        .await;
    assert_eq!(crafted.status, StatusCode::UNPROCESSABLE_ENTITY);

    let roles = app.get("/admin/roles").await;
    let revoke = roles
        .html
        .select(&scraper::Selector::parse("form[action$='/revoke']").unwrap())
        // The button names the role in the journal's words, not its code.
        .find(|f| {
            f.text()
                .collect::<String>()
                .contains("Revoke Guest Editor from Kwame Asante")
        })
        .and_then(|f| f.value().attr("action"))
        .unwrap()
        .to_owned();
    let revoked = app.submit(&revoke, &[]).await;
    assert!(
        revoked
            .visible_text()
            .contains("Guest Editor revoked from Kwame Asante")
    );
    // A second press (issue #25, item 5): the roles page, saying it is no longer there.
    let again = app.submit(&revoke, &[]).await;
    assert!(
        again
            .select(".flash")
            .join(" ")
            .contains("That appointment no longer exists"),
        "{}",
        again.visible_text()
    );
    let page = app.get("/collections/rare-cancers").await;
    assert_eq!(
        page.select(".editor h3"),
        vec!["Atif A. Ahmed", "Bruna Samia Dalmasso"]
    );
}

/// Administrators are appointed for the whole site, so the form needs no place for them; the
/// editor-in-chief is not offered the role (permissions.rs says why) and a crafted request
/// Long because it is one story read top to bottom: each step checks what the one before left.
/// is refused with a clear message.
async fn an_administrator_appoints_another_without_choosing_a_place(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    make_office_administrator(&app).await;
    app.register_verified(
        "Kwame Asante",
        "kwame@uni.example",
        "glass-orchid-lantern-42",
    )
    .await;

    // The editor-in-chief is not offered "Administrator"; a crafted request says why.
    let helen = "helen.marsh@bmccancer.example";
    app.login(helen, &logins[helen]).await;
    let roles = app.get("/admin/roles").await;
    assert!(roles.attr("#role option[value='admin']", "value").is_none());
    assert!(
        roles
            .attr("#role option[value='board_member']", "value")
            .is_some()
    );
    let journal = roles
        .attr("#scope option[value^='journal:']", "value")
        .unwrap();
    let crafted = app
        .post_form(
            "/admin/roles",
            &[
                ("email", "kwame@uni.example"),
                ("role", "admin"),
                ("scope", &journal),
            ],
        )
        .await;
    assert_eq!(crafted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        crafted
            .field_error("role")
            .unwrap()
            .contains("You may not grant that role there."),
    );
    // Grammar: "An Editorial Board Member", not "A Editorial Board Member".
    let collection = roles
        .attr("#scope option[value^='collection:']", "value")
        .unwrap();
    let wrong = app
        .post_form(
            "/admin/roles",
            &[
                ("email", "kwame@uni.example"),
                ("role", "board_member"),
                ("scope", &collection),
            ],
        )
        .await;
    assert!(
        wrong
            .field_error("scope")
            .unwrap()
            .contains("An Editorial Board Member is appointed for a journal."),
        "{:?}",
        wrong.field_error("scope")
    );
    app.logout().await;

    // The administrator picks "Administrator"; whatever "Where" says, it is the whole site.
    app.login("office@uni.example", "glass-orchid-lantern-42")
        .await;
    let roles = app.get("/admin/roles").await;
    assert!(roles.attr("#role option[value='admin']", "value").is_some());
    assert!(
        roles
            .visible_text()
            .contains("Administrators (for the whole site)")
    );
    let place = roles.attr("#scope option", "value").unwrap();
    let granted = app
        .submit(
            "/admin/roles",
            &[
                ("email", "kwame@uni.example"),
                ("role", "admin"),
                ("scope", &place),
            ],
        )
        .await;
    assert!(
        granted
            .visible_text()
            .contains("Kwame Asante is now Administrator."),
        "{}",
        granted.visible_text()
    );
    let held = app
        .with_db(|conn| {
            let p = peerdesk::db::accounts::find_person_by_email(conn, "kwame@uni.example")
                .unwrap()
                .unwrap();
            peerdesk::db::roles::held_roles(conn, p.id).unwrap()
        })
        .await;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].role, peerdesk::domain::Role::Admin);
    assert_eq!((held[0].journal_id, held[0].collection_id), (None, None));
    // Kwame now opens the whole outbox.
    app.logout().await;
    app.login("kwame@uni.example", "glass-orchid-lantern-42")
        .await;
    assert_eq!(app.get("/admin/outbox").await.status, StatusCode::OK);
}

/// Issue 20 item 1: the editor-in-chief decides on the collection's form whether review
/// waits for every co-author's confirmation; the form shows the setting as saved.
async fn the_collection_says_whether_review_waits_for_the_co_authors(backend: Backend) {
    let app = spawn_app(backend).await;
    sign_in_as_editor_in_chief(&app).await;
    let edit = app.get("/admin/collections/1/edit").await;
    assert_eq!(
        edit.attr("#require_author_confirmation", "checked"),
        None,
        "off unless chosen"
    );
    let mut form = collection_form("Rare cancers", "rare-cancers");
    form.push(("require_author_confirmation", "on".into()));
    let saved = app
        .post_form("/admin/collections/1", &as_pairs(&form))
        .await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );
    let edit = app.get("/admin/collections/1/edit").await;
    assert!(
        edit.attr("#require_author_confirmation", "checked")
            .is_some()
    );
    form.pop();
    app.post_form("/admin/collections/1", &as_pairs(&form))
        .await;
    let edit = app.get("/admin/collections/1/edit").await;
    assert_eq!(edit.attr("#require_author_confirmation", "checked"), None);
}

/// Issue 19 part 3: the editor-in-chief decides on the collection's form whether the
/// reviewers' thank-you quotes the other reviews; off unless chosen.
async fn the_collection_says_whether_reviewers_read_the_other_reviews(backend: Backend) {
    let app = spawn_app(backend).await;
    sign_in_as_editor_in_chief(&app).await;
    let edit = app.get("/admin/collections/1/edit").await;
    assert_eq!(edit.attr("#share_reviews_with_reviewers", "checked"), None);
    let mut form = collection_form("Rare cancers", "rare-cancers");
    form.push(("share_reviews_with_reviewers", "on".into()));
    let saved = app
        .post_form("/admin/collections/1", &as_pairs(&form))
        .await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );
    let edit = app.get("/admin/collections/1/edit").await;
    assert!(
        edit.attr("#share_reviews_with_reviewers", "checked")
            .is_some()
    );
}

/// Issue 28 part 4: the editor-in-chief decides on the collection's form whether its
/// decisions are confirmed before they are sent; off unless chosen, and off again when
/// unticked.
async fn the_collection_says_whether_decisions_are_confirmed(backend: Backend) {
    let app = spawn_app(backend).await;
    sign_in_as_editor_in_chief(&app).await;
    let edit = app.get("/admin/collections/1/edit").await;
    assert_eq!(edit.attr("#decisions_confirmed", "checked"), None);
    let mut form = collection_form("Rare cancers", "rare-cancers");
    form.push(("decisions_confirmed", "on".into()));
    let saved = app
        .post_form("/admin/collections/1", &as_pairs(&form))
        .await;
    assert_eq!(
        saved.status,
        StatusCode::SEE_OTHER,
        "{}",
        saved.visible_text()
    );
    let edit = app.get("/admin/collections/1/edit").await;
    assert!(edit.attr("#decisions_confirmed", "checked").is_some());
    form.pop();
    app.post_form("/admin/collections/1", &as_pairs(&form))
        .await;
    let edit = app.get("/admin/collections/1/edit").await;
    assert_eq!(edit.attr("#decisions_confirmed", "checked"), None);
}

on_both_backends!(
    the_collection_says_whether_decisions_are_confirmed,
    the_collection_says_whether_reviewers_read_the_other_reviews,
    the_collection_says_whether_review_waits_for_the_co_authors,
    two_tabs_on_the_collection_form_never_lose_a_write_silently,
    an_administrator_appoints_another_without_choosing_a_place,
    admin_pages_are_not_found_for_authors,
    editor_in_chief_creates_a_second_collection,
    collection_form_errors_keep_the_input,
    editor_in_chief_appoints_and_removes_a_guest_editor,
);
