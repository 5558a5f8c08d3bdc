//! The one line that says why a person is suggested: which of their papers, keywords and
//! reviews carry the manuscript's most telling words.

use super::{Entry, ExpertiseIndex};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl ExpertiseIndex {
    /// "3 of their 12 papers on uveal, melanoma; keywords: uveal melanoma; reviewed 2 of
    /// their 9 manuscripts on this subject; reviewed 2 papers in this collection": what of
    /// theirs matched, in one line.
    pub(super) fn why(&self, e: &Entry, query: &[(u32, f32)], collection_id: i64) -> String {
        // The query's terms this person has, most telling first (by idf × weight).
        let mut shared: Vec<(u32, f32)> = query
            .iter()
            .filter(|(t, _)| {
                e.papers
                    .iter()
                    .chain(&e.keywords)
                    .chain(&e.reviewed)
                    .any(|i| i.binary_search(t).is_ok())
            })
            .map(|(t, w)| (*t, self.idf(*t) * w))
            .collect();
        shared.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let top: Vec<u32> = shared.iter().take(3).map(|(t, _)| *t).collect();
        let has_any = |item: &[u32]| top.iter().any(|t| item.binary_search(t).is_ok());
        let mut parts = Vec::new();
        let on_topic = e.papers.iter().filter(|p| has_any(p)).count();
        if on_topic > 0 {
            let words: Vec<&str> = top
                .iter()
                .filter(|t| e.papers.iter().any(|p| p.binary_search(*t).is_ok()))
                .map(|t| self.words[*t as usize].as_str())
                .collect();
            let of = plural(e.papers.len(), "paper", "papers");
            parts.push(format!("{on_topic} of their {of} on {}", words.join(", ")));
        }
        let keywords: Vec<&str> = e
            .keyword_texts
            .iter()
            .zip(&e.keywords)
            .filter(|(_, ids)| query.iter().any(|(t, _)| ids.binary_search(t).is_ok()))
            .map(|(k, _)| k.as_str())
            .collect();
        if !keywords.is_empty() {
            parts.push(format!("keywords: {}", keywords.join(", ")));
        }
        let reviewed_matching = e.reviewed.iter().filter(|r| has_any(r)).count();
        if reviewed_matching > 0 {
            let of = plural(e.reviewed.len(), "manuscript", "manuscripts");
            parts.push(format!(
                "reviewed {reviewed_matching} of their {of} on this subject"
            ));
        }
        let here = e
            .reviewed_in
            .iter()
            .filter(|c| **c == collection_id)
            .count();
        if here > 0 {
            parts.push(format!(
                "reviewed {} in this collection",
                plural(here, "paper", "papers")
            ));
        }
        if parts.is_empty() {
            "their profile matches some of the manuscript's words".to_owned()
        } else {
            parts.join("; ")
        }
    }
}
