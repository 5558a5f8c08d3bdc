//! The Editorial Board page: each member's capacity, topics and availability, set by the
//! editor-in-chief.

use reqwest::StatusCode;

use crate::helpers::*;

/// Long because it is one story read top to bottom: each step checks what the one before left.
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
    let topic = rare_cancers(&app).await.1;
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
