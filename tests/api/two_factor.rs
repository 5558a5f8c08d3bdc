//! Two-factor sign-in (issue 26, ASVS 2.8), as people meet it: setting it up with a code
//! the test computes from the key the page shows, signing in with and without the code, a
//! recovery code that works once, turning it off, and a journal that requires it of its
//! editors.

use reqwest::StatusCode;

use crate::helpers::{ATIF, HELEN, PASSWORD, SOFIA, as_person};
use crate::helpers::{Backend, Page, TestApp, spawn_app};
use crate::on_both_backends;

/// The code an authenticator app shows for `key`, `steps_ahead` periods of 30 s from now
/// (each code works once, so a second sign-in within the same period uses the next one;
/// the server accepts one period either side of its clock).
fn app_code(key: &str, steps_ahead: i64) -> String {
    use peerdesk::security::totp;
    let now = chrono::Utc::now().timestamp();
    totp::code_at_step(key, totp::step_at(now) + steps_ahead).expect("a valid key")
}

/// Sets it up from the profile, as a person would, and returns the key and the recovery
/// codes shown once.
pub(crate) async fn set_up(app: &TestApp) -> (String, Vec<String>) {
    let off = app.get("/profile/two-factor").await;
    assert_eq!(off.status, StatusCode::OK);
    assert!(
        off.text
            .contains("Two-factor sign-in is <strong>off</strong>")
    );
    app.post_form("/profile/two-factor/start", &[])
        .await
        .taken();
    let page = app.get("/profile/two-factor").await;
    let key: String = page.select("#shared-key")[0]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        page.html
            .select(&scraper::Selector::parse("svg path").unwrap())
            .next()
            .is_some(),
        "a QR code"
    );
    let wrong = app
        .post_form("/profile/two-factor/confirm", &[("confirm_code", "12345")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.field_error("confirm_code").is_some());
    let shown = app
        .post_form(
            "/profile/two-factor/confirm",
            &[("confirm_code", &app_code(&key, 0))],
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.visible_text());
    let codes = shown.select("#recovery-codes li");
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    (key, codes)
}

/// The password, then the code page; `None` when the password alone signed in.
async fn password_step(app: &TestApp, email: &str, password: &str) -> Option<Page> {
    app.logout().await;
    let answer = app.login(email, password).await;
    match answer.location.as_deref() {
        Some("/login/code") => Some(app.get("/login/code").await),
        _ => None,
    }
}

async fn signed_in(app: &TestApp) -> bool {
    app.get("/dashboard").await.status == StatusCode::OK
}

