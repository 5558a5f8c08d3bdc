//! The Integrity page and the editor-in-chief's rulings (issue 27 item 2), as the editors
//! meet them: a report pasted from one submission's review into another's lists both
//! submissions with the evidence; a conflicted chief sees no row of hers; nobody else opens
//! the page; a ruling is recorded once however often it is pressed; accepting in a
//! guest-edited collection waits for the rulings; the collection's threshold decides what
//! counts as a fast report.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::{events, integrity_signals, review_invitations, submissions};

const REPORT: &str = "The authors present a retrospective cohort of patients with a rare \
    sarcoma treated at three centres over fifteen years. The question is relevant and the \
    cohort is large for this disease. However the survival analysis does not account for the \
    change in treatment protocols over the period, and the pathology review is not described. \
    I recommend that the authors add a sensitivity analysis by era, describe the central \
    pathology review, and discuss the selection of patients referred from outside the region.";

/// Marta reviews the demo's first submission (Atif's) and Nils pastes her report into his
/// review of Ada's, both within minutes of accepting: four signals (two near-identical, two
/// fast). Returns the logins and both submissions.
async fn a_pasted_report(app: &mut TestApp) -> (HashMap<String, String>, i64, i64) {
    let logins = app.load_demo().await;
    let first = first_submission(app).await;
    as_person(app, &logins, ATIF).await;
    let link = invite_by_address(app, first, "Marta Lindqvist", NEW_REVIEWER).await;
    let (desk, jar) = accept_in_own_browser(app, &link).await;
    submit_review_as(app, &jar, &desk, REPORT, "").await;
    let (second, _, editor) = ada_submits(app, 91, &[]).await;
    as_person(app, &logins, &editor).await;
    let link = invite_by_address(app, second, "Nils Berg", NILS).await;
    let (desk, jar) = accept_in_own_browser(app, &link).await;
    let pasted = REPORT.replace("sarcoma", "chordoma");
    submit_review_as(app, &jar, &desk, &pasted, "").await;
    (logins, first, second)
}

async fn number_of(app: &TestApp, id: i64) -> String {
    app.with_db(move |conn| {
        submissions::table
            .find(id)
            .select(submissions::manuscript_number.assume_not_null())
            .first(conn)
            .unwrap()
    })
    .await
}

/// The open signals on a submission (ids).
async fn open_signals(app: &TestApp, id: i64) -> Vec<i64> {
    app.with_db(move |conn| {
        integrity_signals::table
            .filter(integrity_signals::submission_id.eq(id))
            .filter(integrity_signals::ruled_at.is_null())
            .select(integrity_signals::id)
            .order(integrity_signals::id)
            .load(conn)
            .unwrap()
    })
    .await
}

