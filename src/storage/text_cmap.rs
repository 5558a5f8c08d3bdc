//! The `ToUnicode` maps of a PDF's fonts, for the text of its first pages (see `text`).
//!
//! Every `N G obj` of the searched bytes is indexed, a body ending at its `endobj` or the
//! next header (a later definition replaces an earlier one, as an incremental update does;
//! the cross-reference table is not read), and so are the objects packed in the first object
//! streams (`/Type /ObjStm`, PDF 1.5). A content stream's fonts are those of its own
//! `/Resources` (a form XObject) or of the page whose `/Contents` names it, inherited through
//! `/Parent`; when neither is found, the fonts of the first pages, the first use of a
//! resource name winning. Each font's `/ToUnicode` stream is read once: its code space
//! ranges (codes of one to four bytes), `bfchar` and `bfrange` (both forms), destinations in
//! UTF-16BE (surrogate pairs, several units for a ligature). Not read: `usecmap`, a
//! `ToUnicode` naming a predefined CMap, and `Encoding`/`Differences` glyph names.
//!
//! A dictionary's keys are found by a plain search of its text, so a key nested in a value
//! can be taken for the dictionary's own: a wrong font makes text unreadable, it does not
//! invent a name. Every count and size is capped, the caps of the maps shared by all the
//! maps of a file, so a hostile file costs a bounded time and memory.

use std::collections::HashMap;

use super::super::authors::find_from;
use super::{
    balanced, ends_token, hex_string, is_space, literal, name_value, reference, stream_data,
    token_end, uint_at, unpack, value_at,
};

/// Objects indexed, object streams unpacked (and their bytes together), pages looked at.
const OBJECTS_INDEXED: usize = 100_000;
const OBJECT_STREAMS_READ: usize = 64;
const PACKED_MAX: usize = 8 * 1024 * 1024;
const PAGES_READ: usize = 5_000;
/// How much of an object is read as its dictionary, and how many pages' fonts are taken
/// when a content stream's own are not found.
const DICT_MAX: usize = 64 * 1024;
const EVERY_FONT_PAGES: usize = 64;
/// Content streams of a page, fonts of a resource dictionary, `/Parent` links followed.
const CONTENTS_PER_PAGE: usize = 64;
const FONTS_PER_DICT: usize = 256;
const PARENTS_FOLLOWED: usize = 16;
/// `ToUnicode` maps read, codes they set together (each try counts, so a range repeated
/// costs too), bytes of their text together, code space ranges and UTF-16 units per entry.
const CMAPS_READ: usize = 64;
const CODES_MAX: usize = 1 << 18;
const CMAP_TEXT_MAX: usize = 2 * 1024 * 1024;
const CODE_SPACES_MAX: usize = 16;
const UNITS_MAX: usize = 16;
/// The most codes one `bfrange` may cover: a whole two-byte code space.
const RANGE_SPAN_MAX: u32 = 65_536;

/// Where an object's body lies: in the file, or in the unpacked object stream `packed`.
#[derive(Clone, Copy)]
struct Span {
    packed: Option<usize>,
    start: usize,
    end: usize,
}

/// What is left of the caps shared by all the maps of a file.
struct Budget {
    maps: usize,
    codes: usize,
    text: usize,
}

/// A PDF's objects, indexed for finding its fonts' `ToUnicode` maps.
pub(super) struct Pdf<'a> {
    file: &'a [u8],
    packed: Vec<Vec<u8>>,
    bodies: HashMap<u64, Span>,
    /// Object numbers in the order their bodies were found.
    order: Vec<u64>,
    /// The file offset of each object header, with its object number, in file order.
    headers: Vec<(usize, u64)>,
    /// The page whose `/Contents` names each content stream; the pages, in order.
    page_of: HashMap<u64, u64>,
    pages: Vec<u64>,
    every_font: Option<Vec<(Vec<u8>, u64)>>,
    cmaps: HashMap<u64, Option<CMap>>,
    budget: Budget,
}

impl<'a> Pdf<'a> {
    pub(super) fn new(file: &'a [u8]) -> Self {
        let mut pdf = Self {
            file,
            packed: Vec::new(),
            bodies: HashMap::new(),
            order: Vec::new(),
            headers: Vec::new(),
            page_of: HashMap::new(),
            pages: Vec::new(),
            every_font: None,
            cmaps: HashMap::new(),
            budget: Budget {
                maps: CMAPS_READ,
                codes: CODES_MAX,
                text: CMAP_TEXT_MAX,
            },
        };
        pdf.index_file();
        pdf.index_object_streams();
        pdf.index_pages();
        pdf
    }

