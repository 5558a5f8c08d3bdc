//! What the profile's forms share: a one-line text and a span of dates, checked.

use chrono::{Datelike, NaiveDate};

use crate::domain::FormErrors;

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A required one-line text: whitespace collapsed, not empty, not too long.
pub(super) fn required_text(
    errors: &mut FormErrors,
    field: &str,
    value: &str,
    empty: &str,
    what: &str,
    max: usize,
) -> String {
    let v = collapse(value);
    if v.is_empty() {
        errors.add(field, empty);
    } else if v.chars().count() > max {
        errors.add(field, format!("Keep {what} under {max} characters."));
    }
    v
}

/// An optional date: `Some(None)` when empty, `None` (with an error) when unreadable.
fn optional_date(errors: &mut FormErrors, field: &str, value: &str) -> Option<Option<NaiveDate>> {
    let v = value.trim();
    if v.is_empty() {
        return Some(None);
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if (1900..=2200).contains(&d.year()) => Some(Some(d)),
        _ => {
            errors.add(field, "Enter a date as YYYY-MM-DD, e.g. 2021-09-01.");
            None
        }
    }
}

/// Two optional dates where the second, when both are given, is not before the first.
pub(super) fn date_range(
    errors: &mut FormErrors,
    (from_field, from): (&str, &str),
    (to_field, to): (&str, &str),
    message: &str,
) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let from = optional_date(errors, from_field, from);
    let to = optional_date(errors, to_field, to);
    let (from, to) = (from?, to?);
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        errors.add(to_field, message);
        return None;
    }
    Some((from, to))
}
