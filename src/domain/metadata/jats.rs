//! JATS 1.3 (Journal Publishing) front matter of one article.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{ArticleMeta, AuthorMeta, JournalMeta, paragraphs, xml_escape};
use crate::domain::licence::COPYRIGHT_HOLDER;

fn jats_date(out: &mut String, tag: &str, attrs: &str, d: NaiveDate) {
    let _ = writeln!(
        out,
        "      <{tag}{attrs}><day>{:02}</day><month>{:02}</month><year>{}</year></{tag}>",
        d.day(),
        d.month(),
        d.year()
    );
}

/// The JATS (1.3, Journal Publishing) front matter of one article: journal metadata and
/// article metadata (DOI, title, authors with affiliations, dates, volume, article number
/// as `elocation-id`, abstract and keywords). The body stays in the PDF.
pub fn jats_front(journal: &JournalMeta, a: &ArticleMeta) -> String {
    let e = xml_escape;
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN\" \"JATS-journalpublishing1-3.dtd\">\n",
    );
    let article_type = if a.is_correction {
        "correction"
    } else {
        "research-article"
    };
    let _ = writeln!(
        out,
        "<article xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:ali=\"http://www.niso.org/schemas/ali/1.0/\" article-type=\"{article_type}\" dtd-version=\"1.3\" xml:lang=\"en\">"
    );
    out.push_str("  <front>\n");
    jats_journal_meta(&mut out, journal);
    out.push_str("    <article-meta>\n");
    let _ = writeln!(
        out,
        "      <article-id pub-id-type=\"doi\">{}</article-id>",
        e(&a.doi)
    );
    let heading = if a.is_correction {
        "Correction"
    } else {
        "Research"
    };
    let _ = writeln!(
        out,
        "      <article-categories><subj-group subj-group-type=\"heading\"><subject>{heading}</subject></subj-group></article-categories>"
    );
    let _ = writeln!(
        out,
        "      <title-group><article-title>{}</article-title></title-group>",
        e(&a.title)
    );
    jats_contributors(&mut out, &a.authors);
    jats_dates(&mut out, a);
    jats_permissions(&mut out, a);
    let _ = writeln!(out, "      <self-uri xlink:href=\"{}\"/>", e(&a.url));
    for c in &a.corrections {
        let _ = writeln!(
            out,
            "      <related-article related-article-type=\"correction-forward\" ext-link-type=\"doi\" xlink:href=\"{}\"/>",
            e(&c.doi)
        );
    }
    if let Some(doi) = a.corrects.as_ref().map(|c| &c.doi) {
        let _ = writeln!(
            out,
            "      <related-article related-article-type=\"corrected-article\" ext-link-type=\"doi\" xlink:href=\"{}\"/>",
            e(doi)
        );
    }
    jats_abstract_and_keywords(&mut out, a);
    jats_funding(&mut out, a);
    jats_ai_use(&mut out, a);
    out.push_str("    </article-meta>\n  </front>\n</article>\n");
    out
}

/// JATS `journal-meta`: the journal's title, and its ISSN and publisher when known.
fn jats_journal_meta(out: &mut String, journal: &JournalMeta) {
    let e = xml_escape;
    out.push_str("    <journal-meta>\n");
    let _ = writeln!(
        out,
        "      <journal-id journal-id-type=\"publisher-id\">{}</journal-id>",
        e(&journal.title)
    );
    let _ = writeln!(
        out,
        "      <journal-title-group><journal-title>{}</journal-title></journal-title-group>",
        e(&journal.title)
    );
    if !journal.issn.is_empty() {
        let _ = writeln!(
            out,
            "      <issn publication-format=\"electronic\">{}</issn>",
            e(&journal.issn)
        );
    }
    if !journal.publisher.is_empty() {
        let _ = writeln!(
            out,
            "      <publisher><publisher-name>{}</publisher-name></publisher>",
            e(&journal.publisher)
        );
    }
    out.push_str("    </journal-meta>\n");
}

