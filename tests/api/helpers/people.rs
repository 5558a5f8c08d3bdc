//! The demo's people, and moving between them: signing in as one, a browser of one's own
//! (a reviewer who came by link), an administrator made for a test, and a competing interest
//! declared as if the person had just done it.

use std::collections::HashMap;

use reqwest::StatusCode;

use super::{Page, TestApp, client_with_jar};

/// Handling editor of the demo's first manuscript (a Guest Editor).
pub const ATIF: &str = "atif.ahmed@seattlechildrens.example";
/// Guest Editor who shares an institution with the author of the demo's first manuscript.
pub const BRUNA: &str = "bruna.dalmasso@hsanmartino.example";
/// Corresponding author of the demo's first manuscript.
pub const SOFIA: &str = "sofia.bianchi@hsanmartino.example";
/// The editor-in-chief.
pub const HELEN: &str = "helen.marsh@bmccancer.example";
/// An Editorial Board Member.
pub const KOFI: &str = "kofi.mensah@ki.example";
/// Author of the demo's second manuscript.
pub const DANIEL: &str = "daniel.okafor@unilag.example";
/// A co-author of the demo's registry manuscript.
pub const MEI: &str = "mei.lin@sysucc.example";
/// In the reviewer pool, with an account.
pub const LUKAS: &str = "lukas.weber@uni-heidelberg.example";
/// A reviewer with no account, invited by address.
pub const NEW_REVIEWER: &str = "marta.lindqvist@karolinska-review.example";
/// Another reviewer with no account.
pub const NILS: &str = "nils.berg@lund-review.example";
/// And a third.
pub const OLGA: &str = "olga.petrova@msu-review.example";

/// The password of the people the tests register themselves.
pub const PASSWORD: &str = "a long enough passphrase 42";

