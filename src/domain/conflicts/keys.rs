//! The fast path: hashed keys, one small open-addressing table per side.

use chrono::{Datelike, NaiveDate};

use super::Settings;
use super::prepared::{PreparedPerson, PreparedSubmission};

/// What a hashed key stands for; part of the hash, so equal texts of different kinds differ.
#[derive(Debug, Clone, Copy)]
pub(super) enum Tag {
    PersonId,
    Email,
    Orcid,
    /// A family name with a written-out first name.
    Name,
    /// A family name with the initial of the first name, for any name.
    Initial,
    /// A family name with the initial of a first name given only as an initial.
    InitialOnly,
    /// An institution key without distinctive words (compared whole).
    Inst,
    /// One distinctive word of an institution (hashed into
    /// [`InstKey::distinct`](super::institutions::InstKey::distinct)).
    Token,
    /// One or two distinctive words of an institution, with a kind of institution.
    Element,
    Domain,
    /// An identity listed as co-author in an author's publications.
    Publication,
    /// An identity the authors opposed.
    Opposed,
}

/// Table values and thresholds are years (`u16`); this one means "still current".
pub(super) const OPEN: u16 = u16::MAX;
/// The low bits of a packed key hold its year.
pub(super) const YEAR_BITS: u64 = 0xffff;

/// A key with its year in the low 16 bits (never 0: 0 marks an empty slot).
pub(super) fn pack(hash: u64, year: u16) -> u64 {
    let high = hash & !YEAR_BITS;
    let high = if high == 0 { 1 << 16 } else { high };
    high | u64::from(year)
}

pub(super) fn year_value(year: i32) -> u16 {
    u16::try_from(year.clamp(0, i32::from(OPEN) - 1)).unwrap_or(0)
}

/// The year a span or a declaration ends, or [`OPEN`].
pub(super) fn end_value(date: Option<NaiveDate>) -> u16 {
    date.map_or(OPEN, |d| year_value(d.year()))
}

/// Keys a side looks up in the other's table, by the year they must reach.
#[derive(Debug, Clone, Default)]
pub(super) struct ProbeSet {
    pub(super) always: Vec<u64>,
    pub(super) window: Vec<u64>,
    pub(super) today: Vec<u64>,
}

impl ProbeSet {
    pub(super) fn dedup(&mut self) {
        for v in [&mut self.always, &mut self.window, &mut self.today] {
            *v = dedup(std::mem::take(v));
        }
    }
}

/// Packed keys sorted, each key once with its latest year.
pub(super) fn dedup(mut keys: Vec<u64>) -> Vec<u64> {
    keys.sort_unstable_by_key(|k| (k & !YEAR_BITS, std::cmp::Reverse(k & YEAR_BITS)));
    keys.dedup_by_key(|k| *k & !YEAR_BITS);
    keys
}

/// Which year a looked-up key and its entry must both reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Always,
    Window,
    Today,
}

/// The years a looked-up key and its table entry must both reach.
pub(super) struct Thresholds {
    pub(super) window: u16,
    pub(super) today: u16,
}

impl Thresholds {
    pub(super) fn new(settings: &Settings) -> Thresholds {
        Thresholds {
            window: year_value(settings.window_start().year()),
            today: year_value(settings.today.year()),
        }
    }

    pub(super) fn of(&self, class: Class) -> u16 {
        match class {
            Class::Always => 0,
            Class::Window => self.window,
            Class::Today => self.today,
        }
    }
}

pub(super) fn year_of(packed: u64) -> u16 {
    (packed & YEAR_BITS) as u16
}

/// Whether any key is in the table with it and the entry both at `year` or later.
fn any_hit(table: &KeyTable, probes: &[u64], year: u16) -> bool {
    probes
        .iter()
        .any(|p| year_of(*p) >= year && table.get(*p).is_some_and(|v| v >= year))
}

/// Whether anything could match: no false negatives, so `false` means no finding. Years
/// are compared, not days, which only lets a few more pairs through to the full check.
pub(super) fn may_conflict(p: &PreparedPerson, s: &PreparedSubmission, t: &Thresholds) -> bool {
    if let Some(id) = p.person_id
        && s.declared_on_submission.iter().any(|(d, _)| *d == id)
    {
        return true;
    }
    any_hit(&p.table, &s.probes, t.window)
        || any_hit(&s.table, &p.probes.always, 0)
        || any_hit(&s.table, &p.probes.window, t.window)
        || any_hit(&s.table, &p.probes.today, t.today)
        || (s.has_publications && any_hit(&s.table, &p.identity_probes, t.window))
        || (!s.opposed.is_empty() && any_hit(&s.table, &p.opposed_probes, 0))
}

/// A set of packed keys, merged by latest year. Linear probing at most half full: a miss
/// costs one or two reads.
#[derive(Debug, Clone, Default)]
pub(super) struct KeyTable {
    pub(super) slots: Vec<u64>,
    mask: usize,
}

impl KeyTable {
    pub(super) fn build(entries: &[u64]) -> KeyTable {
        if entries.is_empty() {
            return KeyTable::default();
        }
        let size = (entries.len() * 2).next_power_of_two().max(8);
        let mut table = KeyTable {
            slots: vec![0; size],
            mask: size - 1,
        };
        for &e in entries {
            table.insert(e);
        }
        table
    }

    fn slot_of(&self, packed: u64) -> usize {
        (packed >> 16) as usize & self.mask
    }

    fn insert(&mut self, packed: u64) {
        let mut i = self.slot_of(packed);
        loop {
            let slot = &mut self.slots[i];
            if *slot == 0 {
                *slot = packed;
                return;
            }
            if *slot & !YEAR_BITS == packed & !YEAR_BITS {
                *slot = (*slot).max(packed);
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The year stored with the key, if it is there.
    pub(super) fn get(&self, packed: u64) -> Option<u16> {
        if self.slots.is_empty() {
            return None;
        }
        let wanted = packed & !YEAR_BITS;
        let mut i = self.slot_of(packed);
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            if slot & !YEAR_BITS == wanted {
                return Some(year_of(slot));
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// FNV-1a over the tag and the bytes, then a mixing step so every bit depends on every byte.
pub(super) fn key(tag: Tag, text: &str) -> u64 {
    key_bytes(tag, text.as_bytes())
}

fn key_bytes(tag: Tag, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(tag as u8).chain(bytes.iter().copied()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h
}

/// The same identity in another role (listed in a publication, opposed).
pub(super) fn rekey(hash: u64, tag: Tag) -> u64 {
    key_bytes(tag, &hash.to_le_bytes())
}

pub(super) fn element_key(a: u64, b: u64, kind: u8) -> u64 {
    let mut text = [0u8; 17];
    text[..8].copy_from_slice(&a.to_le_bytes());
    text[8..16].copy_from_slice(&b.to_le_bytes());
    text[16] = kind;
    key_bytes(Tag::Element, &text)
}
