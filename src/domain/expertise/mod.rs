//! Who knows about a manuscript's subject (issue 19 part 1): each person's expertise in
//! three fields — the keywords they chose on their profile, their publications (listed on
//! their profile, and the collection's articles they wrote), and the manuscripts they
//! reviewed here — ranked against a manuscript's title, abstract, keywords and topics with
//! BM25F, with a one-line reason for each.
//!
//! How the evidence is weighed, and why (none of it is tuned to the generated data):
//! - **Each text is a unit.** A paper, a keyword, a reviewed manuscript says a person
//!   works on a subject once, however often it repeats a word; a field's frequency for a
//!   word is how many of its texts carry it.
//! - **Per-field weight and length** (BM25F): a keyword chosen counts three papers, a
//!   reviewed manuscript half a paper — reviewers are asked for what they are not expert
//!   in too. Papers and keywords are normalised by how many the person has against the
//!   average (b = 0.75 and 0.5), so 3 papers of 4 on a subject say more than 3 of 60.
//! - **Reviews count by focus, not volume**: the share of a person's reviews on the
//!   subject, times at most [`REVIEWS_COUNTED`] reviews. Someone who reviewed 150
//!   manuscripts on every subject gets a twelfth of five for each, not a dozen.
//! - **IDF over texts, not people**: a word's rarity is counted among all the texts the
//!   index holds. Counting people instead lets the broad reviewers, whose reviews carry
//!   every word, make the subject's own words look common; among texts, a cancer's name
//!   shared by six aspects is rarer than "rare cancer" and commoner than an aspect's
//!   own words, as it should be.
//! - The weighted frequencies are combined *before* BM25's saturation (k1 = 1.2), so many
//!   weak signals do not outweigh one strong one.
//!
//! Why our own small index rather than tantivy, SQLite FTS5 or PostgreSQL full-text: the
//! documents are small (a person's keywords and a few dozen titles), there are tens of
//! thousands of them at most, and the ranking must be the same on both backends, weigh
//! fields as above and say *why* (which papers matched, which keywords). Each word's
//! posting list holds every person's final, saturated weight for it, so ranking a
//! manuscript is a sum over the postings of its words; no new crate, no per-backend SQL.
//! It is rebuilt from the database when something it is made of changes
//! (`workflow::review::expertise`).
//!
//! Pure: no I/O. The words are lower-cased, split on anything but letters and digits,
//! stripped of a small list of common words and of a plural "s", so "Sarcomas" meets
//! "sarcoma".

mod why;

use std::collections::HashMap;
use std::sync::Arc;

/// BM25's saturation.
const K1: f32 = 1.2;

/// How much one text counts by the field it is in: a keyword a person chose says most.
pub const KEYWORD_WEIGHT: f32 = 3.0;
pub const PAPER_WEIGHT: f32 = 1.0;
pub const REVIEWED_WEIGHT: f32 = 0.5;
/// Length normalisation of the keywords and the papers (BM25's b).
const KEYWORD_B: f32 = 0.5;
const PAPER_B: f32 = 0.75;
/// At most this many reviews count: the rest only tell how focused they are.
pub const REVIEWS_COUNTED: f32 = 5.0;

/// Words that say nothing about a subject (sorted: looked up by binary search).
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
        .filter(|w| COMMON.binary_search(&w.as_str()).is_err())
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

/// A manuscript a person submitted a review of.
#[derive(Debug, Clone)]
pub struct Reviewed {
    pub submission_id: i64,
    pub collection_id: i64,
    /// Its title and keywords (shared by everyone who reviewed it).
    pub text: Arc<str>,
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
    /// The manuscripts they submitted a review of.
    pub reviewed: Vec<Reviewed>,
    /// Collections whose published articles they wrote (marked as such when suggested).
    pub published_in: Vec<i64>,
    /// Whether they agreed to review here (see `workflow::review::expertise`).
    pub willing: bool,
}

