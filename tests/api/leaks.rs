//! Nothing leaks (issue #16): every demo person opens every page they can reach — their
//! lists, the editorial pages of what they handle, the reviewer search with every demo
//! name, the exports, the outbox — and no page names a manuscript they may not see: not
//! its title, not its manuscript number; nor does any e-mail sent to them. A manuscript is theirs to see when they wrote
//! it, are listed on it, were invited to review it, or may open its editorial page; a
//! published one is public.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::{Backend, PAGES_NOT_ABOUT_ONE_SUBMISSION, TestApp, spawn_app};
use peerdesk::db::schema::{people, review_invitations, submission_authors, submissions};

/// (id, title, manuscript number) of every submitted manuscript that is not published.
async fn confidential_manuscripts(app: &TestApp) -> Vec<(i64, String, Option<String>)> {
    app.with_db(|conn| {
        submissions::table
            .filter(submissions::state.ne("draft"))
            .filter(submissions::state.ne("published"))
            .select((
                submissions::id,
                submissions::title,
                submissions::manuscript_number,
            ))
            .order(submissions::id)
            .load(conn)
            .unwrap()
    })
    .await
}

/// The manuscripts `email` knows of outside the editorial pages: as an author listed on
/// it, or as an invited reviewer.
async fn known_to(app: &TestApp, email: &str) -> HashSet<i64> {
    let email = email.to_owned();
    app.with_db(move |conn| {
        let person: i64 = people::table
            .filter(people::email.eq(&email))
            .select(people::id)
            .first(conn)
            .unwrap();
        let mut known: HashSet<i64> = submission_authors::table
            .filter(
                submission_authors::email
                    .eq(&email)
                    .or(submission_authors::person_id.eq(person)),
            )
            .select(submission_authors::submission_id)
            .load::<i64>(conn)
            .unwrap()
            .into_iter()
            .collect();
        known.extend(
            review_invitations::table
                .filter(review_invitations::reviewer_id.eq(person))
                .select(review_invitations::submission_id)
                .load::<i64>(conn)
                .unwrap(),
        );
        known.extend(
            submissions::table
                .filter(submissions::submitter_id.eq(person))
                .select(submissions::id)
                .load::<i64>(conn)
                .unwrap(),
        );
        known
    })
    .await
}

/// `text` as askama escapes it in HTML.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// Long because it is one walk: every person, every page they can reach, every e-mail, searched
/// for what they may not see.
async fn no_page_names_a_manuscript_its_reader_may_not_see(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins: HashMap<String, String> = app.load_demo().await;
    let manuscripts = confidential_manuscripts(&app).await;
    let names: Vec<String> = app
        .with_db(|conn| {
            people::table
                .select(people::name)
                .load::<String>(conn)
                .unwrap()
        })
        .await;
    // What a handling editor would type into the reviewer search: each first and last name.
    let mut queries: Vec<String> = names
        .iter()
        .flat_map(|n| n.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter(|w| w.len() > 2)
        .collect();
    queries.sort();
    queries.dedup();

    let (collection, _) = crate::helpers::rare_cancers(&app).await;
    let mut checked_pages = 0;
    let mut people_with_hidden = 0;
    for (email, password) in &logins {
        app.logout().await;
        let signed_in = app.login(email, password).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{email} signs in");

        let known = known_to(&app, email).await;
        let mut editorial = Vec::new();
        for (id, _, _) in &manuscripts {
            if app
                .get(&format!("/editorial/submissions/{id}"))
                .await
                .status
                == StatusCode::OK
            {
                editorial.push(*id);
            }
        }
        let hidden: Vec<&(i64, String, Option<String>)> = manuscripts
            .iter()
            .filter(|(id, _, _)| !known.contains(id) && !editorial.contains(id))
            .collect();
        if hidden.is_empty() {
            continue;
        }
        people_with_hidden += 1;

        let mut pages: Vec<String> = PAGES_NOT_ABOUT_ONE_SUBMISSION
            .iter()
            .chain(&[
                "/editorial/exports/crossref.xml",
                "/feed.atom",
                "/collections/rare-cancers/feed.atom",
                "/sitemap.xml",
            ])
            .map(|p| (*p).to_owned())
            .collect();
        // A collection's letters offer the chief's manuscripts for the preview (issue 18).
        pages.push(format!(
            "/admin/collections/{collection}/letters/reviewer_invited"
        ));
        for id in &editorial {
            pages.push(format!("/editorial/submissions/{id}"));
            pages.push(format!("/editorial/submissions/{id}/decision"));
            pages.push(format!("/editorial/submissions/{id}/reviewers"));
            for q in &queries {
                pages.push(format!("/editorial/submissions/{id}/reviewers?q={q}"));
            }
        }
        let mut read: Vec<(String, String)> = Vec::new();
        for page in pages {
            let got = app.get(&page).await;
            if got.status == StatusCode::OK {
                read.push((page, got.text.to_lowercase()));
            }
        }
        // And every e-mail sent to them.
        for m in app.outbox().into_iter().filter(|m| &m.to_address == email) {
            read.push((
                format!("the e-mail “{}”", m.subject),
                format!("{}\n{}\n{}", m.subject, m.body_text, m.body_html).to_lowercase(),
            ));
        }
        for (page, body) in read {
            checked_pages += 1;
            for (id, title, number) in &hidden {
                let title = title.to_lowercase();
                assert!(
                    !body.contains(&title) && !body.contains(&escaped(&title)),
                    "{email} reads the title of hidden manuscript {id} on {page}"
                );
                if let Some(number) = number {
                    assert!(
                        !body.contains(&number.to_lowercase()),
                        "{email} reads the number {number} of a hidden manuscript on {page}"
                    );
                }
            }
        }
    }
    eprintln!("leaks: {people_with_hidden} people, {checked_pages} pages and e-mails read");
    // The demo is built so that this test has something to find.
    assert!(people_with_hidden >= 5, "{people_with_hidden}");
    assert!(checked_pages >= 100, "{checked_pages}");
}

crate::on_both_backends!(no_page_names_a_manuscript_its_reader_may_not_see);
