//! The editors' search (issue 18 part 2), as pure rules: what a search form may ask, read
//! into a query that cannot hold a bad value, with a message beside each field that was
//! wrong. Which rows the reader may see is not decided here: the workflow keeps only the
//! submissions of the reader's own lists (conflicts left out), whatever the query says.

use chrono::NaiveDate;

use super::FormErrors;
use super::submission_state::SubmissionState;

/// Rows per page of search results, as the editorial lists.
pub const RESULTS_PAGE: usize = 25;
/// At most this many words per field are searched (more are refused with a message).
pub const MAX_WORDS: usize = 8;
/// A field longer than this is refused (a search box, not a document).
pub const MAX_FIELD_CHARS: usize = 200;
/// The oldest submission age one may ask about, in days (a century).
pub const MAX_AGE_DAYS: i64 = 36_500;
/// The highest revision round one may ask about.
pub const MAX_ROUND: i32 = 99;

/// What a search field is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Title, authors, keywords and manuscript number.
    Anywhere,
    Title,
    /// The authors' names and e-mail addresses.
    Authors,
    Keywords,
}

/// The words of a search field: runs of letters and digits, lower-cased, as both
/// databases' full-text indexes split the text, each matched as a prefix ("onco" finds
/// "oncology"). Anything else (quotes, operators, punctuation) only separates words, so
/// nothing a person types can change the shape of the full-text query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words(Vec<String>);

impl Words {
    pub fn parse(raw: &str) -> Result<Words, String> {
        if raw.chars().count() > MAX_FIELD_CHARS {
            return Err(format!(
                "Search for at most {MAX_FIELD_CHARS} characters here."
            ));
        }
        let words: Vec<String> = raw
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.len() > MAX_WORDS {
            return Err(format!("Search for at most {MAX_WORDS} words here."));
        }
        Ok(Words(words))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// A column the results can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Number,
    Title,
    State,
    Collection,
    Editor,
    Round,
    Submitted,
}

impl SortColumn {
    pub const ALL: [SortColumn; 7] = [
        SortColumn::Number,
        SortColumn::Title,
        SortColumn::State,
        SortColumn::Collection,
        SortColumn::Editor,
        SortColumn::Round,
        SortColumn::Submitted,
    ];

    /// Its name in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            SortColumn::Number => "number",
            SortColumn::Title => "title",
            SortColumn::State => "state",
            SortColumn::Collection => "collection",
            SortColumn::Editor => "editor",
            SortColumn::Round => "round",
            SortColumn::Submitted => "submitted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortColumn::Number => "Number",
            SortColumn::Title => "Title",
            SortColumn::State => "State",
            SortColumn::Collection => "Collection",
            SortColumn::Editor => "Handling editor",
            SortColumn::Round => "Round",
            SortColumn::Submitted => "Submitted",
        }
    }

    fn parse(raw: &str) -> Option<SortColumn> {
        SortColumn::ALL.into_iter().find(|c| c.as_str() == raw)
    }
}

/// Which of the reader's lists to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListChoice {
    /// Every list the reader has.
    All,
    /// What they handle.
    Handling,
    /// For an editor-in-chief: what needs an editor.
    NeedsEditor,
    /// For an editor-in-chief: everything open with an editor.
    Open,
}

impl ListChoice {
    pub const ALL: [ListChoice; 4] = [
        ListChoice::All,
        ListChoice::Handling,
        ListChoice::NeedsEditor,
        ListChoice::Open,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ListChoice::All => "all",
            ListChoice::Handling => "handling",
            ListChoice::NeedsEditor => "needs_editor",
            ListChoice::Open => "open",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ListChoice::All => "All my lists",
            ListChoice::Handling => "Submissions I handle",
            ListChoice::NeedsEditor => "Needing a handling editor",
            ListChoice::Open => "Open, with an editor",
        }
    }
}

/// Whose submissions, by handling editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorFilter {
    Anyone,
    /// No handling editor yet.
    Nobody,
    Person(i64),
}

