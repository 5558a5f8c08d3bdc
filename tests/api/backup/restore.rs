//! `peerdesk backup` of a running site while authors submit, restored into a fresh place
//! with every fact and file the same; a damaged backup or a used target refused.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use diesel::prelude::*;
use peerdesk::backup::Manifest;
use peerdesk::db::schema::*;
use reqwest::StatusCode;
use scraper::{Html, Selector};

use super::{Visitor, fresh_target, load_published, peerdesk};
use crate::helpers::*;

/// What the database holds that a person reads back: submissions, files, reviews,
/// decisions and the timeline, by id.
#[derive(Debug, Default)]
struct Holdings {
    submissions: BTreeMap<i64, (Option<String>, String, String)>,
    files: BTreeMap<i64, (i64, String, i64)>,
    reviews: BTreeMap<i64, (i64, String, String, String)>,
    decisions: BTreeMap<i64, (i64, String, String)>,
    events: BTreeMap<i64, (String, i64, String, String)>,
    article_pdfs: BTreeMap<i64, Option<String>>,
}

async fn holdings(app: &TestApp) -> Holdings {
    app.with_db(|conn| Holdings {
        submissions: submissions::table
            .select((
                submissions::id,
                (
                    submissions::manuscript_number,
                    submissions::title,
                    submissions::state,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        files: submission_files::table
            .select((
                submission_files::id,
                (
                    submission_files::submission_id,
                    submission_files::sha256,
                    submission_files::size_bytes,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        reviews: review_invitations::table
            .select((
                review_invitations::id,
                (
                    review_invitations::submission_id,
                    review_invitations::status,
                    review_invitations::recommendation,
                    review_invitations::comments_to_authors,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        decisions: decision_letters::table
            .select((
                decision_letters::id,
                (
                    decision_letters::submission_id,
                    decision_letters::kind,
                    decision_letters::letter,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        events: events::table
            .select((
                events::id,
                (
                    events::subject_type,
                    events::subject_id,
                    events::kind,
                    events::note,
                ),
            ))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
        article_pdfs: published_articles::table
            .select((published_articles::id, published_articles::pdf_sha256))
            .load(conn)
            .unwrap()
            .into_iter()
            .collect(),
    })
    .await
}

/// Every row of `restored` is the same in `original`, and every id of `before` is restored.
fn restored_subset<K: Ord + std::fmt::Debug + Copy, V: PartialEq + std::fmt::Debug>(
    what: &str,
    restored: &BTreeMap<K, V>,
    original: &BTreeMap<K, V>,
    before: &BTreeMap<K, V>,
) {
    for (id, row) in restored {
        assert_eq!(
            original.get(id),
            Some(row),
            "{what} {id:?} restored as it was"
        );
    }
    for id in before.keys() {
        assert!(
            restored.contains_key(id),
            "{what} {id:?}, there before the backup began, is restored"
        );
    }
}

async fn a_backup_under_load_restores_everything(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    load_published(&app).await;
    let initial = holdings(&app).await.submissions.len();

    // Three authors submit, again and again, until the backup is done.
    let stop = Arc::new(AtomicBool::new(false));
    let load = authors_submit_until_stopped(&app, &logins, &stop).await;
    while holdings(&app).await.submissions.len() < initial + 3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let before = holdings(&app).await;
    let backup_dir = ScratchDir::new();
    let dir = backup_dir.0.join("nightly");
    let dir_arg = dir.display().to_string();
    let (ok, out, err) = peerdesk(app.vars(), &["backup", &dir_arg]).await;
    assert!(ok, "{out}{err}");
    assert!(out.contains("Backup written to"), "{out}");
    // The authors go on for a moment after the backup, then stop.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let mut sent = 0;
    for task in load {
        sent += task.await.unwrap();
    }
    let original = holdings(&app).await;
    assert_eq!(original.submissions.len(), initial + sent);
    assert!(
        original.submissions.len() > before.submissions.len(),
        "authors submitted while the backup ran and after it"
    );

    let manifest =
        Manifest::parse(&std::fs::read_to_string(dir.join("manifest.txt")).unwrap()).unwrap();

    // Restore into a fresh folder (and database), and start a server on it.
    let (vars, pg, target) = fresh_target(backend);
    let (ok, out, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(ok, "{out}{err}");
    assert!(out.contains("every checksum verified"), "{out}");
    let restored = spawn_app_at(vars, pg, target).await;
    let found = holdings(&restored).await;

    the_restored_database_holds_what_it_held(&found, &original, &before, &manifest);

    // Through the restored site: the editor-in-chief finds every submission, and each file
    // with the same bytes as on the original site.
    the_restored_site_shows_the_same(&app, &restored, &logins, &found).await;

    // Mail queued at the backup is not sent again: each is failed with a note, and the
    // restored site's worker sends nothing.
    queued_mail_is_not_sent_again(&restored, &manifest).await;
}

/// Sofia Bianchi, Daniel Okafor and Mei Lin, each in their own browser, submit manuscripts
/// one after another until `stop`; each task answers how many it sent.
async fn authors_submit_until_stopped(
    app: &TestApp,
    logins: &HashMap<String, String>,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<usize>> {
    let (collection_id, topic) = rare_cancers(app).await;
    let mut load = vec![];
    for (n, (email, name)) in [
        (SOFIA, "Sofia Bianchi"),
        (DANIEL, "Daniel Okafor"),
        (MEI, "Mei Lin"),
    ]
    .into_iter()
    .enumerate()
    {
        let author = Visitor::signed_in(&app.address, email, &logins[email]).await;
        let (stop, topic) = (stop.clone(), topic.clone());
        load.push(tokio::spawn(async move {
            let mut sent = 0;
            while !stop.load(Ordering::Relaxed) {
                let title = format!("Backup under load, manuscript {n}-{sent}");
                author
                    .submit((name, email), &title, (collection_id, &topic))
                    .await;
                sent += 1;
            }
            sent
        }));
    }
    load
}

/// The restored database holds the backup's facts: as many submissions as the manifest says,
/// every row as it was on the original site, and every row there before the backup began.
fn the_restored_database_holds_what_it_held(
    found: &Holdings,
    original: &Holdings,
    before: &Holdings,
    manifest: &Manifest,
) {
    assert_eq!(found.submissions.len() as i64, manifest.submissions);
    restored_subset(
        "submission",
        &found.submissions,
        &original.submissions,
        &before.submissions,
    );
    restored_subset("file", &found.files, &original.files, &before.files);
    restored_subset("review", &found.reviews, &original.reviews, &before.reviews);
    restored_subset(
        "decision",
        &found.decisions,
        &original.decisions,
        &before.decisions,
    );
    restored_subset(
        "timeline entry",
        &found.events,
        &original.events,
        &before.events,
    );
    assert!(!found.reviews.is_empty() && !found.decisions.is_empty());
    // Every submission that has a file has it: a snapshot never names a file it lacks.
    for (sub, _, _) in found.files.values() {
        assert!(found.submissions.contains_key(sub));
    }
}

/// Every submission's page, every file and every article PDF of the restored site is the
/// same as on the original, and so is the published article's timeline.
async fn the_restored_site_shows_the_same(
    app: &TestApp,
    restored: &TestApp,
    logins: &HashMap<String, String>,
    found: &Holdings,
) {
    let chief = Visitor::signed_in(&restored.address, HELEN, &logins[HELEN]).await;
    for (id, (number, title, _)) in &found.submissions {
        if number.is_none() {
            continue;
        }
        let (status, html) = chief.get(&format!("/editorial/submissions/{id}")).await;
        assert_eq!(status, StatusCode::OK, "submission {id}");
        assert!(
            html.contains(title.as_str()),
            "submission {id} shows {title}"
        );
    }
    let original_chief = Visitor::signed_in(&app.address, HELEN, &logins[HELEN]).await;
    assert!(!found.files.is_empty());
    for (file_id, (sub, sha256, size)) in &found.files {
        let path = format!("/submissions/{sub}/files/{file_id}");
        let (status, bytes) = chief.bytes(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(bytes.len() as i64, *size);
        assert_eq!(
            bytes,
            original_chief.bytes(&path).await.1,
            "{path}: same bytes"
        );
        assert_eq!(&restored.state.files.read(sha256).unwrap(), &bytes);
    }
    for (article, pdf) in &found.article_pdfs {
        let path = format!("/articles/{article}/pdf");
        let public = Visitor::anonymous(&restored.address);
        if pdf.is_some() {
            assert_eq!(
                public.bytes(&path).await.1,
                Visitor::anonymous(&app.address).bytes(&path).await.1,
                "{path}: same bytes"
            );
        }
    }
    // The timeline of the published demo article reads the same on both sites.
    let published = found
        .submissions
        .iter()
        .find(|(_, (_, _, state))| state == "published")
        .map(|(id, _)| *id)
        .unwrap();
    let timeline = |html: String| {
        let doc = Html::parse_document(&html);
        let sel = Selector::parse("ol.timeline li").unwrap();
        doc.select(&sel)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    let page = format!("/editorial/submissions/{published}");
    let on_restored = timeline(chief.get(&page).await.1);
    assert!(on_restored.len() >= 3, "{on_restored:?}");
    assert_eq!(on_restored, timeline(original_chief.get(&page).await.1));
}

/// Mail queued at the backup is failed with a note on the restored site, which sends
/// nothing by itself.
async fn queued_mail_is_not_sent_again(restored: &TestApp, manifest: &Manifest) {
    // restored site's worker sends nothing.
    let outbox = restored.outbox();
    assert!(
        outbox
            .iter()
            .all(|m| m.status != "queued" && m.status != "sending"),
        "nothing left to send on its own"
    );
    let held = outbox
        .iter()
        .filter(|m| m.last_error.starts_with("Queued when the backup"))
        .count();
    assert_eq!(held as i64, manifest.queued_mails);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let sent_again = std::fs::read_dir(&restored.mail_dir)
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(sent_again, 0, "the restored site sent nothing by itself");
}

fn flip_a_byte(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(path, bytes).unwrap();
}

/// The target is left as it was: no database tables, no files.
fn untouched(vars: &HashMap<String, String>, target: &ScratchDir) {
    assert!(!target.0.join("peerdesk.db").exists(), "{vars:?}");
    assert!(
        !target.0.join("files").exists()
            || std::fs::read_dir(target.0.join("files")).unwrap().count() == 0
    );
}

#[tokio::test]
async fn a_damaged_backup_or_a_used_target_is_refused() {
    let app = spawn_app(Backend::Sqlite).await;
    app.load_demo().await;
    load_published(&app).await;
    let backup_dir = ScratchDir::new();
    let dir = backup_dir.0.join("b");
    let dir_arg = dir.display().to_string();
    let (ok, out, err) = peerdesk(app.vars(), &["backup", &dir_arg]).await;
    assert!(ok, "{out}{err}");

    // Never over an earlier backup.
    let (ok, _, err) = peerdesk(app.vars(), &["backup", &dir_arg]).await;
    assert!(!ok);
    assert!(
        err.contains("is not empty: a backup goes into a new or empty folder"),
        "{err}"
    );

    // Never over a site that has data.
    let (ok, _, err) = peerdesk(app.vars(), &["restore", &dir_arg]).await;
    assert!(!ok);
    assert!(err.contains("is not empty"), "{err}");
    assert!(err.contains("nothing was restored"), "{err}");

    // A damaged uploaded file is named, and nothing is written.
    let manifest =
        Manifest::parse(&std::fs::read_to_string(dir.join("manifest.txt")).unwrap()).unwrap();
    let file = manifest
        .entries
        .iter()
        .find(|e| e.path.starts_with("files/"))
        .unwrap()
        .path
        .clone();
    let original = std::fs::read(dir.join(&file)).unwrap();
    flip_a_byte(&dir.join(&file));
    let (vars, _pg, target) = fresh_target(Backend::Sqlite);
    let (ok, out, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(!ok, "{out}");
    assert!(
        err.contains(&format!("{file} in the backup is damaged")),
        "{err}"
    );
    assert!(err.contains("nothing was restored"), "{err}");
    untouched(&vars, &target);
    std::fs::write(dir.join(&file), original).unwrap();

    // So is a damaged database copy.
    let database = dir.join("database.sqlite");
    let original = std::fs::read(&database).unwrap();
    flip_a_byte(&database);
    let (ok, _, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(!ok);
    assert!(
        err.contains("database.sqlite in the backup is damaged"),
        "{err}"
    );
    untouched(&vars, &target);
    std::fs::write(&database, original).unwrap();

    // An unfinished backup (no manifest) is not one.
    std::fs::rename(dir.join("manifest.txt"), dir.join("manifest.old")).unwrap();
    let (ok, _, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(!ok);
    assert!(err.contains("has no manifest.txt"), "{err}");
    untouched(&vars, &target);
    std::fs::rename(dir.join("manifest.old"), dir.join("manifest.txt")).unwrap();

    // Whole again, it restores, and says what it restored.
    let (ok, out, err) = peerdesk(&vars, &["restore", &dir_arg]).await;
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!(
            "{} submissions, {} uploaded files, every checksum verified",
            manifest.submissions, manifest.files
        )),
        "{out}"
    );
}

crate::on_both_backends!(a_backup_under_load_restores_everything);
