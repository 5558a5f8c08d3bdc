//! Peer review end to end over HTTP: inviting (with conflicts re-checked on a crafted POST),
//! the e-mailed link that changes nothing when opened, accepting without an account, the
//! declaration before the files, the review, links that were used, cancelled or expired,
//! reminders that stop, and authors who never learn who reviewed.

use std::collections::HashMap;

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::{Backend, Page, TestApp, client_with_jar, spawn_app, spawn_app_with};
use crate::submissions::{complete_form, pdf_bytes, rare_cancers, signed_in_author};
use peerdesk::db::schema::{review_invitations, submissions};

pub const ATIF: &str = "atif.ahmed@seattlechildrens.example";
pub const BRUNA: &str = "bruna.dalmasso@hsanmartino.example";
pub const SOFIA: &str = "sofia.bianchi@hsanmartino.example";
const LUKAS: &str = "lukas.weber@uni-heidelberg.example";
pub const NEW_REVIEWER: &str = "marta.lindqvist@karolinska-review.example";

pub async fn as_person(app: &TestApp, logins: &HashMap<String, String>, email: &str) {
    app.logout().await;
    let page = app.login(email, &logins[email]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{email} signs in");
}

/// The demo's first submission (handled by Atif; Bruna is conflicted with it).
pub async fn first_submission(app: &TestApp) -> i64 {
    app.with_db(|conn| {
        submissions::table
            .select(submissions::id)
            .order(submissions::id)
            .first::<i64>(conn)
            .unwrap()
    })
    .await
}

pub async fn state_of(app: &TestApp, id: i64) -> String {
    app.with_db(move |conn| {
        submissions::table
            .find(id)
            .select(submissions::state)
            .first::<String>(conn)
            .unwrap()
    })
    .await
}

/// The statuses of one submission's invitations, oldest first.
async fn invitation_statuses(app: &TestApp, id: i64) -> Vec<String> {
    app.with_db(move |conn| {
        review_invitations::table
            .filter(review_invitations::submission_id.eq(id))
            .order(review_invitations::id)
            .select(review_invitations::status)
            .load::<String>(conn)
            .unwrap()
    })
    .await
}

fn in_days(days: i64) -> String {
    (chrono::Utc::now().date_naive() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The signed-in editor invites someone by address; returns the path of the e-mailed link.
pub async fn invite_by_address(app: &TestApp, id: i64, name: &str, email: &str) -> String {
    let due = in_days(14);
    let page = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers"),
            &[
                ("name", name),
                ("email", email),
                ("due_on", &due),
                ("message", "Your work on BAP1 makes you an ideal reviewer."),
            ],
        )
        .await;
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/editorial/submissions/{id}").as_str()),
        "{name} invited: {}",
        page.visible_text()
    );
    app.link_in_last_mail_to(email, "/invitations/")
        .map(|l| l[l.find("/invitations/").unwrap()..].to_owned())
        .expect("invitation link in the e-mail")
}

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

/// Ada Osei registers and submits the complete form (with `extra` fields); returns the
/// submission's id, and its handling editor's id and address.
async fn ada_submits(app: &TestApp, key: u8, extra: &[(&str, &str)]) -> (i64, i64, String) {
    signed_in_author(app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(app).await;
    let mut fields = complete_form(collection_id, &topic, &format!("{key:032x}"));
    for (k, v) in extra {
        fields.push(((*k).to_owned(), (*v).to_owned()));
    }
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let made = app
        .post_multipart(
            "/submissions/new",
            &refs,
            &[("manuscript", "paper.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(
        made.status,
        StatusCode::SEE_OTHER,
        "{}",
        made.visible_text()
    );
    app.with_db(|conn| {
        use peerdesk::db::schema::people;
        let (id, editor): (i64, i64) = submissions::table
            .order(submissions::id.desc())
            .select((
                submissions::id,
                submissions::handling_editor_id.assume_not_null(),
            ))
            .first(conn)
            .unwrap();
        let email: String = people::table
            .find(editor)
            .select(people::email)
            .first(conn)
            .unwrap();
        (id, editor, email)
    })
    .await
}

async fn a_reviewer_without_an_account_accepts_declares_and_reviews(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    assert_eq!(state_of(&app, id).await, "submitted");

    // Opening the link (as a mail scanner would) changes nothing.
    let reviewer_jar = new_jar();
    let editor_jar = browse_as(&mut app, &reviewer_jar);
    let reviewer = &app;
    let page = reviewer.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.visible_text();
    assert!(text.contains("Germline BAP1"), "{text}");
    assert!(text.contains("Accept the invitation"), "{text}");
    reviewer.get(&link).await;
    assert_eq!(invitation_statuses(&app, id).await, vec!["invited"]);
    assert_eq!(state_of(&app, id).await, "submitted");

    // Accepting needs no account: the link signs the reviewer in and opens the declaration.
    let accepted = post_on_page(reviewer, &link, &format!("{link}/accept"), &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let desk_path = accepted.location.clone().unwrap();
    assert!(desk_path.starts_with("/reviews/"), "{desk_path}");
    assert_eq!(invitation_statuses(&app, id).await, vec!["accepted"]);
    assert_eq!(
        state_of(&app, id).await,
        "under_review",
        "the first acceptance"
    );
    assert!(
        app.mails_to(SOFIA)
            .iter()
            .any(|m| m.contains("is now under review")),
        "the corresponding author is told"
    );
    assert!(
        app.mails_to(ATIF)
            .iter()
            .any(|m| m.contains("Marta Lindqvist accepted")),
        "the editor is told"
    );

    // A second click on accept changes nothing.
    let again = post_on_page(reviewer, &link, &format!("{link}/accept"), &[]).await;
    assert!(
        again.visible_text().contains("already accepted") || again.status == StatusCode::SEE_OTHER,
        "{}",
        again.visible_text()
    );
    assert_eq!(invitation_statuses(&app, id).await, vec!["accepted"]);

    // The declaration comes before the files and the form.
    let desk = reviewer.get(&desk_path).await;
    assert_eq!(desk.status, StatusCode::OK);
    assert!(
        desk.visible_text()
            .contains("Do you have a competing interest?")
    );
    assert!(desk.select("#review-form").is_empty(), "no review form yet");
    let missing = post_on_page(
        reviewer,
        &desk_path,
        &format!("{desk_path}/declaration"),
        &[],
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.field_error("answer").is_some());
    let cleared = post_on_page(
        reviewer,
        &desk_path,
        &format!("{desk_path}/declaration"),
        &[("answer", "none")],
    )
    .await;
    assert_eq!(cleared.location.as_deref(), Some(desk_path.as_str()));
    let desk = reviewer.get(&desk_path).await;
    assert_eq!(desk.select("#review-form").len(), 1);

    // An incomplete submit keeps what was typed and says what is missing.
    let half = reviewer
        .post_multipart(
            &desk_path,
            &[
                (
                    "comments_to_authors",
                    "The cohort is small but well described.",
                ),
                ("action", "submit"),
            ],
            &[],
        )
        .await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(half.field_error("recommendation").is_some());
    // Shown again at its own address: the CSRF token is in the body, never in the address.
    assert_eq!(half.attr("#review-form", "action"), Some(desk_path.clone()));
    assert!(!half.text.contains("csrf_token="));
    assert!(
        half.text
            .contains("The cohort is small but well described.")
    );
    assert_eq!(invitation_statuses(&app, id).await, vec!["accepted"]);

    // A draft, then the review with an attachment checked by its content.
    let bad_file = reviewer
        .post_multipart(
            &desk_path,
            &[("recommendation", "minor_revision"), ("action", "save")],
            &[("attachment", "notes.pdf", b"MZ\x90\x00 not a pdf".to_vec())],
        )
        .await;
    assert_eq!(bad_file.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_file.field_error("attachment").is_some());
    let sent = reviewer
        .post_multipart(
            &desk_path,
            &[
                ("recommendation", "minor_revision"),
                (
                    "comments_to_authors",
                    "The cohort is small but well described.",
                ),
                ("confidential_comments", "Publishable after small changes."),
                ("action", "submit"),
            ],
            &[("attachment", "annotated.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(invitation_statuses(&app, id).await, vec!["submitted"]);
    let to_atif = app.mails_to(ATIF).join("\n");
    assert!(to_atif.contains("Review received"), "{to_atif}");
    assert!(to_atif.contains("All reviews are in"), "{to_atif}");
    assert!(
        app.mails_to(NEW_REVIEWER)
            .iter()
            .any(|m| m.contains("Thank you for your review")),
    );

    // The editor reads it, confidential comments and attachment included.
    browse_as(&mut app, &editor_jar);
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    let text = editorial.visible_text();
    assert!(text.contains("Marta Lindqvist"), "{text}");
    assert!(text.contains("Minor revision"), "{text}");
    assert!(text.contains("Publishable after small changes."), "{text}");
    let attachment = editorial
        .attr("a[href$='/attachment']", "href")
        .expect("attachment link");
    let file = app.client.get(app.url(&attachment)).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().to_vec(), pdf_bytes());

    // A conflicted editor never sees the reviews or the reviewer tools: 404, as if absent.
    as_person(&app, &logins, BRUNA).await;
    for path in [
        format!("/editorial/submissions/{id}"),
        format!("/editorial/submissions/{id}/reviewers"),
        attachment.clone(),
    ] {
        assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }

    // The reviewer keeps the history by choosing a password, then signs in like anyone.
    browse_as(&mut app, &reviewer_jar);
    let mine = app.get("/reviews").await;
    assert!(
        mine.visible_text()
            .contains("Keep your reviews as an account")
    );
    let made = post_on_page(
        &app,
        "/reviews",
        "/reviews/account",
        &[("password", "reviewer passphrase 2026")],
    )
    .await;
    assert_eq!(made.location.as_deref(), Some("/reviews"));
    browse_as(&mut app, &new_jar());
    let login = app.login(NEW_REVIEWER, "reviewer passphrase 2026").await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let mine = app.get("/reviews").await.visible_text();
    assert!(mine.contains("Germline BAP1"), "{mine}");
}

crate::on_both_backends!(a_reviewer_without_an_account_accepts_declares_and_reviews);

async fn used_cancelled_and_expired_links_change_nothing(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let declined = invite_by_address(&app, id, "Nils Berg", "nils.berg@lund-review.example").await;
    let cancelled =
        invite_by_address(&app, id, "Olga Petrova", "olga.petrova@msu-review.example").await;
    let expired =
        invite_by_address(&app, id, "Paul Dubois", "paul.dubois@curie-review.example").await;
    let visitor_jar = new_jar();
    let editor_jar = browse_as(&mut app, &visitor_jar);
    let visitor = &app;

    // A decline with a reason and a suggestion reaches the editor; the link is then spent.
    let done = post_on_page(
        visitor,
        &declined,
        &format!("{declined}/decline"),
        &[
            ("reason", "On leave until March."),
            (
                "suggested_alternative",
                "Dr Eva Lund, eva.lund@lund-review.example",
            ),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.visible_text().contains("Invitation declined"));
    let to_atif = app.mails_to(ATIF).join("\n");
    assert!(to_atif.contains("On leave until March."), "{to_atif}");
    assert!(
        to_atif.contains("eva.lund@lund-review.example"),
        "{to_atif}"
    );
    let again = visitor.get(&declined).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(
        again
            .visible_text()
            .contains("You declined this invitation")
    );
    let replay = visitor.post_form(&format!("{declined}/accept"), &[]).await;
    assert_eq!(replay.status, StatusCode::GONE);

    // The editor cancels one: the reviewer is told, the link stops.
    browse_as(&mut app, &editor_jar);
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    let forms = editorial.select("form[action$='/cancel']");
    assert_eq!(forms.len(), 2, "cancel offered for live invitations only");
    let olga_id: i64 = app
        .with_db(move |conn| {
            review_invitations::table
                .filter(review_invitations::submission_id.eq(id))
                .order(review_invitations::id)
                .select(review_invitations::id)
                .offset(1)
                .first::<i64>(conn)
                .unwrap()
        })
        .await;
    let cancel = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers/{olga_id}/cancel"),
            &[("reason", "We have enough reviewers.")],
        )
        .await;
    assert_eq!(cancel.status, StatusCode::SEE_OTHER);
    assert!(
        app.mails_to("olga.petrova@msu-review.example")
            .iter()
            .any(|m| m.contains("no longer needed") && m.contains("We have enough reviewers.")),
    );
    browse_as(&mut app, &visitor_jar);
    let visitor = &app;
    let gone = visitor.get(&cancelled).await;
    assert_eq!(gone.status, StatusCode::GONE);
    assert!(gone.visible_text().contains("cancelled"));
    assert_eq!(
        visitor
            .post_form(&format!("{cancelled}/accept"), &[])
            .await
            .status,
        StatusCode::GONE
    );

    // An expired link explains itself and accepts nothing.
    app.with_db(move |conn| {
        diesel::update(
            review_invitations::table
                .filter(review_invitations::submission_id.eq(id))
                .filter(review_invitations::status.eq("invited")),
        )
        .set(
            review_invitations::links_expire_at
                .eq(chrono::Utc::now().naive_utc() - Duration::hours(1)),
        )
        .execute(conn)
        .unwrap();
    })
    .await;
    let old = visitor.get(&expired).await;
    assert_eq!(old.status, StatusCode::GONE);
    assert!(old.visible_text().contains("expired"));
    assert_eq!(
        visitor
            .post_form(&format!("{expired}/accept"), &[])
            .await
            .status,
        StatusCode::GONE
    );

    // A made-up token is simply not found.
    let bogus = visitor
        .get(&format!("/invitations/{}", "ab".repeat(32)))
        .await;
    assert_eq!(bogus.status, StatusCode::NOT_FOUND);

    assert_eq!(
        invitation_statuses(&app, id).await,
        vec!["declined", "cancelled", "invited"]
    );
    assert_eq!(state_of(&app, id).await, "submitted", "nobody accepted");
}

crate::on_both_backends!(used_cancelled_and_expired_links_change_nothing);

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

crate::on_both_backends!(conflicted_or_opposed_people_cannot_be_invited_even_by_a_crafted_post);

async fn reminders_follow_the_schedule_and_stop_when_the_invitation_ends(backend: Backend) {
    // No delivery worker: queued reminders stay in the outbox, so a test can see one taken
    // back when the invitation ends before it went out.
    let mut app = spawn_app_with(backend, &[("PEERDESK_MAIL_WORKER", "off")]).await;
    let logins = app.load_demo().await;
    // Only this test's invitations: the demo's own waiting one would be reminded too.
    app.with_db(|conn| {
        diesel::delete(review_invitations::table)
            .execute(conn)
            .unwrap();
    })
    .await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    invite_by_address(&app, id, "Nils Berg", "nils.berg@lund-review.example").await;
    let link_b =
        invite_by_address(&app, id, "Olga Petrova", "olga.petrova@msu-review.example").await;
    let reminders_to = |app: &TestApp, email: &str| {
        app.outbox()
            .iter()
            .filter(|m| m.kind == "review_reminder" && m.to_address == email)
            .count()
    };
    async fn run(app: &TestApp, days: i64) -> usize {
        let site = app.state.config.site();
        let schedule = app.state.config.review_reminders.clone();
        app.with_db(move |conn| {
            peerdesk::workflow::review::send_due_reminders(
                conn,
                chrono::Utc::now().naive_utc() + Duration::days(days) + Duration::hours(1),
                &schedule,
                &site,
            )
            .unwrap()
        })
        .await
    }
    assert_eq!(run(&app, 1).await, 0, "nothing on day 1");
    assert_eq!(
        run(&app, 3).await,
        2,
        "the first unanswered reminder to each"
    );
    assert_eq!(run(&app, 3).await, 0, "each step once");
    assert_eq!(reminders_to(&app, "nils.berg@lund-review.example"), 1);

    // Nils declines by the reminder's own link (a fresh token: the first is never stored).
    let nils_link = app
        .link_in_last_mail_to("nils.berg@lund-review.example", "/invitations/")
        .map(|l| l[l.find("/invitations/").unwrap()..].to_owned())
        .unwrap();
    let editor_jar = browse_as(&mut app, &new_jar());
    let declined = post_on_page(&app, &nils_link, &format!("{nils_link}/decline"), &[]).await;
    assert_eq!(declined.status, StatusCode::OK);
    // Olga accepts by the first link, which still works.
    browse_as(&mut app, &new_jar());
    let accepted = post_on_page(&app, &link_b, &format!("{link_b}/accept"), &[]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    browse_as(&mut app, &editor_jar);

    assert_eq!(
        run(&app, 7).await,
        0,
        "no unanswered reminder once both answered"
    );
    assert_eq!(
        reminders_to(&app, "nils.berg@lund-review.example"),
        0,
        "the reminder still waiting in the outbox was taken back at the decline"
    );
    // The review is due in 14 days: one "due soon" on day 11, overdue from day 15.
    assert_eq!(run(&app, 11).await, 1);
    assert_eq!(run(&app, 15).await, 1);
    assert_eq!(run(&app, 21).await, 1);
    assert_eq!(reminders_to(&app, "olga.petrova@msu-review.example"), 4);
    let recorded: i64 = app
        .with_db(|conn| {
            use peerdesk::db::schema::review_reminders;
            review_reminders::table.count().get_result(conn).unwrap()
        })
        .await;
    assert_eq!(
        recorded, 5,
        "one unanswered each, then Olga's due-soon and two overdue"
    );
    assert!(
        app.mails_to("olga.petrova@msu-review.example")
            .iter()
            .any(|m| m.contains("overdue by")),
    );
    assert_eq!(reminders_to(&app, "nils.berg@lund-review.example"), 0);
    // The editor's page marks the late review.
    let page = app.with_db(move |conn| {
        diesel::update(review_invitations::table.filter(review_invitations::status.eq("accepted")))
            .set(review_invitations::due_on.eq(chrono::Utc::now().date_naive() - Duration::days(2)))
            .execute(conn)
            .unwrap();
    });
    page.await;
    let editorial = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(editorial.visible_text().contains("overdue"));
}

crate::on_both_backends!(reminders_follow_the_schedule_and_stop_when_the_invitation_ends);

async fn authors_never_learn_who_reviewed(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let (id, _, editor_email) = ada_submits(&app, 78, &[]).await;

    // A whole round: one reviewer with an account reviews, one declines, one is cancelled.
    as_person(&app, &logins, &editor_email).await;
    let lukas = app.person_id(LUKAS).await;
    let due = in_days(14);
    let invited = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers"),
            &[("person_id", &lukas.to_string()), ("due_on", &due)],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER);
    let nils = invite_by_address(&app, id, "Nils Berg", "nils.berg@lund-review.example").await;
    invite_by_address(&app, id, "Olga Petrova", "olga.petrova@msu-review.example").await;
    let olga_id: i64 = app
        .with_db(|conn| {
            review_invitations::table
                .order(review_invitations::id.desc())
                .select(review_invitations::id)
                .first(conn)
                .unwrap()
        })
        .await;
    app.post_form(
        &format!("/editorial/submissions/{id}/reviewers/{olga_id}/cancel"),
        &[("reason", "Enough reviewers")],
    )
    .await;
    let editor_jar = browse_as(&mut app, &new_jar());
    post_on_page(
        &app,
        &nils,
        &format!("{nils}/decline"),
        &[("reason", "Busy")],
    )
    .await;
    browse_as(&mut app, &editor_jar);

    // Lukas has a password: the link asks him to sign in, then he reviews.
    let lukas_link = app
        .link_in_last_mail_to(LUKAS, "/invitations/")
        .map(|l| l[l.find("/invitations/").unwrap()..].to_owned())
        .unwrap();
    as_person(&app, &logins, LUKAS).await;
    let accepted = post_on_page(&app, &lukas_link, &format!("{lukas_link}/accept"), &[]).await;
    let desk = accepted.location.clone().unwrap();
    assert!(desk.starts_with("/reviews/"), "{desk}");
    post_on_page(
        &app,
        &desk,
        &format!("{desk}/declaration"),
        &[("answer", "none")],
    )
    .await;
    let sent = app
        .post_multipart(
            &desk,
            &[
                ("recommendation", "major_revision"),
                ("comments_to_authors", "Please add the survival curves."),
                ("action", "submit"),
            ],
            &[],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    // The manuscript file is named by number, not by the authors' file name.
    let desk_page = app.get(&desk).await;
    let file = desk_page
        .attr("a[href*='/files/']", "href")
        .expect("file link");
    let resp = app.client.get(app.url(&file)).send().await.unwrap();
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!disposition.contains("paper.pdf"), "{disposition}");

    // Everything the author can see: their pages and every e-mail to any author.
    as_person(
        &app,
        &HashMap::from([(
            "ada@uni.example".to_owned(),
            "a long enough passphrase 42".to_owned(),
        )]),
        "ada@uni.example",
    )
    .await;
    let mut seen = Vec::new();
    for path in [
        "/dashboard".to_owned(),
        "/submissions".to_owned(),
        format!("/submissions/{id}"),
        "/reviews".to_owned(),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        seen.push((path, page.text));
    }
    assert!(
        seen[2].1.contains("Under review"),
        "the author sees the state"
    );
    for m in app.outbox() {
        if m.to_address == "ada@uni.example" || m.to_address == "ben@clinic.example" {
            seen.push((
                m.subject.clone(),
                format!("{}\n{}\n{}", m.subject, m.body_text, m.body_html),
            ));
        }
    }
    assert!(seen.len() >= 6, "pages and mails collected: {}", seen.len());
    for (what, text) in &seen {
        for secret in [
            "Lukas",
            "Weber",
            LUKAS,
            "Nils",
            "Berg",
            "nils.berg",
            "Olga",
            "Petrova",
            "olga.petrova",
        ] {
            assert!(!text.contains(secret), "{what} names a reviewer ({secret})");
        }
    }
}

crate::on_both_backends!(authors_never_learn_who_reviewed);

async fn double_blind_review_hides_the_authors_from_reviewers(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    app.with_db(|conn| {
        use peerdesk::db::schema::collections;
        diesel::update(collections::table)
            .set(collections::blinding.eq("double"))
            .execute(conn)
            .unwrap();
    })
    .await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let invitation = app
        .mails_to(NEW_REVIEWER)
        .into_iter()
        .find(|m| m.contains("/invitations/"))
        .unwrap();
    assert!(!invitation.contains("Sofia Bianchi"), "{invitation}");
    assert!(!invitation.contains("San Martino"), "{invitation}");

    browse_as(&mut app, &new_jar());
    let page = app.get(&link).await.visible_text();
    assert!(page.contains("double-blind review"), "{page}");
    assert!(
        !page.contains("Sofia Bianchi") && !page.contains("San Martino"),
        "{page}"
    );
    let accepted = post_on_page(&app, &link, &format!("{link}/accept"), &[]).await;
    let desk = accepted.location.unwrap();
    post_on_page(
        &app,
        &desk,
        &format!("{desk}/declaration"),
        &[("answer", "none")],
    )
    .await;
    let page = app.get(&desk).await;
    let text = page.visible_text();
    assert!(page.select("#review-form").len() == 1, "{text}");
    assert!(
        !text.contains("Sofia Bianchi") && !text.contains("San Martino"),
        "{text}"
    );

    // Single-blind (the default) shows them.
    app.with_db(|conn| {
        use peerdesk::db::schema::collections;
        diesel::update(collections::table)
            .set(collections::blinding.eq("single"))
            .execute(conn)
            .unwrap();
    })
    .await;
    assert!(
        app.get(&desk)
            .await
            .visible_text()
            .contains("Sofia Bianchi")
    );
}

crate::on_both_backends!(double_blind_review_hides_the_authors_from_reviewers);

/// A PDF whose document information names `author`.
fn pdf_naming(author: &str) -> Vec<u8> {
    format!(
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Title (Draft) /Author ({author}) >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 2 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

async fn set_blinding(app: &TestApp, blinding: &'static str) {
    app.with_db(move |conn| {
        use peerdesk::db::schema::collections;
        diesel::update(collections::table)
            .set(collections::blinding.eq(blinding))
            .execute(conn)
            .unwrap();
    })
    .await;
}

async fn a_file_naming_its_author_is_pointed_out_and_blanked_for_reviewers(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    set_blinding(&app, "double").await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let manuscript = pdf_naming("Ada Osei");
    // A draft: the form shows it beside the attached file, where it can be replaced.
    let mut draft = complete_form(collection_id, &topic, &format!("{:032x}", 78));
    draft.retain(|(k, _)| k != "action");
    draft.push(("action".to_owned(), "save".to_owned()));
    let refs: Vec<(&str, &str)> = draft
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = app
        .post_multipart(
            "/submissions/new",
            &refs,
            &[("manuscript", "paper.pdf", manuscript.clone())],
        )
        .await;
    let edit = saved.location.clone().expect("to the draft's form");
    let warning = app.get(&edit).await.select(".metadata-warning").join(" ");
    assert!(
        warning.contains("name Ada Osei as its author")
            && warning.contains("attach the file again"),
        "{warning}"
    );

    let fields = complete_form(collection_id, &topic, &format!("{:032x}", 77));
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let made = app
        .post_multipart(
            "/submissions/new",
            &refs,
            &[("manuscript", "paper.pdf", manuscript.clone())],
        )
        .await;
    assert_eq!(
        made.status,
        StatusCode::SEE_OTHER,
        "{}",
        made.visible_text()
    );
    let show = made.location.clone().expect("to the submission's page");
    // The author is told at once, on the page the upload leads to.
    let warning = app.get(&show).await.select(".metadata-warning").join(" ");
    assert!(
        warning.contains("document properties name Ada Osei as its author")
            && warning.contains("double-blind"),
        "{warning}"
    );

    // The handling editor sees it beside the file.
    let (id, editor): (i64, String) = app
        .with_db(|conn| {
            use peerdesk::db::schema::people;
            let (id, editor): (i64, i64) = submissions::table
                .order(submissions::id.desc())
                .select((
                    submissions::id,
                    submissions::handling_editor_id.assume_not_null(),
                ))
                .first(conn)
                .unwrap();
            let email = people::table
                .find(editor)
                .select(people::email)
                .first(conn)
                .unwrap();
            (id, email)
        })
        .await;
    as_person(&app, &logins, &editor).await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    let warning = page.select(".metadata-warning").join(" ");
    assert!(warning.contains("Ada Osei"), "{warning}");

    // A reviewer downloads a copy with the name blanked, every offset kept.
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let editor_jar = browse_as(&mut app, &new_jar());
    let accepted = post_on_page(&app, &link, &format!("{link}/accept"), &[]).await;
    let desk = accepted.location.clone().unwrap();
    post_on_page(
        &app,
        &desk,
        &format!("{desk}/declaration"),
        &[("answer", "none")],
    )
    .await;
    let href = app
        .get(&desk)
        .await
        .attr(".files a", "href")
        .expect("the manuscript's link");
    let copy = app
        .client
        .get(app.url(&href))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    assert_eq!(copy.len(), manuscript.len());
    assert!(copy.starts_with(b"%PDF-1.7"));
    let text = String::from_utf8_lossy(&copy);
    assert!(!text.contains("Ada Osei"), "{text}");
    assert!(text.contains("/Title (Draft) /Author (        )"), "{text}");
    browse_as(&mut app, &editor_jar);

    // Single-blind review: nothing to point out.
    set_blinding(&app, "single").await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(page.select(".metadata-warning").is_empty());
}

crate::on_both_backends!(a_file_naming_its_author_is_pointed_out_and_blanked_for_reviewers);

async fn review_of(app: &TestApp, id: i64) -> (String, String) {
    app.with_db(move |conn| {
        review_invitations::table
            .filter(review_invitations::submission_id.eq(id))
            .select((
                review_invitations::recommendation,
                review_invitations::comments_to_authors,
            ))
            .first::<(String, String)>(conn)
            .unwrap()
    })
    .await
}

async fn events_of(app: &TestApp, id: i64, kind: &'static str) -> i64 {
    use peerdesk::db::schema::events;
    app.with_db(move |conn| {
        events::table
            .filter(events::subject_id.eq(id))
            .filter(events::kind.eq(kind))
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    })
    .await
}

/// Issue #25, item 1 (and the review part of item 4): a tab opened before the review was
/// submitted can neither save a draft over it nor submit other content; ten presses of
/// Submit are one submission; the review changes only through "Revise my review", which
/// tells the editor, and a stale revision form changes nothing either.
async fn a_stale_tab_never_rewrites_a_submitted_review(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    browse_as(&mut app, &new_jar());
    let accepted = post_on_page(&app, &link, &format!("{link}/accept"), &[]).await;
    let desk = accepted.location.clone().unwrap();
    post_on_page(
        &app,
        &desk,
        &format!("{desk}/declaration"),
        &[("answer", "none")],
    )
    .await;
    // The older tab: opened now, used last.
    let old_tab = app.get(&desk).await;
    let old_read_at = old_tab
        .attr("#review-form input[name=read_at]", "value")
        .expect("the form says what it was read at");
    let accept = [
        ("recommendation", "accept"),
        ("comments_to_authors", "Clear and complete."),
        ("read_at", old_read_at.as_str()),
        ("action", "submit"),
    ];
    let sent = app.post_multipart(&desk, &accept, &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);

    // Its "Save draft" and its "Submit" with other content are refused; nothing changes.
    for action in ["save", "submit"] {
        let stale = app
            .post_multipart(
                &desk,
                &[
                    ("recommendation", "reject"),
                    ("comments_to_authors", "Older text from the first tab."),
                    ("read_at", old_read_at.as_str()),
                    ("action", action),
                ],
                &[],
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{action}");
        let told = stale.select(".error-summary").join(" ");
        assert!(told.contains("already submitted"), "{told}");
        assert!(
            stale.text.contains("Older text from the first tab."),
            "the input is kept"
        );
        assert_eq!(
            stale.select("#recommendation-given").join(""),
            "Accept",
            "and the review as the editor has it is shown"
        );
    }
    assert_eq!(
        review_of(&app, id).await,
        ("accept".to_owned(), "Clear and complete.".to_owned())
    );

    // Ten more presses of the same Submit, five of them at once: still one submission.
    for _ in 0..5 {
        let again = app.post_multipart(&desk, &accept, &[]).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
    }
    let (a, b, c, d, e) = tokio::join!(
        app.post_multipart(&desk, &accept, &[]),
        app.post_multipart(&desk, &accept, &[]),
        app.post_multipart(&desk, &accept, &[]),
        app.post_multipart(&desk, &accept, &[]),
        app.post_multipart(&desk, &accept, &[]),
    );
    for p in [a, b, c, d, e] {
        assert_eq!(p.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(events_of(&app, id, "review_submitted").await, 1);
    assert_eq!(events_of(&app, id, "review_revised").await, 0);
    let received = |app: &TestApp, subject: &str| {
        app.mails_to(ATIF)
            .iter()
            .filter(|m| m.contains(subject))
            .count()
    };
    assert_eq!(received(&app, "Subject: Review received"), 1);

    // The submitted review reads as sent, with its own step to revise it.
    let shown = app.get(&desk).await;
    assert!(
        shown.select("#save-review").is_empty(),
        "no draft save any more"
    );
    assert_eq!(
        shown.attr("#revise-review", "href"),
        Some(format!("{desk}?revise=1"))
    );
    let revise = app.get(&format!("{desk}?revise=1")).await;
    let read_at = revise
        .attr("#review-form input[name=read_at]", "value")
        .unwrap();
    assert!(revise.select("#save-review").is_empty());
    let revision = [
        ("recommendation", "minor_revision"),
        (
            "comments_to_authors",
            "Clear; Table 2 needs the follow-up times.",
        ),
        ("read_at", read_at.as_str()),
        ("action", "revise"),
    ];
    let revised = app.post_multipart(&desk, &revision, &[]).await;
    assert_eq!(revised.status, StatusCode::SEE_OTHER);
    assert_eq!(review_of(&app, id).await.0, "minor_revision");
    assert_eq!(events_of(&app, id, "review_revised").await, 1);
    let to_atif = app.mails_to(ATIF).join("\n");
    assert!(to_atif.contains("Subject: Review revised"), "{to_atif}");
    assert!(to_atif.contains("Accept → Minor revision"), "{to_atif}");
    // A second press of that button changes nothing more.
    let again = app.post_multipart(&desk, &revision, &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(events_of(&app, id, "review_revised").await, 1);

    // The same revision form with other content, now out of date, changes nothing.
    let stale = app
        .post_multipart(
            &desk,
            &[
                ("recommendation", "reject"),
                ("comments_to_authors", "A third opinion."),
                ("read_at", read_at.as_str()),
                ("action", "revise"),
            ],
            &[],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .select(".error-summary")
            .join(" ")
            .contains("saved from another tab")
    );
    assert_eq!(review_of(&app, id).await.0, "minor_revision");
}

crate::on_both_backends!(a_stale_tab_never_rewrites_a_submitted_review);

/// Issue #25: "Send the invitation" pressed again, or three times at once, invites once and
/// sends one e-mail; the editor is told the reviewer was already invited.
async fn inviting_twice_invites_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
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

crate::on_both_backends!(inviting_twice_invites_once);
