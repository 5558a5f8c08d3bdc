//! Driving Chromium through chromedriver, and the tools: axe-core in the page, the Nu HTML
//! Checker over the saved pages, screenshots at a width.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::helpers::{TestApp, in_ci};

pub(super) struct Tools {
    pub(super) axe_source: String,
    pub(super) vnu_jar: PathBuf,
    pub(super) java: String,
}

pub(super) fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The tools, or `None` (skip, with the reason printed) outside CI.
pub(super) fn find_tools() -> Option<Tools> {
    let tools_dir = manifest_dir().join("tools/a11y/node_modules");
    let axe = std::env::var("PEERDESK_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| tools_dir.join("axe-core/axe.min.js"));
    let vnu_jar = std::env::var("PEERDESK_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| tools_dir.join("vnu-jar/build/dist/vnu.jar"));
    let java = std::env::var("PEERDESK_JAVA").unwrap_or_else(|_| "java".into());
    let mut missing = vec![];
    if !axe.exists() {
        missing.push(format!("axe-core ({} not found)", axe.display()));
    }
    if !vnu_jar.exists() {
        missing.push(format!(
            "the Nu HTML Checker ({} not found)",
            vnu_jar.display()
        ));
    }
    let java_runs = std::process::Command::new(&java)
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !java_runs {
        missing.push(format!("Java (`{java} -version` does not run)"));
    }
    if !missing.is_empty() {
        let why = format!(
            "missing {}; install with `cd tools/a11y && npm ci --ignore-scripts` and a Java 11+ runtime (apt-get install default-jre-headless)",
            missing.join(", ")
        );
        if in_ci() {
            panic!("under CI the accessibility checks must run: {why}");
        }
        eprintln!("skipped: {why}");
        return None;
    }
    Some(Tools {
        axe_source: std::fs::read_to_string(&axe).expect("read axe-core"),
        vnu_jar,
        java,
    })
}

pub(super) fn output_dir() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| manifest_dir().join("target"));
    target.join("a11y")
}

/// A Chrome DevTools Protocol command sent through chromedriver.
#[derive(Debug)]
pub(super) struct Cdp {
    pub(super) cmd: &'static str,
    pub(super) params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &reqwest::Url,
        session_id: Option<&str>,
    ) -> Result<reqwest::Url, <reqwest::Url as std::str::FromStr>::Err> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &reqwest::Url) -> (reqwest::Method, Option<String>) {
        (
            reqwest::Method::POST,
            Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}

pub(super) async fn cdp(b: &Client, cmd: &'static str, params: Value) -> Value {
    b.issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("{cmd}: {e}"))
}

