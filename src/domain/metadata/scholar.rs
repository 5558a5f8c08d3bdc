//! What an article page tells indexers in its head: the Highwire Press `citation_*` meta
//! tags that Google Scholar's inclusion guidelines ask for (and Zotero, Mendeley and the
//! other reference managers read), and a schema.org `ScholarlyArticle` for the search
//! engines that read JSON-LD. Values are plain text here; the template escapes them.

use serde::Serialize;

use super::{ArticleMeta, JournalMeta};

/// The `citation_*` meta tags of an article or correction, in the order Google Scholar
/// reads them: each author's institution and ORCID iD right after the author.
pub fn highwire_tags(journal: &JournalMeta, a: &ArticleMeta) -> Vec<(&'static str, String)> {
    let mut tags: Vec<(&'static str, String)> = vec![("citation_title", a.title.clone())];
    for au in &a.authors {
        // The name as the author gave it ("Given Family" is one of the two forms Scholar
        // takes): splitting it here would only guess which words are the family name.
        tags.push(("citation_author", au.name.clone()));
        for aff in au
            .affiliations
            .iter()
            .filter(|a| !a.institution.trim().is_empty())
        {
            tags.push(("citation_author_institution", aff.display()));
        }
        if let Some(orcid) = &au.orcid {
            tags.push((
                "citation_author_orcid",
                format!("https://orcid.org/{orcid}"),
            ));
        }
    }
    tags.push((
        "citation_publication_date",
        a.published_on.format("%Y/%m/%d").to_string(),
    ));
    tags.push(("citation_journal_title", journal.title.clone()));
    if !journal.publisher.is_empty() {
        tags.push(("citation_publisher", journal.publisher.clone()));
    }
    if !journal.issn.is_empty() {
        tags.push(("citation_issn", journal.issn.clone()));
    }
    tags.push(("citation_volume", a.volume.to_string()));
    // BMC journals number articles instead of pages; the article number is the first page.
    tags.push(("citation_firstpage", a.article_number.to_string()));
    tags.push(("citation_doi", a.doi.clone()));
    tags.push((
        "citation_article_type",
        if a.is_correction {
            "Correction"
        } else {
            "Research"
        }
        .to_owned(),
    ));
    tags.push(("citation_language", "en".to_owned()));
    if !a.keywords.is_empty() {
        tags.push(("citation_keywords", a.keywords.join("; ")));
    }
    tags.push(("citation_abstract_html_url", a.url.clone()));
    if let Some(pdf) = &a.pdf_url {
        tags.push(("citation_pdf_url", pdf.clone()));
    }
    let text = one_line(&a.abstract_text);
    if !text.is_empty() {
        tags.push(("citation_abstract", text));
    }
    tags
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A schema.org `ScholarlyArticle`, serialised as JSON-LD in the article page.
#[derive(Debug, Clone, Serialize)]
pub struct ScholarlyArticle {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: String,
    headline: String,
    name: String,
    author: Vec<LdPerson>,
    #[serde(rename = "datePublished")]
    date_published: String,
    identifier: LdIdentifier,
    #[serde(rename = "sameAs")]
    same_as: String,
    #[serde(rename = "isPartOf")]
    is_part_of: LdVolume,
    #[serde(rename = "articleSection")]
    article_section: &'static str,
    #[serde(rename = "abstract", skip_serializing_if = "String::is_empty")]
    abstract_text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<String>,
    #[serde(rename = "inLanguage")]
    in_language: &'static str,
    #[serde(rename = "isAccessibleForFree")]
    is_accessible_for_free: bool,
    license: &'static str,
    #[serde(rename = "copyrightHolder", skip_serializing_if = "Option::is_none")]
    copyright_holder: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    encoding: Vec<LdMedia>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<LdCorrection>,
}

#[derive(Debug, Clone, Serialize)]
struct LdPerson {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    affiliation: Vec<LdOrganization>,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct LdOrganization {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    /// The ROR id's address, where known.
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct LdIdentifier {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "propertyID")]
    property_id: &'static str,
    value: String,
}

#[derive(Debug, Clone, Serialize)]
struct LdVolume {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "volumeNumber")]
    volume_number: String,
    #[serde(rename = "isPartOf")]
    is_part_of: LdPeriodical,
}

#[derive(Debug, Clone, Serialize)]
struct LdPeriodical {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    issn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<LdOrganization>,
}

#[derive(Debug, Clone, Serialize)]
struct LdMedia {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "contentUrl")]
    content_url: String,
    #[serde(rename = "encodingFormat")]
    encoding_format: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct LdCorrection {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
    #[serde(rename = "datePublished")]
    date_published: String,
}