/// JATS `contrib-group` and `aff`s: each author with their ORCID iD and a reference to
/// their affiliation, one `aff` per distinct affiliation in order of first appearance.
fn jats_contributors(out: &mut String, authors: &[AuthorMeta]) {
    let e = xml_escape;
    let (affs, numbers) = super::numbered_affiliations(authors);
    let corresponding: Vec<&AuthorMeta> = authors.iter().filter(|a| a.corresponding).collect();
    if !authors.is_empty() {
        out.push_str("      <contrib-group>\n");
        for (au, mine) in authors.iter().zip(&numbers) {
            let corresp = if au.corresponding {
                " corresp=\"yes\""
            } else {
                ""
            };
            let _ = writeln!(out, "        <contrib contrib-type=\"author\"{corresp}>");
            if let Some(orcid) = &au.orcid {
                let _ = writeln!(
                    out,
                    "          <contrib-id contrib-id-type=\"orcid\"{}>https://orcid.org/{}</contrib-id>",
                    super::crossref::authenticated(au.orcid_authenticated),
                    e(orcid)
                );
            }
            let (given, surname) = au.name_parts();
            // JATS names the order a name is written in; "western" is its default.
            let style = if au.family_first {
                " name-style=\"eastern\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "          <name{style}><surname>{}</surname>",
                e(&surname)
            );
            if !given.is_empty() {
                let _ = write!(out, "<given-names>{}</given-names>", e(&given));
            }
            out.push_str("</name>\n");
            jats_roles(out, &au.credit_roles);
            for n in mine {
                let _ = writeln!(out, "          <xref ref-type=\"aff\" rid=\"aff{n}\"/>");
            }
            if let Some(n) = corresponding.iter().position(|c| std::ptr::eq(*c, au)) {
                let _ = writeln!(
                    out,
                    "          <xref ref-type=\"corresp\" rid=\"cor{}\"/>",
                    n + 1
                );
            }
            out.push_str("        </contrib>\n");
        }
        out.push_str("      </contrib-group>\n");
    }
    for (i, aff) in affs.iter().enumerate() {
        let _ = writeln!(out, "      {}", jats_aff(i + 1, aff));
    }
    jats_author_notes(out, &corresponding);
}

/// One JATS `aff`, tagged as JATS4R recommends: the institution in an `institution-wrap`
/// with its ROR id where known, the city, and the country with its ISO 3166-1 code, the
/// punctuation between them as the page shows it.
fn jats_aff(n: usize, aff: &crate::domain::affiliation::Affiliation) -> String {
    let e = xml_escape;
    let mut out = format!("<aff id=\"aff{n}\"><institution-wrap>");
    let ror = aff.ror_url();
    if !ror.is_empty() {
        let _ = write!(
            out,
            "<institution-id institution-id-type=\"ror\">{}</institution-id>",
            e(&ror)
        );
    }
    let _ = write!(
        out,
        "<institution>{}</institution></institution-wrap>",
        e(aff.institution.trim())
    );
    if !aff.city.trim().is_empty() {
        let _ = write!(out, ", <city>{}</city>", e(aff.city.trim()));
    }
    let country = aff.country_name();
    if !country.is_empty() {
        match crate::domain::countries::name_of(&aff.country) {
            Some(_) => {
                let _ = write!(
                    out,
                    ", <country country=\"{}\">{}</country>",
                    e(&aff.country.trim().to_ascii_uppercase()),
                    e(&country)
                );
            }
            None => {
                let _ = write!(out, ", <country>{}</country>", e(&country));
            }
        }
    }
    out.push_str("</aff>");
    out
}

/// JATS `role`s of one contributor from the CRediT vocabulary, as JATS 1.3 and JATS4R
/// name them (`vocab="credit"`, the term and its address).
fn jats_roles(out: &mut String, roles: &[String]) {
    use crate::domain::credit;
    for slug in credit::known(roles) {
        let name = xml_escape(credit::name_of(slug));
        let _ = writeln!(
            out,
            "          <role vocab=\"credit\" vocab-identifier=\"{}\" vocab-term=\"{name}\" vocab-term-identifier=\"{}\">{name}</role>",
            credit::VOCABULARY,
            credit::term_identifier(slug)
        );
    }
}

