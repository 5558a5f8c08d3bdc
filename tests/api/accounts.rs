use reqwest::StatusCode;

use crate::helpers::{Backend, csrf_token_of, press_at_once, spawn_app};
use crate::on_both_backends;

const PASSWORD: &str = "glass-orchid-lantern-42";

async fn register_confirm_and_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let registered = app
        .register("Ada Osei", "ada.osei@uni.example", PASSWORD)
        .await;
    assert_eq!(registered.status, StatusCode::SEE_OTHER);
    assert_eq!(
        registered.location.as_deref(),
        Some("/register/check-email")
    );
    let check = app.get("/register/check-email").await;
    assert!(check.visible_text().contains("ada.osei@uni.example"));

    // Before confirming, signing in is refused with a way to get a new link.
    let early = app.login("ada.osei@uni.example", PASSWORD).await;
    assert_eq!(early.status, StatusCode::FORBIDDEN);
    assert!(
        early
            .visible_text()
            .contains("confirm your e-mail address first")
    );

    let mail = app
        .mails_to("ada.osei@uni.example")
        .pop()
        .expect("a verification mail");
    assert!(mail.contains("Subject: Confirm your e-mail address"));
    let link = app
        .link_in_last_mail_to("ada.osei@uni.example", "/verify-email?token=")
        .unwrap();

    // Opening the link (as a mail scanner would) changes nothing.
    let opened = app.get(&link).await;
    assert_eq!(opened.status, StatusCode::OK);
    assert_eq!(
        app.login("ada.osei@uni.example", PASSWORD).await.status,
        StatusCode::FORBIDDEN
    );

    let token = opened.attr("input[name=token]", "value").unwrap();
    let confirmed = app.submit("/verify-email", &[("token", &token)]).await;
    assert!(
        confirmed
            .visible_text()
            .contains("Your e-mail address is confirmed")
    );

    // The link works once.
    let again = app.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.visible_text().contains("already been used"));

    let signed_in = app.login("Ada.Osei@UNI.example ", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert_eq!(signed_in.location.as_deref(), Some("/dashboard"));
    let dashboard = app.get("/dashboard").await;
    assert_eq!(dashboard.select("h1"), vec!["Welcome, Ada Osei"]);
    assert!(dashboard.visible_text().contains("You are signed in."));
}

async fn wrong_password_and_unknown_address_look_the_same(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    let wrong = app.login("ada@uni.example", "not-the-password").await;
    let unknown = app.login("nobody@uni.example", "not-the-password").await;
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = |p: &crate::helpers::Page| p.select(".error-summary p").join(" ");
    assert_eq!(message(&wrong), message(&unknown));
    assert_eq!(
        message(&wrong),
        "That e-mail address and password do not match our records."
    );
    // The address typed is kept; the password is not sent back.
    assert_eq!(
        wrong.attr("#email", "value").as_deref(),
        Some("ada@uni.example")
    );
    assert_eq!(wrong.attr("#password", "value"), None);
}