/// A search, every value checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// A whole manuscript number typed in the main box ("RC-2026-0042"), matched exactly
    /// rather than as three words that every number of the year shares.
    pub number: Option<String>,
    pub anywhere: Words,
    pub title: Words,
    pub authors: Words,
    pub keywords: Words,
    pub state: Option<SubmissionState>,
    pub editor: EditorFilter,
    pub collection: Option<i64>,
    pub round: Option<i32>,
    /// Submitted at least this many days ago.
    pub min_age_days: Option<i64>,
    /// Submitted at most this many days ago.
    pub max_age_days: Option<i64>,
    /// Only those with a review or a revised version past its due date.
    pub overdue: bool,
    pub list: ListChoice,
    pub sort: SortColumn,
    pub descending: bool,
    /// 1-based; a page past the end shows the last one.
    pub page: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            number: None,
            anywhere: Words::default(),
            title: Words::default(),
            authors: Words::default(),
            keywords: Words::default(),
            state: None,
            editor: EditorFilter::Anyone,
            collection: None,
            round: None,
            min_age_days: None,
            max_age_days: None,
            overdue: false,
            list: ListChoice::All,
            sort: SortColumn::Submitted,
            descending: true,
            page: 1,
        }
    }
}

impl SearchQuery {
    /// The full-text words, each with the field it must be found in.
    pub fn text(&self) -> impl Iterator<Item = (Field, &str)> {
        [
            (Field::Anywhere, &self.anywhere),
            (Field::Title, &self.title),
            (Field::Authors, &self.authors),
            (Field::Keywords, &self.keywords),
        ]
        .into_iter()
        .flat_map(|(f, w)| w.as_slice().iter().map(move |w| (f, w.as_str())))
    }

    /// The earliest and latest submission dates asked for, seen on `today`.
    pub fn submitted_between(&self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let back = |days: i64| today.checked_sub_days(chrono::Days::new(days.unsigned_abs()));
        (
            self.max_age_days.and_then(back),
            self.min_age_days.and_then(back),
        )
    }
}

/// The search form as sent: every field a string, so any input reaches [`SearchForm::parse`]
/// and gets a message rather than a bare 400.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchForm {
    pub q: String,
    pub title: String,
    pub author: String,
    pub keyword: String,
    pub state: String,
    pub editor: String,
    pub collection: String,
    pub round: String,
    pub min_age: String,
    pub max_age: String,
    pub overdue: String,
    pub list: String,
    pub sort: String,
    pub dir: String,
    pub page: String,
}

impl SearchForm {
    /// The form from a query string's (name, value) pairs: a name seen twice keeps its last
    /// value, an unknown name is ignored, so no URL fails to read.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> SearchForm {
        let mut f = SearchForm::default();
        for (k, v) in pairs {
            let slot = match k.as_str() {
                "q" => &mut f.q,
                "title" => &mut f.title,
                "author" => &mut f.author,
                "keyword" => &mut f.keyword,
                "state" => &mut f.state,
                "editor" => &mut f.editor,
                "collection" => &mut f.collection,
                "round" => &mut f.round,
                "min_age" => &mut f.min_age,
                "max_age" => &mut f.max_age,
                "overdue" => &mut f.overdue,
                "list" => &mut f.list,
                "sort" => &mut f.sort,
                "dir" => &mut f.dir,
                "page" => &mut f.page,
                _ => continue,
            };
            *slot = v;
        }
        f
    }

    /// The (name, value) pairs of the fields that are set, for a link to the same search;
    /// `sort`, `dir` and `page` are the caller's.
    pub fn filters(&self) -> Vec<(&'static str, &str)> {
        [
            ("q", &self.q),
            ("title", &self.title),
            ("author", &self.author),
            ("keyword", &self.keyword),
            ("state", &self.state),
            ("editor", &self.editor),
            ("collection", &self.collection),
            ("round", &self.round),
            ("min_age", &self.min_age),
            ("max_age", &self.max_age),
            ("overdue", &self.overdue),
            ("list", &self.list),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.as_str()))
        .collect()
    }
}

