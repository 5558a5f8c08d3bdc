//! Who knows about a manuscript's subject (issue 19 part 1): each person's expertise as one
//! document — the keywords they chose on their profile, their publications' titles, the
//! titles and keywords of the manuscripts they reviewed here and of the collection's
//! articles they wrote — and a BM25 ranking of those documents against a manuscript's
//! title, abstract, keywords and topics, with a one-line reason for each.
//!
//! Why our own small index rather than tantivy, SQLite FTS5 or PostgreSQL full-text: the
//! documents are small (a person's keywords and a few dozen titles), there are tens of
//! thousands of them at most, and the ranking must be the same on both backends and say
//! *why* (which papers matched, which keywords). An inverted index in memory over term ids
//! answers a manuscript among 20,000 people in a few milliseconds, needs no new crate and
//! no per-backend SQL, and keeps the explanation beside the score. It is rebuilt from the
//! database when something it is made of changes (`workflow::review::expertise`).
//!
//! Pure: no I/O. The words are lower-cased, split on anything but letters and digits,
//! stripped of a small list of common words and of a plural "s", so "Sarcomas" meets
//! "sarcoma".

use std::collections::HashMap;

/// BM25's term-frequency saturation and length normalisation (the usual values).
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// How much a word counts by where it comes from: keywords a person chose say most.
pub const KEYWORD_WEIGHT: f32 = 3.0;
pub const PAPER_WEIGHT: f32 = 1.0;
pub const REVIEWED_WEIGHT: f32 = 1.0;

/// Words that say nothing about a subject.
const COMMON: &[&str] = &[
    "a", "about", "across", "after", "all", "also", "among", "an", "and", "are", "as", "at", "be",
    "been", "before", "between", "but", "by", "can", "did", "do", "does", "during", "each", "for",
    "from", "had", "has", "have", "how", "in", "into", "is", "it", "its", "more", "most", "new",
    "not", "of", "on", "or", "other", "our", "over", "per", "than", "that", "the", "their",
    "these", "this", "those", "to", "two", "under", "using", "was", "we", "were", "what", "when",
    "which", "while", "who", "with", "within", "without",
];

/// The comparable words of a text, in order, repeats kept.
pub fn terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !COMMON.contains(&w.as_str()))
        .map(|w| singular(&w))
        .collect()
}

