//! A DOCX reviewer's copy for double-blind review: the same package, every part copied
//! byte for byte, except docProps/core.xml, whose `dc:creator` and `cp:lastModifiedBy`
//! are emptied (the document's text is never touched). Written without a zip crate: the
//! central directory gives each entry, the package is laid out again with the one part
//! replaced (deflated by miniz_oxide, which reads it already), and the rest copied packed.

use super::authors::{META_PART_MAX, xml_texts};
use super::zip::{le_u16, le_u32, zip_part};

/// The package without the names its core properties give, or `None` when there is none
/// to remove or the package is one this does not rewrite (ZIP64, encrypted, or malformed).
pub(super) fn docx_without_authors(bytes: &[u8]) -> Option<Vec<u8>> {
    let core = zip_part(bytes, CORE, META_PART_MAX)?;
    let mut spans: Vec<std::ops::Range<usize>> = [b"dc:creator".as_slice(), b"cp:lastModifiedBy"]
        .iter()
        .flat_map(|tag| xml_texts(&core, tag, false))
        .map(|(_, span)| span)
        .filter(|s| !s.is_empty())
        .collect();
    if spans.is_empty() {
        return None;
    }
    spans.sort_by_key(|s| std::cmp::Reverse(s.start));
    let mut emptied = core;
    for span in spans {
        emptied.drain(span);
    }
    with_part_replaced(bytes, CORE, &emptied)
}

const CORE: &[u8] = b"docProps/core.xml";

/// One entry of the central directory, as read.
struct Entry<'a> {
    /// The central directory header's fixed 46 bytes.
    fixed: &'a [u8],
    name: &'a [u8],
    extra: &'a [u8],
    comment: &'a [u8],
    /// The entry's packed bytes.
    data: &'a [u8],
}

fn entries(bytes: &[u8]) -> Option<Vec<Entry<'_>>> {
    let search_from = bytes.len().saturating_sub(22 + 0xffff);
    let eocd = search_from
        + bytes[search_from..]
            .windows(4)
            .rposition(|w| w == b"PK\x05\x06")?;
    let count = le_u16(bytes, eocd + 10)?;
    let mut at = le_u32(bytes, eocd + 16)?;
    // ZIP64 marks its real counts and offsets elsewhere: left as it is.
    if count == 0xffff || at == 0xffff_ffff {
        return None;
    }
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let fixed = bytes.get(at..at + 46)?;
        if !fixed.starts_with(b"PK\x01\x02") || le_u16(fixed, 8)? & 1 == 1 {
            return None; // not a header, or an encrypted entry
        }
        let (name_len, extra_len) = (le_u16(fixed, 28)?, le_u16(fixed, 30)?);
        let comment_len = le_u16(fixed, 32)?;
        let name = bytes.get(at + 46..at + 46 + name_len)?;
        let extra = bytes.get(at + 46 + name_len..at + 46 + name_len + extra_len)?;
        let comment_at = at + 46 + name_len + extra_len;
        let comment = bytes.get(comment_at..comment_at + comment_len)?;
        let (packed, local) = (le_u32(fixed, 20)?, le_u32(fixed, 42)?);
        if packed == 0xffff_ffff || !bytes.get(local..)?.starts_with(b"PK\x03\x04") {
            return None;
        }
        let data_at = local + 30 + le_u16(bytes, local + 26)? + le_u16(bytes, local + 28)?;
        let data = bytes.get(data_at..data_at.checked_add(packed)?)?;
        out.push(Entry {
            fixed,
            name,
            extra,
            comment,
            data,
        });
        at = comment_at + comment_len;
    }
    Some(out)
}