/// JATS `author-notes`: who the corresponding author is, by name and affiliation. Their
/// e-mail address stays out, as on the public page: it was given to the journal, not for
/// publication.
fn jats_author_notes(out: &mut String, corresponding: &[&AuthorMeta]) {
    if corresponding.is_empty() {
        return;
    }
    out.push_str("      <author-notes>\n");
    for (n, au) in corresponding.iter().enumerate() {
        let at = match au.affiliation_line() {
            line if line.is_empty() => String::new(),
            line => format!(", {line}"),
        };
        let _ = writeln!(
            out,
            "        <corresp id=\"cor{}\">Corresponding author: {}{}</corresp>",
            n + 1,
            xml_escape(&au.name),
            xml_escape(&at)
        );
    }
    out.push_str("      </author-notes>\n");
}

/// The publication date, volume and article number, and the history (received,
/// accepted) when known.
fn jats_dates(out: &mut String, a: &ArticleMeta) {
    jats_date(
        out,
        "pub-date",
        " publication-format=\"electronic\" date-type=\"pub\"",
        a.published_on,
    );
    let _ = writeln!(out, "      <volume>{}</volume>", a.volume);
    let _ = writeln!(
        out,
        "      <elocation-id>{}</elocation-id>",
        a.article_number
    );
    if a.received_on.is_some() || a.accepted_on.is_some() {
        out.push_str("      <history>\n");
        if let Some(d) = a.received_on {
            out.push_str("  ");
            jats_date(out, "date", " date-type=\"received\"", d);
        }
        if let Some(d) = a.accepted_on {
            out.push_str("  ");
            jats_date(out, "date", " date-type=\"accepted\"", d);
        }
        out.push_str("      </history>\n");
    }
}

/// JATS `permissions`: the copyright (statement, year, holder; none under CC0) and the
/// licence, with its address as `xlink:href` and as the NISO ALI `license_ref` that
/// indexers read.
fn jats_permissions(out: &mut String, a: &ArticleMeta) {
    let e = xml_escape;
    let licence = a.licence;
    out.push_str("      <permissions>\n");
    if let Some(statement) = licence.copyright_statement(a.year) {
        let _ = writeln!(
            out,
            "        <copyright-statement>{}</copyright-statement>",
            e(&statement)
        );
        let _ = writeln!(out, "        <copyright-year>{}</copyright-year>", a.year);
        let _ = writeln!(
            out,
            "        <copyright-holder>{}</copyright-holder>",
            e(COPYRIGHT_HOLDER)
        );
    }
    let _ = writeln!(
        out,
        "        <license license-type=\"open-access\" xlink:href=\"{}\">",
        e(licence.url())
    );
    let _ = writeln!(
        out,
        "          <ali:license_ref>{}</ali:license_ref>",
        e(licence.url())
    );
    let _ = writeln!(
        out,
        "          <license-p>{}</license-p>",
        e(&licence.statement())
    );
    out.push_str("        </license>\n      </permissions>\n");
}

/// The abstract, a `p` per paragraph, and the author's keywords, when there are any.
fn jats_abstract_and_keywords(out: &mut String, a: &ArticleMeta) {
    let e = xml_escape;
    let paras = paragraphs(&a.abstract_text);
    if !paras.is_empty() {
        out.push_str("      <abstract>\n");
        for p in paras {
            let _ = writeln!(out, "        <p>{}</p>", e(&p));
        }
        out.push_str("      </abstract>\n");
    }
    if !a.keywords.is_empty() {
        out.push_str("      <kwd-group kwd-group-type=\"author\">\n");
        for k in &a.keywords {
            let _ = writeln!(out, "        <kwd>{}</kwd>", e(k));
        }
        out.push_str("      </kwd-group>\n");
    }
}