    fn index_file(&mut self) {
        let file = self.file;
        let mut from = 0;
        // The first `endobj` at or after the body being indexed: searched again only once
        // passed, so the whole index costs one pass even when `endobj`s are missing.
        let mut next_end = find_from(file, b"endobj", 0);
        let mut previous = None;
        while self.headers.len() < OBJECTS_INDEXED {
            let Some(at) = find_from(file, b"obj", from) else {
                break;
            };
            from = at + 3;
            let Some((header, num)) = header_number(file, at) else {
                continue;
            };
            // A body ends at the next header at the latest, so bodies never overlap.
            if let Some(span) = previous.and_then(|p| self.bodies.get_mut(&p)) {
                span.end = span.end.min(header).max(span.start);
            }
            if next_end.is_some_and(|end| end < from) {
                next_end = find_from(file, b"endobj", from);
            }
            let end = next_end.unwrap_or(file.len());
            let span = Span {
                packed: None,
                start: from,
                end,
            };
            if self.bodies.insert(num, span).is_none() {
                self.order.push(num);
            }
            self.headers.push((header, num));
            previous = Some(num);
        }
    }

    fn index_object_streams(&mut self) {
        let streams: Vec<u64> = self
            .order
            .iter()
            .copied()
            .filter(|num| {
                self.dict(*num)
                    .is_some_and(|d| name_value(d, b"/Type") == Some(b"ObjStm"))
            })
            .take(OBJECT_STREAMS_READ)
            .collect();
        let mut unpacked = 0;
        for num in streams {
            if unpacked >= PACKED_MAX || self.order.len() >= OBJECTS_INDEXED {
                break;
            }
            let Some(dict) = self.dict(num) else {
                continue;
            };
            let count = value_at(dict, b"/N").and_then(|at| uint_at(dict, at));
            let first = value_at(dict, b"/First").and_then(|at| uint_at(dict, at));
            let (Some((count, _)), Some((first, _))) = (count, first) else {
                continue;
            };
            let Some(data) = self.stream(num) else {
                continue;
            };
            unpacked += data.len();
            let entries = packed_entries(&data, count, first);
            let packed = Some(self.packed.len());
            self.packed.push(data);
            for (num, start, end) in entries {
                if self.order.len() >= OBJECTS_INDEXED {
                    break;
                }
                if let std::collections::hash_map::Entry::Vacant(e) = self.bodies.entry(num) {
                    e.insert(Span { packed, start, end });
                    self.order.push(num);
                }
            }
        }
    }

    fn index_pages(&mut self) {
        let (mut pages, mut page_of) = (Vec::new(), HashMap::new());
        for &num in &self.order {
            if pages.len() >= PAGES_READ {
                break;
            }
            let Some(dict) = self.dict(num) else {
                continue;
            };
            if name_value(dict, b"/Type") != Some(b"Page") {
                continue;
            }
            pages.push(num);
            for content in references(dict, b"/Contents") {
                page_of.entry(content).or_insert(num);
            }
        }
        (self.pages, self.page_of) = (pages, page_of);
    }

    fn body(&self, num: u64) -> Option<&[u8]> {
        let span = self.bodies.get(&num)?;
        let buf = match span.packed {
            None => self.file,
            Some(i) => self.packed.get(i)?.as_slice(),
        };
        buf.get(span.start..span.end)
    }

    /// An object's text up to its stream's data, if it has one, and at most [`DICT_MAX`].
    fn dict(&self, num: u64) -> Option<&[u8]> {
        let body = self.body(num)?;
        let body = body.get(..body.len().min(DICT_MAX))?;
        body.get(..find_from(body, b"stream", 0).unwrap_or(body.len()))
    }

    /// The unpacked data of a stream object of the file.
    fn stream(&self, num: u64) -> Option<Vec<u8>> {
        let span = self.bodies.get(&num)?;
        if span.packed.is_some() {
            return None; // streams are never packed
        }
        let body = self.file.get(span.start..span.end)?;
        let (start, end) = stream_data(body, find_from(body, b"stream", 0)?)?;
        Some(unpack(body.get(start..end)?))
    }

