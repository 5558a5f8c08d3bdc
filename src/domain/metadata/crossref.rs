//! A Crossref deposit (schema 5.3.1) of a batch of articles.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDateTime};

use super::{ArticleMeta, AuthorMeta, JournalMeta, paragraphs, xml_escape};

/// Who sends a Crossref deposit.
#[derive(Debug, Clone)]
pub struct Depositor {
    pub name: String,
    pub email: String,
    /// The organisation the DOIs are registered for (the publisher).
    pub registrant: String,
}

/// A Crossref deposit (schema 5.3.1) of `articles`: one `journal` element per volume (a
/// `journal` holds one `journal_issue`), each with the journal's metadata, the volume, and
/// one `journal_article` per article with its titles, contributors, abstract, publication
/// date, article number and `doi_data` (the DOI and the article's public page).
pub fn crossref_deposit(
    journal: &JournalMeta,
    depositor: &Depositor,
    batch_id: &str,
    at: NaiveDateTime,
    articles: &[ArticleMeta],
) -> String {
    let e = xml_escape;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<doi_batch xmlns=\"http://www.crossref.org/schema/5.3.1\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:jats=\"http://www.ncbi.nlm.nih.gov/JATS1\" xmlns:ai=\"http://www.crossref.org/AccessIndicators.xsd\" xmlns:fr=\"http://www.crossref.org/fundref.xsd\" version=\"5.3.1\" xsi:schemaLocation=\"http://www.crossref.org/schema/5.3.1 https://www.crossref.org/schemas/crossref5.3.1.xsd\">\n",
    );
    out.push_str("  <head>\n");
    let _ = writeln!(out, "    <doi_batch_id>{}</doi_batch_id>", e(batch_id));
    let _ = writeln!(
        out,
        "    <timestamp>{}</timestamp>",
        at.format("%Y%m%d%H%M%S")
    );
    let _ = writeln!(
        out,
        "    <depositor><depositor_name>{}</depositor_name><email_address>{}</email_address></depositor>",
        e(&depositor.name),
        e(&depositor.email)
    );
    let _ = writeln!(
        out,
        "    <registrant>{}</registrant>",
        e(&depositor.registrant)
    );
    out.push_str("  </head>\n  <body>\n");
    let mut volumes: Vec<(i32, i32)> = articles.iter().map(|a| (a.volume, a.year)).collect();
    volumes.sort_unstable();
    volumes.dedup_by_key(|(v, _)| *v);
    for (volume, year) in volumes {
        out.push_str("    <journal>\n      <journal_metadata language=\"en\">\n");
        let _ = writeln!(
            out,
            "        <full_title>{}</full_title>",
            e(&journal.title)
        );
        if !journal.issn.is_empty() {
            let _ = writeln!(
                out,
                "        <issn media_type=\"electronic\">{}</issn>",
                e(&journal.issn)
            );
        }
        out.push_str("      </journal_metadata>\n      <journal_issue>\n");
        let _ = writeln!(
            out,
            "        <publication_date media_type=\"online\"><year>{year}</year></publication_date>"
        );
        let _ = writeln!(
            out,
            "        <journal_volume><volume>{volume}</volume></journal_volume>"
        );
        out.push_str("      </journal_issue>\n");
        for a in articles.iter().filter(|a| a.volume == volume) {
            crossref_article(&mut out, journal, a);
        }
        out.push_str("    </journal>\n");
    }
    out.push_str("  </body>\n</doi_batch>\n");
    out
}

