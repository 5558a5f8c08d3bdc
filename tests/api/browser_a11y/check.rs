//! The check: every page of [`super::visits::visits`] through axe-core, the Nu HTML Checker
//! and the 320 px test, after a page with known faults that each must find.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use fantoccini::{Client, Locator};
use serde_json::json;

use super::chromium::*;
use super::demo::{Demo, prepare_demo};
use super::visits::*;
use crate::browser::start_browser;
use crate::helpers::{Backend, TestApp, spawn_app_with};

/// A page with faults each check must find (an image without text, a button without a name,
/// a block inside a paragraph, a stray end tag, 600 px of width), so a broken tool set-up
/// cannot pass as a clean run.
pub(super) const CANARY_HTML: &str = "<!DOCTYPE html><html lang=en><head><title>faults</title></head><body><main><p><div style='width:600px'>wide</div></p><img src=x.png><button></button></main></body></html>";

pub(super) const CANARY_FILE: &str = "00-known-faults.html";

#[derive(Default)]
pub(super) struct Findings {
    pub(super) pages: usize,
    pub(super) axe: Vec<String>,
    pub(super) axe_allowed: Vec<String>,
    pub(super) html: Vec<String>,
    pub(super) html_allowed: Vec<String>,
    pub(super) wide: Vec<String>,
    pub(super) wide_allowed: Vec<String>,
    pub(super) wrong_page: Vec<String>,
    pub(super) used_allowances: BTreeSet<String>,
}

/// Where the run writes what a person looks through.
struct Output {
    out: PathBuf,
    shots: PathBuf,
    html_dir: PathBuf,
    /// The saved HTML file of each page, and the route it is.
    html_files: BTreeMap<String, &'static str>,
}

impl Output {
    /// Empties `target/a11y/` and makes its folders.
    fn fresh() -> Output {
        let out = output_dir();
        let _ = std::fs::remove_dir_all(&out);
        let shots = out.join("screenshots");
        let html_dir = out.join("html");
        std::fs::create_dir_all(&shots).unwrap();
        std::fs::create_dir_all(&html_dir).unwrap();
        Output {
            out,
            shots,
            html_dir,
            html_files: BTreeMap::new(),
        }
    }
}

#[tokio::test]
async fn every_page_passes_axe_the_html_checker_and_fits_320_px() {
    let Some(tools) = find_tools() else {
        return;
    };
    let Some(browser) = start_browser().await else {
        return;
    };
    let started = Instant::now();
    // ORCID sign-in switched on (its provider never called): the sign-in page and the
    // profile are checked with its buttons.
    let orcid = [
        ("PEERDESK_ORCID_CLIENT_ID", "APP-A11Y"),
        ("PEERDESK_ORCID_CLIENT_SECRET", "never-used"),
        ("PEERDESK_ORCID_URL", "http://127.0.0.1:9"),
    ];
    let app = spawn_app_with(Backend::Sqlite, &orcid).await;
    let demo = prepare_demo(&app).await;
    let b = &browser.client;
    let mut output = Output::fresh();

    // Keeps every response body, so the HTML checked is what the server sent.
    cdp(b, "Network.enable", json!({})).await;

    // The checks must be able to fail: first a page with known faults, which each must find.
    the_checks_find_known_faults(b, &tools, &output).await;

    let mut findings = Findings::default();
    let mut signed_in: Option<Who> = None;
    let all = visits();
    for (n, visit) in all.iter().enumerate() {
        if signed_in != Some(visit.who) {
            match demo.email(visit.who) {
                Some(email) => sign_in(b, &app, &email, &demo.password(&email)).await,
                None => b.delete_all_cookies().await.unwrap(),
            }
            signed_in = Some(visit.who);
        }
        let name = format!(
            "{:02}-{}-{}",
            n + 1,
            slug(&format!("{:?}", visit.who)),
            slug(visit.route)
        );
        visit_and_act(b, &app, &demo, visit, &name).await;
        check_the_page(b, &tools, visit, &name, &mut output, &mut findings).await;
        findings.pages += 1;
    }
    let browsed = started.elapsed();

    // The Nu HTML Checker, once over every page.
    html_checker_findings(&tools, &output, &mut findings);

    let stale: Vec<String> = ALLOWED_AXE
        .iter()
        .map(|(r, id, _)| format!("axe {r} {id}"))
        .chain(ALLOWED_HTML.iter().map(|(r, p, _)| format!("html {r} {p}")))
        .chain(ALLOWED_WIDE.iter().map(|(r, _)| format!("wide {r}")))
        .filter(|a| !findings.used_allowances.contains(a))
        .collect();
    let summary = summary_of(&findings, started, &output);
    let report = report_of(&findings, &summary, browsed, &stale);
    std::fs::write(output.out.join("report.txt"), format!("{report}\n")).unwrap();
    // Straight to stderr, past the test harness's capture, so the CI log always has it.
    let _ = writeln!(std::io::stderr().lock(), "{summary}");

    assert_eq!(findings.pages, all.len());
    assert!(
        findings.wrong_page.is_empty()
            && findings.axe.is_empty()
            && findings.html.is_empty()
            && findings.wide.is_empty()
            && stale.is_empty(),
        "{report}"
    );
    browser.close().await;
}

