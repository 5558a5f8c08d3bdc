//! Real Chromium (issue 20 item 8): an author types her ORCID iD on her profile, confirms it
//! by signing in at ORCID (a local OpenID provider the test starts, `orcid_provider`), and
//! then signs in with ORCID instead of her password.

use crate::browser::{click, fill, sign_in, start_browser, wait_for_heading, wait_for_text};
use crate::helpers::{Backend, spawn_app_with};
use crate::orcid_provider::{Answer, Provider};

const PASSWORD: &str = "a long enough passphrase 42";
const ORCID: &str = "0000-0002-1825-0097";

#[tokio::test]
async fn an_author_confirms_her_orcid_and_signs_in_with_it() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let provider = Provider::start();
    // ORCID sends the browser back to the site's own address, so the site must know its
    // port before it starts (a free one, taken a moment before).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let base = format!("http://{bind}");
    let mut settings: Vec<(&str, &str)> =
        vec![("PEERDESK_BIND", &bind), ("PEERDESK_BASE_URL", &base)];
    let orcid_settings = provider.settings();
    settings.extend(orcid_settings.iter().map(|(k, v)| (*k, v.as_str())));
    let app = spawn_app_with(Backend::Sqlite, &settings).await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    let b = &browser.client;
    sign_in(b, &app, "ada@uni.example", PASSWORD).await;

    b.goto(&app.url("/profile")).await.unwrap();
    wait_for_heading(b, "My profile").await;
    fill(b, "#orcid", &format!("https://orcid.org/{ORCID}")).await;
    click(b, "form[action='/profile/orcid'] button").await;
    wait_for_text(b, "#orcid-state", "Not confirmed").await;

    provider.signs_in_as(ORCID, Answer::Honest);
    click(b, "form[action='/orcid/start'] button").await;
    wait_for_text(b, "#orcid-state", "Confirmed through ORCID").await;
    wait_for_text(b, ".flash", "is confirmed through ORCID").await;

    // Signed out, ORCID signs her in.
    click(b, "nav form button").await;
    b.goto(&app.url("/login")).await.unwrap();
    wait_for_heading(b, "Sign in").await;
    click(b, "form[action='/orcid/start'] button").await;
    wait_for_heading(b, "Welcome, Ada Osei").await;
    assert_eq!(provider.token_requests(), 2);
    browser.close().await;
}
