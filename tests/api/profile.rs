//! "My profile": what conflicts of interest are computed from, edited by its owner only.

use diesel::prelude::*;
use peerdesk::db::schema::{
    affiliations, declared_conflicts, person_emails, publication_coauthors, publications,
};
use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both_backends;

const PASSWORD: &str = "glass-orchid-lantern-42";

async fn signed_in(backend: Backend) -> (TestApp, i64) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    let login = app.login("ada@uni.example", PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let id = app.person_id("ada@uni.example").await;
    (app, id)
}

/// (affiliations, publications, co-authors, declared conflicts, extra addresses) of a person.
async fn counts(app: &TestApp, person: i64) -> (i64, i64, i64, i64, i64) {
    app.with_db(move |conn| {
        let pubs: Vec<i64> = publications::table
            .filter(publications::person_id.eq(person))
            .select(publications::id)
            .load(conn)
            .unwrap();
        (
            affiliations::table
                .filter(affiliations::person_id.eq(person))
                .count()
                .get_result(conn)
                .unwrap(),
            pubs.len() as i64,
            publication_coauthors::table
                .filter(publication_coauthors::publication_id.eq_any(&pubs))
                .count()
                .get_result(conn)
                .unwrap(),
            declared_conflicts::table
                .filter(declared_conflicts::person_id.eq(person))
                .count()
                .get_result(conn)
                .unwrap(),
            person_emails::table
                .filter(person_emails::person_id.eq(person))
                .count()
                .get_result(conn)
                .unwrap(),
        )
    })
    .await
}

async fn the_profile_needs_a_signed_in_person(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/profile").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/login?next=/profile"));
}

