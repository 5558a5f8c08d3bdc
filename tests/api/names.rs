//! An account's name in its parts (issue 20 item 3): registration asks for given name(s),
//! family name and the order they are written in; the whole name shown everywhere is built
//! from them; the profile changes them, refusing an empty family name with everything kept;
//! a new submission starts with the author's parts; and a name registered whole (an older
//! client) is split by the old guess and marked for the person to check.

use diesel::prelude::*;
use peerdesk::db::schema::people;
use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both_backends;

const PASSWORD: &str = "glass-orchid-lantern-42";
const LI: &str = "li.ming@sysucc.example";

/// (name, given names, family name, order, guessed) of the person at `email`.
async fn stored(app: &TestApp, email: &'static str) -> (String, String, String, String, bool) {
    app.with_db(move |conn| {
        people::table
            .filter(people::email.eq(email))
            .select((
                people::name,
                people::given_names,
                people::family_name,
                people::name_order,
                people::name_guessed,
            ))
            .first(conn)
            .unwrap()
    })
    .await
}

async fn registered_and_signed_in(app: &TestApp, fields: &[(&str, &str)], email: &str) {
    let mut all = vec![
        ("email", email),
        (
            "affiliation",
            "Sun Yat-sen University Cancer Center, Guangzhou, China",
        ),
        ("orcid", ""),
        ("password", PASSWORD),
    ];
    all.extend_from_slice(fields);
    let page = app.post_form("/register", &all).await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "{}",
        page.visible_text()
    );
    let link = app
        .link_in_last_mail_to(email, "/verify-email?token=")
        .expect("verification link");
    let confirm = app.get(&link).await;
    let token = confirm.attr("input[name=token]", "value").unwrap();
    app.post_form("/verify-email", &[("token", &token)]).await;
    assert_eq!(
        app.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn a_name_written_family_name_first_keeps_its_order(backend: Backend) {
    let app = spawn_app(backend).await;
    // Refused without a family name: the message beside the field, the rest kept.
    let refused = app
        .post_form(
            "/register",
            &[
                ("given_names", "Ming"),
                ("family_name", " "),
                ("name_order", "family_first"),
                ("email", LI),
                ("affiliation", "Guangzhou"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("family_name")
            .unwrap()
            .contains("Enter the family name")
    );
    assert_eq!(
        refused.attr("#given_names", "value").as_deref(),
        Some("Ming")
    );
    assert_eq!(
        refused.attr("#name_order_family", "checked").as_deref(),
        Some("")
    );

    registered_and_signed_in(
        &app,
        &[
            ("given_names", "Ming"),
            ("family_name", "Li"),
            ("name_order", "family_first"),
        ],
        LI,
    )
    .await;
    assert_eq!(
        stored(&app, LI).await,
        (
            "Li Ming".into(),
            "Ming".into(),
            "Li".into(),
            "family_first".into(),
            false
        )
    );
    let dashboard = app.get("/dashboard").await;
    assert!(dashboard.visible_text().contains("Welcome, Li Ming"));

    // A new submission starts with the author's own parts and order.
    let form = app.get("/submissions/new?collection=rare-cancers").await;
    assert_eq!(
        form.attr("#author_family_name_0", "value").as_deref(),
        Some("Li")
    );
    assert_eq!(
        form.attr("#author_given_names_0", "value").as_deref(),
        Some("Ming")
    );
    assert_eq!(
        form.attr("#author_name_order_0_family", "checked")
            .as_deref(),
        Some("")
    );
    assert_eq!(
        form.select("#author-0 output[data-name-preview]").join(""),
        "Li Ming"
    );
}

async fn the_profile_changes_the_parts_and_keeps_a_refused_input(backend: Backend) {
    let app = spawn_app(backend).await;
    const MJ: &str = "mj@hsanmartino.example";
    // An older client sends the whole name only: the old guess, marked for checking.
    registered_and_signed_in(&app, &[("name", "María José García López")], MJ).await;
    let (_, given, family, _, guessed) = stored(&app, MJ).await;
    assert_eq!(
        (given.as_str(), family.as_str()),
        ("María José García", "López")
    );
    assert!(guessed);
    let profile = app.get("/profile").await;
    assert_eq!(profile.select("#family_name-guessed").len(), 1);

    let refused = app
        .post_form(
            "/profile/name",
            &[
                ("given_names", "María José"),
                ("family_name", ""),
                ("name_order", "given_first"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("family_name").is_some());
    assert_eq!(
        refused.attr("#given_names", "value").as_deref(),
        Some("María José")
    );
    assert_eq!(stored(&app, MJ).await.2, "López", "nothing written");

    let saved = app
        .post_form(
            "/profile/name",
            &[
                ("given_names", "María José"),
                ("family_name", "García López"),
                ("name_order", "given_first"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        stored(&app, MJ).await,
        (
            "María José García López".into(),
            "María José".into(),
            "García López".into(),
            "given_first".into(),
            false
        )
    );
    let profile = app.get("/profile").await;
    assert!(profile.select("#family_name-guessed").is_empty());
    assert_eq!(
        profile.attr("#family_name", "value").as_deref(),
        Some("García López")
    );
    assert_eq!(
        profile.select("#name output[data-name-preview]").join(""),
        "María José García López"
    );
}

on_both_backends!(
    a_name_written_family_name_first_keeps_its_order,
    the_profile_changes_the_parts_and_keeps_a_refused_input
);