async fn the_chief_sees_every_signal_with_its_evidence_and_nobody_else_opens_the_page(
    backend: Backend,
) {
    let mut app = spawn_app(backend).await;
    let (logins, first, second) = a_pasted_report(&mut app).await;
    let (n1, n2) = (number_of(&app, first).await, number_of(&app, second).await);
    as_person(&app, &logins, HELEN).await;
    let queue = app.get("/editorial/queue").await;
    let link = queue
        .attr("#integrity-link", "href")
        .expect("from the queue");
    let dashboard = app.get("/dashboard").await;
    assert_eq!(
        dashboard.attr("#integrity-link", "href"),
        Some(link.clone())
    );
    let page = app.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("#open-count strong"), ["4"]);
    let rows = page.select(".integrity-submission").join("\n");
    assert!(rows.contains(&n1) && rows.contains(&n2), "{rows}");
    assert!(rows.contains("Germline BAP1"), "{rows}");
    assert!(rows.contains("Near-identical review texts"), "{rows}");
    assert!(rows.contains("of its text (runs of five words)"), "{rows}");
    assert!(rows.contains("after accepting the invitation"), "{rows}");
    assert!(rows.contains("cannot be accepted until you rule"), "{rows}");
    // She reads both, so each near-identical pair points to the other submission.
    let related = page.select(".integrity-submission a.related");
    assert!(
        related.contains(&n1) && related.contains(&n2),
        "{related:?}"
    );
    let people = page.select(".integrity-person").join("\n");
    assert!(
        people.contains("Marta Lindqvist") && people.contains("Nils Berg"),
        "{people}"
    );
    assert!(people.contains("2 open signals"), "{people}");
    let hours = page.select(".fast-hours");
    assert!(hours.iter().all(|h| h == "24"), "{hours:?}");

    // A handling editor, an author, a reviewer, an administrator: as for no such page.
    for who in [ATIF, SOFIA, LUKAS] {
        as_person(&app, &logins, who).await;
        let page = app.get("/editorial/integrity").await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{who}");
        let signal = open_signals(&app, first).await[0];
        let page = app
            .get(&format!("/editorial/submissions/{first}/signals/{signal}"))
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{who}");
    }
    make_office_administrator(&app).await;
    assert_eq!(
        app.get("/editorial/integrity").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_conflicted_chief_sees_no_row_of_that_submission(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, first, second) = a_pasted_report(&mut app).await;
    let (n1, n2) = (number_of(&app, first).await, number_of(&app, second).await);
    let helen = app.person_id(HELEN).await;
    declare_conflict(&app, helen, "Sofia Bianchi", SOFIA, "family", "").await;
    as_person(&app, &logins, HELEN).await;
    let page = app.get("/editorial/integrity").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("#open-count strong"), ["2"], "only Ada's two");
    assert!(page.text.contains(&n2));
    assert!(!page.text.contains(&n1), "no number");
    assert!(!page.text.contains("Germline BAP1"), "no title");
    assert!(!page.text.contains("Marta Lindqvist"), "no reviewer of it");
    assert!(
        page.select("a.related").is_empty(),
        "the signal on Ada's does not point to the first"
    );
    let signal = open_signals(&app, first).await[0];
    let path = format!("/editorial/submissions/{first}/signals/{signal}");
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    let pressed = app
        .post_form(&path, &[("outcome", "no_concern"), ("reason", "Fine.")])
        .await;
    assert_eq!(pressed.status, StatusCode::NOT_FOUND, "nor ruled on by her");
    assert_eq!(open_signals(&app, first).await.len(), 2);
}

/// Long because it is one story: a ruling refused without its reason, pressed twice at
/// once, then from a stale tab with another mind.
async fn a_ruling_is_recorded_once_with_its_reason_on_the_timeline(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let (logins, first, _) = a_pasted_report(&mut app).await;
    as_person(&app, &logins, HELEN).await;
    let signal = open_signals(&app, first).await[0];
    let page = app.get("/editorial/integrity").await;
    let path = page
        .attr(&format!("#signal-{signal} a.rule-link"), "href")
        .expect("a link to rule");
    let form = app.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.select(".evidence")
            .join(" ")
            .contains("runs of five words")
            || form
                .select(".evidence")
                .join(" ")
                .contains("after accepting")
    );

    let missing = app.post_form(&path, &[("outcome", "concern")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.field_error("reason").is_some());
    assert_eq!(
        missing.attr("#outcome-concern", "checked").as_deref(),
        Some(""),
        "the choice kept"
    );

    let reason = "Marta and Nils share a lab; asked both, the text is Marta's template.";
    let fields = [("outcome", "no_concern"), ("reason", reason)];
    for status in press_at_once(&app, &path, &fields, 2).await {
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (rulings, ruled): (i64, i64) = app
        .with_db(move |conn| {
            (
                events::table
                    .filter(events::subject_id.eq(first))
                    .filter(events::kind.eq("integrity_ruling"))
                    .count()
                    .get_result(conn)
                    .unwrap(),
                integrity_signals::table
                    .filter(integrity_signals::ruling_outcome.eq("no_concern"))
                    .count()
                    .get_result(conn)
                    .unwrap(),
            )
        })
        .await;
    assert_eq!((rulings, ruled), (1, 1), "recorded once");
    let editorial = app.get(&format!("/editorial/submissions/{first}")).await;
    assert!(
        editorial.visible_text().contains(reason),
        "on the chief's timeline"
    );
    let line = editorial.select(&format!("#signal-{signal}")).join(" ");
    assert!(line.contains("Looked at: no concern"), "{line}");

    // A stale tab that meant otherwise: nothing recorded, what she typed kept.
    let other = "The reports are too alike: ask the handling editor to find new reviewers.";
    let stale = app
        .post_form(&path, &[("outcome", "concern"), ("reason", other)])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .select("textarea#reason")
            .join("")
            .contains("too alike")
    );
    assert!(
        stale
            .select("#ruling .reason")
            .join("")
            .contains("share a lab")
    );
    // The page no longer lists it.
    let page = app.get("/editorial/integrity").await;
    assert!(page.select(&format!("#signal-{signal}")).is_empty());
    // The author never reads the ruling.
    as_person(&app, &logins, SOFIA).await;
    let own = app.get(&format!("/submissions/{first}")).await;
    assert!(!own.visible_text().contains("share a lab"));
}