    /// The value of `key` in `dict` when it is a dictionary, there or by reference.
    fn resolved<'s>(&'s self, dict: &'s [u8], key: &[u8]) -> Option<&'s [u8]> {
        let at = value_at(dict, key)?;
        if let Some((num, _)) = reference(dict, at) {
            return self.dict(num);
        }
        let rest = dict.get(at..)?;
        rest.starts_with(b"<<").then(|| balanced(rest))
    }

    /// The fonts of a resource dictionary: each resource name with its font's object.
    fn fonts_in(&self, resources: &[u8]) -> Vec<(Vec<u8>, u64)> {
        let mut out = Vec::new();
        let Some(fonts) = self.resolved(resources, b"/Font") else {
            return out;
        };
        let mut at = 0;
        while out.len() < FONTS_PER_DICT {
            let Some(slash) = fonts
                .get(at..)
                .and_then(|r| r.iter().position(|b| *b == b'/'))
            else {
                break;
            };
            let name_at = at + slash + 1;
            let name_end = token_end(fonts, name_at);
            at = name_end.max(name_at);
            if let Some((num, end)) = reference(fonts, name_end) {
                out.extend(fonts.get(name_at..name_end).map(|n| (n.to_vec(), num)));
                at = end;
            }
        }
        out
    }

    /// A page's resources, its own or inherited.
    fn page_resources(&self, page: u64) -> Option<&[u8]> {
        let mut node = page;
        for _ in 0..PARENTS_FOLLOWED {
            let dict = self.dict(node)?;
            if let Some(resources) = self.resolved(dict, b"/Resources") {
                return Some(resources);
            }
            node = reference(dict, value_at(dict, b"/Parent")?)?.0;
        }
        None
    }

    /// The object whose body holds the file offset `at`.
    fn object_at(&self, at: usize) -> Option<u64> {
        let after = self.headers.partition_point(|(offset, _)| *offset <= at);
        Some(self.headers.get(after.checked_sub(1)?)?.1)
    }

    /// The fonts of the first pages, the first use of a resource name winning.
    fn every_font(&mut self) -> Vec<(Vec<u8>, u64)> {
        if let Some(list) = &self.every_font {
            return list.clone();
        }
        let mut list: Vec<(Vec<u8>, u64)> = Vec::new();
        for page in self.pages.iter().take(EVERY_FONT_PAGES) {
            for (name, font) in self
                .page_resources(*page)
                .map(|r| self.fonts_in(r))
                .unwrap_or_default()
            {
                if list.len() < FONTS_PER_DICT && !list.iter().any(|(n, _)| *n == name) {
                    list.push((name, font));
                }
            }
        }
        self.every_font = Some(list.clone());
        list
    }

    /// For the content stream whose `stream` keyword is at `at` in the file, the key of
    /// each font resource name's `ToUnicode` map (see [`Self::cmap`]), when it has one.
    pub(super) fn fonts_at(&mut self, at: usize) -> HashMap<Vec<u8>, u64> {
        let own = self.object_at(at).and_then(|num| {
            let dict = self.dict(num)?;
            let resources = self.resolved(dict, b"/Resources");
            resources.or_else(|| self.page_resources(*self.page_of.get(&num)?))
        });
        let list = match own.map(|r| self.fonts_in(r)) {
            Some(list) if !list.is_empty() => list,
            _ => self.every_font(),
        };
        let mut out = HashMap::new();
        for (name, font) in list {
            let to_unicode = self
                .dict(font)
                .and_then(|d| reference(d, value_at(d, b"/ToUnicode")?));
            if let Some((map, _)) = to_unicode
                && self.load_cmap(map)
            {
                out.entry(name).or_insert(map);
            }
        }
        out
    }

    /// Reads the `ToUnicode` stream `num` once; whether it maps any code.
    fn load_cmap(&mut self, num: u64) -> bool {
        if !self.cmaps.contains_key(&num) {
            let map = if self.budget.maps == 0 {
                None
            } else {
                self.budget.maps -= 1;
                let data = self.stream(num);
                data.map(|d| CMap::read(&d, &mut self.budget))
                    .filter(|m| !m.codes.is_empty())
            };
            self.cmaps.insert(num, map);
        }
        self.cmap(num).is_some()
    }

    pub(super) fn cmap(&self, num: u64) -> Option<&CMap> {
        self.cmaps.get(&num)?.as_ref()
    }
}

