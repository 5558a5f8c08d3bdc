//! How the scholarly web finds the published record: Atom feeds of published articles and
//! corrections (RFC 4287), the sitemap of the public pages (sitemaps.org 0.9), and
//! robots.txt, which names the sitemap and keeps crawlers out of the pages behind a
//! sign-in.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{ArticleMeta, paragraphs, xml_escape};

/// What a feed says about itself.
#[derive(Debug, Clone)]
pub struct FeedMeta {
    pub title: String,
    pub subtitle: String,
    /// The feed's own address (also its permanent id).
    pub self_url: String,
    /// The page the feed follows (the collection's page, or the home page).
    pub page_url: String,
    /// Who publishes it: the journal, or the site.
    pub author: String,
    /// When nothing has been published yet: when the feed's subject last changed.
    pub quiet_since: NaiveDate,
}

/// When an article's page last changed: its publication, or its latest correction.
pub fn last_change(a: &ArticleMeta) -> NaiveDate {
    a.corrections
        .iter()
        .map(|c| c.published_on)
        .chain([a.published_on])
        .max()
        .unwrap_or(a.published_on)
}

/// An Atom date: the day at midnight UTC (the journal publishes by the day).
fn atom_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

/// An Atom feed of `entries` (articles and corrections, newest first): each with its DOI
/// as id, its page as the alternate link, its PDF as enclosure, its authors, dates, kind
/// and abstract (the notice of a correction, with a link to the article it corrects).
pub fn atom_feed(feed: &FeedMeta, entries: &[ArticleMeta]) -> String {
    let e = xml_escape;
    let updated = entries
        .iter()
        .map(last_change)
        .max()
        .unwrap_or(feed.quiet_since);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n");
    let _ = writeln!(out, "  <id>{}</id>", e(&feed.self_url));
    let _ = writeln!(out, "  <title>{}</title>", e(&feed.title));
    if !feed.subtitle.trim().is_empty() {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", e(&feed.subtitle));
    }
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        e(&feed.self_url)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        e(&feed.page_url)
    );
    let _ = writeln!(out, "  <updated>{}</updated>", atom_date(updated));
    let _ = writeln!(out, "  <author><name>{}</name></author>", e(&feed.author));
    out.push_str("  <generator>peerdesk</generator>\n");
    for a in entries {
        atom_entry(&mut out, a);
    }
    out.push_str("</feed>\n");
    out
}

fn atom_entry(out: &mut String, a: &ArticleMeta) {
    let e = xml_escape;
    out.push_str("  <entry>\n");
    let _ = writeln!(out, "    <id>https://doi.org/{}</id>", e(&a.doi));
    let _ = writeln!(out, "    <title>{}</title>", e(&a.title));
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        e(&a.url)
    );
    if let Some(pdf) = &a.pdf_url {
        let _ = writeln!(
            out,
            "    <link rel=\"enclosure\" type=\"application/pdf\" href=\"{}\"/>",
            e(pdf)
        );
    }
    if let Some(c) = &a.corrects {
        let _ = writeln!(
            out,
            "    <link rel=\"related\" type=\"text/html\" href=\"{}\" title=\"{}\"/>",
            e(&c.url),
            e(&c.title)
        );
    }
    let _ = writeln!(
        out,
        "    <published>{}</published>",
        atom_date(a.published_on)
    );
    let _ = writeln!(out, "    <updated>{}</updated>", atom_date(last_change(a)));
    for au in &a.authors {
        let _ = write!(out, "    <author><name>{}</name>", e(&au.name));
        if let Some(orcid) = &au.orcid {
            let _ = write!(out, "<uri>https://orcid.org/{}</uri>", e(orcid));
        }
        out.push_str("</author>\n");
    }
    let kind = if a.is_correction {
        "Correction"
    } else {
        "Research Article"
    };
    let _ = writeln!(out, "    <category term=\"{kind}\"/>");
    let _ = writeln!(
        out,
        "    <rights>{}</rights>",
        e(&format!("{} {}", a.licence.short_name(), a.licence.url()))
    );
    let summary = paragraphs(&a.abstract_text).join(" ");
    if !summary.is_empty() {
        let _ = writeln!(out, "    <summary>{}</summary>", e(&summary));
    }
    out.push_str("  </entry>\n");
}

