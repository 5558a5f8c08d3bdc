//! Suggested reviewers by expertise (issue 19 part 1): ranked, with a reason, load and
//! conflicts; a conflicted expert is absent, a possible conflict marked; one click invites
//! (once, however often pressed); only who may invite reviewers sees them; the profile's
//! expertise keywords keep the suggestions current.

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::accounts::{self, NewPerson};
use peerdesk::db::schema::{people, review_invitations};
use peerdesk::domain::conflicts::{CoauthorRef, PaperSource, Publication};

/// A person the site knows, with expertise keywords (so offering to review) and papers,
/// each paper's co-authors by name only.
async fn expert(
    app: &TestApp,
    (name, email, affiliation): (&str, &str, &str),
    keywords: &[&str],
    papers: &[(&str, &[&str])],
) -> i64 {
    let (name, email, affiliation) = (name.to_owned(), email.to_owned(), affiliation.to_owned());
    let keywords: Vec<String> = keywords.iter().map(|k| (*k).to_owned()).collect();
    let papers: Vec<(String, Vec<String>)> = papers
        .iter()
        .map(|(t, c)| ((*t).to_owned(), c.iter().map(|n| (*n).to_owned()).collect()))
        .collect();
    app.with_db(move |conn| {
        let p = accounts::insert_person(
            conn,
            &NewPerson {
                name: &name,
                email: &email,
                affiliation: &affiliation,
                orcid: None,
                bio: "",
            },
        )
        .unwrap();
        peerdesk::db::expertise::set_keywords(conn, p.id, &keywords).unwrap();
        for (title, coauthors) in papers {
            let publication = Publication {
                title,
                year: 2024,
                coauthors: coauthors
                    .into_iter()
                    .map(|name| CoauthorRef {
                        name,
                        email: None,
                        orcid: None,
                    })
                    .collect(),
                source: PaperSource::Listed,
            };
            peerdesk::db::profile_edit::insert_publication(conn, p.id, &publication).unwrap();
        }
        p.id
    })
    .await
}

/// Ada's retinoblastoma manuscript, and around it: a clean expert, an expert at her
/// university (conflicted), one who published with someone named as her co-author
/// (a possible conflict), a mesothelioma expert and a retinoblastoma author who never
/// offered to review. Signed in as the handling editor; the submission's id.
pub(crate) async fn manuscript_with_experts(
    app: &TestApp,
) -> (std::collections::HashMap<String, String>, i64, String) {
    let logins = app.load_demo().await;
    let (id, _, editor_email) = ada_submits(app, 91, &[]).await;
    expert(
        app,
        (
            "Rita Blom",
            "rita.blom@eye.example",
            "Oslo Eye Hospital, Norway",
        ),
        &["retinoblastoma", "ocular oncology"],
        &[
            ("Retinoblastoma survival in a national cohort", &[]),
            ("Uveal melanoma in adults", &[]),
        ],
    )
    .await;
    expert(
        app,
        (
            "Kwame Mensah",
            "kwame@ug.example",
            "University of Ghana, Accra, Ghana",
        ),
        &["retinoblastoma"],
        &[("Retinoblastoma in West Africa", &[])],
    )
    .await;
    expert(
        app,
        (
            "Pia Larsen",
            "pia.larsen@rh.example",
            "Rigshospitalet, Copenhagen, Denmark",
        ),
        &["paediatric oncology"],
        &[("Retinoblastoma cohort outcomes", &["Ben Moller"])],
    )
    .await;
    expert(
        app,
        (
            "Otto Berg",
            "otto.berg@lung.example",
            "Lung Clinic, Bergen, Norway",
        ),
        &["mesothelioma"],
        &[("Pleural mesothelioma surgery", &[])],
    )
    .await;
    let quiet = expert(
        app,
        (
            "Nora Still",
            "nora.still@quiet.example",
            "Quiet Institute, Iceland",
        ),
        &[],
        &[("Retinoblastoma survival", &[])],
    )
    .await;
    assert!(quiet > 0);
    as_person(app, &logins, &editor_email).await;
    (logins, id, editor_email)
}