/// Where the header whose `obj` keyword is at `at` starts, and its object number.
fn header_number(bytes: &[u8], at: usize) -> Option<(usize, u64)> {
    if bytes.get(at + 3).is_some_and(|b| !ends_token(*b)) {
        return None;
    }
    let gen_start = digits_before(bytes, spaces_before(bytes, at)?)?.0;
    let (num_start, num) = digits_before(bytes, spaces_before(bytes, gen_start)?)?;
    let before = num_start.checked_sub(1).and_then(|i| bytes.get(i));
    before
        .is_none_or(|b| ends_token(*b))
        .then_some((num_start, num))
}

/// Where the white space ending at `end` starts, when there is some.
fn spaces_before(bytes: &[u8], end: usize) -> Option<usize> {
    let mut at = end;
    while at > 0 && bytes.get(at - 1).is_some_and(|b| is_space(*b)) {
        at -= 1;
    }
    (at < end).then_some(at)
}

/// The number of at most ten digits ending at `end`, and where it starts.
fn digits_before(bytes: &[u8], end: usize) -> Option<(usize, u64)> {
    let mut at = end;
    while at > 0 && end - at < 10 && bytes.get(at - 1).is_some_and(u8::is_ascii_digit) {
        at -= 1;
    }
    let digits = std::str::from_utf8(bytes.get(at..end)?).ok()?;
    Some((at, digits.parse().ok()?))
}

/// The objects of an unpacked object stream: number, start and end of each body.
fn packed_entries(data: &[u8], count: u64, first: u64) -> Vec<(u64, usize, usize)> {
    let Ok(first) = usize::try_from(first) else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let mut at = 0;
    while (starts.len() as u64) < count && starts.len() < OBJECTS_INDEXED && at < first {
        let Some((num, end)) = uint_at(data, at) else {
            break;
        };
        let Some((offset, end)) = uint_at(data, end) else {
            break;
        };
        let start = usize::try_from(offset).map_or(data.len(), |o| first.saturating_add(o));
        starts.push((num, start.min(data.len())));
        at = end;
    }
    let ends = starts.iter().skip(1).map(|s| s.1).chain([data.len()]);
    starts
        .iter()
        .zip(ends)
        .filter(|((_, start), end)| start <= end)
        .map(|((num, start), end)| (*num, *start, end))
        .collect()
}

/// The references in the value of `key`: one, or those of an array.
fn references(dict: &[u8], key: &[u8]) -> Vec<u64> {
    let Some(at) = value_at(dict, key) else {
        return Vec::new();
    };
    if dict.get(at) != Some(&b'[') {
        return reference(dict, at).map(|r| r.0).into_iter().collect();
    }
    let mut out = Vec::new();
    let mut at = at + 1;
    while out.len() < CONTENTS_PER_PAGE {
        let Some((num, end)) = reference(dict, at) else {
            break;
        };
        out.push(num);
        at = end;
    }
    out
}

/// A code of one to four bytes as a number.
fn code(bytes: &[u8]) -> Option<u32> {
    (1..=4)
        .contains(&bytes.len())
        .then(|| bytes.iter().fold(0, |c, b| c << 8 | u32::from(*b)))
}

/// A destination's UTF-16 units (a single byte taken as one unit, as some writers do).
fn units(bytes: &[u8]) -> Vec<u16> {
    match bytes {
        [one] => vec![u16::from(*one)],
        _ => bytes
            .chunks_exact(2)
            .take(UNITS_MAX)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect(),
    }
}

/// The tokens of a CMap that matter: words (operators, names, numbers), hex strings and
/// array brackets; dictionaries, literal strings and comments are passed over.
enum Token<'t> {
    Word(&'t [u8]),
    Hex(Vec<u8>),
    Open,
    Close,
    Other,
}

struct Tokens<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl<'t> Iterator for Tokens<'t> {
    type Item = Token<'t>;