fn crossref_article(out: &mut String, journal: &JournalMeta, a: &ArticleMeta) {
    let e = xml_escape;
    out.push_str("      <journal_article publication_type=\"full_text\" language=\"en\">\n");
    let _ = writeln!(
        out,
        "        <titles><title>{}</title></titles>",
        e(&a.title)
    );
    crossref_contributors(out, &a.authors);
    let paras = paragraphs(&a.abstract_text);
    if !paras.is_empty() {
        out.push_str("        <jats:abstract>\n");
        for p in paras {
            let _ = writeln!(out, "          <jats:p>{}</jats:p>", e(&p));
        }
        out.push_str("        </jats:abstract>\n");
    }
    let d = a.published_on;
    let _ = writeln!(
        out,
        "        <publication_date media_type=\"online\"><month>{:02}</month><day>{:02}</day><year>{}</year></publication_date>",
        d.month(),
        d.day(),
        d.year()
    );
    if let Some(acc) = a.accepted_on {
        let _ = writeln!(
            out,
            "        <acceptance_date><month>{:02}</month><day>{:02}</day><year>{}</year></acceptance_date>",
            acc.month(),
            acc.day(),
            acc.year()
        );
    }
    let _ = writeln!(
        out,
        "        <publisher_item><item_number item_number_type=\"article_number\">{}</item_number></publisher_item>",
        a.article_number
    );
    crossref_crossmark_and_access(out, journal, a);
    let _ = writeln!(
        out,
        "        <doi_data><doi>{}</doi><resource>{}</resource></doi_data>",
        e(&a.doi),
        e(&a.url)
    );
    out.push_str("      </journal_article>\n");
}

/// The access indicators (free to read; the licence of the version of record from its
/// publication day), inside a Crossmark block when the journal has a Crossmark policy (the
/// schema allows one or the other at the article's level). A correction's Crossmark block
/// names the article it updates, so Crossmark shows the correction on the article.
fn crossref_crossmark_and_access(out: &mut String, journal: &JournalMeta, a: &ArticleMeta) {
    let e = xml_escape;
    let access = format!(
        "<ai:program name=\"AccessIndicators\"><ai:free_to_read/><ai:license_ref applies_to=\"vor\" start_date=\"{}\">{}</ai:license_ref></ai:program>",
        a.published_on.format("%Y-%m-%d"),
        e(a.licence.url())
    );
    let fundref = fundref(&a.funders);
    if journal.crossmark_policy.trim().is_empty() {
        let _ = writeln!(out, "        {fundref}{access}");
        return;
    }
    out.push_str("        <crossmark>\n");
    out.push_str("          <crossmark_version>1</crossmark_version>\n");
    let _ = writeln!(
        out,
        "          <crossmark_policy>{}</crossmark_policy>",
        e(journal.crossmark_policy.trim())
    );
    let _ = writeln!(
        out,
        "          <crossmark_domains><crossmark_domain><domain>{}</domain></crossmark_domain></crossmark_domains>",
        e(host_of(&a.url))
    );
    out.push_str("          <crossmark_domain_exclusive>false</crossmark_domain_exclusive>\n");
    if let Some(corrected) = &a.corrects {
        let _ = writeln!(
            out,
            "          <updates><update type=\"correction\" date=\"{}\">{}</update></updates>",
            a.published_on.format("%Y-%m-%d"),
            e(&corrected.doi)
        );
    }
    let _ = writeln!(
        out,
        "          <custom_metadata>{fundref}{access}</custom_metadata>"
    );
    out.push_str("        </crossmark>\n");
}

/// An author's `affiliations`: each institution by its name, its ROR id where known, and
/// its city and country as the place (the order of Crossref 5.3's `institution`).
fn crossref_affiliations(out: &mut String, list: &[crate::domain::affiliation::Affiliation]) {
    let e = xml_escape;
    let list: Vec<_> = list
        .iter()
        .filter(|a| !a.institution.trim().is_empty())
        .collect();
    if list.is_empty() {
        return;
    }
    out.push_str("            <affiliations>");
    for aff in list {
        let _ = write!(
            out,
            "<institution><institution_name>{}</institution_name>",
            e(aff.institution.trim())
        );
        let ror = aff.ror_url();
        if !ror.is_empty() {
            let _ = write!(
                out,
                "<institution_id type=\"ror\">{}</institution_id>",
                e(&ror)
            );
        }
        let place = aff.place();
        if !place.is_empty() {
            let _ = write!(out, "<institution_place>{}</institution_place>", e(&place));
        }
        out.push_str("</institution>");
    }
    out.push_str("</affiliations>\n");
}

