//! Real Chromium through WebDriver (chromedriver): a new user registers, confirms the
//! address from the e-mail file, signs in and sees the dashboard.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::helpers::{Backend, ScratchDir, in_ci, spawn_app};

pub struct Browser {
    pub client: Client,
    driver: Child,
    profile: ScratchDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Chromium is chromedriver's child: killing the driver alone left it and its helper
        // processes running after every failed or killed test. Its own profile folder names
        // this browser's processes and no other's.
        let _ = Command::new("pkill")
            .args(["-f", "--"])
            .arg(format!("--user-data-dir={}", self.profile.0.display()))
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Ends the WebDriver session, which closes Chromium. Best effort: a session that fails
    /// to end (chromedriver slow to answer under load) says nothing about what the test
    /// checked, and dropping the browser kills whatever is left of its processes.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

fn find_chromedriver() -> Option<String> {
    if let Ok(p) = std::env::var("CHROMEDRIVER") {
        return Some(p);
    }
    std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(|d| format!("{d}/chromedriver"))
        .find(|p| std::path::Path::new(p).exists())
}

/// Starts chromedriver and a headless Chromium; `None` (skip) when absent outside CI.
pub async fn start_browser() -> Option<Browser> {
    let Some(driver_path) = find_chromedriver() else {
        if in_ci() {
            panic!("chromedriver is not installed, and under CI the browser suite must run");
        }
        eprintln!("skipped: chromedriver not found (apt-get install chromium chromium-driver)");
        return None;
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let driver = Command::new(&driver_path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let profile = ScratchDir::new();
    let mut caps = serde_json::Map::new();
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1200,900",
                format!("--user-data-dir={}", profile.0.display()),
            ]
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last_error = None;
    for _ in 0..100 {
        // chromedriver speaks plain HTTP on loopback: no TLS stack needed.
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => {
                return Some(Browser {
                    client,
                    driver,
                    profile,
                });
            }
            Err(e) => {
                last_error = Some(e);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    panic!("could not start Chromium through chromedriver: {last_error:?}");
}

pub async fn fill(client: &Client, css: &str, text: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} on the page"))
        .send_keys(text)
        .await
        .unwrap();
}

/// Fills affiliation `j` of author `i` as a person would: types the institution and city
/// and chooses the country from its list by name.
pub async fn fill_affiliation(
    client: &Client,
    (i, j): (usize, usize),
    institution: &str,
    city: &str,
    country: &str,
) {
    let css = |part: &str| format!("#author_aff_{part}_{i}_{j}");
    client
        .find(Locator::Css(&css("institution")))
        .await
        .unwrap_or_else(|_| panic!("affiliation {j} of author {i} on the page"))
        .clear()
        .await
        .unwrap();
    fill(client, &css("institution"), institution).await;
    fill(client, &css("city"), city).await;
    client
        .find(Locator::Css(&css("country")))
        .await
        .unwrap()
        .select_by_label(country)
        .await
        .unwrap_or_else(|_| panic!("{country} in the list"));
}

/// The current value of a form control (what the user sees, not the HTML attribute),
/// once it is on the page (waiting up to 10 s, as after a form was sent).
pub async fn value_of(client: &Client, css: &str) -> String {
    for _ in 0..100 {
        if let Ok(control) = client.find(Locator::Css(css)).await {
            return control.prop("value").await.unwrap().unwrap_or_default();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("expected {css} on the page");
}

/// The submission form's fields besides the authors, the files and the people named, filled
/// as an author would, with `title`.
pub async fn fill_the_manuscript(b: &Client, title: &str) {
    fill(b, "#title", title).await;
    fill(
        b,
        "#abstract_text",
        "Background: retinoblastoma is rare. Methods: a national cohort. Results: survival improved.",
    )
    .await;
    fill(b, "#keywords", "retinoblastoma, survival").await;
    click(b, "#topics").await;
    fill(b, "#rare_cancer_type", "Retinoblastoma").await;
    click(b, "#competing_interests").await;
    click(b, "#ai_use").await;
    fill(b, "#ethics_statement", "Approved (ref. 2024-17).").await;
    fill(b, "#data_availability", "On request.").await;
    fill(b, "#funding", "None").await;
    fill(b, "#consent_for_publication", "Not applicable.").await;
    fill(b, "#authors_contributions", "The authors wrote it.").await;
}

/// "Review before submitting" on the submission form, then the review page's final
/// Submit, as an author does (waiting up to 20 s for the review page: the form may go by
/// XHR with its files).
pub async fn review_and_submit(client: &Client) {
    click(client, "button[value=review]").await;
    for _ in 0..200 {
        if let Ok(button) = client.find(Locator::Css("#final-submit")).await {
            button.click().await.unwrap();
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("expected the review page's Submit button");
}

pub async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} on the page"))
        .click()
        .await
        .unwrap();
}

pub async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css} on the page"))
        .text()
        .await
        .unwrap()
}

/// Waits (up to 10 s) for the page a click led to: its main heading reads `expected`.
pub async fn wait_for_heading(client: &Client, expected: &str) {
    let mut seen = String::new();
    for _ in 0..100 {
        if let Ok(h1) = client.find(Locator::Css("h1")).await
            && let Ok(text) = h1.text().await
        {
            if text == expected {
                return;
            }
            seen = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expected a page headed {expected:?}, still on {seen:?}");
}

#[tokio::test]
async fn a_new_user_registers_confirms_and_reaches_the_dashboard() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;

    b.goto(&app.url("/collections/rare-cancers")).await.unwrap();
    assert_eq!(text_of(b, "h1").await, "Rare cancers");
    click(b, "nav a[href='/register']").await;
    fill(b, "#given_names", "Chiara").await;
    fill(b, "#family_name", "Russo").await;
    fill(b, "#email", "chiara.russo@unige.example").await;
    fill(b, "#affiliation", "University of Genoa, Italy").await;
    fill(b, "#orcid", "0000-0002-1825-0097").await;
    fill(b, "#password", "a-long-passphrase-for-tests").await;
    click(b, "form button[type=submit]").await;
    wait_for_heading(b, "Check your e-mail").await;

    // The worker delivers the confirmation as an .eml file; the link is read from that file.
    let files = app.wait_for_eml_files(1).await;
    let mail = files
        .iter()
        .find(|m| m.contains("chiara.russo@unige.example"))
        .expect("the confirmation mail file");
    let start = mail
        .find("/verify-email?token=")
        .expect("a link in the mail");
    let link: String = mail[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
        .collect();
    b.goto(&app.url(&link)).await.unwrap();
    click(b, "main form button[type=submit]").await;
    wait_for_heading(b, "Sign in").await;
    assert!(text_of(b, ".flash").await.contains("confirmed"));

    fill(b, "#email", "chiara.russo@unige.example").await;
    fill(b, "#password", "a-long-passphrase-for-tests").await;
    click(b, "main form button[type=submit]").await;
    wait_for_heading(b, "Welcome, Chiara Russo").await;
    assert!(text_of(b, "main").await.contains("0000-0002-1825-0097"));

    // Sign out is a button (a POST), reachable from the menu.
    click(b, "nav form button").await;
    wait_for_heading(b, "Journal collections").await;
    b.goto(&app.url("/dashboard")).await.unwrap();
    wait_for_heading(b, "Sign in").await;
    browser.close().await;
}

/// Waits (up to 10 s) for `css` to hold `needle`.
pub async fn wait_for_text(b: &Client, css: &str, needle: &str) -> String {
    let mut seen = String::new();
    for _ in 0..100 {
        if let Ok(e) = b.find(Locator::Css(css)).await
            && let Ok(text) = e.text().await
        {
            if text.contains(needle) {
                return text;
            }
            seen = text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expected {needle:?} in {css}, saw {seen:?}");
}

/// Signs in as `email` in a fresh session.
pub async fn sign_in(b: &Client, app: &crate::helpers::TestApp, email: &str, password: &str) {
    // A fresh session: the one before is forgotten with its cookie.
    b.delete_all_cookies().await.unwrap();
    b.goto(&app.url("/login")).await.unwrap();
    wait_for_heading(b, "Sign in").await;
    fill(b, "#email", email).await;
    fill(b, "#password", password).await;
    click(b, "main form button[type=submit]").await;
    wait_for_text(b, "form[action='/logout'] button", "").await;
}