/// A page with known faults, which axe-core and the 320 px check must each find (the Nu
/// HTML Checker reads it with the others, from the file saved here).
async fn the_checks_find_known_faults(b: &Client, tools: &Tools, output: &Output) {
    goto(b, &format!("data:text/html;charset=utf-8,{CANARY_HTML}")).await;
    let canary_axe: BTreeSet<String> = axe_violations(b, &tools.axe_source)
        .await
        .into_iter()
        .map(|(rule, _)| rule)
        .collect();
    assert!(
        canary_axe.contains("image-alt") && canary_axe.contains("button-name"),
        "axe-core must find the faults of the test page: {canary_axe:?}"
    );
    assert!(
        full_page_at(b, 320).await.1.is_some(),
        "the 320 px check must find the test page too wide"
    );
    std::fs::write(output.html_dir.join(CANARY_FILE), CANARY_HTML).unwrap();
}

/// Goes to the visit's page and does what it says: for a form, fills its fields, switches
/// off the browser's own validation and presses the button.
async fn visit_and_act(b: &Client, app: &TestApp, demo: &Demo, visit: &Visit, name: &str) {
    goto(b, &app.url(&(visit.url)(demo))).await;
    if let Act::Submit { button, fill } = &visit.act {
        for (css, value) in fill {
            let set = b
                .execute(
                    "const e = document.querySelector(arguments[0]); if (!e) return false; e.value = arguments[1]; return true;",
                    vec![json!(css), json!(value)],
                )
                .await
                .unwrap();
            assert_eq!(set, json!(true), "{name}: {css} on the page");
        }
        let button = demo.selector(button);
        let pressed = b
            .find(Locator::Css(&button))
            .await
            .unwrap_or_else(|_| panic!("{name}: {button} on the page"));
        b.execute(
            "if (arguments[0].form) { arguments[0].form.noValidate = true; } return null;",
            vec![serde_json::to_value(&pressed).unwrap()],
        )
        .await
        .unwrap();
        mark_page(b).await;
        pressed.click().await.unwrap();
        wait_for_new_page(b).await;
    }
}