/// JATS `funding-group` (after the keywords, before `custom-meta-group`, as JATS 1.3
/// orders `article-meta`): an `award-group` a funder, its `funding-source` with the Crossref
/// Funder ID as JATS4R recommends (`institution-id` of the Open Funder Registry), then an
/// `award-id` per grant number.
fn jats_funding(out: &mut String, a: &ArticleMeta) {
    let e = xml_escape;
    if a.funders.is_empty() {
        return;
    }
    out.push_str("      <funding-group>\n");
    for (i, f) in a.funders.iter().enumerate() {
        let _ = writeln!(out, "        <award-group id=\"fund{}\">", i + 1);
        out.push_str("          <funding-source>");
        if f.funder_id.is_empty() {
            let _ = write!(out, "{}", e(&f.name));
        } else {
            let _ = write!(
                out,
                "<institution-wrap><institution-id institution-id-type=\"doi\" vocab=\"open-funder-registry\" vocab-identifier=\"10.13039/open-funder-registry\">{}</institution-id><institution>{}</institution></institution-wrap>",
                e(&f.funder_id),
                e(&f.name)
            );
        }
        out.push_str("</funding-source>\n");
        for award in &f.awards {
            let _ = writeln!(out, "          <award-id>{}</award-id>", e(award));
        }
        out.push_str("        </award-group>\n");
    }
    out.push_str("      </funding-group>\n");
}