/// Long because it is one story: the handling editor is held back, the chief rules on
/// each signal, and then the acceptance goes through.
async fn accepting_waits_for_the_chiefs_ruling_in_a_guest_edited_collection(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let first = first_submission(&app).await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, first, "Marta Lindqvist", NEW_REVIEWER).await;
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    submit_review_as(&mut app, &jar, &desk, REPORT, "").await;
    assert_eq!(open_signals(&app, first).await.len(), 1, "a fast report");

    let page = app
        .get(&format!("{}?kind=accept", decision_path(first)))
        .await;
    let why = page.select("#accept-waits").join(" ");
    assert!(why.contains("cannot be accepted yet"), "{why}");
    assert!(
        page.attr("#accept-waits a", "href")
            .is_some_and(|h| h.ends_with("#integrity")),
        "links to the signals"
    );
    assert!(
        page.select("textarea#letter").is_empty(),
        "no letter to send"
    );
    let sent = send_decision(&app, first, "accept", Some("Dear author, accepted.")).await;
    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        sent.error_summary().contains("editor-in-chief"),
        "{}",
        sent.error_summary()
    );
    assert_eq!(state_of(&app, first).await, "under_review");
    // Other decisions do not wait.
    let minor = app
        .get(&format!("{}?kind=minor_revision", decision_path(first)))
        .await;
    assert_eq!(minor.status, StatusCode::OK);
    assert!(!minor.select("textarea#letter").is_empty());

    as_person(&app, &logins, HELEN).await;
    for signal in open_signals(&app, first).await {
        let ruled = app
            .post_form(
                &format!("/editorial/submissions/{first}/signals/{signal}"),
                &[
                    ("outcome", "no_concern"),
                    ("reason", "Marta is quick and known to us."),
                ],
            )
            .await;
        assert_eq!(ruled.status, StatusCode::SEE_OTHER);
    }
    as_person(&app, &logins, ATIF).await;
    let sent = send_decision(&app, first, "accept", None).await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.visible_text()
    );
    assert_eq!(state_of(&app, first).await, "accepted");
}

/// Long because it sets the threshold through the form (refused, then saved) and then
/// follows a review through.
async fn the_collections_threshold_decides_what_counts_as_fast(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let first = first_submission(&app).await;
    as_person(&app, &logins, HELEN).await;
    let page = app.get("/editorial/integrity").await;
    let path = page
        .attr("a[href$='/deadlines']", "href")
        .expect("a link to the setting");
    let form = app.get(&path).await;
    assert_eq!(
        form.attr("#fast_review_hours", "value").as_deref(),
        Some("24")
    );
    let read_at = form.attr("input[name=read_at]", "value").unwrap();
    let fields = |hours: &'static str| {
        vec![
            ("read_at", read_at.clone()),
            ("minor_revision_days", "30".to_owned()),
            ("major_revision_days", "60".to_owned()),
            ("review_schedule", "site".to_owned()),
            ("revision_due_soon", "7".to_owned()),
            ("revision_overdue", "1, 14".to_owned()),
            ("fast_review_hours", hours.to_owned()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let (app, path) = (&app, path.clone());
        async move {
            let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&path, &refs).await
        }
    };
    let bad = send(fields("a day")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.field_error("fast_review_hours").is_some());
    assert_eq!(send(fields("2")).await.status, StatusCode::SEE_OTHER);
    let page = app.get("/editorial/integrity").await;
    assert!(page.select(".fast-hours").contains(&"2".to_owned()));

    // Marta accepts, and sends her report three hours later: not under two hours.
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, first, "Marta Lindqvist", NEW_REVIEWER).await;
    let (desk, jar) = accept_in_own_browser(&mut app, &link).await;
    app.with_db(move |conn| {
        diesel::update(
            review_invitations::table.filter(review_invitations::submission_id.eq(first)),
        )
        .set(review_invitations::responded_at.eq(peerdesk::db::now() - chrono::Duration::hours(3)))
        .execute(conn)
        .unwrap();
    })
    .await;
    submit_review_as(&mut app, &jar, &desk, REPORT, "").await;
    assert!(open_signals(&app, first).await.is_empty(), "not fast here");

    // Back to a day: her report, already in, now counts and is flagged, once however often
    // the settings are saved.
    as_person(&app, &logins, HELEN).await;
    for round in 0..2 {
        let form = app.get(&path).await;
        let read_at = form.attr("input[name=read_at]", "value").unwrap();
        let mut day = fields("24");
        day[0] = ("read_at", read_at);
        let refs: Vec<(&str, &str)> = day.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            app.post_form(&path, &refs).await.status,
            StatusCode::SEE_OTHER
        );
        let notice = app.get(&path).await.select(".flash").join(" ");
        assert_eq!(
            notice.contains("1 report already in now counts as fast"),
            round == 0,
            "{notice}"
        );
        assert_eq!(open_signals(&app, first).await.len(), 1);
    }
    let page = app.get(&format!("/editorial/submissions/{first}")).await;
    let signals = page.select(".integrity-signal").join("\n");
    assert!(
        signals.contains(
            "submitted the report 3 hours after accepting the invitation (under 24 hours)"
        ),
        "{signals}"
    );
}

