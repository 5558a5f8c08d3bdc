//! The published side of the demo: an article published with a correction, and an
//! accepted manuscript waiting for publication.

use crate::config::Site;
use crate::db::{DbConnection, accounts, facts, roles};

use super::cases::{PUBLISHED_CASES, submit_demo_case};
use super::review::review_and_accept;

/// The editor-in-chief, who publishes the demo article.
const DEMO_CHIEF: &str = "helen.marsh@bmccancer.example";

/// A small, valid one-page PDF saying what it is (byte offsets computed, so readers open it
/// without repairing it).
pub fn demo_pdf(title: &str) -> Vec<u8> {
    let safe: String = title
        .chars()
        .filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\'))
        .take(80)
        .collect();
    let text = format!("BT /F1 12 Tf 72 720 Td (Demo article: {safe}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

/// Loads the published side of the demo once (after [`load`]): one article published by
/// the editor-in-chief with a correction, and one accepted manuscript waiting for
/// publication. Returns the ids of (the published article, the accepted submission), or
/// `None` when it was loaded before.
pub fn load_published(
    conn: &mut DbConnection,
    files: &crate::storage::FileStore,
    site: &Site,
) -> anyhow::Result<Option<(i64, i64)>> {
    use crate::domain::publishing::PublishInput;
    use crate::workflow::publishing::{self, CorrectionInput, FinalPdf, PublishOutcome};
    if facts::get(conn, facts::DEMO_PUBLISHED)?.is_some()
        || facts::get(conn, facts::DEMO_LOADED)?.is_none()
    {
        return Ok(None);
    }
    let stored = files.put(&demo_pdf(PUBLISHED_CASES[0].title))?;
    crate::db::write_transaction(conn, |conn| -> anyhow::Result<Option<(i64, i64)>> {
        if !facts::record_once(conn, facts::DEMO_PUBLISHED, "yes")? {
            return Ok(None);
        }
        let mut ids = Vec::new();
        for case in PUBLISHED_CASES {
            let id = submit_demo_case(conn, case, site)?;
            review_and_accept(conn, id, site)?;
            ids.push(id);
        }
        let chief = accounts::find_person_by_email(conn, DEMO_CHIEF)?
            .ok_or_else(|| anyhow::anyhow!("the demo editor-in-chief is missing"))?;
        let roles = roles::held_roles(conn, chief.id)?;
        let page = publishing::publish_page(conn, &chief, &roles, ids[0], site)?
            .ok_or_else(|| anyhow::anyhow!("the demo article cannot be published"))?;
        let pdf = FinalPdf {
            sha256: stored.sha256.clone(),
            size: i64::try_from(stored.size)?,
            original_name: "pulmonary-angiosarcoma.pdf".into(),
        };
        let article_id =
            match publishing::publish(conn, &chief, &roles, ids[0], &page.suggested, &pdf, site)? {
                PublishOutcome::Published { article_id, .. } => article_id,
                other => anyhow::bail!("the demo article was not published: {other:?}"),
            };
        let correction = publishing::correction_page(conn, &chief, &roles, article_id, site)?
            .ok_or_else(|| anyhow::anyhow!("no correction page for the demo article"))?;
        let input = CorrectionInput {
            notice: "After publication of this article, the authors noticed that the affiliation of Hao Jian was given incorrectly. The correct affiliation is Xi'an Jiaotong University, China. The original article has been corrected.".into(),
            details: PublishInput { ..correction.suggested.details.clone() },
            ..correction.suggested.clone()
        };
        match publishing::publish_correction(conn, &chief, &roles, article_id, &input, site)? {
            PublishOutcome::Published { .. } => {}
            other => anyhow::bail!("the demo correction was not published: {other:?}"),
        }
        Ok(Some((article_id, ids[1])))
    })
}