async fn an_affiliation_ending_before_it_starts_is_refused_beside_the_field(backend: Backend) {
    let (app, me) = signed_in(backend).await;
    let page = app
        .post_form(
            "/profile/affiliations",
            &[
                ("aff_institution", "University of Genoa, Italy"),
                ("aff_from", "2021-09-01"),
                ("aff_to", "2020-08-31"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.field_error("aff_to").as_deref(),
        Some("Error: The end date must be on or after the start date.")
    );
    assert_eq!(page.field_error("aff_from"), None);
    // What was typed is kept.
    assert_eq!(
        page.attr("#aff_institution", "value").as_deref(),
        Some("University of Genoa, Italy")
    );
    assert_eq!(
        page.attr("#aff_from", "value").as_deref(),
        Some("2021-09-01")
    );
    assert_eq!(page.attr("#aff_to", "value").as_deref(), Some("2020-08-31"));
    assert!(
        page.select(".error-summary li")
            .contains(&"The end date must be on or after the start date.".to_owned())
    );
    assert_eq!(counts(&app, me).await.0, 0, "nothing was written");
}

/// Long because it is one profile built row by row, each kind of row checked as it is added.
async fn a_profile_is_built_by_hand_and_by_import(backend: Backend) {
    let (app, me) = signed_in(backend).await;

    // Affiliation history: a past one and a current one.
    for (institution, from, to) in [
        ("Karolinska Institutet, Sweden", "2015-01-01", "2019-12-31"),
        ("University of Genoa, Italy", "2020-01-01", ""),
    ] {
        let done = app
            .post_form(
                "/profile/affiliations",
                &[
                    ("aff_institution", institution),
                    ("aff_from", from),
                    ("aff_to", to),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    }
    let page = app.get("/profile").await;
    let text = page.visible_text();
    assert!(text.contains("Karolinska Institutet, Sweden 2015-01-01 – 2019-12-31"));
    assert!(text.contains("University of Genoa, Italy 2020-01-01 – now"));
    let spans = app
        .with_db(move |conn| {
            affiliations::table
                .filter(affiliations::person_id.eq(me))
                .order(affiliations::id)
                .select((
                    affiliations::institution,
                    affiliations::starts_on,
                    affiliations::ends_on,
                ))
                .load::<(String, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)>(conn)
                .unwrap()
        })
        .await;
    assert_eq!(spans.len(), 2);
    assert_eq!(spans[1].2, None, "an empty end means current");

    // A publication typed in, the person herself left out of the co-authors.
    let done = app
        .submit(
            "/profile/publications",
            &[
                ("pub_title", "Rare tumours in young adults"),
                ("pub_year", "2023"),
                (
                    "pub_coauthors",
                    "Josiah Carberry <J.Carberry@brown.example> 0000-0002-1825-0097\n\nBo Li\nAda Osei <ada@uni.example>\n",
                ),
            ],
        )
        .await;
    assert!(
        done.visible_text()
            .contains("“Rare tumours in young adults” is added to your publications.")
    );
    let coauthors = app
        .with_db(|conn| {
            publication_coauthors::table
                .order(publication_coauthors::id)
                .select((
                    publication_coauthors::name,
                    publication_coauthors::email,
                    publication_coauthors::orcid,
                ))
                .load::<(String, Option<String>, Option<String>)>(conn)
                .unwrap()
        })
        .await;
    assert_eq!(
        coauthors,
        vec![
            (
                "Josiah Carberry".to_owned(),
                Some("j.carberry@brown.example".to_owned()),
                Some("0000-0002-1825-0097".to_owned())
            ),
            ("Bo Li".to_owned(), None, None),
        ]
    );
    assert_eq!(counts(&app, me).await.1, 1);

    // A bad co-author line is reported with its line number, and nothing is written.
    let refused = app
        .post_form(
            "/profile/publications",
            &[
                ("pub_title", "Another"),
                ("pub_year", "2022"),
                ("pub_coauthors", "Bo Li\nCarla Rossi 0000-0002-1825-0098"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .field_error("pub_coauthors")
            .unwrap()
            .contains("Line 2:")
    );
    assert_eq!(counts(&app, me).await.1, 1);

    // A CSV paste with one unreadable line imports nothing and says which line.
    let csv_with_error = "title,year,coauthors\n\
                          \"Cohorts, revisited\",2022,Bo Li <bo.li@uni.example>; Carla Rossi\n\
                          Sarcoma registries,next year,Bo Li\n\
                          Long-term follow-up,2021,\n";
    let refused = app
        .post_form(
            "/profile/publications/import",
            &[("import_format", "csv"), ("import_text", csv_with_error)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.select("#import_text-problems li"),
        vec!["Line 3: “next year” is not a year."]
    );
    assert!(
        refused
            .field_error("import_text")
            .unwrap()
            .contains("Nothing was imported")
    );
    // The paste is kept for correcting.
    assert!(refused.select("#import_text")[0].contains("Sarcoma registries,next year"));
    assert_eq!(
        refused.attr("#import_format-csv", "checked").as_deref(),
        Some("")
    );
    assert_eq!(
        counts(&app, me).await.1,
        1,
        "nothing of that paste imported"
    );

    let corrected = csv_with_error.replace("next year", "2024");
    let imported = app
        .submit(
            "/profile/publications/import",
            &[("import_format", "csv"), ("import_text", &corrected)],
        )
        .await;
    assert!(
        imported.visible_text().contains("Imported 3 publications."),
        "{}",
        imported.visible_text()
    );
    assert!(imported.visible_text().contains("Cohorts, revisited"));
    assert_eq!(counts(&app, me).await.1, 4);

    // A BibTeX paste of two entries, braces and quotes, accents and "Last, First" names.
    let bibtex = r#"
@article{rossi2021,
  author = {Rossi, Carla and Osei, Ada and M{\"u}ller, Jonas},
  title = {{DNA} repair in rare tumours},
  journal = {Journal of Rare Cancers},
  year = {2021}
}

@inproceedings{li2020,
  title = "Sarcoma registries in Europe",
  author = "Bo Li and Ada Osei",
  year = 2020,
}
"#;
    let imported = app
        .submit(
            "/profile/publications/import",
            &[("import_format", "bibtex"), ("import_text", bibtex)],
        )
        .await;
    assert!(
        imported.visible_text().contains("Imported 2 publications."),
        "{}",
        imported.visible_text()
    );
    let listed = app
        .with_db(move |conn| {
            let id: i64 = publications::table
                .filter(publications::person_id.eq(me))
                .filter(publications::title.eq("DNA repair in rare tumours"))
                .select(publications::id)
                .first(conn)
                .unwrap();
            publication_coauthors::table
                .filter(publication_coauthors::publication_id.eq(id))
                .order(publication_coauthors::id)
                .select(publication_coauthors::name)
                .load::<String>(conn)
                .unwrap()
        })
        .await;
    assert_eq!(listed, vec!["Carla Rossi", "Jonas Müller"]);
    assert_eq!(counts(&app, me).await.1, 6);

    // A broken BibTeX entry is reported by line, and the good one beside it is not imported.
    let refused = app
        .post_form(
            "/profile/publications/import",
            &[
                ("import_format", "bibtex"),
                (
                    "import_text",
                    "@article{ok, title={Fine}, year={2020}}\n@article{bad, title={No year}}\n",
                ),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.select("#import_text-problems li"),
        vec!["Line 2 (bad): the year is missing."]
    );
    assert_eq!(counts(&app, me).await.1, 6);

    // A declared conflict, with its kind shown by label.
    let page = app.get("/profile").await;
    assert!(
        page.select("#dc_kind option")
            .contains(&"Advisor/advisee".to_owned())
    );
    let declared = app
        .submit(
            "/profile/conflicts",
            &[
                ("dc_target", "person"),
                ("dc_name", "Josiah Carberry"),
                ("dc_email", "j.carberry@brown.example"),
                ("dc_orcid", "0000-0002-1825-0097"),
                ("dc_kind", "advisor_advisee"),
                ("dc_since", "2012-01-01"),
                ("dc_until", ""),
                ("dc_note", "He supervised my doctorate."),
            ],
        )
        .await;
    assert!(
        declared
            .visible_text()
            .contains("Your conflict with Josiah Carberry is recorded.")
    );
    assert!(declared.visible_text().contains("Advisor/advisee"));
    let row = app
        .with_db(move |conn| {
            declared_conflicts::table
                .filter(declared_conflicts::person_id.eq(me))
                .select((
                    declared_conflicts::target_kind,
                    declared_conflicts::target_orcid,
                    declared_conflicts::kind,
                    declared_conflicts::until,
                ))
                .first::<(String, Option<String>, String, Option<chrono::NaiveDate>)>(conn)
                .unwrap()
        })
        .await;
    assert_eq!(
        row,
        (
            "person".to_owned(),
            Some("0000-0002-1825-0097".to_owned()),
            "advisor_advisee".to_owned(),
            None
        )
    );

    // An institution with an address, and an unknown kind, are refused beside the fields.
    let refused = app
        .post_form(
            "/profile/conflicts",
            &[
                ("dc_target", "institution"),
                ("dc_name", "Acme Pharma"),
                ("dc_email", "x@acme.example"),
                ("dc_kind", "rivalry"),
                ("dc_since", "2020-01-01"),
                ("dc_until", "2019-01-01"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.field_error("dc_email").is_some());
    assert!(refused.field_error("dc_kind").is_some());
    assert!(refused.field_error("dc_until").is_some());
    assert_eq!(
        refused.attr("#dc_name", "value").as_deref(),
        Some("Acme Pharma")
    );
    assert_eq!(counts(&app, me).await.3, 1);

    // What the conflict checks read now holds all of it.
    let profile = app
        .with_db(move |conn| {
            let person = peerdesk::db::accounts::find_person(conn, me)
                .unwrap()
                .unwrap();
            peerdesk::db::profiles::profile_of(conn, &person).unwrap()
        })
        .await;
    assert_eq!(profile.publications.len(), 6);
    assert_eq!(profile.declared.len(), 1);
    assert!(
        profile
            .affiliations
            .iter()
            .any(|a| a.institution == "Karolinska Institutet, Sweden")
    );
}

/// Long because it is one address's story, from added to confirmed to counted, each step
/// checked against the last.
async fn an_extra_address_counts_once_confirmed_by_post(backend: Backend) {
    let (app, me) = signed_in(backend).await;
    app.register_verified("Bo Li", "bo.li@uni.example", PASSWORD)
        .await;

    // Another person's address is refused without saying whose it is.
    let refused = app
        .post_form("/profile/emails", &[("new_email", "Bo.Li@uni.example")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = refused.field_error("new_email").unwrap();
    assert!(
        message.contains("already used by another account"),
        "{message}"
    );
    assert!(!refused.visible_text().contains("Bo Li"));
    assert_eq!(
        refused.attr("#new_email", "value").as_deref(),
        Some("Bo.Li@uni.example")
    );
    // So is one's own primary address.
    let refused = app
        .post_form("/profile/emails", &[("new_email", "ada@uni.example")])
        .await;
    assert_eq!(
        refused.field_error("new_email").as_deref(),
        Some("Error: This address is already on your profile.")
    );

    let added = app
        .submit("/profile/emails", &[("new_email", "Ada.Osei@Home.example")])
        .await;
    assert!(
        added
            .visible_text()
            .contains("We have sent a confirmation link to ada.osei@home.example")
    );
    assert!(added.visible_text().contains("Waiting for confirmation"));
    let mail = app
        .mails_to("ada.osei@home.example")
        .pop()
        .expect("a confirmation mail");
    assert!(mail.contains("Subject: Confirm an e-mail address for your peerdesk profile"));
    let link = app
        .link_in_last_mail_to("ada.osei@home.example", "/profile/emails/confirm?token=")
        .unwrap();
    let confirmed_at = |app: &TestApp| {
        let app_db = app.state.db.clone();
        async move {
            app_db
                .run(|conn| {
                    person_emails::table
                        .filter(person_emails::email.eq("ada.osei@home.example"))
                        .select(person_emails::confirmed_at)
                        .first::<Option<chrono::NaiveDateTime>>(conn)
                        .map_err(peerdesk::db::DbError::from)
                })
                .await
                .unwrap()
        }
    };
    let emails_of = |app: &TestApp| {
        let app_db = app.state.db.clone();
        async move {
            app_db
                .run(move |conn| {
                    let person = peerdesk::db::accounts::find_person(conn, me)?.unwrap();
                    peerdesk::db::profiles::emails_of(conn, &person)
                        .map_err(peerdesk::db::DbError::from)
                })
                .await
                .unwrap()
        }
    };
    assert_eq!(emails_of(&app).await, vec!["ada@uni.example"]);

    // Opening the link (as a mail scanner would) changes nothing, even twice.
    for _ in 0..2 {
        let opened = app.get(&link).await;
        assert_eq!(opened.status, StatusCode::OK);
        assert!(opened.visible_text().contains("ada.osei@home.example"));
    }
    assert_eq!(confirmed_at(&app).await, None);
    // The account's own confirmation page does not take it either.
    let token = app
        .get(&link)
        .await
        .attr("input[name=token]", "value")
        .unwrap();
    assert_eq!(
        app.get(&format!("/verify-email?token={token}"))
            .await
            .status,
        StatusCode::GONE
    );

    // Confirming works from another browser, without signing in.
    let (stranger, _) = app.another_visitor();
    let page = stranger.get(app.url(&link)).send().await.unwrap();
    let html = scraper::Html::parse_document(&page.text().await.unwrap());
    let csrf = html
        .select(&scraper::Selector::parse("input[name=csrf_token]").unwrap())
        .next()
        .and_then(|e| e.value().attr("value"))
        .unwrap()
        .to_owned();
    let done = stranger
        .post(app.url("/profile/emails/confirm"))
        .form(&[("token", token.as_str()), ("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert!(confirmed_at(&app).await.is_some());
    assert_eq!(
        emails_of(&app).await,
        vec!["ada@uni.example", "ada.osei@home.example"]
    );

    // The link works once.
    let again = app.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.visible_text().contains("already been used"));
    let again = app
        .post_form("/profile/emails/confirm", &[("token", &token)])
        .await;
    assert_eq!(again.status, StatusCode::GONE);
    let bogus = app.get("/profile/emails/confirm?token=12.abc").await;
    assert_eq!(bogus.status, StatusCode::GONE);

    let page = app.get("/profile").await;
    assert!(
        page.visible_text()
            .contains("ada.osei@home.example Confirmed")
    );

    // Bo cannot add it now either, and learns nothing about whose it is.
    app.logout().await;
    app.login("bo.li@uni.example", PASSWORD).await;
    let refused = app
        .post_form("/profile/emails", &[("new_email", "ada.osei@home.example")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!refused.visible_text().contains("Ada"));
    app.logout().await;

    // Removing it takes it out of the conflict checks.
    app.login("ada@uni.example", PASSWORD).await;
    let id = app
        .with_db(|conn| {
            person_emails::table
                .select(person_emails::id)
                .first::<i64>(conn)
                .unwrap()
        })
        .await;
    let removed = app
        .submit(&format!("/profile/emails/{id}/remove"), &[])
        .await;
    assert!(
        removed
            .visible_text()
            .contains("ada.osei@home.example is removed from your profile.")
    );
    assert_eq!(emails_of(&app).await, vec!["ada@uni.example"]);
}

/// Long because it is one table of crafted requests against another person's rows, each checked
/// to change nothing.
async fn someone_elses_rows_answer_404_and_stay(backend: Backend) {
    let (app, ada) = signed_in(backend).await;
    for (path, fields) in [
        (
            "/profile/affiliations",
            vec![("aff_institution", "Karolinska Institutet, Sweden")],
        ),
        (
            "/profile/publications",
            vec![
                ("pub_title", "Rare tumours"),
                ("pub_year", "2022"),
                ("pub_coauthors", "Bo Li"),
            ],
        ),
        (
            "/profile/conflicts",
            vec![
                ("dc_target", "institution"),
                ("dc_name", "Acme Pharma"),
                ("dc_kind", "financial"),
            ],
        ),
        ("/profile/emails", vec![("new_email", "ada@home.example")]),
    ] {
        let done = app.post_form(path, &fields).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{path}: {}", done.text);
    }
    let before = counts(&app, ada).await;
    assert_eq!(before, (1, 1, 1, 1, 1));
    let ids = app
        .with_db(move |conn| {
            (
                affiliations::table
                    .select(affiliations::id)
                    .first::<i64>(conn)
                    .unwrap(),
                publications::table
                    .select(publications::id)
                    .first::<i64>(conn)
                    .unwrap(),
                declared_conflicts::table
                    .select(declared_conflicts::id)
                    .first::<i64>(conn)
                    .unwrap(),
                person_emails::table
                    .select(person_emails::id)
                    .first::<i64>(conn)
                    .unwrap(),
            )
        })
        .await;
    app.logout().await;

    app.register_verified("Bo Li", "bo@uni.example", PASSWORD)
        .await;
    app.login("bo@uni.example", PASSWORD).await;
    for path in [
        format!("/profile/affiliations/{}/remove", ids.0),
        format!("/profile/publications/{}/remove", ids.1),
        format!("/profile/conflicts/{}/remove", ids.2),
        format!("/profile/emails/{}/remove", ids.3),
        "/profile/affiliations/999999/remove".to_owned(),
        "/profile/publications/not-a-number/remove".to_owned(),
    ] {
        let page = app.post_form(&path, &[]).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(counts(&app, ada).await, before, "nothing changed");
    // Bo's own page shows none of Ada's rows.
    let page = app.get("/profile").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.visible_text();
    assert!(!text.contains("Karolinska") && !text.contains("Rare tumours"));
    assert!(!text.contains("Acme") && !text.contains("ada@home.example"));
    app.logout().await;

    // Ada removes her own.
    app.login("ada@uni.example", PASSWORD).await;
    for path in [
        format!("/profile/affiliations/{}/remove", ids.0),
        format!("/profile/publications/{}/remove", ids.1),
        format!("/profile/conflicts/{}/remove", ids.2),
        format!("/profile/emails/{}/remove", ids.3),
    ] {
        let page = app.post_form(&path, &[]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
    }
    assert_eq!(counts(&app, ada).await, (0, 0, 0, 0, 0));
}

/// Issue #25, item 4: "Add" pressed twice, or three times at once, adds one row of each kind;
/// the conflict checks would otherwise count it twice.
async fn adding_the_same_row_twice_adds_it_once(backend: Backend) {
    let (app, me) = signed_in(backend).await;
    let rows: [(&str, Vec<(&str, &str)>); 3] = [
        (
            "/profile/affiliations",
            vec![
                ("aff_institution", "University of Genoa"),
                ("aff_from", "2019-01-01"),
                ("aff_to", ""),
            ],
        ),
        (
            "/profile/publications",
            vec![
                ("pub_title", "Rare tumours in young adults"),
                ("pub_year", "2023"),
                ("pub_coauthors", "Bo Li"),
            ],
        ),
        (
            "/profile/conflicts",
            vec![
                ("dc_target", "person"),
                ("dc_name", "Josiah Carberry"),
                ("dc_email", ""),
                ("dc_orcid", ""),
                ("dc_kind", "family"),
                ("dc_since", ""),
                ("dc_until", ""),
                ("dc_note", ""),
            ],
        ),
    ];
    for (path, fields) in &rows {
        let first = app.post_form(path, fields).await;
        assert_eq!(first.status, StatusCode::SEE_OTHER, "{path}");
        let (a, b, c) = tokio::join!(
            app.post_form(path, fields),
            app.post_form(path, fields),
            app.post_form(path, fields),
        );
        for p in [a, b, c] {
            assert_eq!(p.status, StatusCode::SEE_OTHER, "{path}");
        }
    }
    let (affiliations, publications, _, declared, _) = counts(&app, me).await;
    assert_eq!((affiliations, publications, declared), (1, 1, 1));
    let told = app.get("/profile").await.select(".flash").join(" ");
    assert!(told.contains("already recorded"), "{told}");
}

on_both_backends!(
    adding_the_same_row_twice_adds_it_once,
    the_profile_needs_a_signed_in_person,
    an_affiliation_ending_before_it_starts_is_refused_beside_the_field,
    a_profile_is_built_by_hand_and_by_import,
    an_extra_address_counts_once_confirmed_by_post,
    someone_elses_rows_answer_404_and_stay,
);