fn organization(name: &str) -> Option<LdOrganization> {
    (!name.trim().is_empty()).then(|| LdOrganization {
        kind: "Organization",
        name: name.to_owned(),
        same_as: None,
    })
}

/// An author's affiliations as organisations (named as the page writes them).
fn affiliations(list: &[crate::domain::affiliation::Affiliation]) -> Vec<LdOrganization> {
    list.iter()
        .filter(|a| !a.institution.trim().is_empty())
        .map(|a| LdOrganization {
            kind: "Organization",
            name: a.display(),
            same_as: Some(a.ror_url()).filter(|r| !r.is_empty()),
        })
        .collect()
}

/// The article as a schema.org `ScholarlyArticle`: its authors (with affiliation and ORCID
/// iD), date, DOI, the journal's volume, abstract, keywords, PDF and corrections.
pub fn scholarly_article(journal: &JournalMeta, a: &ArticleMeta) -> ScholarlyArticle {
    ScholarlyArticle {
        context: "https://schema.org",
        kind: "ScholarlyArticle",
        id: a.url.clone(),
        url: a.url.clone(),
        headline: a.title.clone(),
        name: a.title.clone(),
        author: a
            .authors
            .iter()
            .map(|au| LdPerson {
                kind: "Person",
                name: au.name.clone(),
                affiliation: affiliations(&au.affiliations),
                same_as: au.orcid.as_ref().map(|o| format!("https://orcid.org/{o}")),
            })
            .collect(),
        date_published: a.published_on.format("%Y-%m-%d").to_string(),
        identifier: LdIdentifier {
            kind: "PropertyValue",
            property_id: "DOI",
            value: a.doi.clone(),
        },
        same_as: format!("https://doi.org/{}", a.doi),
        is_part_of: LdVolume {
            kind: "PublicationVolume",
            volume_number: a.volume.to_string(),
            is_part_of: LdPeriodical {
                kind: "Periodical",
                name: journal.title.clone(),
                issn: (!journal.issn.is_empty()).then(|| journal.issn.clone()),
                publisher: organization(&journal.publisher),
            },
        },
        article_section: if a.is_correction {
            "Correction"
        } else {
            "Research"
        },
        abstract_text: one_line(&a.abstract_text),
        keywords: a.keywords.clone(),
        in_language: "en",
        is_accessible_for_free: true,
        license: a.licence.url(),
        copyright_holder: a
            .licence
            .has_copyright()
            .then_some(crate::domain::licence::COPYRIGHT_HOLDER),
        encoding: a
            .pdf_url
            .iter()
            .map(|u| LdMedia {
                kind: "MediaObject",
                content_url: u.clone(),
                encoding_format: "application/pdf",
            })
            .collect(),
        correction: a
            .corrections
            .iter()
            .map(|c| LdCorrection {
                kind: "CorrectionComment",
                url: c.url.clone(),
                date_published: c.published_on.format("%Y-%m-%d").to_string(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{article, journal};
    use super::*;

    #[test]
    fn highwire_tags_follow_each_author_with_institution_and_orcid() {
        let tags = highwire_tags(&journal(), &article());
        let names: Vec<&str> = tags.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            &names[..6],
            [
                "citation_title",
                "citation_author",
                "citation_author_institution",
                "citation_author_orcid",
                "citation_author",
                "citation_author_institution",
            ]
        );
        let value = |name: &str| {
            tags.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(value("citation_publication_date"), Some("2026/11/23"));
        assert_eq!(value("citation_firstpage"), Some("123"));
        assert_eq!(value("citation_volume"), Some("26"));
        assert_eq!(value("citation_issn"), Some("1471-2407"));
        assert_eq!(
            value("citation_author_orcid"),
            Some("https://orcid.org/0000-0002-1825-0097")
        );
        assert_eq!(
            value("citation_abstract"),
            Some("Background: one. Results: two & three.")
        );
    }

    #[test]
    fn json_ld_is_a_scholarly_article() {
        let v = serde_json::to_value(scholarly_article(&journal(), &article())).unwrap();
        assert_eq!(v["@type"], "ScholarlyArticle");
        assert_eq!(v["identifier"]["value"], "10.1186/s12885-026-00123");
        assert_eq!(
            v["author"][0]["sameAs"],
            "https://orcid.org/0000-0002-1825-0097"
        );
        assert_eq!(v["author"][1].get("sameAs"), None);
        assert_eq!(v["isPartOf"]["isPartOf"]["issn"], "1471-2407");
        assert_eq!(v["datePublished"], "2026-11-23");
    }
}