/// The funders as Crossref's funding data (`fr:program name="fundref"`): a `fundgroup`
/// a funder, its `funder_name` holding its `funder_identifier` (the Funder ID's address),
/// then its `award_number`s; empty when there are no funders. The schema puts it before the
/// access indicators, at the article's level or in Crossmark's `custom_metadata`.
fn fundref(funders: &[crate::domain::funders::Funder]) -> String {
    let e = xml_escape;
    if funders.is_empty() {
        return String::new();
    }
    let mut out = String::from("<fr:program name=\"fundref\">");
    for f in funders {
        out.push_str("<fr:assertion name=\"fundgroup\">");
        let _ = write!(out, "<fr:assertion name=\"funder_name\">{}", e(&f.name));
        if !f.funder_id.is_empty() {
            let _ = write!(
                out,
                "<fr:assertion name=\"funder_identifier\">{}</fr:assertion>",
                e(&f.funder_url())
            );
        }
        out.push_str("</fr:assertion>");
        for award in &f.awards {
            let _ = write!(
                out,
                "<fr:assertion name=\"award_number\">{}</fr:assertion>",
                e(award)
            );
        }
        out.push_str("</fr:assertion>");
    }
    out.push_str("</fr:program>");
    out
}

/// The host of an address (`peerdesk.example` of `https://peerdesk.example/articles/1`).
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// The `contributors`: each author in order with their affiliation and ORCID iD.
fn crossref_contributors(out: &mut String, authors: &[AuthorMeta]) {
    let e = xml_escape;
    if !authors.is_empty() {
        out.push_str("        <contributors>\n");
        for (i, au) in authors.iter().enumerate() {
            let sequence = if i == 0 { "first" } else { "additional" };
            let _ = writeln!(
                out,
                "          <person_name sequence=\"{sequence}\" contributor_role=\"author\">"
            );
            let (given, surname) = au.name_parts();
            if !given.is_empty() {
                let _ = writeln!(out, "            <given_name>{}</given_name>", e(&given));
            }
            let _ = writeln!(out, "            <surname>{}</surname>", e(&surname));
            crossref_affiliations(out, &au.affiliations);
            if let Some(orcid) = &au.orcid {
                let _ = writeln!(
                    out,
                    "            <ORCID{}>https://orcid.org/{}</ORCID>",
                    authenticated(au.orcid_authenticated),
                    e(orcid)
                );
            }
            out.push_str("          </person_name>\n");
        }
        out.push_str("        </contributors>\n");
    }
}

