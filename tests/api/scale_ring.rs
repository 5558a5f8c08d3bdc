//! The review ring planted in scale data (issue 27, "Measured"): replayed through the
//! forms' checks, every manuscript of the ring is on the editor-in-chief's Integrity page
//! with the signals that mark it, and its made-up reviewers are among those invited
//! despite a check. `examples/ring_quality.rs` measures precision and recall at scale.

use diesel::prelude::*;
use peerdesk::db::facts;
use peerdesk::demo::scale::{RING_MANUSCRIPTS, RING_PEOPLE, RING_SUBMISSIONS};

use crate::helpers::{Backend, spawn_app};

crate::on_both_backends!(a_planted_ring_is_on_the_integrity_page);

/// Long because it is one load with a ring, its replay, and the page read for each of the
/// ring's manuscripts.
async fn a_planted_ring_is_on_the_integrity_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = app
        .with_db(|conn| peerdesk::demo::scale::load_with_rings(conn, 400, 1).expect("loads"))
        .await;
    let (ring, people) = app
        .with_db(|conn| {
            let ids = |fact: &str, conn: &mut peerdesk::db::DbConnection| -> Vec<i64> {
                facts::get(conn, fact)
                    .unwrap()
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|s| s.parse().ok())
                    .collect()
            };
            (ids(RING_SUBMISSIONS, conn), ids(RING_PEOPLE, conn))
        })
        .await;
    assert_eq!(ring.len(), RING_MANUSCRIPTS);
    assert_eq!(people.len(), 6, "three made-up reviewers and three authors");
    let replayed = app
        .with_db(|conn| peerdesk::demo::scale::replay_signals(conn).expect("replays"))
        .await;
    assert!(replayed.reviews > 0 && replayed.checks.len() == replayed.reviews);
    assert_eq!(
        replayed.identity.get("webmail"),
        Some(&(2 * RING_MANUSCRIPTS)),
        "two made-up webmail reviewers on each of the ring's manuscripts: {:?}",
        replayed.identity
    );
    // Nothing was left hidden by the replay.
    let hidden: i64 = app
        .with_db(|conn| {
            use peerdesk::db::schema::review_invitations as ri;
            ri::table
                .filter(ri::status.eq("submitted"))
                .filter(ri::review_submitted_at.is_null())
                .count()
                .get_result(conn)
                .unwrap()
        })
        .await;
    assert_eq!(hidden, 0);

    let chief = report
        .logins
        .iter()
        .find(|l| l.role == "editor-in-chief")
        .unwrap()
        .email
        .clone();
    assert!(
        app.login(&chief, &report.password)
            .await
            .status
            .is_redirection()
    );
    let page = app.get("/editorial/integrity").await;
    assert_eq!(page.status, 200);
    let entries = page.select("li.integrity-submission");
    let (mut listed, mut concentrated) = (0, 0);
    for id in &ring {
        let number = app
            .with_db({
                let id = *id;
                move |conn| {
                    use peerdesk::db::schema::submissions;
                    submissions::table
                        .find(id)
                        .select(submissions::manuscript_number)
                        .first::<Option<String>>(conn)
                        .unwrap()
                        .unwrap()
                }
            })
            .await;
        // A manuscript the editor-in-chief has a competing interest in (the generated
        // co-authors come from twenty institutions, hers among them) is never listed.
        let Some(entry) = entries.iter().find(|e| e.trim_start().starts_with(&number)) else {
            let own = app.get(&format!("/editorial/submissions/{id}")).await;
            assert_ne!(own.status, 200, "{number} is readable yet not listed");
            continue;
        };
        listed += 1;
        if entry.contains("far more than chance makes likely") {
            concentrated += 1;
        }
        assert!(
            entry.contains("after accepting the invitation")
                && entry.contains("runs of five words"),
            "{number}: a fast report and a near-duplicate: {entry}"
        );
    }
    assert!(listed >= RING_MANUSCRIPTS / 2, "{listed} listed");
    // The made-up reviewers review only their complicit editor's submissions.
    assert!(
        concentrated > 0,
        "no ring manuscript shows a reviewer concentrated on its editor or authors"
    );
    let checked = page.select("li.checked-reviewer").join("\n");
    assert!(
        checked.contains("A public webmail address")
            && checked.contains("Suggested as a reviewer by the authors of"),
        "{checked}"
    );
}