/// Long because it is one person's whole story: set up, sign in with an app code, with a
/// recovery code (once), fail, and turn it off; each step's e-mail checked.
async fn a_person_sets_up_two_factor_and_signs_in_with_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = "ada@uni.example";
    app.register_verified("Ada Osei", ada, PASSWORD).await;
    app.login(ada, PASSWORD).await.taken();
    let (key, codes) = set_up(&app).await;
    assert!(
        app.mails_to(ada)
            .join("\n")
            .contains("Two-factor sign-in was turned on for your account")
    );
    // The codes page is not shown again.
    assert!(
        !app.get("/profile/two-factor")
            .await
            .text
            .contains(&codes[0])
    );

    // The password alone no longer signs in.
    let code_page = password_step(&app, ada, PASSWORD)
        .await
        .expect("asks for a code");
    assert_eq!(code_page.status, StatusCode::OK);
    assert!(!signed_in(&app).await, "not signed in between the steps");
    let wrong = app.post_form("/login/code", &[("code", "000000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.error_summary().contains("not right"));
    app.post_form("/login/code", &[("code", &app_code(&key, 1))])
        .await
        .taken();
    assert!(signed_in(&app).await, "signed in with the app's code");

    // A recovery code works once, and the person is told.
    password_step(&app, ada, PASSWORD)
        .await
        .expect("asks for a code");
    let upper = codes[0].to_uppercase();
    app.post_form("/login/code", &[("code", &upper)])
        .await
        .taken();
    assert!(signed_in(&app).await, "signed in with a recovery code");
    assert!(
        app.mails_to(ada)
            .join("\n")
            .contains("A recovery code was used to sign in to your account (9 of them left)")
    );
    password_step(&app, ada, PASSWORD)
        .await
        .expect("asks for a code");
    let again = app.post_form("/login/code", &[("code", &codes[0])]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "used once");
    assert!(!signed_in(&app).await);

    // Turning it off needs the password and a code.
    app.post_form("/login/code", &[("code", &codes[1])])
        .await
        .taken();
    let state = app.get("/profile/two-factor").await;
    assert!(state.select("#two-factor-state")[0].contains("8 unused recovery codes"));
    let no_password = app
        .post_form(
            "/profile/two-factor/off",
            &[("off_password", "not my password"), ("off_code", &codes[2])],
        )
        .await;
    assert_eq!(no_password.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_password.field_error("off_password").is_some());
    let no_code = app
        .post_form(
            "/profile/two-factor/off",
            &[("off_password", PASSWORD), ("off_code", "000000")],
        )
        .await;
    assert!(no_code.field_error("off_code").is_some());
    app.post_form(
        "/profile/two-factor/off",
        &[("off_password", PASSWORD), ("off_code", &codes[2])],
    )
    .await
    .taken();
    assert!(
        app.mails_to(ada)
            .join("\n")
            .contains("Two-factor sign-in was turned off for your account")
    );
    assert!(
        password_step(&app, ada, PASSWORD).await.is_none(),
        "the password alone again"
    );
    assert!(signed_in(&app).await);
    let audit: Vec<String> = app
        .with_db(|conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::events;
            events::table
                .filter(events::kind.like("account.%"))
                .select(events::kind)
                .load(conn)
                .unwrap()
        })
        .await;
    for kind in [
        "account.two_factor_on",
        "account.recovery_code_used",
        "account.two_factor_off",
    ] {
        assert!(audit.iter().any(|k| k == kind), "{kind} in {audit:?}");
    }
}

/// Wrong codes count like wrong passwords: after the limit, even the right code waits.
async fn wrong_codes_are_throttled(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = "ada@uni.example";
    app.register_verified("Ada Osei", ada, PASSWORD).await;
    app.login(ada, PASSWORD).await.taken();
    let (key, _) = set_up(&app).await;
    password_step(&app, ada, PASSWORD)
        .await
        .expect("asks for a code");
    let mut last = StatusCode::OK;
    for _ in 0..6 {
        last = app
            .post_form("/login/code", &[("code", "000000")])
            .await
            .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let right = app
        .post_form("/login/code", &[("code", &app_code(&key, 1))])
        .await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!signed_in(&app).await);
}

/// The editor-in-chief requires it; a guest editor is asked to set it up at their next
/// sign-in and can open nothing else until they have; an author is not asked.
async fn a_required_editor_is_asked_to_enrol(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    as_person(&app, &logins, ATIF).await;
    assert_eq!(
        app.get("/admin/security").await.status,
        StatusCode::NOT_FOUND
    );
    as_person(&app, &logins, HELEN).await;
    let page = app.get("/admin/security").await;
    assert_eq!(page.status, StatusCode::OK);
    let journal = page
        .attr("input[name=journal_id]", "value")
        .expect("her journal");
    app.post_form(
        "/admin/security",
        &[("journal_id", &journal), ("required", "yes")],
    )
    .await
    .taken();
    assert!(
        app.get("/admin/security")
            .await
            .text
            .contains("<strong>required</strong>")
    );

    app.logout().await;
    let answer = app.login(ATIF, &logins[ATIF]).await;
    assert_eq!(answer.location.as_deref(), Some("/profile/two-factor"));
    let queue = app.get("/editorial/queue").await;
    assert_eq!(
        queue.location.as_deref(),
        Some("/profile/two-factor"),
        "nothing else first"
    );
    let (_, _) = set_up(&app).await;
    assert_eq!(app.get("/editorial/queue").await.status, StatusCode::OK);

    app.logout().await;
    let author = app.login(SOFIA, &logins[SOFIA]).await;
    assert_ne!(
        author.location.as_deref(),
        Some("/profile/two-factor"),
        "authors are not asked"
    );
    assert!(signed_in(&app).await);
}

/// A person who lost their phone and their codes: the office turns it off from the command
/// line; their sessions end, they are told, and the password alone signs in again.
async fn the_office_resets_a_lost_authenticator(backend: Backend) {
    let app = spawn_app(backend).await;
    let ada = "ada@uni.example";
    app.register_verified("Ada Osei", ada, PASSWORD).await;
    app.login(ada, PASSWORD).await.taken();
    set_up(&app).await;
    let config = app.state.config.clone();
    let reset = app
        .with_db(move |conn| {
            let person = peerdesk::db::accounts::find_person_by_email(conn, ada)
                .unwrap()
                .unwrap();
            peerdesk::workflow::two_factor::reset_by_office(conn, &config, &person).unwrap()
        })
        .await;
    assert!(reset);
    assert!(!signed_in(&app).await, "their sessions ended");
    assert!(
        app.mails_to(ada)
            .join("\n")
            .contains("turned off for your account by the editorial office")
    );
    assert!(
        password_step(&app, ada, PASSWORD).await.is_none(),
        "the password alone again"
    );
}

on_both_backends!(
    the_office_resets_a_lost_authenticator,
    a_person_sets_up_two_factor_and_signs_in_with_it,
    wrong_codes_are_throttled,
    a_required_editor_is_asked_to_enrol,
);
