//! Inviting reviewers: conflicted or opposed people cannot be invited, even by a crafted
//! POST, and inviting twice invites once.

use reqwest::StatusCode;

use super::invitation_statuses;
use crate::helpers::*;

/// Long because it is one submission's reviewer page seen by its editor and by an outsider,
/// with every refused invitation checked on it.
async fn conflicted_or_opposed_people_cannot_be_invited_even_by_a_crafted_post(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    // A fresh submission whose authors oppose one reviewer and suggest another.
    let (id, editor, editor_email) = ada_submits(
        &app,
        77,
        &[
            ("opposed_reviewer_name_0", "Lukas Weber"),
            ("opposed_reviewer_email_0", LUKAS),
            (
                "opposed_reviewer_reason_0",
                "A direct competitor on this question.",
            ),
            ("suggested_name_0", "Aisha Khan"),
            ("suggested_email_0", "aisha.khan@aku.example"),
            ("suggested_reason_0", "Runs the largest registry."),
        ],
    )
    .await;
    as_person(&app, &logins, &editor_email).await;

    // The page shows the suggestion as invitable and the opposition as blocked.
    let page = app
        .get(&format!("/editorial/submissions/{id}/reviewers"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.visible_text();
    assert!(text.contains("Runs the largest registry."), "{text}");
    assert!(text.contains("Invite Aisha Khan"), "{text}");
    assert!(
        text.contains("A direct competitor on this question."),
        "{text}"
    );
    let search = app
        .get(&format!("/editorial/submissions/{id}/reviewers?q=Weber"))
        .await
        .visible_text();
    assert!(search.contains("Cannot review"), "{search}");
    assert!(!search.contains("Invite Lukas Weber"), "{search}");

    let lukas = app.person_id(LUKAS).await;
    let author = app.person_id("ada@uni.example").await;
    let due = in_days(10);
    let invitation_mails = |app: &TestApp| {
        app.outbox()
            .iter()
            .filter(|m| m.kind == "reviewer_invited")
            .count()
    };
    let mails_before = invitation_mails(&app);
    // Crafted POSTs: the opposed reviewer, an author, an address at an author's
    // institution, and the handling editor themselves.
    for (who, fields) in [
        ("opposed", vec![("person_id", lukas.to_string())]),
        ("author", vec![("person_id", author.to_string())]),
        (
            "co-author's address",
            vec![
                ("name", "Someone Else".to_owned()),
                ("email", "ben@clinic.example".to_owned()),
            ],
        ),
        ("editor", vec![("person_id", editor.to_string())]),
    ] {
        let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.push(("due_on", &due));
        let refused = app
            .post_form(&format!("/editorial/submissions/{id}/reviewers"), &all)
            .await;
        // Refused like any form error: 422, the page shown again with the reason.
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{who}");
        let after = refused.visible_text();
        assert!(after.contains("cannot review"), "{who}: {after}");
        if who == "co-author's address" {
            assert!(
                refused
                    .field_error("email")
                    .is_some_and(|m| m.contains("cannot review"))
            );
            assert_eq!(
                refused.attr("#name", "value").as_deref(),
                Some("Someone Else")
            );
        }
    }
    assert!(
        invitation_statuses(&app, id).await.is_empty(),
        "nobody was invited"
    );
    assert_eq!(invitation_mails(&app), mails_before, "no invitation e-mail");

    // A bad date or address is shown on the page with what was typed.
    let invalid = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers"),
            &[
                ("name", "Kim Lee"),
                ("email", "not an address"),
                ("due_on", "yesterday"),
            ],
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invalid.field_error("email").is_some());
    assert!(invalid.field_error("due_on").is_some());
    assert_eq!(invalid.attr("#name", "value").as_deref(), Some("Kim Lee"));

    // Someone who is not the handling editor gets 404 on every reviewer route.
    as_person(&app, &logins, LUKAS).await;
    let page = app
        .get(&format!("/editorial/submissions/{id}/reviewers"))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let crafted = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers"),
            &[
                ("name", "X Y"),
                ("email", "x.y@elsewhere.example"),
                ("due_on", &due),
            ],
        )
        .await;
    assert_eq!(crafted.status, StatusCode::NOT_FOUND);
}

/// Issue #25: "Send the invitation" pressed again, or three times at once, invites once and
/// sends one e-mail; the editor is told the reviewer was already invited.
async fn inviting_twice_invites_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, id, _) = marta_invited(&app).await;
    let path = format!("/editorial/submissions/{id}/reviewers");
    let due = in_days(14);
    let fields = [
        ("name", "Marta Lindqvist"),
        ("email", NEW_REVIEWER),
        ("due_on", due.as_str()),
        ("message", ""),
    ];
    let (a, b, c) = tokio::join!(
        app.post_form(&path, &fields),
        app.post_form(&path, &fields),
        app.post_form(&path, &fields),
    );
    for p in [a, b, c] {
        assert_eq!(p.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(invitation_statuses(&app, id).await, vec!["invited"]);
    let invitations = app
        .mails_to(NEW_REVIEWER)
        .iter()
        .filter(|m| m.contains("/invitations/"))
        .count();
    assert_eq!(invitations, 1, "one invitation e-mail");
    let told = app
        .get(&format!("/editorial/submissions/{id}"))
        .await
        .select(".flash")
        .join(" ");
    assert!(told.contains("already been invited"), "{told}");
}

crate::on_both_backends!(
    conflicted_or_opposed_people_cannot_be_invited_even_by_a_crafted_post,
    inviting_twice_invites_once,
);