/// Signs out whoever is signed in and signs `email` in with their demo password.
pub async fn as_person(app: &TestApp, logins: &HashMap<String, String>, email: &str) {
    app.logout().await;
    let page = app.login(email, &logins[email]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{email} signs in");
}

/// Registers, confirms and signs in an author.
pub async fn signed_in_author(app: &TestApp, name: &str, email: &str) {
    app.register_verified(name, email, PASSWORD).await;
    let page = app.login(email, PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "login");
}

/// Registers and confirms `email`, and makes them an administrator as
/// `peerdesk create-admin` does (not signed in).
pub async fn make_administrator(app: &TestApp, name: &str, email: &str, password: &str) {
    app.register_verified(name, email, password).await;
    let email = email.to_owned();
    app.with_db(move |conn| {
        let p = peerdesk::db::accounts::find_person_by_email(conn, &email)
            .unwrap()
            .unwrap();
        peerdesk::db::roles::grant(conn, p.id, peerdesk::domain::Role::Admin, None, None, None)
            .unwrap();
    })
    .await;
}

/// The administrator of the editorial office that tests make with
/// [`make_office_administrator`].
pub const OFFICE_ADMIN: &str = "office@uni.example";
pub const OFFICE_PASSWORD: &str = "glass-orchid-lantern-42";

/// Registers the editorial office's administrator, [`OFFICE_ADMIN`] (not signed in).
pub async fn make_office_administrator(app: &TestApp) {
    make_administrator(app, "Office Admin", OFFICE_ADMIN, OFFICE_PASSWORD).await;
}

/// A browser's cookies.
pub type Jar = std::sync::Arc<reqwest::cookie::Jar>;

/// Makes the test's client act as another browser (its own cookies); returns the jar it
/// had, to switch back with [`browse_as`].
pub fn browse_as(app: &mut TestApp, jar: &Jar) -> Jar {
    let before = app.jar.clone();
    app.client = client_with_jar(jar.clone());
    app.jar = jar.clone();
    before
}

pub fn new_jar() -> Jar {
    std::sync::Arc::new(reqwest::cookie::Jar::default())
}

/// Opens `page_path` and posts `fields` to `action` with the CSRF token of the form there,
/// as a person pressing a button on that page.
pub async fn post_on_page(
    visitor: &TestApp,
    page_path: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let page = visitor.get(page_path).await;
    let csrf = page
        .attr("input[name=csrf_token]", "value")
        .unwrap_or_default();
    let mut all = fields.to_vec();
    all.push(("csrf_token", &csrf));
    visitor.post_raw(action, &all).await
}

/// The CSRF token a form gives the visitor with this `client` (their own session).
pub async fn csrf_token_of(client: &reqwest::Client, url: &str) -> String {
    let page = client.get(url).send().await.unwrap().text().await.unwrap();
    scraper::Html::parse_document(&page)
        .select(&scraper::Selector::parse("input[name=csrf_token]").unwrap())
        .next()
        .and_then(|e| e.value().attr("value").map(str::to_owned))
        .unwrap()
}

/// The same form sent `times` times at once from this session (a button pressed over and
/// over): the status of each answer.
pub async fn press_at_once(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    times: usize,
) -> Vec<StatusCode> {
    let token = app.csrf_token().await;
    let url = app.url(path);
    let mut fields: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    fields.push(("csrf_token".to_owned(), token));
    let presses: Vec<_> = (0..times)
        .map(|_| {
            let (client, url, fields) = (app.client.clone(), url.clone(), fields.clone());
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
    let mut statuses = Vec::new();
    for press in presses {
        statuses.push(press.await.unwrap());
    }
    statuses
}

/// `person` declares in their profile a competing interest of `kind` with the person
/// `name` at `address` (as if they had just done it).
pub async fn declare_conflict(
    app: &TestApp,
    person: i64,
    name: &str,
    address: &str,
    kind: &'static str,
    note: &'static str,
) {
    let (name, address) = (name.to_owned(), address.to_owned());
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::declared_conflicts as d;
        diesel::insert_into(d::table)
            .values((
                d::person_id.eq(person),
                d::target_kind.eq("person"),
                d::target_name.eq(name),
                d::target_email.eq(address),
                d::kind.eq(kind),
                d::note.eq(note),
                d::created_at.eq(peerdesk::db::now()),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// `author` (a person id) lists a paper of `year` written with `name` at `address`.
pub async fn lists_paper_with(
    app: &TestApp,
    author: i64,
    title: &'static str,
    year: i32,
    name: &str,
    address: &str,
) {
    let (name, address) = (name.to_owned(), address.to_owned());
    app.with_db(move |conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::{publication_coauthors as pc, publications as p};
        let paper: i64 = diesel::insert_into(p::table)
            .values((
                p::person_id.eq(author),
                p::title.eq(title),
                p::year.eq(year),
            ))
            .returning(p::id)
            .get_result(conn)
            .unwrap();
        diesel::insert_into(pc::table)
            .values((
                pc::publication_id.eq(paper),
                pc::name.eq(name),
                pc::email.eq(Some(address)),
            ))
            .execute(conn)
            .unwrap();
    })
    .await;
}

/// The title of the paper of [`sofia_lists_a_paper_with_a_namesake_of_helen`].
pub const NAMESAKE_PAPER: &str = "Orbital lymphoma in adults";

/// Sofia Bianchi, author of the demo's first manuscript, lists last year's paper with
/// another Helen Marsh (same name as the editor-in-chief, another address). Returns its year.
pub async fn sofia_lists_a_paper_with_a_namesake_of_helen(app: &TestApp) -> i32 {
    let sofia = app.person_id(SOFIA).await;
    let year = chrono::Datelike::year(&peerdesk::db::now()) - 1;
    let (name, address) = ("Helen Marsh", "h.marsh@ophthalmology.example");
    lists_paper_with(app, sofia, NAMESAKE_PAPER, year, name, address).await;
    year
}
