//! The person's ORCID iD on the profile (issue 20 item 8): typed as an iD or its link and
//! kept bare, refused with a wrong checksum (what was typed kept), allowed (unconfirmed)
//! when another account typed it too, and removed by leaving it empty. Confirming it
//! through ORCID is `orcid_sign_in`.

use diesel::prelude::*;
use peerdesk::db::schema::people;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::on_both_backends;

async fn orcid_of(app: &TestApp, email: &'static str) -> Option<String> {
    app.with_db(move |conn| {
        people::table
            .filter(people::email.eq(email))
            .select(people::orcid)
            .first(conn)
            .unwrap()
    })
    .await
}

async fn the_person_sets_changes_and_removes_their_orcid(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;

    // A link to the iD: kept bare, shown on the profile.
    let saved = app
        .post_form(
            "/profile/orcid",
            &[("orcid", "https://orcid.org/0000-0002-1825-0097")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        orcid_of(&app, "ada@uni.example").await.as_deref(),
        Some("0000-0002-1825-0097")
    );
    let profile = app.get("/profile").await;
    assert_eq!(
        profile.attr("#orcid", "value").as_deref(),
        Some("0000-0002-1825-0097")
    );

    // A wrong checksum: refused beside the field, what was typed kept, nothing changed.
    let wrong = app
        .post_form("/profile/orcid", &[("orcid", "0000-0002-1825-0098")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.field_error("orcid").is_some());
    assert_eq!(
        wrong.attr("#orcid", "value").as_deref(),
        Some("0000-0002-1825-0098")
    );
    assert_eq!(
        orcid_of(&app, "ada@uni.example").await.as_deref(),
        Some("0000-0002-1825-0097")
    );

    // Another account typed it too: a typed iD proves nothing, so both keep it, unconfirmed
    // (whoever typed a researcher's iD first must not lock them out).
    app.logout().await;
    signed_in_author(&app, "Ben Moller", "ben@clinic.example").await;
    let typed_too = app
        .post_form("/profile/orcid", &[("orcid", "0000-0002-1825-0097")])
        .await;
    assert_eq!(typed_too.status, StatusCode::SEE_OTHER);
    assert_eq!(
        orcid_of(&app, "ben@clinic.example").await.as_deref(),
        Some("0000-0002-1825-0097")
    );
    let profile = app.get("/profile").await;
    assert!(
        profile
            .select("#orcid-state")
            .join(" ")
            .contains("Not confirmed"),
        "{:?}",
        profile.select("#orcid-state")
    );
    assert_eq!(
        orcid_of(&app, "ada@uni.example").await.as_deref(),
        Some("0000-0002-1825-0097")
    );

    // Empty: removed.
    app.logout().await;
    assert_eq!(
        app.login("ada@uni.example", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let removed = app.post_form("/profile/orcid", &[("orcid", " ")]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(orcid_of(&app, "ada@uni.example").await, None);
}

on_both_backends!(the_person_sets_changes_and_removes_their_orcid);

#[derive(diesel::QueryableByName)]
struct Given {
    #[diesel(sql_type = diesel::sql_types::Text)]
    email: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    orcid: Option<String>,
}

/// The iDs of Ada, Ben and Carla, read with SQL that each schema version understands.
fn every_orcid(conn: &mut peerdesk::db::DbConnection) -> Vec<(String, Option<String>)> {
    diesel::sql_query(
        "SELECT email, orcid FROM people WHERE email IN \
         ('ada@uni.example', 'ben@clinic.example', 'carla@uni.example') ORDER BY email",
    )
    .load::<Given>(conn)
    .unwrap()
    .into_iter()
    .map(|g| (g.email, g.orcid))
    .collect()
}

/// Migration 57 moves SQLite's iDs to a column without the unique rule: every typed iD
/// survives it, and its revert, which keeps one copy of an iD typed twice (the unique rule
/// returns) instead of failing.
async fn migration_57_keeps_every_typed_orcid_both_ways(backend: Backend) {
    let app = spawn_app(backend).await;
    for (name, email, orcid) in [
        ("Ada Osei", "ada@uni.example", "0000-0002-1825-0097"),
        ("Ben Moller", "ben@clinic.example", "0000-0002-1694-233X"),
        ("Carla Neri", "carla@uni.example", "0000-0002-1694-233X"),
    ] {
        signed_in_author(&app, name, email).await;
        app.post_form("/profile/orcid", &[("orcid", orcid)])
            .await
            .taken();
        app.logout().await;
    }
    let (before, reverted, again) = app
        .with_db(|conn| {
            let before = every_orcid(conn);
            while !peerdesk::db::revert_last_migration(conn)
                .unwrap()
                .ends_with("000057")
            {}
            let reverted = every_orcid(conn);
            peerdesk::db::run_migrations(conn).unwrap();
            (before, reverted, every_orcid(conn))
        })
        .await;
    let ids = |all: &[(String, Option<String>)]| -> Vec<Option<String>> {
        all.iter().map(|(_, o)| o.clone()).collect()
    };
    assert_eq!(
        ids(&before),
        [
            Some("0000-0002-1825-0097".to_owned()),
            Some("0000-0002-1694-233X".to_owned()),
            Some("0000-0002-1694-233X".to_owned()),
        ]
    );
    // Reverted: Ben registered first, so his copy stays.
    assert_eq!(
        ids(&reverted),
        [
            Some("0000-0002-1825-0097".to_owned()),
            Some("0000-0002-1694-233X".to_owned()),
            None,
        ]
    );
    assert_eq!(again, reverted, "applied again, every iD is where it was");
}

on_both_backends!(migration_57_keeps_every_typed_orcid_both_ways);