/// The attribute an iD confirmed through ORCID sign-in carries (Crossref's and JATS's own
/// name for it); nothing for a typed one.
pub(super) fn authenticated(confirmed: bool) -> &'static str {
    if confirmed {
        " authenticated=\"true\""
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{article, journal};
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn funders_are_fundref_before_the_access_indicators() {
        let a = ArticleMeta {
            funders: super::super::tests::funders(),
            ..article()
        };
        let at = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let depositor = Depositor {
            name: "Office".into(),
            email: "office@peerdesk.example".into(),
            registrant: "BioMed Central".into(),
        };
        let group = "<fr:program name=\"fundref\"><fr:assertion name=\"fundgroup\"><fr:assertion name=\"funder_name\">Cancer Research UK &amp; &lt;Friends&gt;<fr:assertion name=\"funder_identifier\">https://doi.org/10.13039/501100000289</fr:assertion></fr:assertion><fr:assertion name=\"award_number\">C1234/A5678</fr:assertion><fr:assertion name=\"award_number\">C9</fr:assertion></fr:assertion><fr:assertion name=\"fundgroup\"><fr:assertion name=\"funder_name\">Fondazione AIRC</fr:assertion></fr:assertion></fr:program><ai:program";
        // Inside Crossmark's custom metadata, and at the article's level without Crossmark.
        let x = crossref_deposit(&journal(), &depositor, "b1", at, std::slice::from_ref(&a));
        assert!(x.contains(&format!("<custom_metadata>{group}")), "{x}");
        assert!(x.contains("xmlns:fr=\"http://www.crossref.org/fundref.xsd\""));
        let no_crossmark = JournalMeta {
            crossmark_policy: String::new(),
            ..journal()
        };
        let y = crossref_deposit(&no_crossmark, &depositor, "b1", at, &[a]);
        assert!(y.contains(&format!("        {group}")), "{y}");
        assert!(y.find("</publisher_item>") < y.find("<fr:program"));
    }

    #[test]
    fn crossref_deposit_groups_articles_by_volume() {
        let mut older = article();
        older.volume = 25;
        older.year = 2025;
        older.doi = "10.1186/s12885-025-00009".into();
        let at = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let x = crossref_deposit(
            &journal(),
            &Depositor {
                name: "Helen Marsh".into(),
                email: "helen@x.example".into(),
                registrant: "BioMed Central".into(),
            },
            "peerdesk-1",
            at,
            &[article(), older],
        );
        assert_eq!(x.matches("<journal>").count(), 2);
        assert_eq!(x.matches("<journal_article ").count(), 2);
        assert!(x.contains("<timestamp>20261123120000</timestamp>"));
        assert!(x.contains("<doi>10.1186/s12885-025-00009</doi>"));
        assert!(x.find("<volume>25</volume>") < x.find("<volume>26</volume>"));
        assert!(x.contains("<title>Tumours &lt;rare&gt; &amp; &quot;odd&quot;</title>"));
        assert!(x.contains("<ai:license_ref applies_to=\"vor\" start_date=\"2026-11-23\">https://creativecommons.org/licenses/by/4.0/</ai:license_ref>"));
        assert!(
            x.contains("<crossmark_policy>10.1007/springer_crossmark_policy</crossmark_policy>")
        );
        assert!(x.contains("<domain>peerdesk.example</domain>"));
        assert!(!x.contains("<updates>"), "articles update nothing");
        // Each author's affiliation: name, ROR id, then place, as the schema orders them.
        assert!(x.contains("<affiliations><institution><institution_name>IRCCS Ospedale Policlinico San Martino</institution_name><institution_id type=\"ror\">https://ror.org/04d7es448</institution_id><institution_place>Genoa, Italy</institution_place></institution></affiliations>"), "{x}");
        assert!(x.find("</affiliations>") < x.find("<ORCID>"));
    }

    #[test]
    fn a_two_part_family_name_is_one_surname() {
        let mut a = article();
        a.authors[0].given_names = "María José".into();
        a.authors[0].family_name = "García López".into();
        let at = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let depositor = Depositor {
            name: "Helen Marsh".into(),
            email: "helen@x.example".into(),
            registrant: "BioMed Central".into(),
        };
        let x = crossref_deposit(&journal(), &depositor, "b", at, &[a]);
        assert!(x.contains(
            "<given_name>María José</given_name>\n            <surname>García López</surname>"
        ));
    }

    #[test]
    fn a_correction_names_the_article_it_updates() {
        let mut correction = article();
        correction.is_correction = true;
        correction.doi = "10.1186/s12885-026-00124".into();
        correction.corrects = Some(crate::domain::metadata::RelatedMeta {
            title: "The article".into(),
            doi: "10.1186/s12885-026-00123".into(),
            url: "https://peerdesk.example/articles/1".into(),
            published_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        });
        let at = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let depositor = Depositor {
            name: "Helen Marsh".into(),
            email: "helen@x.example".into(),
            registrant: "BioMed Central".into(),
        };
        let x = crossref_deposit(
            &journal(),
            &depositor,
            "b",
            at,
            std::slice::from_ref(&correction),
        );
        assert!(x.contains("<updates><update type=\"correction\" date=\"2026-11-23\">10.1186/s12885-026-00123</update></updates>"));
        // Without a Crossmark policy, no Crossmark block: the access indicators stand alone.
        let plain = JournalMeta {
            crossmark_policy: String::new(),
            ..journal()
        };
        let x = crossref_deposit(&plain, &depositor, "b", at, &[correction]);
        assert!(!x.contains("<crossmark>"));
        assert!(x.contains("        <ai:program name=\"AccessIndicators\">"));
        assert_eq!(host_of("https://a.example:8080/x?y"), "a.example:8080");
    }
}