    fn next(&mut self) -> Option<Token<'t>> {
        let bytes = self.bytes;
        loop {
            let from = self.at;
            let b = *bytes.get(from)?;
            self.at += 1;
            return Some(match b {
                b'%' => {
                    let line = bytes.get(from..).unwrap_or_default();
                    let eol = line.iter().position(|c| matches!(c, b'\r' | b'\n'));
                    self.at = eol.map_or(bytes.len(), |p| from + p);
                    continue;
                }
                b'[' => Token::Open,
                b']' => Token::Close,
                b'<' if bytes.get(self.at) == Some(&b'<') => {
                    self.at += 1;
                    Token::Other
                }
                b'<' => match hex_string(bytes, self.at) {
                    Some((hex, next)) => {
                        self.at = next;
                        Token::Hex(hex)
                    }
                    None => Token::Other,
                },
                b'(' => {
                    self.at = literal(bytes, self.at).1;
                    Token::Other
                }
                _ if is_space(b) => continue,
                b'{' | b'}' | b')' | b'>' => Token::Other,
                _ => {
                    self.at = token_end(bytes, from + 1);
                    Token::Word(bytes.get(from..self.at).unwrap_or_default())
                }
            });
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Spaces,
    Chars,
    Ranges,
}

/// A `bfrange` destination: a first string counted up, or one string for each code.
enum Dst<'d> {
    Base(&'d [u8]),
    Each(&'d [Vec<u8>]),
}

/// A font's `ToUnicode` map: how its strings split into codes and what each code says.
#[derive(Default)]
pub(super) struct CMap {
    /// Code space ranges: the length of their codes, and the bounds of each byte.
    spaces: Vec<(usize, [u8; 4], [u8; 4])>,
    /// The length of the first code mapped, for a map without code space ranges.
    first_len: usize,
    /// Each code's text, as a span of `text`.
    codes: HashMap<u32, (usize, usize)>,
    text: String,
}

impl CMap {
    fn read(data: &[u8], budget: &mut Budget) -> Self {
        let mut map = Self::default();
        let mut section = Section::None;
        let mut pending: Vec<Vec<u8>> = Vec::new();
        let mut tokens = Tokens { bytes: data, at: 0 };
        while let Some(token) = tokens.next() {
            if budget.codes == 0 || budget.text == 0 {
                break;
            }
            match token {
                Token::Hex(hex) => {
                    pending.push(hex);
                    map.take(section, &mut pending, budget);
                }
                Token::Open if section == Section::Ranges && pending.len() == 2 => {
                    let mut each = Vec::new();
                    for token in tokens.by_ref() {
                        match token {
                            Token::Hex(hex) if each.len() < RANGE_SPAN_MAX as usize => {
                                each.push(hex);
                            }
                            Token::Hex(_) | Token::Other => {}
                            _ => break,
                        }
                    }
                    if let [lo, hi] = pending.as_slice() {
                        map.add_range(lo, hi, Dst::Each(&each), budget);
                    }
                    pending.clear();
                }
                Token::Word(word) => {
                    section = match word {
                        b"begincodespacerange" => Section::Spaces,
                        b"beginbfchar" => Section::Chars,
                        b"beginbfrange" => Section::Ranges,
                        _ if word.starts_with(b"end") => Section::None,
                        _ => section,
                    };
                    pending.clear();
                }
                _ => pending.clear(),
            }
        }
        map
    }

    /// Uses the strings read so far in `section` when they make a whole entry.
    fn take(&mut self, section: Section, pending: &mut Vec<Vec<u8>>, budget: &mut Budget) {
        let done = match (section, pending.as_slice()) {
            (Section::Spaces, [lo, hi]) => {
                self.add_space(lo, hi);
                true
            }
            (Section::Chars, [src, dst]) => {
                if let Some(c) = code(src) {
                    self.note_len(src.len());
                    self.add(c, &units(dst), budget);
                }
                true
            }
            (Section::Ranges, [lo, hi, dst]) => {
                self.add_range(lo, hi, Dst::Base(dst), budget);
                true
            }
            (_, strings) => strings.len() >= 3,
        };
        if done {
            pending.clear();
        }
    }

    fn add_space(&mut self, lo: &[u8], hi: &[u8]) {
        if lo.len() != hi.len() || code(lo).is_none() || self.spaces.len() >= CODE_SPACES_MAX {
            return;
        }
        let (mut low, mut high) = ([0; 4], [0; 4]);
        low[..lo.len()].copy_from_slice(lo);
        high[..hi.len()].copy_from_slice(hi);
        self.spaces.push((lo.len(), low, high));
    }

    fn note_len(&mut self, len: usize) {
        if self.first_len == 0 {
            self.first_len = len;
        }
    }

    fn add_range(&mut self, lo: &[u8], hi: &[u8], dst: Dst<'_>, budget: &mut Budget) {
        let (Some(first), Some(last)) = (code(lo), code(hi)) else {
            return;
        };
        if lo.len() != hi.len() || last < first || last - first >= RANGE_SPAN_MAX {
            return;
        }
        self.note_len(lo.len());
        match dst {
            Dst::Base(base) => {
                let mut units = units(base);
                let Some(&tail) = units.last() else {
                    return;
                };
                for c in first..=last {
                    if let Some(unit) = units.last_mut() {
                        // Counted up in the last unit (`c - first` is below 65536).
                        *unit = tail.wrapping_add((c - first) as u16);
                    }
                    if !self.add(c, &units, budget) {
                        break;
                    }
                }
            }
            Dst::Each(each) => {
                for (c, dst) in (first..=last).zip(each) {
                    if !self.add(c, &units(dst), budget) {
                        break;
                    }
                }
            }
        }
    }

    /// Sets a code's text; false once the budget is spent.
    fn add(&mut self, code: u32, units: &[u16], budget: &mut Budget) -> bool {
        if budget.codes == 0 {
            return false;
        }
        budget.codes -= 1;
        let text = String::from_utf16_lossy(units);
        if text.len() > budget.text {
            budget.text = 0;
            return false;
        }
        budget.text -= text.len();
        let start = self.text.len();
        self.text.push_str(&text);
        self.codes.insert(code, (start, self.text.len()));
        true
    }

    /// The length of the code `rest` starts with: the shortest code space range it fits,
    /// else the shortest range's length.
    fn code_len(&self, rest: &[u8]) -> usize {
        for len in 1..=4 {
            let fits = self.spaces.iter().any(|(n, lo, hi)| {
                *n == len
                    && rest.get(..len).is_some_and(|r| {
                        r.iter().zip(lo).zip(hi).all(|((b, l), h)| l <= b && b <= h)
                    })
            });
            if fits {
                return len;
            }
        }
        let shortest = self.spaces.iter().map(|s| s.0).min();
        shortest.unwrap_or(self.first_len).max(1)
    }

    /// Appends the text of the codes of a shown string, until `out` is longer than `limit`.
    pub(super) fn decode(&self, bytes: &[u8], out: &mut String, limit: usize) {
        let mut at = 0;
        while at < bytes.len() && out.len() <= limit {
            let len = self.code_len(bytes.get(at..).unwrap_or_default());
            let Some(c) = bytes.get(at..at + len).and_then(code) else {
                break; // a code cut short at the string's end
            };
            let text = self.codes.get(&c).and_then(|&(s, e)| self.text.get(s..e));
            out.push_str(text.unwrap_or_default());
            at += len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget() -> Budget {
        Budget {
            maps: CMAPS_READ,
            codes: CODES_MAX,
            text: CMAP_TEXT_MAX,
        }
    }

    #[test]
    fn hex_strings_odd_cut_short_or_not_hex() {
        assert_eq!(hex_string(b"00 4 1>x", 0), Some((vec![0, 0x41], 7)));
        assert_eq!(hex_string(b"0041 0>", 0), Some((vec![0, 0x41, 0], 7)));
        assert_eq!(hex_string(b"0041", 0), None);
        assert_eq!(hex_string(b"00x1>", 0), None);
        assert_eq!(hex_string(b"", 3), None);
    }

    #[test]
    fn a_maps_ranges_and_repeats_are_capped() {
        let mut budget = budget();
        let ranges = "<0000> <FFFF> <0041>\n".repeat(3) + "<000000> <FFFFFF> <0041>";
        let text = format!(
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
             beginbfrange {ranges} endbfrange"
        );
        let map = CMap::read(text.as_bytes(), &mut budget);
        assert!(map.codes.len() == 65_536 && budget.codes == CODES_MAX - 3 * 65_536);
        // Later maps share what is left.
        let again = CMap::read(text.as_bytes(), &mut budget);
        assert!(again.codes.len() == 65_536 && budget.codes == 0);
        assert!(CMap::read(text.as_bytes(), &mut budget).codes.is_empty());
        let mut out = String::new();
        map.decode(b"\0\x20\0", &mut out, 10);
        assert_eq!(out, "a"); // U+0041 + 0x20; the cut-short code is dropped
    }

    #[test]
    fn many_headers_without_ends_are_indexed_in_one_pass() {
        let mut file = b"%PDF-1.7\n".to_vec();
        for n in 1..60_000 {
            let parent = n + 1;
            file.extend(format!("{n} 0 obj << /Type /Page /Parent {parent} 0 R ").bytes());
        }
        file.extend_from_slice(b"stream\nBT /F1 1 Tf <00> Tj ET\nendstream");
        let started = std::time::Instant::now();
        let mut pdf = Pdf::new(&file);
        assert!(pdf.fonts_at(file.len() - 30).is_empty());
        assert!(started.elapsed().as_secs() < 20);
    }
}