/// The editor sees the clean expert first, with why, load and an invite button; the
/// conflicted expert, the author, the unrelated and the unwilling are absent; the
/// possible conflict is listed and marked.
async fn the_editor_sees_ranked_explained_conflict_free_suggestions(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, id, _) = manuscript_with_experts(&app).await;
    let page = app
        .get(&format!("/editorial/submissions/{id}/reviewers"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let names = page.select("#suggestions .candidate-name");
    assert_eq!(
        names.first().map(String::as_str),
        Some("Rita Blom"),
        "{names:?}"
    );
    assert!(names.contains(&"Pia Larsen".to_owned()), "{names:?}");
    for absent in ["Kwame Mensah", "Otto Berg", "Nora Still", "Ada Osei"] {
        assert!(!names.contains(&absent.to_owned()), "{absent} in {names:?}");
    }
    let rows = page.select("#suggestions .candidate");
    let rita = &rows[0];
    assert!(
        rita.contains("Why: 1 of their 2 papers on") && rita.contains("keywords: retinoblastoma"),
        "{rita}"
    );
    assert!(rita.contains("Open reviews: 0"), "{rita}");
    assert!(rita.contains("declined in the last 90 days: 0"), "{rita}");
    assert!(rita.contains("Invite Rita Blom"), "{rita}");
    let pia = rows.iter().find(|r| r.contains("Pia Larsen")).unwrap();
    assert!(pia.contains("Potential conflict"), "{pia}");
    assert!(pia.contains("Ben Moller"), "{pia}");
    assert!(
        pia.contains("Invite Pia Larsen"),
        "a possible conflict does not block"
    );
    assert_eq!(
        page.attr("#suggestions input[name=found_by]", "value")
            .as_deref(),
        Some("expertise")
    );
}

/// "Invite" pressed twice (and three times at once) invites once, with one e-mail,
/// recorded as found by the suggestions.
async fn inviting_a_suggestion_invites_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, id, _) = manuscript_with_experts(&app).await;
    let path = format!("/editorial/submissions/{id}/reviewers");
    let page = app.get(&path).await;
    let rita = page
        .attr("#suggestions .candidate input[name=person_id]", "value")
        .unwrap();
    let due = in_days(14);
    let fields = [
        ("person_id", rita.as_str()),
        ("found_by", "expertise"),
        ("due_on", due.as_str()),
        ("message", ""),
    ];
    post_on_page(&app, &path, &path, &fields).await.taken();
    post_on_page(&app, &path, &path, &fields).await.taken();
    for status in press_at_once(&app, &path, &fields, 3).await {
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let rows: Vec<(String, String)> = app
        .with_db(move |conn| {
            review_invitations::table
                .filter(review_invitations::submission_id.eq(id))
                .select((review_invitations::status, review_invitations::found_by))
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(rows, vec![("invited".to_owned(), "expertise".to_owned())]);
    let mails = app
        .mails_to("rita.blom@eye.example")
        .iter()
        .filter(|m| m.contains("/invitations/"))
        .count();
    assert_eq!(mails, 1, "one invitation e-mail");
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(
        editorial
            .select(".found-by")
            .join(" ")
            .contains("from the suggestions by expertise"),
        "{}",
        editorial.visible_text()
    );
    let again = app.get(&path).await;
    let rita_row = again.select("#suggestions .candidate").join("\n");
    assert!(rita_row.contains("In this round: Invited"), "{rita_row}");
    assert!(!rita_row.contains("Invite Rita Blom"), "{rita_row}");
}

/// Nobody but who may invite reviewers sees the suggestions or invites from them: the
/// author, a reviewer and another editor get 404, as for a submission that does not exist.
async fn only_who_may_invite_reviewers_sees_the_suggestions(backend: Backend) {
    let app = spawn_app(backend).await;
    let (logins, id, editor) = manuscript_with_experts(&app).await;
    let path = format!("/editorial/submissions/{id}/reviewers");
    let rita = app
        .get(&path)
        .await
        .attr("#suggestions .candidate input[name=person_id]", "value")
        .unwrap();
    app.logout().await;
    app.login("ada@uni.example", PASSWORD).await;
    let others = [
        "lukas.weber@uni-heidelberg.example",
        "kofi.mensah@ki.example",
    ];
    let others = others.into_iter().filter(|e| *e != editor).map(Some);
    for who in std::iter::once(None).chain(others) {
        if let Some(email) = who {
            as_person(&app, &logins, email).await;
        }
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{who:?}");
        assert!(!page.visible_text().contains("Rita Blom"));
        let token = app.csrf_token().await;
        let crafted = app
            .post_raw(
                &path,
                &[
                    ("person_id", &rita),
                    ("found_by", "expertise"),
                    ("due_on", &in_days(14)),
                    ("csrf_token", &token),
                ],
            )
            .await;
        assert_eq!(crafted.status, StatusCode::NOT_FOUND, "{who:?}");
    }
    let invited: i64 = app
        .with_db(move |conn| {
            review_invitations::table
                .filter(review_invitations::submission_id.eq(id))
                .count()
                .get_result(conn)
                .unwrap()
        })
        .await;
    assert_eq!(invited, 0);
}

/// A reviewer lists expertise keywords on the profile (a second press changes nothing; a
/// stale tab gets 409 with its input kept; too long a keyword 422) and is suggested at
/// once: the index follows the profile.
async fn profile_keywords_put_a_reviewer_among_the_suggestions(backend: Backend) {
    let app = spawn_app(backend).await;
    let (logins, id, editor) = manuscript_with_experts(&app).await;
    let path = format!("/editorial/submissions/{id}/reviewers");
    let before = app.get(&path).await.select("#suggestions .candidate-name");
    assert!(!before.contains(&"Zoe Field".to_owned()), "{before:?}");

    app.logout().await;
    signed_in_author(&app, "Zoe Field", "zoe.field@field.example").await;
    // Not at Ada's university (the sign-up helper gives everyone the same one): that would
    // be a conflict, and she would rightly never be suggested.
    app.with_db(|conn| {
        diesel::update(people::table.filter(people::email.eq("zoe.field@field.example")))
            .set(people::affiliation.eq("Field Clinic, Reykjavik, Iceland"))
            .execute(conn)
            .unwrap()
    })
    .await;
    let profile = app.get("/profile").await;
    let read_at = profile
        .attr("input[name=read_at]", "value")
        .unwrap_or_default();
    let fields = [
        ("keywords", "retinoblastoma, national cohorts"),
        ("read_at", read_at.as_str()),
    ];
    post_on_page(&app, "/profile", "/profile/expertise", &fields)
        .await
        .taken();
    post_on_page(&app, "/profile", "/profile/expertise", &fields)
        .await
        .taken();
    let stale = post_on_page(
        &app,
        "/profile",
        "/profile/expertise",
        &[("keywords", "sarcoma"), ("read_at", read_at.as_str())],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .visible_text()
            .contains("retinoblastoma, national cohorts")
    );
    assert_eq!(stale.select("#keywords").join(""), "sarcoma", "input kept");
    let long = "x".repeat(81);
    let refused = post_on_page(
        &app,
        "/profile",
        "/profile/expertise",
        &[("keywords", &long)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .select("#keywords-error")
            .join("")
            .contains("under 80 characters")
    );
    let shown = app.get("/profile").await.select("#keywords").join("");
    assert_eq!(
        shown, "retinoblastoma national cohorts",
        "one a line, as saved"
    );

    as_person(&app, &logins, &editor).await;
    let after = app.get(&path).await;
    let rows = after.select("#suggestions .candidate");
    let zoe = rows
        .iter()
        .find(|r| r.contains("Zoe Field"))
        .unwrap_or_else(|| panic!("Zoe is suggested once she lists her expertise: {rows:#?}"));
    assert!(zoe.contains("keywords: retinoblastoma"), "{zoe}");
}

/// A reviewer ticks one of the collections' topics on the profile (no keyword typed): the
/// box stays ticked, a topic that is none of the collections' is refused with what was typed
/// kept, and she is suggested for a manuscript filed under that topic.
async fn a_topic_ticked_on_the_profile_meets_manuscripts_filed_under_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let (logins, id, editor) = manuscript_with_experts(&app).await;
    let (_, topic) = rare_cancers(&app).await;
    app.logout().await;
    signed_in_author(&app, "Yuki Tanaka", "yuki.tanaka@topics.example").await;
    app.with_db(|conn| {
        diesel::update(people::table.filter(people::email.eq("yuki.tanaka@topics.example")))
            .set(people::affiliation.eq("Topics Institute, Sapporo, Japan"))
            .execute(conn)
            .unwrap()
    })
    .await;
    let forged = post_on_page(
        &app,
        "/profile",
        "/profile/expertise",
        &[("keywords", "chordoma"), ("topics", "Astrology")],
    )
    .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        forged
            .visible_text()
            .contains("Choose the topics from the list shown")
    );
    assert_eq!(
        forged.select("#keywords").join(""),
        "chordoma",
        "input kept"
    );
    post_on_page(
        &app,
        "/profile",
        "/profile/expertise",
        &[("keywords", ""), ("topics", topic.as_str())],
    )
    .await
    .taken();
    let profile = app.get("/profile").await;
    let ticked = profile.select("#expertise-topics input[checked]");
    assert_eq!(ticked.len(), 1, "one topic ticked");
    assert_eq!(
        profile.attr("#expertise-topics input[checked]", "value"),
        Some(topic.clone())
    );
    assert_eq!(
        profile.select("#keywords").join(""),
        "",
        "a topic is not a typed keyword"
    );

    as_person(&app, &logins, &editor).await;
    let rows = app
        .get(&format!("/editorial/submissions/{id}/reviewers"))
        .await
        .select("#suggestions .candidate");
    let yuki = rows
        .iter()
        .find(|r| r.contains("Yuki Tanaka"))
        .unwrap_or_else(|| panic!("Yuki is suggested for her topic: {rows:#?}"));
    assert!(yuki.contains(&topic), "{yuki}");
}

/// The suggestions remember each institution's confirmed colleagues for the identity
/// signals; a colleague confirming their account is seen at once: Rita's address domain is
/// then one no confirmed account at her hospital uses.
async fn a_colleague_confirming_an_account_is_seen_in_the_suggestions(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, id, _) = manuscript_with_experts(&app).await;
    let path = format!("/editorial/submissions/{id}/reviewers");
    let rita = |page: &Page| {
        page.select("#suggestions .candidate")
            .into_iter()
            .find(|r| r.contains("Rita Blom"))
            .unwrap_or_else(|| panic!("Rita is suggested"))
    };
    let colleague = app
        .with_db(|conn| {
            let p = accounts::insert_person(
                conn,
                &NewPerson {
                    name: "Nils Dahl",
                    email: "nils.dahl@oslo-eye.example",
                    affiliation: "Oslo Eye Hospital, Norway",
                    orcid: None,
                    bio: "",
                },
            )
            .unwrap();
            accounts::insert_account(conn, p.id, "x", None).unwrap();
            p.id
        })
        .await;
    let before = rita(&app.get(&path).await);
    assert!(!before.contains("No confirmed account"), "{before}");
    app.with_db(move |conn| accounts::mark_email_verified(conn, colleague).unwrap())
        .await;
    let after = rita(&app.get(&path).await);
    assert!(
        after.contains(
            "No confirmed account at Oslo Eye Hospital, Norway uses eye.example (they use oslo-eye.example)"
        ),
        "{after}"
    );
}

crate::on_both_backends!(
    a_colleague_confirming_an_account_is_seen_in_the_suggestions,
    a_topic_ticked_on_the_profile_meets_manuscripts_filed_under_it,
    the_editor_sees_ranked_explained_conflict_free_suggestions,
    inviting_a_suggestion_invites_once,
    only_who_may_invite_reviewers_sees_the_suggestions,
    profile_keywords_put_a_reviewer_among_the_suggestions,
);