/// The package laid out again: each entry's local header written from its central
/// directory header (sizes and CRC in the header, no data descriptor), `name`'s content
/// replaced by `content`, deflated.
fn with_part_replaced(bytes: &[u8], name: &[u8], content: &[u8]) -> Option<Vec<u8>> {
    let entries = entries(bytes)?;
    let deflated = miniz_oxide::deflate::compress_to_vec(content, 6);
    let mut out = Vec::with_capacity(bytes.len());
    let mut central = Vec::new();
    for e in &entries {
        let f = e.fixed;
        let replaced = e.name == name;
        let (method, crc, packed, size, data): (&[u8], [u8; 4], u32, u32, &[u8]) = if replaced {
            let size = u32::try_from(content.len()).ok()?;
            let packed = u32::try_from(deflated.len()).ok()?;
            (
                &8u16.to_le_bytes(),
                crc32(content).to_le_bytes(),
                packed,
                size,
                &deflated,
            )
        } else {
            let crc = [f[16], f[17], f[18], f[19]];
            let packed = u32::try_from(e.data.len()).ok()?;
            let size = u32::try_from(le_u32(f, 24)?).ok()?;
            (&f[10..12], crc, packed, size, e.data)
        };
        // No data descriptor follows: the sizes are in the header.
        let flags = (le_u16(f, 8)? as u16 & !0x0008).to_le_bytes();
        let local_at = u32::try_from(out.len()).ok()?;
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&f[6..8]); // version needed
        out.extend_from_slice(&flags);
        out.extend_from_slice(method);
        out.extend_from_slice(&f[12..16]); // time, date
        out.extend_from_slice(&crc);
        out.extend_from_slice(&packed.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(e.name);
        out.extend_from_slice(data);

        central.extend_from_slice(&f[..8]); // signature, versions
        central.extend_from_slice(&flags);
        central.extend_from_slice(method);
        central.extend_from_slice(&f[12..16]);
        central.extend_from_slice(&crc);
        central.extend_from_slice(&packed.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&f[28..42]); // lengths, disk, attributes
        central.extend_from_slice(&local_at.to_le_bytes());
        central.extend_from_slice(e.name);
        central.extend_from_slice(e.extra);
        central.extend_from_slice(e.comment);
    }
    let central_at = u32::try_from(out.len()).ok()?;
    let count = u16::try_from(entries.len()).ok()?.to_le_bytes();
    let central_len = u32::try_from(central.len()).ok()?;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]); // this disk, the central directory's disk
    out.extend_from_slice(&count);
    out.extend_from_slice(&count);
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // no comment
    Some(out)
}

/// CRC-32 (ISO 3309, as ZIP uses it), bit by bit: only a small XML part is ever summed.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::super::document_authors;
    use super::super::test_files::{CORE_XML, zip_file};
    use super::*;

    #[test]
    fn the_zip_checksum_is_the_standard_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn the_copy_names_nobody_and_keeps_every_other_part() {
        let body: &[u8] = b"<w:document><w:body>Sarcoma in Genoa</w:body></w:document>";
        for deflate in [false, true] {
            let docx = zip_file(
                &[
                    ("[Content_Types].xml", b"<Types/>".as_slice()),
                    ("word/document.xml", body),
                    ("docProps/core.xml", CORE_XML),
                ],
                deflate,
            );
            assert_eq!(document_authors(&docx), ["Sofia Bianchi", "Mei Chen"]);
            let copy = docx_without_authors(&docx).expect("names to remove");
            assert!(document_authors(&copy).is_empty());
            assert_eq!(
                zip_part(&copy, b"word/document.xml", 1 << 20).unwrap(),
                body
            );
            let core = zip_part(&copy, CORE, 1 << 20).unwrap();
            let core = String::from_utf8(core).unwrap();
            assert!(core.contains("<dc:title>Sarcoma</dc:title>"), "{core}");
            assert!(core.contains("<dc:creator></dc:creator>"), "{core}");
            // Read again as a package: every entry found, with its checksum right.
            let listed = entries(&copy).unwrap();
            assert_eq!(listed.len(), 3);
            let core_entry = listed.iter().find(|e| e.name == CORE).unwrap();
            let stated = u32::from_le_bytes(core_entry.fixed[16..20].try_into().unwrap());
            assert_eq!(stated, crc32(core.as_bytes()));
            // Nothing left to remove: no second copy.
            assert!(docx_without_authors(&copy).is_none());
        }
    }
}
