//! Real Chromium (issue 20 item 3): an author types a co-author's name in its parts — "María
//! José" given names, "García López" one family name — sees the name as it will appear
//! while typing, and submits; once the manuscript is accepted and published, the JATS and
//! Crossref exports the editorial office downloads file her under "García López".

use std::time::Duration;

use diesel::prelude::*;
use fantoccini::{Client, Locator};
use peerdesk::db::schema::submissions;
use reqwest::StatusCode;

use crate::browser::{
    click, fill, fill_affiliation, fill_the_manuscript, sign_in, start_browser, text_of, value_of,
    wait_for_text,
};
use crate::helpers::{Backend, HELEN, ScratchDir, pdf_bytes, spawn_app};

const PASSWORD: &str = "a long enough passphrase 42";
const TITLE: &str = "Outcomes of retinoblastoma in a national cohort";

/// Waits (up to 10 s) for `css` to be on the page.
async fn wait_for(b: &Client, css: &str) {
    for _ in 0..100 {
        if b.find(Locator::Css(css)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expected {css} on the page");
}

/// The number at the end of an address (`/articles/7` → 7).
fn last_number(address: &str) -> i64 {
    address
        .rsplit('/')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("an id at the end of {address}"))
}

/// Long because it is one author's session in the browser, then the office's downloads,
/// read top to bottom.
#[tokio::test]
async fn a_two_part_family_name_typed_in_the_form_lands_in_the_exports() {
    let Some(browser) = start_browser().await else {
        return;
    };
    let app = spawn_app(Backend::Sqlite).await;
    let logins = app.load_demo().await;
    app.register_verified("Ada Osei", "ada@uni.example", PASSWORD)
        .await;
    let b = &browser.client;
    sign_in(b, &app, "ada@uni.example", PASSWORD).await;
    b.goto(&app.url("/submissions/new?collection=rare-cancers"))
        .await
        .unwrap();
    wait_for(b, "#author_family_name_0").await;
    fill_affiliation(b, (0, 0), "University of Ghana", "Accra", "Ghana").await;
    click(b, "button[value=add_author]").await;
    wait_for(b, "#author_family_name_1").await;

    fill(b, "#author_given_names_1", "María José").await;
    fill(b, "#author_family_name_1", "García López").await;
    // The name as it will appear follows the typing (names.js).
    wait_for_text(b, "#author-1 output", "María José García López").await;
    fill(b, "#author_email_1", "mj.garcia@hsanmartino.example").await;
    fill_affiliation(
        b,
        (1, 0),
        "IRCCS Ospedale Policlinico San Martino",
        "Genoa",
        "Italy",
    )
    .await;
    // A second affiliation for her, added without JavaScript by the row's button; its ROR
    // id typed wrong first.
    click(b, "button[value='add_affiliation:1']").await;
    wait_for(b, "#author_aff_institution_1_1").await;
    fill_affiliation(b, (1, 1), "Karolinska Institutet", "Stockholm", "Sweden").await;
    fill(b, "#author_aff_ror_1_1", "https://ror.org/056d84692").await;
    fill_the_manuscript(b, TITLE).await;
    let scratch = ScratchDir::new();
    let pdf = scratch.0.join("cohort.pdf");
    std::fs::write(&pdf, pdf_bytes()).unwrap();
    b.find(Locator::Css("#manuscript"))
        .await
        .unwrap()
        .send_keys(pdf.canonicalize().unwrap().to_str().unwrap())
        .await
        .unwrap();
    click(b, "button[value=review]").await;
    wait_for(b, "#author_aff_ror_1_1-error").await;
    assert!(
        text_of(b, "#author_aff_ror_1_1-error")
            .await
            .contains("check digits"),
    );
    // Everything typed is kept: the institution, the chosen country, the wrong id.
    assert_eq!(
        value_of(b, "#author_aff_institution_1_1").await,
        "Karolinska Institutet"
    );
    assert_eq!(value_of(b, "#author_aff_country_1_1").await, "SE");
    let ror = b.find(Locator::Css("#author_aff_ror_1_1")).await.unwrap();
    ror.clear().await.unwrap();
    ror.send_keys("https://ror.org/056d84691").await.unwrap();
    // The review page lists her affiliations as the editor will read them.
    click(b, "button[value=review]").await;
    wait_for(b, "#final-submit").await;
    let reviewed = text_of(b, "#reviewed-authors").await;
    assert!(
        reviewed.contains("IRCCS Ospedale Policlinico San Martino, Genoa, Italy; Karolinska Institutet, Stockholm, Sweden"),
        "{reviewed}"
    );
    click(b, "#final-submit").await;
    wait_for(b, ".filed-as").await;
    assert_eq!(text_of(b, "#state").await, "Submitted");
    let filed = text_of(b, "ol.authors").await;
    assert!(
        filed.contains("Filed as: García López, María José"),
        "{filed}"
    );
    let url = b.current_url().await.unwrap().to_string();
    let id = last_number(&url);
    browser.close().await;

    // Accepted (review is not what this is about), then published by the editor-in-chief.
    app.with_db(move |conn| {
        diesel::update(submissions::table.find(id))
            .set(submissions::state.eq("accepted"))
            .execute(conn)
            .unwrap();
    })
    .await;
    assert_eq!(
        app.login(HELEN, &logins[HELEN]).await.status,
        StatusCode::SEE_OTHER
    );
    let today = chrono::Utc::now().date_naive();
    let year = chrono::Datelike::year(&today);
    let published = app
        .post_multipart(
            &format!("/editorial/submissions/{id}/publish"),
            &[
                ("volume", &(year - 2000).to_string()),
                ("article_number", "77"),
                ("doi", &format!("10.1186/s12885-{:03}-00077", year % 1000)),
                ("published_on", &today.format("%Y-%m-%d").to_string()),
            ],
            &[("pdf", "final.pdf", pdf_bytes())],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.visible_text()
    );
    let article = last_number(published.location.as_deref().unwrap());
    let jats = app
        .get(&format!("/editorial/exports/articles/{article}/jats.xml"))
        .await
        .text;
    assert!(
        jats.contains(
            "<name><surname>García López</surname><given-names>María José</given-names></name>"
        ),
        "{jats}"
    );
    // Her two affiliations are tagged, the second with its ROR id; the first author's is
    // number 1.
    assert!(
        jats.contains(
            "<xref ref-type=\"aff\" rid=\"aff2\"/>\n          <xref ref-type=\"aff\" rid=\"aff3\"/>"
        ),
        "{jats}"
    );
    assert!(
        jats.contains("<aff id=\"aff3\"><institution-wrap><institution-id institution-id-type=\"ror\">https://ror.org/056d84691</institution-id><institution>Karolinska Institutet</institution></institution-wrap>, <city>Stockholm</city>, <country country=\"SE\">Sweden</country></aff>"),
        "{jats}"
    );
    let page = app.get(&format!("/articles/{article}")).await;
    assert!(
        page.html.html().contains("García López<sup>2,3</sup>"),
        "{}",
        page.visible_text()
    );
    let deposit = app.get("/editorial/exports/crossref.xml").await.text;
    assert!(
        deposit.contains("<institution><institution_name>Karolinska Institutet</institution_name><institution_id type=\"ror\">https://ror.org/056d84691</institution_id><institution_place>Stockholm, Sweden</institution_place></institution>"),
        "{deposit}"
    );
    assert!(
        deposit.contains(
            "<given_name>María José</given_name>\n            <surname>García López</surname>"
        ),
        "{deposit}"
    );
    for xml in [&jats, &deposit] {
        roxmltree::Document::parse_with_options(
            xml,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .expect("well-formed");
    }
}