/// The sitemap (sitemaps.org 0.9) of these public pages, each with the day it last
/// changed.
pub fn sitemap(pages: &[(String, NaiveDate)]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, lastmod) in pages {
        let _ = writeln!(
            out,
            "  <url><loc>{}</loc><lastmod>{}</lastmod></url>",
            xml_escape(url),
            lastmod.format("%Y-%m-%d")
        );
    }
    out.push_str("</urlset>\n");
    out
}

/// Where crawlers have nothing to read: every page behind a sign-in (editorial, the office,
/// accounts, profiles, submissions, reviews, a reviewer's certificate and records), the secret
/// links (reviewers' invitations, co-authors' confirmations, a digest's link to its reader's
/// mail choices) and the account forms. They answer a sign-in page or 404 to a crawler anyway; this keeps them out of
/// search results and spares the server.
pub const KEPT_FROM_CRAWLERS: &[&str] = &[
    "/account",
    "/admin",
    "/authorship",
    "/dashboard",
    "/editorial",
    "/invitations",
    "/login",
    "/logout",
    "/mail",
    "/orcid",
    "/password",
    "/profile",
    "/register",
    "/reviewer",
    "/reviews",
    "/submissions",
    "/verify-email",
    "/healthz",
];

/// robots.txt: the pages kept from crawlers, and where the sitemap is.
pub fn robots_txt(base_url: &str) -> String {
    let mut out = String::from("User-agent: *\n");
    for path in KEPT_FROM_CRAWLERS {
        let _ = writeln!(out, "Disallow: {path}");
    }
    out.push_str("Allow: /\n\n");
    let _ = writeln!(out, "Sitemap: {base_url}/sitemap.xml");
    out
}

#[cfg(test)]
mod tests {
    use super::super::RelatedMeta;
    use super::super::tests::article;
    use super::*;

    fn feed() -> FeedMeta {
        FeedMeta {
            title: "Rare cancers — BMC Cancer".into(),
            subtitle: "Articles & corrections".into(),
            self_url: "https://peerdesk.example/collections/rare-cancers/feed.atom".into(),
            page_url: "https://peerdesk.example/collections/rare-cancers".into(),
            author: "BMC Cancer".into(),
            quiet_since: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        }
    }

    #[test]
    fn a_feed_is_updated_by_its_latest_change() {
        let mut a = article();
        a.corrections.push(RelatedMeta {
            title: "Correction".into(),
            doi: "10.1186/x".into(),
            url: "https://peerdesk.example/articles/2".into(),
            published_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        });
        let x = atom_feed(&feed(), &[a]);
        assert!(x.contains("<subtitle>Articles &amp; corrections</subtitle>"));
        assert!(x.contains("  <updated>2026-12-01T00:00:00Z</updated>\n  <author>"));
        assert!(x.contains("<published>2026-11-23T00:00:00Z</published>"));
        assert!(x.contains("<id>https://doi.org/10.1186/s12885-026-00123</id>"));
        assert!(x.contains("<title>Tumours &lt;rare&gt; &amp; &quot;odd&quot;</title>"));
        let empty = atom_feed(&feed(), &[]);
        assert!(empty.contains("<updated>2026-01-05T00:00:00Z</updated>"));
        assert!(!empty.contains("<entry>"));
    }

    #[test]
    fn robots_names_the_sitemap() {
        let r = robots_txt("https://peerdesk.example");
        assert!(r.contains("Disallow: /editorial\n"));
        assert!(r.ends_with("Sitemap: https://peerdesk.example/sitemap.xml\n"));
    }
}