/// Checks the page now shown: the page meant, its HTML saved for the checker, axe-core,
/// screenshots at 1200 and 320 px, and its width at 320 px.
async fn check_the_page(
    b: &Client,
    tools: &Tools,
    visit: &Visit,
    name: &str,
    output: &mut Output,
    findings: &mut Findings,
) {
    let (html, status) = served_html(b).await;
    let heading = js(
        b,
        "const h = document.querySelector('h1'); return h ? h.textContent.replace(/\\s+/g, ' ').trim() : '';",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned();
    let expected_there = match visit.expect {
        Some(css) => b.find(Locator::Css(css)).await.is_ok(),
        None => true,
    };
    if status != visit.status || !heading.contains(visit.heading) || !expected_there {
        findings.wrong_page.push(format!(
            "{name} ({}): expected status {} and a heading with {:?}{}; got {status}, {heading:?} at {}",
            visit.route,
            visit.status,
            visit.heading,
            visit.expect.map(|c| format!(" and {c}")).unwrap_or_default(),
            b.current_url().await.map(|u| u.to_string()).unwrap_or_default(),
        ));
    }
    let file = format!("{name}.html");
    std::fs::write(output.html_dir.join(&file), &html).unwrap();
    output.html_files.insert(file, visit.route);

    for (rule, line) in axe_violations(b, &tools.axe_source).await {
        let line = format!("{name}: {line}");
        match ALLOWED_AXE
            .iter()
            .find(|(route, id, _)| *route == visit.route && *id == rule)
        {
            Some((route, id, _)) => {
                findings.used_allowances.insert(format!("axe {route} {id}"));
                findings.axe_allowed.push(line);
            }
            None => findings.axe.push(line),
        }
    }

    let (png, _) = full_page_at(b, 1200).await;
    std::fs::write(output.shots.join(format!("{name}.png")), png).unwrap();
    let (png, too_wide) = full_page_at(b, 320).await;
    std::fs::write(output.shots.join(format!("{name}-320.png")), png).unwrap();
    if let Some((scroll, client)) = too_wide {
        let line = format!("{name}: {scroll} px wide in a {client} px window");
        if ALLOWED_WIDE.iter().any(|(route, _)| *route == visit.route) {
            findings
                .used_allowances
                .insert(format!("wide {}", visit.route));
            findings.wide_allowed.push(line);
        } else {
            findings.wide.push(line);
        }
    }
}

/// Runs the Nu HTML Checker over every saved page; it must find the known faults' page.
fn html_checker_findings(tools: &Tools, output: &Output, findings: &mut Findings) {
    let (canary, checked): (Vec<_>, Vec<_>) = run_vnu(tools, &output.html_dir)
        .into_iter()
        .partition(|(file, _)| file == CANARY_FILE);
    assert!(
        canary.len() >= 2,
        "the Nu HTML Checker must find the faults of the test page: {canary:?}"
    );
    std::fs::remove_file(output.html_dir.join(CANARY_FILE)).unwrap();
    for (file, message) in checked {
        let route = output.html_files.get(&file).copied().unwrap_or("?");
        let line = format!("{file}: {message}");
        match ALLOWED_HTML
            .iter()
            .find(|(r, part, _)| *r == route && message.contains(part))
        {
            Some((r, part, _)) => {
                findings.used_allowances.insert(format!("html {r} {part}"));
                findings.html_allowed.push(line);
            }
            None => findings.html.push(line),
        }
    }
}

/// The line the CI log shows.
fn summary_of(findings: &Findings, started: Instant, output: &Output) -> String {
    let allowed =
        findings.axe_allowed.len() + findings.html_allowed.len() + findings.wide_allowed.len();
    format!(
        "a11y: {} pages checked, {} axe violations, {} HTML errors, {} pages wider than 320 px{} ({:.0} s; screenshots in {})",
        findings.pages,
        findings.axe.len(),
        findings.html.len(),
        findings.wide.len(),
        if allowed > 0 {
            format!(
                "; allow-listed until fixed: {} axe, {} HTML, {} wide",
                findings.axe_allowed.len(),
                findings.html_allowed.len(),
                findings.wide_allowed.len()
            )
        } else {
            String::new()
        },
        started.elapsed().as_secs_f64(),
        output.shots.display(),
    )
}

/// `target/a11y/report.txt`: the summary, then every finding by kind.
fn report_of(
    findings: &Findings,
    summary: &str,
    browsed: std::time::Duration,
    stale: &[String],
) -> String {
    let mut report = vec![summary.to_owned(), format!("browsing took {browsed:?}")];
    for (title, lines) in [
        ("wrong page", findings.wrong_page.as_slice()),
        ("axe violations", &findings.axe),
        ("HTML errors", &findings.html),
        ("wider than 320 px", &findings.wide),
        ("allow-listed axe violations", &findings.axe_allowed),
        ("allow-listed HTML errors", &findings.html_allowed),
        ("allow-listed wide pages", &findings.wide_allowed),
        ("allow-list lines that match nothing (remove them)", stale),
    ] {
        if !lines.is_empty() {
            report.push(format!("\n{title}:"));
            report.extend(lines.iter().map(|l| format!("  {l}")));
        }
    }
    report.join("\n")
}
