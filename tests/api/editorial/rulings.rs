//! Rulings on potential conflicts: the editor-in-chief rules on another editor's, and on a
//! namesake of her own.

use diesel::prelude::*;
use reqwest::StatusCode;

use super::editor_of;
use crate::helpers::*;

/// The fields of a ruling on `person`'s potential conflict `key`.
fn ruling<'a>(
    person: &'a str,
    key: &'a str,
    ruling: &'a str,
    reason: &'a str,
) -> [(&'static str, &'a str); 4] {
    [
        ("person_id", person),
        ("finding_key", key),
        ("ruling", ruling),
        ("ruling_reason", reason),
    ]
}

/// Long because it is one story read top to bottom: each step checks what the one before left.
async fn the_editor_in_chief_rules_on_potential_conflicts(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    // A public mail address and a slightly different spelling of Bruna's institution: only a
    // potential conflict, for the editor-in-chief to rule on.
    signed_in_author(&app, "Sofia Rossi", "sofia.rossi.onc@gmail.com").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let form = complete_form(collection_id, &topic, &format!("{:032x}", 77));
    let fields = with_authors(
        form,
        &[(
            "Sofia Rossi",
            "sofia.rossi.onc@gmail.com",
            "IRCCS Ospedale Policlinico San Martino, Genoa, Italy",
        )],
    );
    let id = submit_manuscript(&app, &fields).await;
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
        .post_form(&rulings, &ruling(&bruna, &key, "confirmed", ""))
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let confirmed = app
        .submit(
            &rulings,
            &ruling(&bruna, &key, "confirmed", "same hospital, another spelling"),
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
            &ruling(
                &bruna,
                &key,
                "not_a_conflict",
                "checked: different hospital",
            ),
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
        .post_form(&rulings, &ruling(&bruna, "made-up", "confirmed", "x"))
        .await;
    assert_eq!(bogus.status, StatusCode::NOT_FOUND);
}

/// Issue 30, item 2: an author's co-author who merely shares the editor-in-chief's name (with
/// another address) no longer hides the submission from her. She sees it, with the match
/// pointed out as a possible competing interest of hers, and rules on it like any other.
async fn the_chief_sees_and_rules_on_a_namesake_of_hers(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let one = first_submission(&app).await;
    let year = sofia_lists_a_paper_with_a_namesake_of_helen(&app).await;

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
            &ruling(
                &helen_id,
                &key,
                "not_a_conflict",
                "Another Helen Marsh: I never wrote with Sofia Bianchi",
            ),
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
            &ruling(&helen_id, &key, "confirmed", "On reflection, it is me"),
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

crate::on_both_backends!(
    the_editor_in_chief_rules_on_potential_conflicts,
    the_chief_sees_and_rules_on_a_namesake_of_hers,
);
