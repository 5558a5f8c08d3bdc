//! Who is this reviewer? (issue 27 item 1): identity signals on the invitation form, never
//! blocking, kept with the invitation and shown with it.

use reqwest::StatusCode;

use crate::helpers::*;

/// Two submissions' authors suggest the same webmail reviewer; the editor sees why to check
/// who it is, may still invite, and the invitation keeps how the reviewer was found and
/// what was signalled; the editor-in-chief finds it on her Integrity page. Long because it
/// follows the reviewer from the invitation page to the chief's, read top to bottom.
async fn a_webmail_reviewer_suggested_by_authors_is_signalled(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let suggestion = [
        ("suggested_name_0", "Ada Osel"),
        ("suggested_email_0", "ada.osel.reviews@gmail.com"),
        ("suggested_reason_0", "Knows the field."),
    ];
    ada_submits(&app, 78, &suggestion).await;
    // A second manuscript of hers, suggesting the same reviewer.
    let (collection_id, topic) = rare_cancers(&app).await;
    let mut fields = complete_form(collection_id, &topic, &format!("{:032x}", 79));
    for (k, v) in suggestion {
        fields.push((k.to_owned(), v.to_owned()));
    }
    submit_manuscript_file(&app, &fields, pdf_bytes()).await;
    let (id, _, editor_email) = newest_with_editor(&app).await;
    as_person(&app, &logins, &editor_email).await;

    let page = app
        .get(&format!("/editorial/submissions/{id}/reviewers"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let signals = page.select(".identity-signals li").join("\n");
    assert!(
        signals.contains("A public webmail address (gmail.com)"),
        "{signals}"
    );
    assert!(
        signals.contains("Suggested as a reviewer by the authors of 2 submissions"),
        "{signals}"
    );
    assert!(signals.contains("Known only from invitations"), "{signals}");
    assert!(
        page.visible_text().contains("Invite Ada Osel"),
        "signals never block"
    );

    // Invited from the authors' suggestions: recorded with the invitation.
    post_on_page(
        &app,
        &format!("/editorial/submissions/{id}/reviewers"),
        &format!("/editorial/submissions/{id}/reviewers"),
        &[
            ("name", "Ada Osel"),
            ("email", "ada.osel.reviews@gmail.com"),
            ("due_on", &in_days(14)),
            ("message", ""),
            ("found_by", "authors_suggestion"),
        ],
    )
    .await
    .taken();
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(
        editorial.select(".found-by")[0].contains("suggested by the authors"),
        "{}",
        editorial.visible_text()
    );
    let kept = editorial
        .select(".review-line .identity-signals li")
        .join("\n");
    assert!(kept.contains("gmail.com"), "{kept}");

    // A reviewer the site knows, at an institutional address: nothing to check.
    let known = app
        .get(&format!("/editorial/submissions/{id}/reviewers?q=Lukas"))
        .await;
    let lukas = known.select("#results .candidate").join("\n");
    assert!(lukas.contains("Lukas Weber"), "{lukas}");
    assert!(!lukas.contains("Check who this is"), "{lukas}");

    // The editor-in-chief finds the reviewer at work among those invited despite a check,
    // with what was shown; once she has a competing interest with the author, nothing.
    as_person(&app, &logins, HELEN).await;
    let checked = app
        .get("/editorial/integrity")
        .await
        .select(".checked-reviewer")
        .join("\n");
    assert!(
        checked.contains("Ada Osel")
            && checked.contains("gmail.com")
            && checked.contains("suggested by the authors"),
        "{checked}"
    );
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Ada Osei", "ada@uni.example", "family", "").await;
    app.logout().await;
    app.login(HELEN, &logins[HELEN]).await;
    let page = app.get("/editorial/integrity").await;
    assert!(page.select(".checked-reviewer").is_empty());
    assert!(!page.visible_text().contains("Ada Osel"));
}

crate::on_both_backends!(a_webmail_reviewer_suggested_by_authors_is_signalled);

/// A typed ORCID iD proves nothing, so two records may give the same one (issue 20 item 8):
/// the editor searching for a reviewer is told, with the iD, while nobody has confirmed it.
async fn an_orcid_two_people_typed_is_signalled(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    for (name, email) in [
        ("Lena Parkinson", "lena.parkinson@uni-genoa.example"),
        ("Leo Parkinson", "leo.parkinson@clinic.example"),
    ] {
        signed_in_author(&app, name, email).await;
        app.post_form("/profile/orcid", &[("orcid", "0000-0002-1694-233X")])
            .await
            .taken();
        app.logout().await;
    }
    ada_submits(&app, 81, &[]).await;
    let (id, _, editor_email) = newest_with_editor(&app).await;
    as_person(&app, &logins, &editor_email).await;
    let page = app
        .get(&format!(
            "/editorial/submissions/{id}/reviewers?q=Parkinson"
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let signals = page.select(".identity-signals li").join("\n");
    assert_eq!(
        signals
            .matches("The ORCID iD 0000-0002-1694-233X is also given by 1 other person's record")
            .count(),
        2,
        "{signals}"
    );
}

crate::on_both_backends!(an_orcid_two_people_typed_is_signalled);