/// One indexed person: what the ranking's filter and the reason line need.
#[derive(Debug)]
struct Entry {
    person_id: i64,
    willing: bool,
    published_in: Vec<i64>,
    /// Their keywords as written, and each one's distinct term ids, sorted.
    keyword_texts: Vec<String>,
    keywords: Vec<Arc<[u32]>>,
    /// Each paper's distinct term ids, sorted (to count "3 of their 12 papers on …").
    papers: Vec<Arc<[u32]>>,
    /// Each review's distinct term ids, sorted, and its collection.
    reviewed: Vec<Arc<[u32]>>,
    reviewed_in: Vec<i64>,
}

/// The ranking index: a posting list per term, over the people worth suggesting.
#[derive(Debug, Default)]
pub struct ExpertiseIndex {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    /// Per term: (entry, its saturated BM25F weight for that person).
    postings: Vec<Vec<(u32, f32)>>,
    /// Per term: in how many texts it occurs.
    text_freq: Vec<u32>,
    texts: u32,
    entries: Vec<Entry>,
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

/// How many texts of a field carry each term.
fn counts(items: &[Arc<[u32]>]) -> HashMap<u32, f32> {
    let mut out: HashMap<u32, f32> = HashMap::new();
    for item in items {
        for t in item.iter() {
            *out.entry(*t).or_default() += 1.0;
        }
    }
    out
}

/// The mean of the non-zero `lens` (1 when there are none).
fn mean_of_present(lens: impl Iterator<Item = usize>) -> f32 {
    let (sum, n) = lens
        .filter(|l| *l > 0)
        .fold((0usize, 0usize), |(s, n), l| (s + l, n + 1));
    if n == 0 { 1.0 } else { sum as f32 / n as f32 }
}

impl ExpertiseIndex {
    /// Builds the index over `docs` (people with nothing to say about a subject are left
    /// out, as are those neither willing nor a published author).
    pub fn build(docs: Vec<ExpertiseDoc>) -> ExpertiseIndex {
        let mut index = ExpertiseIndex::default();
        // A reviewed manuscript's terms, worked out once for all its reviewers.
        let mut by_submission: HashMap<i64, Arc<[u32]>> = HashMap::new();
        for doc in docs {
            if !doc.willing && doc.published_in.is_empty() {
                continue;
            }
            let keywords: Vec<Arc<[u32]>> = doc.keywords.iter().map(|k| index.item(k)).collect();
            let papers: Vec<Arc<[u32]>> = doc.papers.iter().map(|p| index.item(p)).collect();
            let mut reviewed = Vec::with_capacity(doc.reviewed.len());
            for r in &doc.reviewed {
                let ids = match by_submission.get(&r.submission_id) {
                    Some(ids) => ids.clone(),
                    None => {
                        let ids = index.item(&r.text);
                        by_submission.insert(r.submission_id, ids.clone());
                        ids
                    }
                };
                reviewed.push(ids);
            }
            let all = keywords.iter().chain(&papers).chain(&reviewed);
            let mut any = false;
            for item in all {
                if item.is_empty() {
                    continue;
                }
                any = true;
                index.texts += 1;
                for t in item.iter() {
                    index.text_freq[*t as usize] += 1;
                }
            }
            if !any {
                continue;
            }
            index.entries.push(Entry {
                person_id: doc.person_id,
                willing: doc.willing,
                published_in: doc.published_in,
                keyword_texts: doc.keywords,
                keywords,
                papers,
                reviewed_in: doc.reviewed.iter().map(|r| r.collection_id).collect(),
                reviewed,
            });
        }
        index.post();
        index
    }

