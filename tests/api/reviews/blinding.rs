//! Who knows whom: authors never learn who reviewed them, and under double-blind review
//! the reviewers never learn who the authors are, not even from the file's properties.

use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use peerdesk::db::schema::review_invitations;

/// Long because it is one round of review, then everything the authors can see searched for the
/// reviewers' names.
async fn authors_never_learn_who_reviewed(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let (id, _, editor_email) = ada_submits(&app, 78, &[]).await;

    // A whole round: one reviewer with an account reviews, one declines, one is cancelled.
    as_person(&app, &logins, &editor_email).await;
    let lukas = app.person_id(LUKAS).await;
    let due = in_days(14);
    let invited = app
        .post_form(
            &format!("/editorial/submissions/{id}/reviewers"),
            &[("person_id", &lukas.to_string()), ("due_on", &due)],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER);
    let nils = invite_by_address(&app, id, "Nils Berg", NILS).await;
    invite_by_address(&app, id, "Olga Petrova", OLGA).await;
    let olga_id: i64 = app
        .with_db(|conn| {
            review_invitations::table
                .order(review_invitations::id.desc())
                .select(review_invitations::id)
                .first(conn)
                .unwrap()
        })
        .await;
    app.post_form(
        &format!("/editorial/submissions/{id}/reviewers/{olga_id}/cancel"),
        &[("reason", "Enough reviewers")],
    )
    .await;
    let editor_jar = browse_as(&mut app, &new_jar());
    post_on_page(
        &app,
        &nils,
        &format!("{nils}/decline"),
        &[("reason_kind", "too_busy"), ("reason", "Busy")],
    )
    .await;
    browse_as(&mut app, &editor_jar);

    // Lukas has a password: the link asks him to sign in, then he reviews.
    let lukas_link = invitation_link(&app, LUKAS).unwrap();
    as_person(&app, &logins, LUKAS).await;
    let desk = accept_and_declare(&app, &lukas_link).await;
    assert!(desk.starts_with("/reviews/"), "{desk}");
    let comments = "Please add the survival curves.";
    send_review(&app, &desk, "major_revision", comments, "", "submit").await;
    // The manuscript file is named by number, not by the authors' file name.
    let desk_page = app.get(&desk).await;
    let file = desk_page
        .attr("a[href*='/files/']", "href")
        .expect("file link");
    let resp = app.client.get(app.url(&file)).send().await.unwrap();
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!disposition.contains("paper.pdf"), "{disposition}");

    // Everything the author can see: their pages and every e-mail to any author.
    app.logout().await;
    let signed_in = app.login("ada@uni.example", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let mut seen = Vec::new();
    for path in [
        "/dashboard".to_owned(),
        "/submissions".to_owned(),
        format!("/submissions/{id}"),
        "/reviews".to_owned(),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        seen.push((path, page.text));
    }
    assert!(
        seen[2].1.contains("Under review"),
        "the author sees the state"
    );
    for m in app.outbox() {
        if m.to_address == "ada@uni.example" || m.to_address == "ben@clinic.example" {
            seen.push((
                m.subject.clone(),
                format!("{}\n{}\n{}", m.subject, m.body_text, m.body_html),
            ));
        }
    }
    assert!(seen.len() >= 6, "pages and mails collected: {}", seen.len());
    for (what, text) in &seen {
        for secret in [
            "Lukas",
            "Weber",
            LUKAS,
            "Nils",
            "Berg",
            "nils.berg",
            "Olga",
            "Petrova",
            "olga.petrova",
        ] {
            assert!(!text.contains(secret), "{what} names a reviewer ({secret})");
        }
    }
}