/// The value of a field's parse, or its message recorded beside the field.
fn take<T>(e: &mut FormErrors, field: &str, r: Result<Option<T>, String>) -> Option<T> {
    r.unwrap_or_else(|m| {
        e.add(field, m);
        None
    })
}

/// A whole number in `lo..=hi` from a field; empty is `None`.
fn number_in<T>(raw: &str, lo: T, hi: T, message: &str) -> Result<Option<T>, String>
where
    T: std::str::FromStr + PartialOrd + Copy,
{
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<T>() {
        Ok(n) if n >= lo && n <= hi => Ok(Some(n)),
        _ => Err(message.to_owned()),
    }
}

impl SearchForm {
    /// The query, or a message beside each field that was wrong.
    /// Long because it is a list: one field after another, each with its message.
    pub fn parse(&self) -> Result<SearchQuery, FormErrors> {
        let mut e = FormErrors::new();
        let mut q = SearchQuery::default();
        q.number = manuscript_number(&self.q);
        if q.number.is_none() {
            q.anywhere = take(&mut e, "q", Words::parse(&self.q).map(Some)).unwrap_or_default();
        }
        q.title = take(&mut e, "title", Words::parse(&self.title).map(Some)).unwrap_or_default();
        q.authors =
            take(&mut e, "author", Words::parse(&self.author).map(Some)).unwrap_or_default();
        q.keywords =
            take(&mut e, "keyword", Words::parse(&self.keyword).map(Some)).unwrap_or_default();
        let state = self.state.trim();
        if !state.is_empty() {
            match SubmissionState::ALL
                .into_iter()
                .find(|s| s.as_str() == state && listed_state(*s))
            {
                Some(s) => q.state = Some(s),
                None => e.add("state", "Choose a state from the list."),
            }
        }
        q.editor = match self.editor.trim() {
            "" => EditorFilter::Anyone,
            "none" => EditorFilter::Nobody,
            raw => match number_in(raw, 1i64, i64::MAX, "") {
                Ok(Some(id)) => EditorFilter::Person(id),
                _ => {
                    e.add("editor", "Choose a handling editor from the list.");
                    EditorFilter::Anyone
                }
            },
        };
        q.collection = take(
            &mut e,
            "collection",
            number_in(
                &self.collection,
                1,
                i64::MAX,
                "Choose a collection from the list.",
            ),
        );
        q.round = take(
            &mut e,
            "round",
            number_in(
                &self.round,
                1,
                i64::from(MAX_ROUND),
                &format!("The round is a whole number from 1 to {MAX_ROUND}."),
            ),
        )
        .and_then(|r| i32::try_from(r).ok());
        let age = format!("Give the age in whole days, from 0 to {MAX_AGE_DAYS}.");
        q.min_age_days = take(
            &mut e,
            "min_age",
            number_in(&self.min_age, 0, MAX_AGE_DAYS, &age),
        );
        q.max_age_days = take(
            &mut e,
            "max_age",
            number_in(&self.max_age, 0, MAX_AGE_DAYS, &age),
        );
        if let (Some(lo), Some(hi)) = (q.min_age_days, q.max_age_days)
            && lo > hi
        {
            e.add(
                "max_age",
                "“At most” days is smaller than “at least”: nothing could match.",
            );
        }
        q.overdue = match self.overdue.trim() {
            "" => false,
            "yes" | "on" | "true" => true,
            _ => {
                e.add("overdue", "Tick the box or leave it empty.");
                false
            }
        };
        match self.list.trim() {
            "" => {}
            raw => match ListChoice::ALL.into_iter().find(|l| l.as_str() == raw) {
                Some(l) => q.list = l,
                None => e.add("list", "Choose one of your lists."),
            },
        }
        match self.sort.trim() {
            "" => {}
            raw => match SortColumn::parse(raw) {
                Some(c) => q.sort = c,
                None => e.add(
                    "sort",
                    "Sort by number, title, state, collection, editor, round or submitted.",
                ),
            },
        }
        q.descending = match self.dir.trim() {
            "" => q.sort == SortColumn::Submitted,
            "desc" => true,
            "asc" => false,
            _ => {
                e.add("dir", "Sort ascending (asc) or descending (desc).");
                true
            }
        };
        q.page = take(
            &mut e,
            "page",
            number_in(
                &self.page,
                1,
                1_000_000,
                "The page is a whole number from 1 (a page past the end shows the last).",
            ),
        )
        .map_or(1, |p| p as usize);
        if e.is_empty() { Ok(q) } else { Err(e) }
    }
}