    /// Each person's saturated BM25F weight for each of their terms, into the postings.
    fn post(&mut self) {
        let avg_keywords = mean_of_present(self.entries.iter().map(|e| e.keywords.len()));
        let avg_papers = mean_of_present(self.entries.iter().map(|e| e.papers.len()));
        for (n, e) in self.entries.iter().enumerate() {
            let norm = |len: usize, avg: f32, b: f32| 1.0 - b + b * len as f32 / avg;
            let keywords = KEYWORD_WEIGHT / norm(e.keywords.len(), avg_keywords, KEYWORD_B);
            let papers = PAPER_WEIGHT / norm(e.papers.len(), avg_papers, PAPER_B);
            let reviews = e.reviewed.len() as f32;
            let reviewed = REVIEWED_WEIGHT * reviews.min(REVIEWS_COUNTED) / reviews.max(1.0);
            let mut tf: HashMap<u32, f32> = HashMap::new();
            for (field, weight) in [
                (&e.keywords, keywords),
                (&e.papers, papers),
                (&e.reviewed, reviewed),
            ] {
                for (t, c) in counts(field) {
                    *tf.entry(t).or_default() += c * weight;
                }
            }
            for (t, f) in tf {
                self.postings[t as usize].push((n as u32, f * (K1 + 1.0) / (f + K1)));
            }
        }
    }

    /// A text's distinct term ids, sorted.
    fn item(&mut self, text: &str) -> Arc<[u32]> {
        let mut ids: Vec<u32> = terms(text).iter().map(|t| self.id_of(t)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into()
    }

    fn id_of(&mut self, term: &str) -> u32 {
        if let Some(id) = self.ids.get(term) {
            return *id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(term.to_owned(), id);
        self.words.push(term.to_owned());
        self.postings.push(Vec::new());
        self.text_freq.push(0);
        id
    }

    /// How many people are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Inverse document frequency over the texts (BM25's, kept positive).
    fn idf(&self, term: u32) -> f32 {
        let n = self.texts as f32;
        let df = self.text_freq[term as usize] as f32;
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
            for (entry, s) in &self.postings[*term as usize] {
                scores[*entry as usize] += idf * s;
            }
        }
        let mut ranked: Vec<(usize, f32)> = scores
            .into_iter()
            .enumerate()
            .filter(|(i, s)| {
                let e = &self.entries[*i];
                *s > 0.0
                    && (e.willing || e.published_in.contains(&collection_id))
                    && !skip.contains(&e.person_id)
            })
            .collect();
        // Best first; equal scores by person, so the order is stable.
        let order = |a: &(usize, f32), b: &(usize, f32)| {
            b.1.total_cmp(&a.1).then_with(|| {
                self.entries[a.0]
                    .person_id
                    .cmp(&self.entries[b.0].person_id)
            })
        };
        if limit < ranked.len() {
            if limit == 0 {
                return Vec::new();
            }
            ranked.select_nth_unstable_by(limit - 1, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        ranked
            .into_iter()
            .map(|(i, score)| {
                let e = &self.entries[i];
                Match {
                    person_id: e.person_id,
                    score,
                    published_author: e.published_in.contains(&collection_id),
                    willing: e.willing,
                    why: self.why(e, &query, collection_id),
                }
            })
            .collect()
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

/// A person's expertise as the profile form sends it: the keywords typed and the collections'
/// topics ticked. A topic is kept as one more keyword line, so the ranking reads both alike
/// (a ticked topic meets the manuscripts filed under it, whose topics are ranked against).
/// Refused when a ticked topic is none of `topics` (a forged form) or the keywords are.
pub fn choose_expertise(
    typed: &str,
    ticked: &[String],
    topics: &[String],
) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = parse_keywords(typed)?
        .into_iter()
        .filter(|k| !topics.iter().any(|t| t.eq_ignore_ascii_case(k)))
        .collect();
    for t in ticked {
        let Some(topic) = topics.iter().find(|known| *known == t) else {
            return Err("Choose the topics from the list shown.".to_owned());
        };
        if !out.contains(topic) {
            out.push(topic.clone());
        }
    }
    Ok(out)
}

/// A person's stored expertise lines parted into (the topics among `topics` they ticked,
/// the other keywords), each in stored order.
pub fn split_topics(stored: &[String], topics: &[String]) -> (Vec<String>, Vec<String>) {
    stored
        .iter()
        .cloned()
        .partition(|line| topics.contains(line))
}

pub const MAX_KEYWORDS: usize = 30;
pub const MAX_KEYWORD_CHARS: usize = 80;

#[cfg(test)]
mod tests;