/// Long because it builds a collection's history: five rejections by other handling editors,
/// each two months after submission, then five by one editor within minutes. The fifth
/// raises the signal, on that submission; the chief reads it, the editor it is about never.
async fn an_editor_deciding_far_sooner_than_the_others_is_signalled(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let (mut mine, mut others) = (Vec::new(), Vec::new());
    let mut fast: Option<(i64, String)> = None;
    for key in 100..160u8 {
        if mine.len() == 5 && others.len() == 5 {
            break;
        }
        let (id, editor_id, editor) = if key == 100 {
            ada_submits(&app, key, &[]).await
        } else {
            // Ada is still signed in.
            let (collection_id, topic) = rare_cancers(&app).await;
            let fields = complete_form(collection_id, &topic, &format!("{key:032x}"));
            submit_manuscript_file(&app, &fields, pdf_bytes()).await;
            newest_with_editor(&app).await
        };
        let fast = fast.get_or_insert((editor_id, editor.clone()));
        if editor_id == fast.0 {
            if mine.len() < 5 {
                mine.push(id);
            }
        } else if others.len() < 5 {
            others.push((id, editor));
        }
    }
    assert_eq!((mine.len(), others.len()), (5, 5), "the history is built");
    let (_, fast_editor) = fast.unwrap();
    for (id, editor) in &others {
        let id = *id;
        app.with_db(move |conn| {
            diesel::update(submissions::table.find(id))
                .set(
                    submissions::submitted_at
                        .eq(Some(peerdesk::db::now() - chrono::Duration::days(60))),
                )
                .execute(conn)
                .unwrap();
        })
        .await;
        as_person(&app, &logins, editor).await;
        send_decision(&app, id, "desk_reject", None).await.taken();
    }
    as_person(&app, &logins, &fast_editor).await;
    for id in &mine {
        send_decision(&app, *id, "desk_reject", None).await.taken();
    }
    let raised: Vec<(i64, String)> = app
        .with_db(|conn| {
            integrity_signals::table
                .filter(integrity_signals::kind.eq("editor_outlier"))
                .select((
                    integrity_signals::submission_id,
                    integrity_signals::evidence,
                ))
                .load(conn)
                .unwrap()
        })
        .await;
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(
        raised[0].0, mine[4],
        "on the decision that completed the pattern"
    );
    assert!(
        raised[0]
            .1
            .contains("as handling editor, reached a final decision in less than a day on average; the other editors of this collection in"),
        "{}",
        raised[0].1
    );
    // Not to the editor it is about.
    let own = app
        .get(&format!("/editorial/submissions/{}", mine[4]))
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(!own.text.contains("as handling editor, reached"));
    as_person(&app, &logins, HELEN).await;
    let page = app.get("/editorial/integrity").await;
    assert!(
        page.visible_text()
            .contains("A handling editor far from the collection"),
        "{}",
        page.visible_text()
    );
    let chiefs_view = app
        .get(&format!("/editorial/submissions/{}", mine[4]))
        .await;
    assert!(chiefs_view.text.contains("as handling editor, reached"));
}

crate::on_both_backends!(
    an_editor_deciding_far_sooner_than_the_others_is_signalled,
    the_chief_sees_every_signal_with_its_evidence_and_nobody_else_opens_the_page,
    a_conflicted_chief_sees_no_row_of_that_submission,
    a_ruling_is_recorded_once_with_its_reason_on_the_timeline,
    accepting_waits_for_the_chiefs_ruling_in_a_guest_edited_collection,
    the_collections_threshold_decides_what_counts_as_fast,
);
