//! Declines that find the next reviewer (issue 28 part 3): a reason from the short list, a
//! suggestion the editor invites in one step, a later date accepted or refused, backup
//! reviewers invited in turn (a conflicted one skipped, never twice, never more than wanted),
//! the reasons counted in the statistics, and bad input kept on the same page.

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{backup_reviewers, review_invitations};

const PAUL: &str = "paul.dubois@curie-review.example";
const EVA: &str = "eva.lund@lund-review.example";

/// The invitation statuses of `email`'s person on submission `id`, oldest first.
async fn statuses_of(app: &TestApp, id: i64, email: &str) -> Vec<String> {
    let email = email.to_owned();
    app.with_db(move |conn| {
        let Some(person) = peerdesk::db::accounts::find_person_by_email(conn, &email).unwrap()
        else {
            return vec![];
        };
        review_invitations::table
            .filter(review_invitations::submission_id.eq(id))
            .filter(review_invitations::reviewer_id.eq(person.id))
            .order(review_invitations::id)
            .select(review_invitations::status)
            .load::<String>(conn)
            .unwrap()
    })
    .await
}

/// The backups of `id` as (email, outcome), in order.
async fn backups_of(app: &TestApp, id: i64) -> Vec<(String, String)> {
    app.with_db(move |conn| {
        backup_reviewers::table
            .filter(backup_reviewers::submission_id.eq(id))
            .order(backup_reviewers::position)
            .select((backup_reviewers::email, backup_reviewers::outcome))
            .load(conn)
            .unwrap()
    })
    .await
}

fn invitations_mailed(app: &TestApp, email: &str) -> usize {
    app.mails_to(email)
        .iter()
        .filter(|m| m.contains("/invitations/") && m.contains("invites you"))
        .count()
}