/// The authors' declaration of generative AI use, as the last part of `article-meta` (JATS
/// 1.3 puts `custom-meta-group` there): a name and a value that any reader of JATS keeps.
fn jats_ai_use(out: &mut String, a: &ArticleMeta) {
    if let Some(statement) = &a.ai_use {
        out.push_str("      <custom-meta-group>\n        <custom-meta>\n");
        out.push_str("          <meta-name>Use of generative AI</meta-name>\n");
        let _ = writeln!(
            out,
            "          <meta-value>{}</meta-value>",
            xml_escape(statement)
        );
        out.push_str("        </custom-meta>\n      </custom-meta-group>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{article, journal};
    use super::*;

    #[test]
    fn jats_front_carries_the_article_escaped() {
        let x = jats_front(&journal(), &article());
        for needed in [
            "<article-id pub-id-type=\"doi\">10.1186/s12885-026-00123</article-id>",
            "<article-title>Tumours &lt;rare&gt; &amp; &quot;odd&quot;</article-title>",
            "<surname>Bianchi</surname><given-names>Sofia</given-names>",
            "<surname>O&apos;Brien</surname></name>",
            "<volume>26</volume>",
            "<elocation-id>123</elocation-id>",
            "<kwd>uveal &lt;melanoma&gt;</kwd>",
            "<p>Results: two &amp; three.</p>",
            "<issn publication-format=\"electronic\">1471-2407</issn>",
            "<aff id=\"aff1\"><institution-wrap><institution-id institution-id-type=\"ror\">https://ror.org/04d7es448</institution-id><institution>IRCCS Ospedale Policlinico San Martino</institution></institution-wrap>, <city>Genoa</city>, <country country=\"IT\">Italy</country></aff>",
            "<xref ref-type=\"aff\" rid=\"aff1\"/>",
            "<copyright-statement>© The Author(s) 2026</copyright-statement>",
            "<ali:license_ref>https://creativecommons.org/licenses/by/4.0/</ali:license_ref>",
            "<xref ref-type=\"corresp\" rid=\"cor1\"/>",
            "<corresp id=\"cor1\">Corresponding author: Sofia Bianchi, IRCCS Ospedale Policlinico San Martino, Genoa, Italy</corresp>",
        ] {
            assert!(x.contains(needed), "{needed} in\n{x}");
        }
        // The author notes follow the affiliations, before the dates.
        assert!(x.find("</aff>") < x.find("<author-notes>"));
        assert!(x.find("</author-notes>") < x.find("<pub-date"));
        // One affiliation shared by both authors is listed once.
        assert_eq!(x.matches("<aff id=").count(), 1);
        // A second affiliation of the second author gets its own number, and an institution
        // without a ROR id, city or known country is tagged with what there is.
        let mut two = article();
        two.authors[1]
            .affiliations
            .push(crate::domain::affiliation::Affiliation {
                institution: "Uni <A&B>".into(),
                country: "Atlantis".into(),
                ..Default::default()
            });
        let x = jats_front(&journal(), &two);
        assert!(x.contains("<aff id=\"aff2\"><institution-wrap><institution>Uni &lt;A&amp;B&gt;</institution></institution-wrap>, <country>Atlantis</country></aff>"), "{x}");
        assert_eq!(
            x.matches("<xref ref-type=\"aff\" rid=\"aff1\"/>").count(),
            2
        );
        assert_eq!(
            x.matches("<xref ref-type=\"aff\" rid=\"aff2\"/>").count(),
            1
        );
        let no_issn = JournalMeta {
            issn: String::new(),
            ..journal()
        };
        assert!(!jats_front(&no_issn, &article()).contains("<issn"));
    }

    #[test]
    fn names_are_filed_by_the_parts_the_authors_gave_in_their_order() {
        let mut a = article();
        a.authors[0].given_names = "María José".into();
        a.authors[0].family_name = "García López".into();
        a.authors[1] = AuthorMeta {
            name: "Li Ming".into(),
            given_names: "Ming".into(),
            family_name: "Li".into(),
            family_first: true,
            ..Default::default()
        };
        let x = jats_front(&journal(), &a);
        assert!(x.contains(
            "<name><surname>García López</surname><given-names>María José</given-names></name>"
        ));
        assert!(x.contains(
            "<name name-style=\"eastern\"><surname>Li</surname><given-names>Ming</given-names></name>"
        ));
    }

    #[test]
    fn credit_roles_are_roles_of_the_contributor() {
        let mut a = article();
        a.authors[0].credit_roles = vec!["writing-review-editing".into(), "data-curation".into()];
        let x = jats_front(&journal(), &a);
        let data = "<role vocab=\"credit\" vocab-identifier=\"https://credit.niso.org/\" vocab-term=\"Data curation\" vocab-term-identifier=\"https://credit.niso.org/contributor-roles/data-curation/\">Data curation</role>";
        assert!(x.contains(data), "{x}");
        assert!(x.contains("vocab-term=\"Writing – review &amp; editing\""));
        assert!(x.find(data) < x.find("Writing – review"));
        assert_eq!(x.matches("<role ").count(), 2);
    }

    #[test]
    fn funders_are_award_groups_after_the_keywords() {
        let a = ArticleMeta {
            funders: super::super::tests::funders(),
            ai_use: Some("None".into()),
            ..article()
        };
        let x = jats_front(&journal(), &a);
        for needed in [
            "<award-group id=\"fund1\">",
            "<funding-source><institution-wrap><institution-id institution-id-type=\"doi\" vocab=\"open-funder-registry\" vocab-identifier=\"10.13039/open-funder-registry\">10.13039/501100000289</institution-id><institution>Cancer Research UK &amp; &lt;Friends&gt;</institution></institution-wrap></funding-source>",
            "<award-id>C1234/A5678</award-id>",
            "<award-id>C9</award-id>",
            "<funding-source>Fondazione AIRC</funding-source>",
        ] {
            assert!(x.contains(needed), "{needed} in\n{x}");
        }
        assert!(x.find("</kwd-group>") < x.find("<funding-group>"));
        assert!(x.find("</funding-group>") < x.find("<custom-meta-group>"));
        assert!(!jats_front(&journal(), &article()).contains("funding-group"));
    }

    #[test]
    fn the_declaration_of_ai_use_closes_the_article_meta_escaped() {
        let j = journal();
        let none = jats_front(&j, &article());
        assert!(!none.contains("custom-meta"));
        let a = ArticleMeta {
            ai_use: Some("The authors declare the use of generative AI: <Tool> & more".into()),
            ..article()
        };
        let x = jats_front(&j, &a);
        assert!(x.contains(
            "<meta-value>The authors declare the use of generative AI: &lt;Tool&gt; &amp; more</meta-value>"
        ));
        // custom-meta-group is the last part JATS 1.3 allows in article-meta.
        assert!(x.find("</kwd-group>") < x.find("<custom-meta-group>"));
        assert!(x.find("</custom-meta-group>") < x.find("</article-meta>"));
    }
}
