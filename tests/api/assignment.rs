//! The handling editor is chosen on submit, free of conflicts, with its explanation: the
//! collection's rule ("handled by another Editorial Board Member who has no competing
//! interests") in the three cases the demo shows.

use diesel::prelude::*;

use crate::helpers::*;
use peerdesk::db::schema::{events, people, submissions};

/// An author at Guest Editor Bruna Samia Dalmasso's institution (name, address, affiliation).
const SOFIA_AT_SAN_MARTINO: (&str, &str, &str) = (
    "Sofia Bianchi",
    "sofia.author@hsanmartino.example",
    "IRCCS Ospedale Policlinico San Martino, Italy",
);
/// An author at Guest Editor Atif A. Ahmed's.
const SAM_AT_SEATTLE: (&str, &str, &str) = (
    "Sam Carter",
    "sam.carter@seattlechildrens.example",
    "University of Washington, Seattle Children's Hospital, USA",
);

/// Submits the complete form with `authors` (name, e-mail, affiliation) and returns the
/// submission's id.
async fn submit_with_authors(app: &TestApp, key: u8, authors: &[(&str, &str, &str)]) -> i64 {
    let (collection_id, topic) = rare_cancers(app).await;
    let form = complete_form(collection_id, &topic, &format!("{key:032x}"));
    submit_manuscript(app, &with_authors(form, authors)).await
}

/// (handling editor's name, flag reason, the assignment or flag event's note)
async fn outcome(app: &TestApp, id: i64) -> (Option<String>, Option<String>, String) {
    app.with_db(move |conn| {
        let (editor, flag): (Option<i64>, Option<String>) = submissions::table
            .find(id)
            .select((submissions::handling_editor_id, submissions::flagged_reason))
            .first(conn)
            .unwrap();
        let name = editor.map(|e| {
            people::table
                .find(e)
                .select(people::name)
                .first::<String>(conn)
                .unwrap()
        });
        let note: String = events::table
            .filter(events::subject_type.eq("submission"))
            .filter(events::subject_id.eq(id))
            .filter(events::kind.eq_any(["handling_editor_assigned", "flagged_to_editor_in_chief"]))
            .select(events::note)
            .first(conn)
            .unwrap();
        (name, flag, note)
    })
    .await
}

/// The message of `kind` about submission `id` (threaded under its number), if one was sent.
async fn mail_about(
    app: &TestApp,
    id: i64,
    kind: &str,
) -> Option<peerdesk::db::outbox::OutboxMessage> {
    let number = app
        .with_db(move |conn| {
            submissions::table
                .find(id)
                .select(submissions::manuscript_number)
                .first::<Option<String>>(conn)
                .unwrap()
                .unwrap()
        })
        .await;
    app.outbox()
        .into_iter()
        .find(|m| m.kind == kind && m.thread_key.as_deref() == Some(number.as_str()))
}

/// Long because it is the three cases side by side, each with its own authors and explanation.
async fn the_three_assignment_cases(backend: Backend) {
    let app = spawn_app(backend).await;
    // The demo's own three submissions show the same cases; they are checked below too.
    app.load_demo().await;
    signed_in_author(&app, "Sofia Bianchi", "sofia.author@hsanmartino.example").await;

    // 1. An author shares Guest Editor Bruna Samia Dalmasso's institution: the other Guest
    //    Editor handles it, and the explanation says why.
    let one = submit_with_authors(&app, 1, &[SOFIA_AT_SAN_MARTINO]).await;
    let (editor, flag, why) = outcome(&app, one).await;
    assert_eq!(editor.as_deref(), Some("Atif A. Ahmed"), "{why}");
    assert!(flag.is_none());
    assert!(why.contains("Guest Editor Bruna Samia Dalmasso"), "{why}");
    assert!(why.contains("San Martino"), "{why}");
    assert!(
        why.contains("assigned Guest Editor Atif A. Ahmed: no conflict"),
        "{why}"
    );
    let mail = mail_about(&app, one, "handling_editor_assigned")
        .await
        .expect("the editor is told");
    assert_eq!(mail.to_address, "atif.ahmed@seattlechildrens.example");
    assert!(
        !mail.body_text.contains("Dalmasso"),
        "other editors' conflicts stay with the editor-in-chief"
    );

    // 2. Both Guest Editors are conflicted: an Editorial Board Member handles it.
    let two = submit_with_authors(&app, 2, &[SOFIA_AT_SAN_MARTINO, SAM_AT_SEATTLE]).await;
    let (editor, flag, why) = outcome(&app, two).await;
    assert!(flag.is_none(), "{why}");
    let editor = editor.expect("a board member");
    assert!(
        ["Kofi Mensah", "Elena Ruiz", "Priya Raman", "Tomáš Novák"].contains(&editor.as_str()),
        "{editor}: {why}"
    );
    assert!(
        why.contains("no Guest Editor is free of competing interests"),
        "{why}"
    );
    assert!(
        why.contains(&format!("assigned Board Member {editor}")),
        "{why}"
    );

    // 3. Everyone is conflicted (a consortium with a member at every editor's institution):
    //    nobody is assigned, and the editor-in-chief is told.
    let three = submit_with_authors(
        &app,
        3,
        &[
            SOFIA_AT_SAN_MARTINO,
            SAM_AT_SEATTLE,
            (
                "Anna Berg",
                "anna.berg@ki.example",
                "Karolinska Institutet, Stockholm, Sweden",
            ),
            (
                "Luis Gómez",
                "luis.gomez@lapaz.example",
                "Hospital Universitario La Paz, Madrid, Spain",
            ),
            (
                "Ravi Shah",
                "ravi.shah@tmc.example",
                "Tata Memorial Centre, Mumbai, India",
            ),
            (
                "Petra Dvořák",
                "petra.dvorak@mou.example",
                "Masaryk Memorial Cancer Institute, Brno, Czech Republic",
            ),
        ],
    )
    .await;
    let (editor, flag, why) = outcome(&app, three).await;
    assert!(editor.is_none(), "{editor:?}: {why}");
    assert!(
        flag.is_some_and(|f| f.contains("nobody free of competing interests")),
        "{why}"
    );
    let flagged = mail_about(&app, three, "submission_flagged")
        .await
        .expect("the editor-in-chief is told");
    assert_eq!(flagged.to_address, "helen.marsh@bmccancer.example");
    assert!(
        flagged.body_text.contains("Kofi Mensah"),
        "{}",
        flagged.body_text
    );
}

async fn the_demo_shows_the_three_cases(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_demo().await;
    let ids = submission_ids(&app).await;
    assert_eq!(ids.len(), 3);
    let (editor, _, why) = outcome(&app, ids[0]).await;
    assert_eq!(editor.as_deref(), Some("Atif A. Ahmed"), "{why}");
    assert!(
        why.contains("Guest Editor Bruna Samia Dalmasso: Same institution"),
        "{why}"
    );
    assert!(
        why.contains("San Martino") && why.contains("Sofia Bianchi"),
        "{why}"
    );
    let (editor, _, why) = outcome(&app, ids[1]).await;
    assert!(
        why.contains("no Guest Editor is free of competing interests"),
        "{why}"
    );
    assert!(
        why.contains(&format!("assigned Board Member {}", editor.unwrap())),
        "{why}"
    );
    let (editor, flag, why) = outcome(&app, ids[2]).await;
    assert!(editor.is_none() && flag.is_some(), "{why}");
}

crate::on_both_backends!(the_three_assignment_cases, the_demo_shows_the_three_cases);
