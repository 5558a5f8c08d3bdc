//! The first ranking of issue 19 (commit fd76b12's `domain::expertise`), kept here only
//! to measure it beside the current one on the same data: one BM25 document a person,
//! keywords weighted 3, papers and reviewed manuscripts 1 each, every review counted,
//! IDF over people. Its tests and keyword parsing are left out.

#![allow(dead_code)]

use std::collections::HashMap;

use peerdesk::domain::expertise::{ManuscriptText, terms};

/// BM25's term-frequency saturation and length normalisation (the usual values).
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// How much a word counts by where it comes from: keywords a person chose say most.
pub const KEYWORD_WEIGHT: f32 = 3.0;
pub const PAPER_WEIGHT: f32 = 1.0;
pub const REVIEWED_WEIGHT: f32 = 1.0;

/// What one person's expertise is made of.
#[derive(Debug, Clone, Default)]
pub struct ExpertiseDoc {
    pub person_id: i64,
    /// Keywords they chose on their profile.
    pub keywords: Vec<String>,
    /// Titles (and keywords, where known) of their publications, one a paper: those listed
    /// on their profile and the collection's articles they wrote.
    pub papers: Vec<String>,
    /// Titles and keywords of the manuscripts they submitted a review of, one a review, with
    /// the collection each was in.
    pub reviewed: Vec<(i64, String)>,
    /// Collections whose published articles they wrote (marked as such when suggested).
    pub published_in: Vec<i64>,
    /// Whether they agreed to review here (see `workflow::review::expertise`).
    pub willing: bool,
}

/// One indexed person: their words' weighted frequencies and what the reason line needs.
#[derive(Debug)]
struct Entry {
    doc: ExpertiseDoc,
    /// The weighted length (the sum of weighted term frequencies).
    len: f32,
    /// Each paper's distinct term ids, sorted (to count "3 of their 12 papers on …").
    papers: Vec<Vec<u32>>,
    /// Each keyword's distinct term ids, sorted.
    keywords: Vec<Vec<u32>>,
    /// Each review's distinct term ids, sorted.
    reviewed: Vec<Vec<u32>>,
}

/// The ranking index: a posting list per term, over the people worth suggesting.
#[derive(Debug, Default)]
pub struct ExpertiseIndex {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    postings: Vec<Vec<(u32, f32)>>,
    entries: Vec<Entry>,
    avg_len: f32,
}

/// One ranked person.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub person_id: i64,
    pub score: f32,
    /// Whether they wrote one of the collection's published articles.
    pub published_author: bool,
    pub willing: bool,
    /// The one-line reason: papers, keywords, reviews.
    pub why: String,
}

impl ExpertiseIndex {
    /// Builds the index over `docs` (people with nothing to say about a subject are left
    /// out, as are those neither willing nor a published author).
    pub fn build(docs: Vec<ExpertiseDoc>) -> ExpertiseIndex {
        let mut index = ExpertiseIndex::default();
        let mut total = 0.0;
        for doc in docs {
            if !doc.willing && doc.published_in.is_empty() {
                continue;
            }
            let mut tf: HashMap<u32, f32> = HashMap::new();
            let keywords = index.items(&doc.keywords, KEYWORD_WEIGHT, &mut tf);
            let papers = index.items(&doc.papers, PAPER_WEIGHT, &mut tf);
            let reviewed_texts: Vec<String> = doc.reviewed.iter().map(|r| r.1.clone()).collect();
            let reviewed = index.items(&reviewed_texts, REVIEWED_WEIGHT, &mut tf);
            if tf.is_empty() {
                continue;
            }
            let len: f32 = tf.values().sum();
            total += len;
            let n = index.entries.len() as u32;
            for (term, f) in tf {
                index.postings[term as usize].push((n, f));
            }
            index.entries.push(Entry {
                doc,
                len,
                papers,
                keywords,
                reviewed,
            });
        }
        index.avg_len = if index.entries.is_empty() {
            1.0
        } else {
            total / index.entries.len() as f32
        };
        index
    }

