//! The authors' declaration of generative AI use is asked again with every revised version
//! (issue 27, item 4): the form starts from the last declaration, a missing answer is refused
//! with what was typed kept, and a changed declaration becomes the submission's, kept beside
//! the version it came with (as the handling editor reads it) and noted in its history.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use super::*;
use peerdesk::db::schema::{events, revision_responses};

const TOOL: &str = "DeepL Write, to edit the English of the Discussion; every change was checked";

async fn the_declaration_of_ai_use_is_asked_again_with_a_revised_version(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, id) = revision_requested(&mut app).await;
    let revision = format!("/submissions/{id}/revision");
    as_person(&app, &logins, SOFIA).await;

    // The form starts from what was declared at submission (the demo's: not used).
    let form = app.get(&revision).await;
    assert_eq!(form.attr("#ai_use", "checked").as_deref(), Some(""));
    assert_eq!(form.attr("#ai_use_used", "checked"), None);

    // No answer: refused beside the question, the response kept, nothing written.
    let refused = app
        .post_multipart(
            &revision,
            &[("response", RESPONSE)],
            &[("manuscript", "revised.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("ai_use")
            .unwrap_or_default()
            .contains("Answer the question on generative AI")
    );
    assert_eq!(refused.select("textarea#response").join(""), RESPONSE);
    assert_eq!(round_of(&app, id).await, 1);

    // Used, said so with the tool: the declaration changes with the new version.
    let sent = app
        .post_multipart(
            &revision,
            &[
                ("response", RESPONSE),
                ("ai_use", "used"),
                ("ai_use_details", TOOL),
            ],
            &[("manuscript", "revised.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(round_of(&app, id).await, 2);
    let kept: Vec<(i32, String, String)> = app
        .with_db(move |conn| {
            revision_responses::table
                .filter(revision_responses::submission_id.eq(id))
                .select((
                    revision_responses::round,
                    revision_responses::ai_use,
                    revision_responses::ai_use_details,
                ))
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(kept, vec![(2, "used".to_owned(), TOOL.to_owned())]);
    let declared = format!("The authors declare the use of generative AI: {TOOL}");
    let mine = app.get(&format!("/submissions/{id}")).await.visible_text();
    assert!(mine.contains(&declared), "{mine}");

    the_handling_editor_reads_it(&app, &logins, id).await;
}

/// The handling editor reads the declaration on the submission and beside the version it
/// came with; the submission's history notes the change.
async fn the_handling_editor_reads_it(app: &TestApp, logins: &HashMap<String, String>, id: i64) {
    let declared = format!("The authors declare the use of generative AI: {TOOL}");
    as_person(app, logins, ATIF).await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert_eq!(editorial.status, StatusCode::OK);
    let text = editorial.visible_text();
    assert!(text.contains(&declared), "{text}");
    assert!(
        editorial
            .select(".declared-with-version")
            .join("")
            .contains(TOOL)
    );
    // The submission's history records the change with the move to round 2.
    let notes: Vec<String> = app
        .with_db(move |conn| {
            events::table
                .filter(events::subject_id.eq(id))
                .filter(events::kind.eq("resubmit"))
                .select(events::note)
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(
        notes,
        vec!["Round 2; the declaration of generative AI use changed".to_owned()]
    );
}

crate::on_both_backends!(the_declaration_of_ai_use_is_asked_again_with_a_revised_version);
