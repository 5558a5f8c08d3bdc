//! Reading a ZIP (the container of DOCX and XLSX files) without a zip crate: the names of
//! its entries, and one entry's content.

/// Every entry name found after a local file header or central directory header signature.
pub(super) fn zip_entry_names(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    // (signature, offset of the 2-byte name length, offset of the name)
    const HEADERS: [(&[u8; 4], usize, usize); 2] =
        [(b"PK\x03\x04", 26, 30), (b"PK\x01\x02", 28, 46)];
    (0..bytes.len()).flat_map(move |i| {
        HEADERS.iter().filter_map(move |&(sig, len_at, name_at)| {
            let rest = bytes.get(i..)?;
            if !rest.starts_with(sig) {
                return None;
            }
            let len = le_u16(rest, len_at)?;
            rest.get(name_at..name_at + len)
        })
    })
}

pub(super) fn le_u16(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
}

pub(super) fn le_u32(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
}

/// The content of the ZIP entry `name`, stored or deflated, at most `limit` bytes
/// unpacked: found by the end-of-central-directory record and the central directory
/// (the local header's sizes may be left zero by a streaming writer).
pub(super) fn zip_part(bytes: &[u8], name: &[u8], limit: usize) -> Option<Vec<u8>> {
    // The end record is the last 22 bytes, or earlier when a comment (≤ 64 KiB) follows it.
    let search_from = bytes.len().saturating_sub(22 + 0xffff);
    let eocd = search_from
        + bytes[search_from..]
            .windows(4)
            .rposition(|w| w == b"PK\x05\x06")?;
    let entries = le_u16(bytes, eocd + 10)?;
    let mut at = le_u32(bytes, eocd + 16)?;
    for _ in 0..entries.min(10_000) {
        if !bytes.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let method = le_u16(bytes, at + 10)?;
        let packed = le_u32(bytes, at + 20)?;
        let name_len = le_u16(bytes, at + 28)?;
        let extra_len = le_u16(bytes, at + 30)?;
        let comment_len = le_u16(bytes, at + 32)?;
        let local = le_u32(bytes, at + 42)?;
        if bytes.get(at + 46..at + 46 + name_len)? == name {
            if !bytes.get(local..)?.starts_with(b"PK\x03\x04") {
                return None;
            }
            let data_at = local + 30 + le_u16(bytes, local + 26)? + le_u16(bytes, local + 28)?;
            let data = bytes.get(data_at..data_at.checked_add(packed)?)?;
            return match method {
                0 => Some(data[..data.len().min(limit)].to_vec()),
                8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit).ok(),
                _ => None,
            };
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    None
}