/// Long because it is one story: bad input kept, a decline with a reason, a suggestion and
/// a later date; the editor invites the suggested person in one step and accepts the date;
/// a second decliner's date is refused; each reviewer mailed once.
async fn a_decline_suggests_someone_and_offers_a_later_date(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let nils = invite_by_address(&app, id, "Nils Berg", NILS).await;
    let olga = invite_by_address(&app, id, "Olga Petrova", OLGA).await;
    let editor_jar = browse_as(&mut app, &new_jar());

    // No reason chosen, a bad address, a bad date: 422 on the same page, the input kept.
    let bad = post_on_page(
        &app,
        &nils,
        &format!("{nils}/decline"),
        &[
            ("reason", "Away"),
            ("suggested_name", "Eva Lund"),
            ("suggested_email", "eva at lund"),
            ("proposed_due_on", "soon"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("reason_kind").is_some());
    assert!(bad.field_error("suggested_email").is_some());
    assert!(bad.field_error("proposed_due_on").is_some());
    assert_eq!(
        bad.attr("#suggested_name", "value").as_deref(),
        Some("Eva Lund")
    );
    assert_eq!(
        bad.attr("#suggested_email", "value").as_deref(),
        Some("eva at lund")
    );
    assert_eq!(statuses_of(&app, id, NILS).await, vec!["invited"]);

    let later = in_days(40);
    let done = post_on_page(
        &app,
        &nils,
        &format!("{nils}/decline"),
        &[
            ("reason_kind", "on_leave"),
            ("reason", "On leave until January."),
            ("suggested_name", "Eva Lund"),
            ("suggested_email", EVA),
            (
                "suggested_alternative",
                "She wrote the BAP1 registry paper.",
            ),
            ("proposed_due_on", &later),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.visible_text());
    post_on_page(
        &app,
        &olga,
        &format!("{olga}/decline"),
        &[
            ("reason_kind", "too_busy"),
            ("proposed_due_on", &in_days(60)),
        ],
    )
    .await;

    // The editor sees both, and invites Eva in one step from her own section.
    browse_as(&mut app, &editor_jar);
    let page = app
        .get(&format!("/editorial/submissions/{id}/reviewers"))
        .await;
    let section = page.select("#decliner-suggestions").join(" ");
    assert!(section.contains("Eva Lund"), "{section}");
    assert!(
        section.contains("Suggested by Nils Berg: She wrote the BAP1 registry paper."),
        "{section}"
    );
    let dates = page.select("#later-dates").join(" ");
    assert!(dates.contains("Nils Berg declined (On leave)"), "{dates}");
    assert!(
        dates.contains("Olga Petrova declined (Too busy at the moment)"),
        "{dates}"
    );
    // Invited from her row: recorded as the decliner's suggestion, not as typed by hand.
    let found_by = page
        .attr("#decliner-suggestions input[name=found_by]", "value")
        .unwrap_or_default();
    assert_eq!(found_by, "declined_reviewers_suggestion");
    let invited = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers"),
            &[
                ("name", "Eva Lund"),
                ("email", EVA),
                ("due_on", &in_days(14)),
                ("found_by", &found_by),
            ],
        )
        .await
        .taken();
    assert_eq!(
        invited.location.as_deref(),
        Some(format!("/editorial/submissions/{id}").as_str())
    );
    assert_eq!(invitations_mailed(&app, EVA), 1);
    let recorded = app
        .get(&format!("/editorial/submissions/{id}"))
        .await
        .select(".found-by")
        .join(" ");
    assert!(
        recorded.contains("suggested by a reviewer who declined"),
        "{recorded}"
    );

    // Nils's later date accepted: his invitation is open again, due then, and he is told once.
    let nils_id = invitation_id_of(&app, id, NILS).await;
    let olga_id = invitation_id_of(&app, id, OLGA).await;
    for _ in 0..2 {
        app.post_form(
            &format!("/editorial/submissions/{id}/reviewers/{nils_id}/later-date"),
            &[("answer", "accept")],
        )
        .await
        .taken();
    }
    assert_eq!(statuses_of(&app, id, NILS).await, vec!["accepted"]);
    let told: Vec<String> = app
        .mails_to(NILS)
        .into_iter()
        .filter(|m| m.contains("gladly accepts"))
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].contains("/invitations/"),
        "a fresh link: {}",
        told[0]
    );

    // Olga's refused: she stays declined and is told once.
    for _ in 0..2 {
        app.post_form(
            &format!("/editorial/submissions/{id}/reviewers/{olga_id}/later-date"),
            &[("answer", "refuse")],
        )
        .await
        .taken();
    }
    assert_eq!(statuses_of(&app, id, OLGA).await, vec!["declined"]);
    let refused = app
        .mails_to(OLGA)
        .iter()
        .filter(|m| m.contains("cannot wait that long"))
        .count();
    assert_eq!(refused, 1);
    let page = app
        .get(&format!("/editorial/submissions/{id}/reviewers"))
        .await;
    assert!(page.select("#later-dates").is_empty(), "both answered");
}