    /// Each text's distinct term ids (sorted), adding its weighted frequencies to `tf`.
    fn items(
        &mut self,
        texts: &[String],
        weight: f32,
        tf: &mut HashMap<u32, f32>,
    ) -> Vec<Vec<u32>> {
        texts
            .iter()
            .map(|text| {
                let mut ids: Vec<u32> = terms(text).iter().map(|t| self.id_of(t)).collect();
                for id in &ids {
                    *tf.entry(*id).or_default() += weight;
                }
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect()
    }

    fn id_of(&mut self, term: &str) -> u32 {
        if let Some(id) = self.ids.get(term) {
            return *id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(term.to_owned(), id);
        self.words.push(term.to_owned());
        self.postings.push(Vec::new());
        id
    }

    /// How many people are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Inverse document frequency (BM25's, kept positive).
    fn idf(&self, term: u32) -> f32 {
        let n = self.entries.len() as f32;
        let df = self.postings[term as usize].len() as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The people who best match `text` for a manuscript in `collection_id`, best first, at
    /// most `limit`, leaving out those `skip` names (the authors, the handling editor).
    /// Only the willing and, in this collection, its published authors are ranked.
    pub fn rank(
        &self,
        text: &ManuscriptText,
        collection_id: i64,
        skip: &[i64],
        limit: usize,
    ) -> Vec<Match> {
        let query: Vec<(u32, f32)> = text
            .weighted_terms_first()
            .into_iter()
            .filter_map(|(t, w)| self.ids.get(&t).map(|id| (*id, w)))
            .collect();
        let mut scores = vec![0.0f32; self.entries.len()];
        for (term, w) in &query {
            let idf = self.idf(*term) * w;
            for (doc, f) in &self.postings[*term as usize] {
                let len = self.entries[*doc as usize].len;
                let norm = K1 * (1.0 - B + B * len / self.avg_len);
                scores[*doc as usize] += idf * f * (K1 + 1.0) / (f + norm);
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores
            .into_iter()
            .enumerate()
            .filter(|(i, s)| {
                let d = &self.entries[*i].doc;
                *s > 0.0
                    && (d.willing || d.published_in.contains(&collection_id))
                    && !skip.contains(&d.person_id)
            })
            .collect();
        // Best first; equal scores by person, so the order is stable.
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1).then_with(|| {
                self.entries[a.0]
                    .doc
                    .person_id
                    .cmp(&self.entries[b.0].doc.person_id)
            })
        });
        ranked.truncate(limit);
        ranked
            .into_iter()
            .map(|(i, score)| {
                let e = &self.entries[i];
                Match {
                    person_id: e.doc.person_id,
                    score,
                    published_author: e.doc.published_in.contains(&collection_id),
                    willing: e.doc.willing,
                    why: self.why(e, &query, collection_id),
                }
            })
            .collect()
    }

    /// "3 of their 12 papers on uveal, melanoma; keywords: uveal melanoma; reviewed 2
    /// papers in this collection": what of theirs matched, in one line.
    fn why(&self, e: &Entry, query: &[(u32, f32)], collection_id: i64) -> String {
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
        let on_topic = e.papers.iter().filter(|p| has_any(p.as_slice())).count();
        if on_topic > 0 {
            let words: Vec<&str> = top
                .iter()
                .filter(|t| e.papers.iter().any(|p| p.binary_search(*t).is_ok()))
                .map(|t| self.words[*t as usize].as_str())
                .collect();
            let of = e.papers.len();
            let noun = if of == 1 { "paper" } else { "papers" };
            parts.push(format!(
                "{on_topic} of their {of} {noun} on {}",
                words.join(", ")
            ));
        }
        let keywords: Vec<&str> = e
            .doc
            .keywords
            .iter()
            .zip(&e.keywords)
            .filter(|(_, ids)| query.iter().any(|(t, _)| ids.binary_search(t).is_ok()))
            .map(|(k, _)| k.as_str())
            .collect();
        if !keywords.is_empty() {
            parts.push(format!("keywords: {}", keywords.join(", ")));
        }
        let reviewed_matching = e.reviewed.iter().filter(|r| has_any(r.as_slice())).count();
        if reviewed_matching > 0 {
            parts.push(format!(
                "reviewed {reviewed_matching} {} on this subject",
                if reviewed_matching == 1 {
                    "manuscript"
                } else {
                    "manuscripts"
                }
            ));
        }
        let here = e
            .doc
            .reviewed
            .iter()
            .filter(|(c, _)| *c == collection_id)
            .count();
        if here > 0 {
            parts.push(format!(
                "reviewed {here} {} in this collection",
                if here == 1 { "paper" } else { "papers" }
            ));
        }
        if parts.is_empty() {
            "their profile matches some of the manuscript's words".to_owned()
        } else {
            parts.join("; ")
        }
    }
}

/// The query's weighted terms as the first ranking made them (the same rule as today's).
trait FirstTerms {
    fn weighted_terms_first(&self) -> Vec<(String, f32)>;
}

impl FirstTerms for ManuscriptText {
    fn weighted_terms_first(&self) -> Vec<(String, f32)> {
        let mut out: Vec<(String, f32)> = Vec::new();
        let mut add = |text: &str, w: f32| {
            for t in terms(text) {
                match out.iter_mut().find(|(x, _)| *x == t) {
                    Some((_, weight)) => *weight = weight.max(w),
                    None => out.push((t, w)),
                }
            }
        };
        add(&self.title, 2.0);
        add(&self.keywords, 2.0);
        add(&self.abstract_text, 1.0);
        for topic in &self.topics {
            add(topic, 1.0);
        }
        out
    }
}