/// A plural's singular, roughly: "tumours" → "tumour", not "analysis" or "class".
fn singular(word: &str) -> String {
    let n = word.chars().count();
    if n > 4
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("is")
        && !word.ends_with("us")
    {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

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

/// What a manuscript is about, for the ranking.
#[derive(Debug, Clone, Default)]
pub struct ManuscriptText {
    pub title: String,
    pub abstract_text: String,
    pub keywords: String,
    pub topics: Vec<String>,
}

impl ManuscriptText {
    /// Each distinct term with its weight: title and keywords count twice what the abstract
    /// and the topics do (they are what the authors chose to say it is).
    fn weighted_terms(&self) -> Vec<(String, f32)> {
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
            .weighted_terms()
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

/// Keywords as a person types them: one a line or separated by commas or semicolons,
/// whitespace collapsed, repeats (any case) dropped. Refused when there are more than
/// `MAX_KEYWORDS`, or one is longer than `MAX_KEYWORD_CHARS`.
pub fn parse_keywords(text: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for k in text.split(['\n', ',', ';']) {
        let k = k.split_whitespace().collect::<Vec<_>>().join(" ");
        if k.is_empty() || out.iter().any(|x| x.to_lowercase() == k.to_lowercase()) {
            continue;
        }
        if k.chars().count() > MAX_KEYWORD_CHARS {
            return Err(format!(
                "Keep each keyword under {MAX_KEYWORD_CHARS} characters (“{}…” is longer).",
                k.chars().take(30).collect::<String>()
            ));
        }
        out.push(k);
    }
    if out.len() > MAX_KEYWORDS {
        return Err(format!(
            "List at most {MAX_KEYWORDS} keywords ({} were given).",
            out.len()
        ));
    }
    Ok(out)
}

pub const MAX_KEYWORDS: usize = 30;
pub const MAX_KEYWORD_CHARS: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: i64, keywords: &[&str], papers: &[&str]) -> ExpertiseDoc {
        ExpertiseDoc {
            person_id: id,
            keywords: keywords.iter().map(|s| s.to_string()).collect(),
            papers: papers.iter().map(|s| s.to_string()).collect(),
            reviewed: Vec::new(),
            published_in: Vec::new(),
            willing: true,
        }
    }

    fn manuscript(title: &str, keywords: &str) -> ManuscriptText {
        ManuscriptText {
            title: title.into(),
            keywords: keywords.into(),
            ..ManuscriptText::default()
        }
    }

    #[test]
    fn words_are_lower_cased_singular_and_without_common_words() {
        assert_eq!(
            terms("Sarcomas of the Bone: 12 Tumours, analysis and GNAQ"),
            vec!["sarcoma", "bone", "tumour", "analysis", "gnaq"]
        );
    }

    #[test]
    fn the_person_whose_papers_are_on_the_subject_comes_first() {
        let index = ExpertiseIndex::build(vec![
            doc(
                1,
                &[],
                &[
                    "Survival in uveal melanoma",
                    "Liver metastases of uveal melanoma",
                ],
            ),
            doc(
                2,
                &[],
                &["Chordoma of the skull base", "Proton therapy for chordoma"],
            ),
            doc(
                3,
                &[],
                &["A registry of uveal melanoma", "Chordoma outcomes"],
            ),
        ]);
        let ranked = index.rank(
            &manuscript("Metastatic uveal melanoma", "uveal melanoma"),
            1,
            &[],
            10,
        );
        let ids: Vec<i64> = ranked.iter().map(|m| m.person_id).collect();
        assert_eq!(ids, vec![1, 3], "person 2 shares no word and is not ranked");
        assert!(ranked[0].score > ranked[1].score);
        assert_eq!(ranked[0].why, "2 of their 2 papers on uveal, melanoma");
    }

    #[test]
    fn chosen_keywords_count_more_than_a_title_and_are_named_in_the_reason() {
        let index = ExpertiseIndex::build(vec![
            doc(1, &[], &["Thymoma staging", "Mesothelioma"]),
            doc(
                2,
                &["thymoma", "thymic carcinoma"],
                &["Lung surgery outcomes", "Mesothelioma"],
            ),
        ]);
        let ranked = index.rank(&manuscript("Thymoma in adults", ""), 1, &[], 10);
        assert_eq!(ranked[0].person_id, 2);
        assert_eq!(ranked[0].why, "keywords: thymoma");
        assert_eq!(ranked[1].why, "1 of their 2 papers on thymoma");
    }

    #[test]
    fn reviews_in_the_collection_are_counted_and_skipped_people_left_out() {
        let mut d = doc(1, &[], &["Ewing sarcoma in children"]);
        d.reviewed = vec![(7, "Ewing sarcoma relapse".into()), (8, "Chordoma".into())];
        let index = ExpertiseIndex::build(vec![d, doc(2, &[], &["Ewing sarcoma"])]);
        let ranked = index.rank(&manuscript("Ewing sarcoma", ""), 7, &[2], 10);
        assert_eq!(ranked.len(), 1);
        assert_eq!(
            ranked[0].why,
            "1 of their 1 paper on ewing, sarcoma; reviewed 1 manuscript on this subject; reviewed 1 paper in this collection"
        );
    }

    #[test]
    fn only_the_willing_and_this_collections_published_authors_are_ranked() {
        let mut unwilling = doc(1, &["chordoma"], &[]);
        unwilling.willing = false;
        let mut author = doc(2, &[], &["Chordoma surgery"]);
        author.willing = false;
        author.published_in = vec![5];
        let index = ExpertiseIndex::build(vec![unwilling, author, doc(3, &["chordoma"], &[])]);
        assert_eq!(
            index.len(),
            2,
            "the unwilling non-author is not even indexed"
        );
        let here = index.rank(&manuscript("Chordoma", ""), 5, &[], 10);
        assert_eq!(here.len(), 2);
        assert!(
            here.iter()
                .any(|m| m.person_id == 2 && m.published_author && !m.willing)
        );
        let elsewhere = index.rank(&manuscript("Chordoma", ""), 6, &[], 10);
        assert_eq!(
            elsewhere.iter().map(|m| m.person_id).collect::<Vec<_>>(),
            vec![3]
        );
    }

    #[test]
    fn a_rare_word_outweighs_a_common_one() {
        let mut docs: Vec<ExpertiseDoc> = (1..=20)
            .map(|i| doc(i, &[], &["Cancer registry outcomes"]))
            .collect();
        docs.push(doc(99, &[], &["Adrenocortical carcinoma"]));
        let index = ExpertiseIndex::build(docs);
        let ranked = index.rank(
            &manuscript("Adrenocortical carcinoma registry", ""),
            1,
            &[],
            3,
        );
        assert_eq!(ranked[0].person_id, 99);
    }

    #[test]
    fn keywords_are_split_deduplicated_and_bounded() {
        assert_eq!(
            parse_keywords("sarcoma, Registry\n registry ;  bone   tumours").unwrap(),
            vec!["sarcoma", "Registry", "bone tumours"]
        );
        assert!(parse_keywords(&"x".repeat(81)).is_err());
        let many: Vec<String> = (0..31).map(|i| format!("k{i}")).collect();
        assert!(parse_keywords(&many.join(",")).is_err());
        assert_eq!(parse_keywords("  ").unwrap(), Vec::<String>::new());
    }
}