/// A decliner names the manuscript's own corresponding author: the editor sees her marked
/// as unable to review, with no invite button, and an invitation sent anyway is refused.
async fn a_conflicted_person_a_decliner_names_cannot_be_invited(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    let (author, author_email): (String, String) = app
        .with_db(move |conn| {
            use peerdesk::db::schema::submission_authors as a;
            a::table
                .filter(a::submission_id.eq(id))
                .filter(a::is_corresponding.eq(true))
                .select((a::name, a::email))
                .first(conn)
                .unwrap()
        })
        .await;
    as_person(&app, &logins, ATIF).await;
    let nils = invite_by_address(&app, id, "Nils Berg", NILS).await;
    let editor_jar = browse_as(&mut app, &new_jar());
    let done = post_on_page(
        &app,
        &nils,
        &format!("{nils}/decline"),
        &[
            ("reason_kind", "too_busy"),
            ("suggested_name", author.as_str()),
            ("suggested_email", author_email.as_str()),
        ],
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.visible_text());

    browse_as(&mut app, &editor_jar);
    let path = format!("/editorial/submissions/{id}/reviewers");
    let page = app.get(&path).await;
    let section = page.select("#decliner-suggestions").join(" ");
    assert!(section.contains(&author), "{section}");
    assert!(section.contains("Cannot review"), "{section}");
    assert!(!section.contains(&format!("Invite {author}")), "{section}");
    let sent = post_on_page(
        &app,
        &path,
        &path,
        &[
            ("name", author.as_str()),
            ("email", author_email.as_str()),
            ("due_on", &in_days(14)),
            ("found_by", "declined_reviewers_suggestion"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invitations_mailed(&app, &author_email), 0);
}

crate::on_both_backends!(
    a_decline_suggests_someone_and_offers_a_later_date,
    a_conflicted_person_a_decliner_names_cannot_be_invited,
);

async fn invitation_id_of(app: &TestApp, id: i64, email: &str) -> i64 {
    let person = app.person_id(email).await;
    app.with_db(move |conn| {
        review_invitations::table
            .filter(review_invitations::submission_id.eq(id))
            .filter(review_invitations::reviewer_id.eq(person))
            .order(review_invitations::id.desc())
            .select(review_invitations::id)
            .first(conn)
            .unwrap()
    })
    .await
}

/// Long because it is one story: the backup list set up (a bad number and a conflicted
/// address refused, the input kept), then each decline or expiry inviting the next backup
/// once, a backup conflicted by then skipped, never more than wanted; the statistics count
/// the reasons.
async fn a_decline_invites_the_next_backup_once(backend: Backend) {
    let mut app = spawn_app_with(backend, &[("PEERDESK_MAIL_WORKER", "off")]).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let nils = invite_by_address(&app, id, "Nils Berg", NILS).await;
    let reviewers = format!("/editorial/submissions/{id}/reviewers");

    // Bad input: 422 on the reviewers page with what was typed.
    let wrong = app
        .post_form(&format!("{reviewers}/wanted"), &[("wanted", "0")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.field_error("wanted").is_some());
    let conflicted = app
        .post_form(
            &format!("{reviewers}/backups"),
            &[("backup_name", "Sofia Bianchi"), ("backup_email", SOFIA)],
        )
        .await;
    assert_eq!(conflicted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(conflicted.field_error("backup_email").is_some());
    assert_eq!(
        conflicted.attr("#backup_name", "value").as_deref(),
        Some("Sofia Bianchi")
    );
    let bad = app
        .post_form(
            &format!("{reviewers}/backups"),
            &[("backup_name", "Olga"), ("backup_email", "olga@")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // One reviewer wanted; the author slipped onto the list (as if she became conflicted
    // after being named), then Olga, Paul and Lukas.
    app.post_form(&format!("{reviewers}/wanted"), &[("wanted", "1")])
        .await
        .taken();
    let atif = app.person_id(ATIF).await;
    app.with_db(move |conn| {
        assert!(peerdesk::db::backups::add(conn, id, "Sofia Bianchi", SOFIA, atif).unwrap());
    })
    .await;
    for (name, email) in [
        ("Olga Petrova", OLGA),
        ("Paul Dubois", PAUL),
        ("Lukas Weber", LUKAS),
    ] {
        app.post_form(
            &format!("{reviewers}/backups"),
            &[("backup_name", name), ("backup_email", email)],
        )
        .await
        .taken();
    }
    let page = app.get(&reviewers).await;
    assert_eq!(page.select("#backups li").len(), 4);

    // Nils declines: Sofia is skipped (recorded), Olga invited; Paul waits (one wanted).
    let editor_jar = browse_as(&mut app, &new_jar());
    post_on_page(
        &app,
        &nils,
        &format!("{nils}/decline"),
        &[("reason_kind", "too_busy")],
    )
    .await;
    let replay = post_on_page(
        &app,
        &nils,
        &format!("{nils}/decline"),
        &[("reason_kind", "too_busy")],
    )
    .await;
    assert_ne!(replay.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        backups_of(&app, id).await,
        vec![
            (SOFIA.to_owned(), "skipped".to_owned()),
            (OLGA.to_owned(), "invited".to_owned()),
            (PAUL.to_owned(), String::new()),
            (LUKAS.to_owned(), String::new()),
        ]
    );
    assert_eq!(statuses_of(&app, id, OLGA).await, vec!["invited"]);
    assert!(
        statuses_of(&app, id, PAUL).await.is_empty(),
        "never more than wanted"
    );
    assert_eq!(invitations_mailed(&app, OLGA), 1);

    // Olga declines: Paul is invited, once, whatever is clicked again.
    let olga = invitation_link(&app, OLGA).unwrap();
    for _ in 0..2 {
        post_on_page(
            &app,
            &olga,
            &format!("{olga}/decline"),
            &[("reason_kind", "outside_expertise")],
        )
        .await;
    }
    assert_eq!(statuses_of(&app, id, PAUL).await, vec!["invited"]);
    assert_eq!(invitations_mailed(&app, PAUL), 1);
    assert!(statuses_of(&app, id, LUKAS).await.is_empty());

    // Paul never answers: his invitation expires under the schedule and Lukas is asked, once.
    for _ in 0..2 {
        remind(&app, 11).await;
    }
    assert_eq!(statuses_of(&app, id, PAUL).await, vec!["cancelled"]);
    assert_eq!(statuses_of(&app, id, LUKAS).await, vec!["invited"]);
    assert_eq!(invitations_mailed(&app, LUKAS), 1);

    // The editor's page and the timeline say so.
    browse_as(&mut app, &editor_jar);
    let page = app.get(&reviewers).await.visible_text();
    assert!(
        page.contains("Sofia Bianchi (sofia.bianchi@hsanmartino.example): skipped"),
        "{page}"
    );
    let kinds: Vec<String> = app
        .with_db(move |conn| {
            use peerdesk::db::schema::events;
            events::table
                .filter(events::subject_id.eq(id))
                .filter(events::kind.like("backup_reviewer_%"))
                .order(events::id)
                .select(events::kind)
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k != "backup_reviewer_added")
            .collect::<Vec<_>>(),
        [
            "backup_reviewer_skipped",
            "backup_reviewer_invited",
            "backup_reviewer_invited",
            "backup_reviewer_invited"
        ]
    );

    // The statistics count the reasons per collection.
    as_person(&app, &logins, HELEN).await;
    let stats = app.get("/editorial/statistics").await;
    let collections = stats.select("#reasons-table tbody th");
    let row = collections
        .iter()
        .position(|c| c == "Rare cancers")
        .unwrap_or_else(|| panic!("{collections:?}"));
    let cells: Vec<usize> = stats
        .select("#reasons-table tbody td")
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    // Too busy, outside expertise, competing interest, on leave, other, not stated, all.
    assert_eq!(
        cells[row * 7..row * 7 + 7],
        [1, 1, 0, 0, 0, 0, 2],
        "{cells:?}"
    );
}

/// The collection says how many reviewers its submissions want at once; a submission's
/// editor may say otherwise for it.
async fn the_collections_number_wanted_is_each_submissions_default(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    as_person(&app, &logins, HELEN).await;
    let path = "/admin/collections/1/deadlines";
    let form = app.get(path).await;
    assert_eq!(
        form.attr("#reviewers_wanted", "value").as_deref(),
        Some("2")
    );
    let read_at = form.attr("input[name=read_at]", "value").unwrap();
    let send = |wanted: &'static str| {
        let (app, read_at) = (&app, read_at.clone());
        async move {
            app.post_form(
                path,
                &[
                    ("read_at", read_at.as_str()),
                    ("minor_revision_days", "30"),
                    ("major_revision_days", "60"),
                    ("review_schedule", "site"),
                    ("revision_due_soon", "7"),
                    ("revision_overdue", "1, 14"),
                    ("fast_review_hours", "24"),
                    ("reviewers_wanted", wanted),
                ],
            )
            .await
        }
    };
    let bad = send("21").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.field_error("reviewers_wanted")
            .unwrap()
            .contains("1 to 20")
    );
    assert_eq!(
        bad.attr("#reviewers_wanted", "value").as_deref(),
        Some("21")
    );
    assert_eq!(send("3").await.status, StatusCode::SEE_OTHER);

    as_person(&app, &logins, ATIF).await;
    let reviewers = format!("/editorial/submissions/{id}/reviewers");
    let page = app.get(&reviewers).await.visible_text();
    assert!(page.contains("as long as fewer than 3 reviewers"), "{page}");
    app.post_form(&format!("{reviewers}/wanted"), &[("wanted", "1")])
        .await
        .taken();
    let page = app.get(&reviewers).await.visible_text();
    assert!(page.contains("as long as fewer than 1 reviewers"), "{page}");
}

crate::on_both_backends!(
    a_decline_invites_the_next_backup_once,
    the_collections_number_wanted_is_each_submissions_default,
);

async fn remind(app: &TestApp, days: i64) -> usize {
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