pub(super) async fn js(b: &Client, script: &str) -> Value {
    b.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Marks the current document, so [`wait_for_new_page`] can tell when it has been replaced.
pub(super) async fn mark_page(b: &Client) {
    js(b, "window.__a11yOldPage = true; return null;").await;
}

/// Waits (up to 15 s) until the marked document has been replaced and has loaded.
pub(super) async fn wait_for_new_page(b: &Client) {
    for _ in 0..300 {
        let ready = b
            .execute(
                "return window.__a11yOldPage === undefined && document.readyState === 'complete';",
                vec![],
            )
            .await;
        if matches!(ready, Ok(Value::Bool(true))) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no new page after 15 s");
}

pub(super) async fn goto(b: &Client, url: &str) {
    b.goto(url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
}

/// Signs in through the sign-in form, as the person would.
pub(super) async fn sign_in(b: &Client, app: &TestApp, email: &str, password: &str) {
    b.delete_all_cookies().await.unwrap();
    goto(b, &app.url("/login")).await;
    let form = b
        .form(Locator::Css("main form[action='/login']"))
        .await
        .unwrap();
    form.set_by_name("email", email).await.unwrap();
    form.set_by_name("password", password).await.unwrap();
    mark_page(b).await;
    b.find(Locator::Css(
        "main form[action='/login'] button[type=submit]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    wait_for_new_page(b).await;
    let mut path = b.current_url().await.unwrap().path().to_owned();
    if path == "/login/code" {
        // Their authenticator app would show this code now.
        let code = next_code(app, email).await;
        b.find(Locator::Css("#code"))
            .await
            .unwrap()
            .send_keys(&code)
            .await
            .unwrap();
        mark_page(b).await;
        b.find(Locator::Css("#check-code"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for_new_page(b).await;
        path = b.current_url().await.unwrap().path().to_owned();
    }
    assert!(
        path != "/login" && path != "/login/code",
        "{email} could not sign in"
    );
}

/// The next code from the person's key that the server has not yet seen (each works once).
async fn next_code(app: &TestApp, email: &str) -> String {
    use peerdesk::security::totp;
    let person = app.person_id(email).await;
    loop {
        let (key, used) = app
            .with_db(move |conn| {
                let t = peerdesk::db::two_factor::two_factor_of(conn, person)
                    .unwrap()
                    .expect("two-factor sign-in set up");
                (t.shared_key, t.last_used_step)
            })
            .await;
        let now = totp::step_at(chrono::Utc::now().timestamp());
        let step = used.map_or(now, |u| now.max(u + 1));
        if step <= now + 1 {
            return totp::code_at_step(&key, step).expect("a valid key");
        }
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    }
}

/// The HTML exactly as the server sent it for the page now shown (for a form's answer too),
/// and its HTTP status. Needs `Network.enable` (see [`check_every_page`]).
pub(super) async fn served_html(b: &Client) -> (String, u16) {
    let tree = cdp(b, "Page.getFrameTree", json!({})).await;
    let loader = tree["frameTree"]["frame"]["loaderId"]
        .as_str()
        .expect("the page's loader id")
        .to_owned();
    // The main document's request id is its loader id.
    let body = cdp(b, "Network.getResponseBody", json!({ "requestId": loader })).await;
    assert_eq!(body["base64Encoded"], json!(false), "an HTML page");
    let status = js(
        b,
        "return performance.getEntriesByType('navigation')[0].responseStatus;",
    )
    .await;
    (
        body["body"].as_str().unwrap_or_default().to_owned(),
        status.as_u64().unwrap_or(0) as u16,
    )
}

pub(super) const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Runs axe-core on the page; returns one line per violation and element.
pub(super) async fn axe_violations(b: &Client, axe_source: &str) -> Vec<(String, String)> {
    js(b, &format!("{axe_source}\n;return null;")).await;
    let script = format!(
        r#"const done = arguments[arguments.length - 1];
        axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags} }}, resultTypes: ['violations'] }})
          .then(r => done(r.violations.map(v => ({{ id: v.id, help: v.help,
             nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' ')) }}))))
          .catch(e => done('axe failed: ' + e));"#,
        tags = json!(AXE_TAGS)
    );
    let result = b.execute_async(&script, vec![]).await.expect("axe runs");
    let Value::Array(violations) = result else {
        panic!("{result}");
    };
    let mut out = vec![];
    for v in violations {
        let id = v["id"].as_str().unwrap_or_default().to_owned();
        for node in v["nodes"].as_array().into_iter().flatten() {
            out.push((
                id.clone(),
                format!(
                    "{} ({}): {}",
                    id,
                    v["help"].as_str().unwrap_or_default(),
                    node.as_str().unwrap_or_default()
                ),
            ));
        }
    }
    out
}

/// Shows the page at `width` px, full height; returns the PNG and whether it scrolls sideways.
pub(super) async fn full_page_at(b: &Client, width: u32) -> (Vec<u8>, Option<(u64, u64)>) {
    let metrics = |height: u64| json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false });
    cdp(b, "Emulation.setDeviceMetricsOverride", metrics(900)).await;
    // Scrollbars overlay the page, as on a phone: the page has the whole width.
    cdp(
        b,
        "Emulation.setScrollbarsHidden",
        json!({ "hidden": true }),
    )
    .await;
    let size = js(
        b,
        "const e = document.documentElement; return [e.scrollWidth, e.clientWidth, Math.max(e.scrollHeight, document.body.scrollHeight)];",
    )
    .await;
    let n = |i: usize| size[i].as_u64().unwrap_or(0);
    let too_wide = (n(0) > n(1)).then(|| (n(0), n(1)));
    cdp(
        b,
        "Emulation.setDeviceMetricsOverride",
        metrics(n(2).clamp(300, 16_000)),
    )
    .await;
    let png = b.screenshot().await.expect("screenshot");
    cdp(
        b,
        "Emulation.setScrollbarsHidden",
        json!({ "hidden": false }),
    )
    .await;
    cdp(b, "Emulation.clearDeviceMetricsOverride", json!({})).await;
    (png, too_wide)
}

pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// Runs vnu.jar over every `.html` file in `dir`; returns (file name, message) per error.
pub(super) fn run_vnu(tools: &Tools, dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "pages saved for the HTML checker");
    let output = std::process::Command::new(&tools.java)
        .arg("-jar")
        .arg(&tools.vnu_jar)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("the Nu HTML Checker runs");
    // vnu writes its JSON report to stderr, and exits 1 when it found errors.
    let report: Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "the Nu HTML Checker's report is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    if !output.status.success() {
        assert!(
            !messages.is_empty(),
            "the Nu HTML Checker failed without saying why"
        );
    }
    messages
        .iter()
        .filter(|m| m["type"] != json!("info"))
        .map(|m| {
            let file = m["url"]
                .as_str()
                .unwrap_or_default()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            (
                file,
                format!(
                    "line {}: {} [{}]",
                    m["lastLine"],
                    m["message"].as_str().unwrap_or_default(),
                    m["extract"].as_str().unwrap_or_default().replace('\n', "⏎")
                ),
            )
        })
        .collect()
}