async fn repeated_wrong_passwords_are_throttled(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    for _ in 0..5 {
        assert_eq!(
            app.login("ada@uni.example", "guess-guess-guess")
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    // Now even the right password is refused for a while.
    let throttled = app.login("ada@uni.example", PASSWORD).await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        throttled
            .visible_text()
            .contains("Too many failed attempts")
    );
    // An unknown address is throttled the same way (nothing to learn from the difference).
    for _ in 0..5 {
        app.login("ghost@uni.example", "guess-guess-guess").await;
    }
    assert_eq!(
        app.login("ghost@uni.example", "guess-guess-guess")
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn logout_ends_the_session_on_the_server(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    app.login("ada@uni.example", PASSWORD).await;
    assert_eq!(app.get("/dashboard").await.status, StatusCode::OK);
    let stolen_cookie = app.cookie_header();

    // Logout is a POST; a GET (a prefetching link scanner, say) signs nobody out.
    assert_ne!(app.get("/logout").await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/dashboard").await.status, StatusCode::OK);
    let out = app.logout().await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/dashboard").await.status, StatusCode::SEE_OTHER);

    // The old cookie, replayed by someone else, no longer signs anyone in.
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Pages that load the person with the page's own data (web::LazyCtx) as well.
    for path in [
        "/dashboard",
        "/submissions",
        "/editorial/queue",
        "/editorial/statistics",
    ] {
        let resp = replay
            .get(app.url(path))
            .header("cookie", stolen_cookie.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(resp.headers()["location"], format!("/login?next={path}"));
    }
}

async fn signed_out_visitors_are_sent_to_login_and_back(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in [
        "/dashboard",
        "/submissions",
        "/editorial/queue",
        "/editorial/submissions/1",
        "/editorial/statistics",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        let back = format!("/login?next={path}");
        assert_eq!(page.location.as_deref(), Some(back.as_str()));
    }
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    let login = app.get("/login?next=/dashboard").await;
    assert_eq!(
        login.attr("input[name=next]", "value").as_deref(),
        Some("/dashboard")
    );
    let done = app
        .post_form(
            "/login",
            &[
                ("email", "ada@uni.example"),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(
        done.location.as_deref(),
        Some("/dashboard"),
        "never sent off-site"
    );
}

async fn password_reset_works_once_and_ends_other_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    app.login("ada@uni.example", PASSWORD).await;
    app.age_outbox(10).await;

    let known = app
        .submit("/password/forgot", &[("email", "ada@uni.example")])
        .await;
    let mails_before = app.mails().len();
    let unknown = app
        .submit("/password/forgot", &[("email", "nobody@uni.example")])
        .await;
    assert_eq!(
        app.mails().len(),
        mails_before,
        "no mail for an unknown address"
    );
    let flash = |p: &crate::helpers::Page| p.select(".flash").join(" ");
    assert_eq!(flash(&known), flash(&unknown), "same answer either way");

    let link = app
        .link_in_last_mail_to("ada@uni.example", "/password/reset?token=")
        .expect("reset link");
    let form = app.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.attr("input[name=token]", "value").unwrap();

    let too_short = app
        .post_form(
            "/password/reset",
            &[("token", &token), ("password", "short")],
        )
        .await;
    assert_eq!(too_short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        too_short.field_error("password").as_deref(),
        Some("Error: Use at least 12 characters.")
    );

    let new_password = "another-long-passphrase";
    let done = app
        .submit(
            "/password/reset",
            &[("token", &token), ("password", new_password)],
        )
        .await;
    assert!(
        done.visible_text()
            .contains("Your password has been changed")
    );
    assert_eq!(
        app.get("/dashboard").await.status,
        StatusCode::SEE_OTHER,
        "the old session has ended"
    );
    assert_eq!(
        app.login("ada@uni.example", PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.login("ada@uni.example", new_password).await.status,
        StatusCode::SEE_OTHER
    );

    let reused = app
        .post_form(
            "/password/reset",
            &[("token", &token), ("password", "third-long-passphrase")],
        )
        .await;
    assert_eq!(reused.status, StatusCode::GONE);
    assert!(reused.visible_text().contains("already been used"));
}

async fn expired_links_say_so(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register("Ada Osei", "ada@uni.example", PASSWORD).await;
    app.with_db(|conn| {
        use diesel::prelude::*;
        use peerdesk::db::schema::account_tokens;
        diesel::update(account_tokens::table)
            .set(
                account_tokens::expires_at.eq(chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()),
            )
            .execute(conn)
            .unwrap();
    })
    .await;
    let link = app
        .link_in_last_mail_to("ada@uni.example", "/verify-email?token=")
        .unwrap();
    let page = app.get(&link).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert_eq!(page.select("h1"), vec!["This link has expired"]);
    let bogus = app.get("/verify-email?token=0000").await;
    assert_eq!(bogus.select("h1"), vec!["This link is not valid"]);
}

async fn registration_errors_keep_the_input_and_write_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app
        .post_form(
            "/register",
            &[
                ("name", "Ada Osei"),
                ("email", "ada@uni.example"),
                ("affiliation", ""),
                ("orcid", "0000-0002-1825-0098"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.field_error("orcid")
            .unwrap()
            .contains("check digit is wrong")
    );
    assert!(page.field_error("affiliation").is_some());
    assert!(page.field_error("password").is_some());
    assert_eq!(page.select(".error-summary li").len(), 3);
    assert_eq!(page.attr("#family_name", "value").as_deref(), Some("Osei"));
    assert_eq!(
        page.attr("#orcid", "value").as_deref(),
        Some("0000-0002-1825-0098")
    );
    assert_eq!(page.attr("#orcid", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        page.attr("#password", "value").as_deref(),
        Some(""),
        "password never echoed"
    );
    assert_eq!(app.count_people_with_email("ada@uni.example").await, 0);
    assert!(app.mails().is_empty());
}

async fn registering_a_known_address_reveals_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    app.age_outbox(10).await;
    let again = app
        .register("Someone Else", "ada@uni.example", "another-long-passphrase")
        .await;
    assert_eq!(
        again.location.as_deref(),
        Some("/register/check-email"),
        "same answer as a new address"
    );
    let last = app.mails_to("ada@uni.example").pop().unwrap();
    assert!(last.contains("Subject: You already have a peerdesk account"));
    assert_eq!(app.count_people_with_email("ada@uni.example").await, 1);
    assert_eq!(
        app.login("ada@uni.example", PASSWORD).await.status,
        StatusCode::SEE_OTHER,
        "account unchanged"
    );
}

/// Issue #25, item 4: ten presses of "Forgot password", or of "Register" with a known
/// address, at once or one after the other, send one message in a few minutes; the reset
/// link of the latest message is the only live one.
async fn account_forms_send_one_message_per_address_in_a_few_minutes(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    let to_ada = || app.mails_to("ada@uni.example").len();
    let after_registering = to_ada();
    assert_eq!(after_registering, 1, "one confirmation");

    // Registering again at once: the same answer, and no second message yet.
    for _ in 0..3 {
        let again = app
            .register("Ada Osei", "ada@uni.example", "another-long-passphrase")
            .await;
        assert_eq!(again.location.as_deref(), Some("/register/check-email"));
    }
    assert_eq!(
        to_ada(),
        1,
        "nothing more within minutes of the confirmation"
    );

    // Ten "Forgot password" presses at once, minutes later: one message, one live link.
    app.age_outbox(10).await;
    let fields = [("email", "ada@uni.example")];
    for status in press_at_once(&app, "/password/forgot", &fields, 10).await {
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    assert_eq!(to_ada(), 2, "one reset message for ten presses");
    let first_link = app
        .link_in_last_mail_to("ada@uni.example", "/password/reset?token=")
        .unwrap();

    // Later, a second request: a new link, and the first one no longer works.
    app.age_outbox(10).await;
    app.submit("/password/forgot", &[("email", "ada@uni.example")])
        .await;
    assert_eq!(to_ada(), 3);
    let second_link = app
        .link_in_last_mail_to("ada@uni.example", "/password/reset?token=")
        .unwrap();
    assert_ne!(first_link, second_link);
    assert_eq!(app.get(&second_link).await.status, StatusCode::OK);
    let old = app.get(&first_link).await;
    assert_ne!(old.status, StatusCode::OK, "an earlier link is dead");
}

async fn a_demo_login_works(backend: Backend) {
    let app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    assert!(logins.len() >= 11);
    let (email, password) = logins
        .iter()
        .find(|(e, _)| e.starts_with("helen.marsh"))
        .unwrap();
    assert_eq!(
        app.login(email, password).await.status,
        StatusCode::SEE_OTHER
    );
    let dashboard = app.get("/dashboard").await;
    assert!(
        dashboard
            .visible_text()
            .contains("Editor-in-Chief: BMC Cancer")
    );
    assert_eq!(
        dashboard.select("nav a[href='/admin']"),
        vec!["Editorial office"]
    );
}

/// Issue #26, item 4: a signed-in person changes their password with the current one; a
/// common one is refused; the other browser is signed out, this one stays, and an e-mail
/// says so.
async fn a_signed_in_person_changes_their_password(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    // Another browser signed in too.
    let (other, _) = app.another_visitor();
    let csrf = csrf_token_of(&other, &app.url("/login")).await;
    let signed = other
        .post(app.url("/login"))
        .form(&[
            ("email", "ada@uni.example"),
            ("password", PASSWORD),
            ("csrf_token", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let dashboard = |c: &reqwest::Client| c.get(app.url("/dashboard")).send();
    assert_eq!(dashboard(&other).await.unwrap().status(), StatusCode::OK);

    app.login("ada@uni.example", PASSWORD).await;
    let form = app.get("/account/password").await;
    assert_eq!(form.status, StatusCode::OK);
    let wrong = app
        .post_form(
            "/account/password",
            &[
                ("current_password", "not my password"),
                ("new_password", "password1234"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.field_error("current_password").is_some());
    assert!(
        wrong
            .field_error("new_password")
            .unwrap()
            .contains("among the first that anyone would try")
    );
    let changed = app
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a new and better passphrase"),
            ],
        )
        .await;
    assert_eq!(changed.location.as_deref(), Some("/dashboard"));
    assert_eq!(
        app.get("/dashboard").await.status,
        StatusCode::OK,
        "this one stays"
    );
    assert_eq!(
        dashboard(&other).await.unwrap().status(),
        StatusCode::SEE_OTHER,
        "the other browser is signed out"
    );
    let told = app.mails_to("ada@uni.example").join("\n");
    assert!(
        told.contains("Subject: Your peerdesk password was changed"),
        "{told}"
    );
    app.logout().await;
    assert_eq!(
        app.login("ada@uni.example", "a new and better passphrase")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

/// The current password on the change form is guessed no faster than at sign-in: someone
/// who found a signed-in browser cannot try passwords there without limit.
async fn wrong_current_passwords_are_throttled(backend: Backend) {
    let app = spawn_app(backend).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    app.login("ada@uni.example", PASSWORD).await;
    for _ in 0..5 {
        let wrong = app
            .post_form(
                "/account/password",
                &[
                    ("current_password", "a guess at the password"),
                    ("new_password", "a new and better passphrase"),
                ],
            )
            .await;
        assert_eq!(
            wrong.field_error("current_password").as_deref(),
            Some("Error: This is not your current password.")
        );
    }
    let held = app
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a new and better passphrase"),
            ],
        )
        .await;
    assert_eq!(held.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        held.field_error("current_password")
            .unwrap()
            .contains("Too many wrong passwords"),
        "even the right one waits"
    );
}

on_both_backends!(
    wrong_current_passwords_are_throttled,
    a_signed_in_person_changes_their_password,
    register_confirm_and_sign_in,
    wrong_password_and_unknown_address_look_the_same,
    repeated_wrong_passwords_are_throttled,
    logout_ends_the_session_on_the_server,
    signed_out_visitors_are_sent_to_login_and_back,
    password_reset_works_once_and_ends_other_sessions,
    expired_links_say_so,
    registration_errors_keep_the_input_and_write_nothing,
    registering_a_known_address_reveals_nothing,
    account_forms_send_one_message_per_address_in_a_few_minutes,
    a_demo_login_works,
);