/// `raw` as a whole manuscript number (prefix of 1 to 8 letters or digits, year, serial of
/// at least four digits, as [`crate::db::submissions::format_manuscript_number`] writes
/// them), upper-cased as stored; `None` for anything else.
fn manuscript_number(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let mut parts = raw.split('-');
    let (prefix, year, serial) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let fits = parts.next().is_none()
        && (1..=8).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_alphanumeric())
        && year.len() == 4
        && digits(year)
        && serial.len() >= 4
        && serial.len() <= 10
        && digits(serial);
    fits.then(|| raw.to_ascii_uppercase())
}

/// The states the editorial lists hold (and so the search can find): neither drafts nor
/// final states.
pub fn listed_state(s: SubmissionState) -> bool {
    s != SubmissionState::Draft && !s.is_final()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> SearchForm {
        SearchForm::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        )
    }

    #[test]
    fn a_whole_manuscript_number_is_matched_exactly_and_anything_else_as_words() {
        let q = form(&[("q", " rc-2026-0042 ")]).parse().unwrap_or_default();
        assert_eq!(q.number.as_deref(), Some("RC-2026-0042"));
        assert!(q.anywhere.is_empty());
        for words in [
            "RC-2026",
            "2026-0042",
            "RC 2026 0042",
            "RC-26-0042",
            "R?-2026-0042",
        ] {
            let q = form(&[("q", words)]).parse().unwrap_or_default();
            assert_eq!(q.number, None, "{words}");
            assert!(!q.anywhere.is_empty(), "{words}");
        }
    }

    #[test]
    fn words_are_letters_and_digits_only() {
        let w = Words::parse("  \"BAP1\" OR germ*line -- NEAR(x) é").unwrap_or_default();
        assert_eq!(
            w.as_slice(),
            ["bap1", "or", "germ", "line", "near", "x", "é"]
        );
        assert!(Words::parse(&"a ".repeat(9)).is_err());
        assert!(Words::parse(&"a".repeat(201)).is_err());
    }

    #[test]
    fn bad_values_get_a_message_each() {
        let e = form(&[
            ("state", "draft"),
            ("sort", "password"),
            ("page", "-3"),
            ("editor", "abc"),
            ("round", "0"),
            ("min_age", "9"),
            ("max_age", "2"),
        ])
        .parse()
        .err()
        .unwrap_or_default();
        for field in ["state", "sort", "page", "editor", "round", "max_age"] {
            assert!(e.has(field), "{field}: {e:?}");
        }
        let huge = form(&[("page", "99999999999999999999999")]).parse();
        assert!(huge.is_err());
    }

    #[test]
    fn a_good_form_reads_into_a_query() {
        let q = form(&[
            ("q", "BAP1"),
            ("author", "Bianchi"),
            ("state", "under_review"),
            ("editor", "none"),
            ("sort", "title"),
            ("page", "2"),
        ])
        .parse()
        .unwrap_or_default();
        assert_eq!(q.state, Some(SubmissionState::UnderReview));
        assert_eq!(q.editor, EditorFilter::Nobody);
        assert_eq!(q.sort, SortColumn::Title);
        assert!(!q.descending);
        assert_eq!(q.page, 2);
        assert_eq!(q.text().count(), 2);
    }
}
