//! Keyboard only: an author submits a manuscript, and a reviewer with no account reviews,
//! with Tab, Shift+Tab, Enter and Space, a visible focus indicator checked at each step.

use std::time::Duration;

use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{Value, json};

use super::chromium::{goto, js, mark_page, wait_for_new_page};
use crate::browser::start_browser;
use crate::helpers::*;

/// Drives a page with the keyboard only: Tab, Shift+Tab, Enter and Space as key presses, and
/// typing into the focused field. After every Tab and Shift+Tab it asserts that the focused
/// element shows a visible focus indicator: an outline or a box shadow, which the element
/// focused before no longer shows. Use it for any form (the reviewer's review form next).
pub struct Keyboard<'a> {
    pub(super) b: &'a Client,
    /// A description of each focus stop, for messages.
    pub path: Vec<String>,
}

impl<'a> Keyboard<'a> {
    pub fn new(b: &'a Client) -> Self {
        Keyboard { b, path: vec![] }
    }

    pub(super) async fn keys(&self, keys: KeyActions) {
        self.b.perform_actions(keys).await.expect("key presses");
        self.b.release_actions().await.expect("keys released");
    }

    pub(super) async fn press(&self, key: Key) {
        let key: char = key.into();
        self.keys(
            KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key }),
        )
        .await;
    }

    pub async fn tab(&mut self) {
        self.press(Key::Tab).await;
        self.assert_focus_visible("Tab").await;
    }

    pub async fn shift_tab(&mut self) {
        let (shift, tab): (char, char) = (Key::Shift.into(), Key::Tab.into());
        self.keys(
            KeyActions::new("keyboard".into())
                .then(KeyAction::Down { value: shift })
                .then(KeyAction::Down { value: tab })
                .then(KeyAction::Up { value: tab })
                .then(KeyAction::Up { value: shift }),
        )
        .await;
        self.assert_focus_visible("Shift+Tab").await;
    }

    pub async fn space(&self) {
        self.press(Key::Space).await;
    }

    /// Presses Enter; when it follows a link or sends a form, waits for the next page.
    pub async fn enter_to_next_page(&self) {
        mark_page(self.b).await;
        self.press(Key::Enter).await;
        wait_for_new_page(self.b).await;
    }

    pub async fn enter(&self) {
        self.press(Key::Enter).await;
    }

    /// Types into the focused element, as key presses.
    pub async fn type_text(&self, text: &str) {
        let mut keys = KeyActions::new("keyboard".into());
        for c in text.chars() {
            keys = keys
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.keys(keys).await;
    }

    /// The focused element, as a short description.
    pub async fn focused(&self) -> String {
        js(
            self.b,
            "const e = document.activeElement; return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '') + (e.value && e.tagName === 'BUTTON' ? '[value=' + e.value + ']' : '') + ' ' + (e.textContent || '').trim().slice(0, 40);",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    pub(super) async fn focused_matches(&self, css: &str) -> bool {
        self.b
            .execute(
                "return document.activeElement.matches(arguments[0]);",
                vec![json!(css)],
            )
            .await
            .unwrap()
            == json!(true)
    }

    /// Presses Tab until the element matching `css` has the focus (at most 120 presses: an
    /// author row alone holds some thirty controls).
    pub async fn tab_to(&mut self, css: &str) {
        for _ in 0..120 {
            self.tab().await;
            if self.focused_matches(css).await {
                return;
            }
        }
        panic!(
            "120 Tabs did not reach {css}; went through {:#?}",
            self.path
        );
    }

    /// Presses Shift+Tab until the element matching `css` has the focus (at most 80).
    pub async fn shift_tab_to(&mut self, css: &str) {
        for _ in 0..80 {
            self.shift_tab().await;
            if self.focused_matches(css).await {
                return;
            }
        }
        panic!(
            "80 Shift+Tabs did not reach {css}; went through {:#?}",
            self.path
        );
    }

    pub(super) async fn assert_focus_visible(&mut self, key: &str) {
        let seen = js(
            self.b,
            r#"const e = document.activeElement;
            const style = x => { const s = getComputedStyle(x);
              return { outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                       shadow: s.boxShadow !== 'none',
                       key: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor + ' | ' + s.boxShadow }; };
            const now = style(e);
            const prev = window.__kbPrevious;
            let previousLostIt = null;
            if (prev && prev.el !== e && prev.el.isConnected) {
              previousLostIt = style(prev.el).key !== prev.key;
            }
            window.__kbPrevious = { el: e, key: now.key };
            const r = e.getBoundingClientRect();
            return { isBody: e === document.body || e === document.documentElement,
                     indicator: now.outline || now.shadow, style: now.key,
                     previousLostIt, size: r.width * r.height };"#,
        )
        .await;
        let here = self.focused().await;
        self.path.push(format!("{key} → {here}"));
        assert_eq!(
            seen["isBody"],
            json!(false),
            "{key} left the focus nowhere; path: {:#?}",
            self.path
        );
        assert_eq!(
            seen["indicator"],
            json!(true),
            "{here} has the focus but no visible focus indicator ({}); path: {:#?}",
            seen["style"],
            self.path
        );
        assert_ne!(
            seen["previousLostIt"],
            json!(false),
            "the element focused before {here} still looks focused; path: {:#?}",
            self.path
        );
        assert!(
            seen["size"].as_f64().unwrap_or(0.0) > 0.0,
            "{here} has the focus but is not shown"
        );
    }
}

/// Long because it is one author's keyboard session, the form then the review page, read
/// top to bottom.
#[tokio::test]
async fn an_author_submits_a_manuscript_with_the_keyboard_only() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let password = "a long enough passphrase 42";
    app.register_verified("Ada Osei", "ada@uni.example", password)
        .await;

    // Sign in: skip link, then the form.
    goto(b, &app.url("/login")).await;
    let mut kb = Keyboard::new(b);
    kb.tab().await;
    assert!(kb.focused().await.contains("Skip to main content"));
    kb.enter().await;
    kb.tab_to("#email").await;
    kb.type_text("ada@uni.example").await;
    kb.tab_to("#password").await;
    kb.type_text(password).await;
    kb.enter_to_next_page().await;
    assert!(
        js(b, "return document.querySelector('h1').textContent;")
            .await
            .as_str()
            .unwrap_or_default()
            .contains("Welcome, Ada Osei")
    );

    // From the collection page to the form.
    goto(b, &app.url("/collections/rare-cancers")).await;
    let mut kb = Keyboard::new(b);
    kb.tab_to("a[href='/submissions/new?collection=rare-cancers']")
        .await;
    kb.enter_to_next_page().await;

    // The form, field by field; a co-author added with the button.
    let mut kb = fill_in_the_form_by_keyboard(b).await;
    // A file input opens the system's file chooser on Space; WebDriver types the path into
    // the focused input instead, as its standard file-upload step.
    kb.tab_to("#manuscript").await;
    let scratch = ScratchDir::new();
    let pdf = scratch.0.join("retinoblastoma-cohort.pdf");
    std::fs::write(&pdf, pdf_bytes()).unwrap();
    let pdf = pdf.canonicalize().unwrap();
    b.active_element()
        .await
        .unwrap()
        .send_keys(&pdf.display().to_string())
        .await
        .unwrap();
    kb.tab_to("button[value=review]").await;
    // The upload goes by XHR (upload.js) and the answer, the review page, is written over
    // the form; its Submit is reached by Tab too.
    kb.enter().await;
    for _ in 0..200 {
        if js(
            b,
            "return document.querySelector('#final-submit') !== null;",
        )
        .await
            == json!(true)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut kb = Keyboard::new(b);
    kb.tab_to("#final-submit").await;
    kb.enter().await;
    let mut state = Value::Null;
    for _ in 0..200 {
        state = js(
            b,
            "const s = document.querySelector('#state'); return s ? s.textContent : null;",
        )
        .await;
        if !state.is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        state,
        json!("Submitted"),
        "the manuscript is submitted by keyboard alone; path: {:#?}",
        kb.path
    );
    let path = b.current_url().await.unwrap().path().to_owned();
    assert!(path.starts_with("/submissions/"), "{path}");
    browser.close().await;
}

/// The reviewer's side by keyboard alone: a reviewer with no account opens the e-mailed
/// link, accepts, declares no competing interest, writes the review and submits it.
#[tokio::test]
async fn a_reviewer_reviews_with_the_keyboard_only() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let b = &browser.client;
    let (_, _, link) = marta_invited(&app).await;

    // The invitation: Tab to "Accept the invitation", Enter.
    goto(b, &app.url(&link)).await;
    let mut kb = Keyboard::new(b);
    kb.tab_to("#accept").await;
    kb.enter_to_next_page().await;

    // The declaration: the first radio button by Tab, chosen with Space, sent with Enter.
    let mut kb = Keyboard::new(b);
    kb.tab_to("#answer").await;
    kb.space().await;
    assert_eq!(
        js(b, "return document.querySelector('#answer').checked;").await,
        json!(true)
    );
    // The confidentiality statement, ticked with Space.
    kb.tab_to("#confidential").await;
    kb.space().await;
    kb.tab_to("#declare").await;
    kb.enter_to_next_page().await;

    // The review: a recommendation (arrow keys are not needed: Tab reaches the group, Space
    // picks the focused choice), the comments, then Shift+Tab back to check the choice.
    let mut kb = Keyboard::new(b);
    kb.tab_to("#recommendation").await;
    kb.space().await;
    kb.tab_to("#comments_to_authors").await;
    kb.type_text("A careful family study. Please give the penetrance with intervals.")
        .await;
    kb.tab_to("#confidential_comments").await;
    kb.type_text("Sound work.").await;
    kb.shift_tab_to("#comments_to_authors").await;
    kb.tab_to("#submit-review").await;
    kb.enter_to_next_page().await;
    let status = js(
        b,
        "const s = document.querySelector('#invitation-status'); return s ? s.textContent : null;",
    )
    .await;
    assert_eq!(
        status,
        json!("Review submitted"),
        "the review is submitted by keyboard alone; path: {:#?}",
        kb.path
    );
    let recommendation: String = app
        .with_db(|conn| {
            use diesel::prelude::*;
            use peerdesk::db::schema::review_invitations;
            review_invitations::table
                .order(review_invitations::id.desc())
                .select(review_invitations::recommendation)
                .first(conn)
                .unwrap()
        })
        .await;
    assert_eq!(
        recommendation, "accept",
        "the first choice, picked with Space"
    );
    browser.close().await;
}

/// Fills in the submission form by keyboard alone, a co-author added with the button;
/// returns the keyboard on the page it ends on.
async fn fill_in_the_form_by_keyboard(b: &Client) -> Keyboard<'_> {
    let mut kb = Keyboard::new(b);
    kb.tab_to("#article_type").await;
    kb.type_text("Research").await;
    kb.tab_to("#title").await;
    kb.type_text("Outcomes of retinoblastoma in a national cohort")
        .await;
    kb.shift_tab_to("#article_type").await;
    kb.tab_to("#abstract_text").await;
    kb.type_text("Background: retinoblastoma is rare. Methods: we followed a national cohort. Results: survival improved.")
        .await;
    kb.tab_to("#keywords").await;
    kb.type_text("retinoblastoma, survival, cohort").await;
    kb.tab_to("#topics").await;
    kb.space().await;
    kb.tab_to("#rare_cancer_type").await;
    kb.type_text("Retinoblastoma").await;
    kb.tab_to("#author_aff_institution_0_0").await;
    if js(b, "return document.activeElement.value;").await == json!("") {
        kb.type_text("University of Ghana").await;
        kb.tab_to("#author_aff_country_0_0").await;
        kb.type_text("Ghana").await;
    }
    kb.tab_to("#corresponding_0").await;
    kb.space().await;
    kb.tab_to("button[value=add_author]").await;
    kb.enter_to_next_page().await;

    let mut kb = Keyboard::new(b);
    kb.tab_to("#author_given_names_1").await;
    kb.type_text("Ben").await;
    kb.tab().await;
    kb.type_text("Moller").await;
    // Past the order of the name (its first choice, given names first, is kept).
    kb.tab_to("#author_email_1").await;
    kb.type_text("ben@clinic.example").await;
    kb.tab_to("#author_aff_institution_1_0").await;
    kb.type_text("Aarhus University Hospital").await;
    kb.tab_to("#author_aff_country_1_0").await;
    // Typing a name on a focused list chooses it, as in any browser.
    kb.type_text("Denmark").await;
    kb.tab_to("input[name=competing_interests]").await;
    kb.space().await;
    kb.tab_to("input[name=ai_use]").await;
    kb.space().await;
    kb.tab_to("#ethics_statement").await;
    kb.type_text("Approved by the national ethics board (ref. 2024-17).")
        .await;
    kb.tab_to("#consent_for_publication").await;
    kb.type_text("Not applicable.").await;
    kb.tab_to("#data_availability").await;
    kb.type_text("Available from the corresponding author on request.")
        .await;
    kb.tab_to("#funding").await;
    kb.type_text("None").await;
    kb.tab_to("#authors_contributions").await;
    kb.type_text("Both authors wrote the manuscript.").await;
    kb
}