async fn double_blind_review_hides_the_authors_from_reviewers(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    let id = first_submission(&app).await;
    set_blinding(&app, "double").await;
    as_person(&app, &logins, ATIF).await;
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let invitation = app
        .mails_to(NEW_REVIEWER)
        .into_iter()
        .find(|m| m.contains("/invitations/"))
        .unwrap();
    assert!(!invitation.contains("Sofia Bianchi"), "{invitation}");
    assert!(!invitation.contains("San Martino"), "{invitation}");

    browse_as(&mut app, &new_jar());
    let page = app.get(&link).await.visible_text();
    assert!(page.contains("double-blind review"), "{page}");
    assert!(
        !page.contains("Sofia Bianchi") && !page.contains("San Martino"),
        "{page}"
    );
    let desk = accept_and_declare(&app, &link).await;
    let page = app.get(&desk).await;
    let text = page.visible_text();
    assert!(page.select("#review-form").len() == 1, "{text}");
    assert!(
        !text.contains("Sofia Bianchi") && !text.contains("San Martino"),
        "{text}"
    );

    // Single-blind (the default) shows them.
    set_blinding(&app, "single").await;
    assert!(
        app.get(&desk)
            .await
            .visible_text()
            .contains("Sofia Bianchi")
    );
}

/// A PDF whose document information names `author`.
fn pdf_naming(author: &str) -> Vec<u8> {
    format!(
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Title (Draft) /Author ({author}) >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 2 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

async fn a_file_naming_its_author_is_pointed_out_and_blanked_for_reviewers(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    set_blinding(&app, "double").await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let manuscript = pdf_naming("Ada Osei");
    // A draft: the form shows it beside the attached file, where it can be replaced.
    let mut draft = complete_form(collection_id, &topic, &format!("{:032x}", 78));
    draft.retain(|(k, _)| k != "action");
    draft.push(("action".to_owned(), "save".to_owned()));
    let files = [("manuscript", "paper.pdf", manuscript.clone())];
    let saved = post_fields(&app, "/submissions/new", &draft, &files).await;
    let edit = saved.location.clone().expect("to the draft's form");
    let warning = app.get(&edit).await.select(".metadata-warning").join(" ");
    assert!(
        warning.contains("name Ada Osei as its author")
            && warning.contains("attach the file again"),
        "{warning}"
    );

    let fields = complete_form(collection_id, &topic, &format!("{:032x}", 77));
    let made = submit_manuscript_file(&app, &fields, manuscript.clone()).await;
    let show = made.location.clone().expect("to the submission's page");
    // The author is told at once, on the page the upload leads to.
    let warning = app.get(&show).await.select(".metadata-warning").join(" ");
    assert!(
        warning.contains("document properties name Ada Osei as its author")
            && warning.contains("double-blind"),
        "{warning}"
    );

    // The handling editor sees it beside the file.
    let (id, _, editor) = newest_with_editor(&app).await;
    as_person(&app, &logins, &editor).await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    let warning = page.select(".metadata-warning").join(" ");
    assert!(warning.contains("Ada Osei"), "{warning}");

    // A reviewer downloads a copy with the name blanked, every offset kept.
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    let editor_jar = browse_as(&mut app, &new_jar());
    let desk = accept_and_declare(&app, &link).await;
    let href = app
        .get(&desk)
        .await
        .attr(".files a", "href")
        .expect("the manuscript's link");
    let copy = app
        .client
        .get(app.url(&href))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    assert_eq!(copy.len(), manuscript.len());
    assert!(copy.starts_with(b"%PDF-1.7"));
    let text = String::from_utf8_lossy(&copy);
    assert!(!text.contains("Ada Osei"), "{text}");
    assert!(text.contains("/Title (Draft) /Author (        )"), "{text}");
    browse_as(&mut app, &editor_jar);

    // Single-blind review: nothing to point out.
    set_blinding(&app, "single").await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    assert!(page.select(".metadata-warning").is_empty());
}

/// A Word file (DOCX: stored, uncompressed entries) whose core properties name `author`
/// as its creator and last editor, and whose title page names them too.
fn docx_naming(author: &str) -> Vec<u8> {
    let core = format!(
        "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Draft</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy></cp:coreProperties>"
    );
    let body = format!(
        "<w:document><w:body><w:p><w:r><w:t>Outcomes, by {author}</w:t></w:r></w:p></w:body></w:document>"
    );
    let parts: [(&str, &[u8]); 3] = [
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", body.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
    ];
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in parts {
        let at = out.len() as u32;
        let sizes = [(data.len() as u32).to_le_bytes(); 2].concat();
        let name_len = (name.len() as u16).to_le_bytes();
        out.extend_from_slice(&[b"PK\x03\x04".as_slice(), &[20, 0, 0, 0, 0, 0], &[0; 8]].concat());
        out.extend_from_slice(
            &[sizes.as_slice(), &name_len, &[0, 0], name.as_bytes(), data].concat(),
        );
        central.extend_from_slice(
            &[
                b"PK\x01\x02".as_slice(),
                &[20, 0, 20, 0, 0, 0, 0, 0],
                &[0; 8],
            ]
            .concat(),
        );
        central.extend_from_slice(
            &[
                sizes.as_slice(),
                &name_len,
                &[0; 12],
                &at.to_le_bytes(),
                name.as_bytes(),
            ]
            .concat(),
        );
    }
    let (central_at, central_len) = (out.len() as u32, central.len() as u32);
    out.extend_from_slice(&central);
    out.extend_from_slice(&[b"PK\x05\x06".as_slice(), &[0; 4], &[3, 0, 3, 0]].concat());
    out.extend_from_slice(&[central_len.to_le_bytes(), central_at.to_le_bytes()].concat());
    out.extend_from_slice(&[0, 0]);
    out
}

/// Double-blind: a Word file naming its author reaches reviewers as a copy whose core
/// properties name nobody, still a Word file; the editor is told what was removed, and
/// that its first pages name her.
async fn a_word_file_naming_its_author_reaches_reviewers_without_the_name(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let logins = app.load_demo().await;
    set_blinding(&app, "double").await;
    signed_in_author(&app, "Ada Osei", "ada@uni.example").await;
    let (collection_id, topic) = rare_cancers(&app).await;
    let manuscript = docx_naming("Ada Osei");
    assert_eq!(
        peerdesk::storage::document_authors(&manuscript),
        ["Ada Osei"]
    );
    let fields = complete_form(collection_id, &topic, &format!("{:032x}", 79));
    let files = [("manuscript", "paper.docx", manuscript)];
    let made = post_fields(&app, "/submissions/new", &fields, &files).await;
    assert_eq!(
        made.status,
        StatusCode::SEE_OTHER,
        "{}",
        made.visible_text()
    );
    let (id, _, editor) = newest_with_editor(&app).await;
    as_person(&app, &logins, &editor).await;
    let page = app.get(&format!("/editorial/submissions/{id}")).await;
    let warning = page.select(".metadata-warning").join(" ");
    assert!(
        warning.contains("Ada Osei") && warning.contains("creator and last editor emptied"),
        "{warning}"
    );
    // Its text names her too: no copy changes that, and the editor is told.
    let in_text = page.select(".text-warning").join(" ");
    assert!(in_text.contains("first pages name Ada Osei"), "{in_text}");
    let link = invite_by_address(&app, id, "Marta Lindqvist", NEW_REVIEWER).await;
    browse_as(&mut app, &new_jar());
    let desk = accept_and_declare(&app, &link).await;
    let href = app.get(&desk).await.attr(".files a", "href").unwrap();
    let copy = app.client.get(app.url(&href)).send().await.unwrap();
    let copy = copy.bytes().await.unwrap().to_vec();
    assert_eq!(
        peerdesk::storage::sniff(&copy),
        Some(peerdesk::storage::FileKind::Docx)
    );
    assert!(peerdesk::storage::document_authors(&copy).is_empty());
    // The text itself is never changed (the warning above says so).
    assert!(String::from_utf8_lossy(&copy).contains("Outcomes, by Ada Osei"));
}

crate::on_both_backends!(
    authors_never_learn_who_reviewed,
    double_blind_review_hides_the_authors_from_reviewers,
    a_file_naming_its_author_is_pointed_out_and_blanked_for_reviewers,
    a_word_file_naming_its_author_reaches_reviewers_without_the_name,
);
