//! Secrets in messages, hidden from everyone but their recipient.
//!
//! Some messages carry a link that acts for its recipient: a reviewer's invitation, a
//! password reset, an address confirmation. Whoever reads such a link can use it, so a
//! message shown to anyone else (the outbox pages) goes through [`masked`] first. The link
//! keeps its shape (`/invitations/••••••`, `/password/reset?token=••••••`), so the reader
//! still sees what kind of message it was.

use crate::db::outbox::OutboxMessage;

/// What replaces a secret.
pub const MASK: &str = "••••••";

/// Path segments whose next segment is a secret: the reviewer's invitation link, a
/// co-author's link to confirm their authorship, and a digest's link to its reader's choices.
const SECRET_PATHS: [&str; 3] = ["/invitations/", "/authorship/", "/mail/choices/"];

/// Query parameters whose value is a secret: e-mail verification, password reset,
/// confirmation of another address, and any later link that follows the same pattern.
const SECRET_PARAMS: [&str; 1] = ["token="];

/// A run of this many hex digits is taken for a token wherever it appears (every token the
/// site makes is 64 hex digits), so a secret in an unforeseen place is hidden too.
const BARE_TOKEN_DIGITS: usize = 32;

/// Characters a secret in a link is made of (URL-safe, no separators).
fn is_secret_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%')
}

/// `text` with every secret replaced by [`MASK`]: the secret segment of the links in
/// [`SECRET_PATHS`], the value of the parameters in [`SECRET_PARAMS`], and any long run of
/// hex digits. Works on plain text and on HTML alike.
pub fn mask_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let marker = SECRET_PATHS
            .iter()
            .chain(SECRET_PARAMS.iter())
            .find(|m| starts_with_ignore_case(rest, m));
        if let Some(marker) = marker {
            let (kept, after) = rest.split_at(marker.len());
            out.push_str(kept);
            let secret_len = after
                .char_indices()
                .find(|(_, c)| !is_secret_char(*c))
                .map_or(after.len(), |(i, _)| i);
            if secret_len > 0 {
                out.push_str(MASK);
            }
            rest = &after[secret_len..];
            continue;
        }
        if c.is_ascii_hexdigit() && !out.ends_with(|p: char| p.is_ascii_alphanumeric()) {
            let run = rest
                .char_indices()
                .find(|(_, c)| !c.is_ascii_hexdigit())
                .map_or(rest.len(), |(i, _)| i);
            let whole_word = !rest[run..].starts_with(|n: char| n.is_ascii_alphanumeric());
            if run >= BARE_TOKEN_DIGITS && whole_word {
                out.push_str(MASK);
                rest = &rest[run..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// A message as someone other than its recipient may read it: subject and both parts with
/// their secrets masked. Everything else (addresses, status, history) is unchanged.
pub fn masked(mut m: OutboxMessage) -> OutboxMessage {
    m.subject = mask_secrets(&m.subject);
    m.body_text = mask_secrets(&m.body_text);
    m.body_html = mask_secrets(&m.body_html);
    m.unsubscribe_url = m.unsubscribe_url.as_deref().map(mask_secrets);
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "3f9a1c0b7d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a";

    #[test]
    fn invitation_links_keep_their_shape_and_lose_their_token() {
        let text = format!("Open https://j.example/invitations/{TOKEN} to answer.");
        assert_eq!(
            mask_secrets(&text),
            "Open https://j.example/invitations/•••••• to answer."
        );
        let deeper = format!("/invitations/{TOKEN}/accept and /invitations/abc-DEF_1/decline");
        assert_eq!(
            mask_secrets(&deeper),
            "/invitations/••••••/accept and /invitations/••••••/decline"
        );
        let confirm = format!("Confirm at https://j.example/authorship/{TOKEN} please.");
        assert_eq!(
            mask_secrets(&confirm),
            "Confirm at https://j.example/authorship/•••••• please."
        );
    }

    #[test]
    fn token_parameters_are_masked_in_text_and_html() {
        let text = format!("https://j.example/password/reset?token={TOKEN}\n");
        assert_eq!(
            mask_secrets(&text),
            "https://j.example/password/reset?token=••••••\n"
        );
        let html = format!(
            r#"<a href="https://j.example/verify-email?token={TOKEN}">https://j.example/verify-email?token={TOKEN}</a>"#
        );
        let masked = mask_secrets(&html);
        assert!(!masked.contains(TOKEN), "{masked}");
        assert_eq!(masked.matches("verify-email?token=••••••").count(), 2);
        // The address confirmation's token is "id.secret".
        assert_eq!(
            mask_secrets("/profile/emails/confirm?token=12.abcdef&next=1"),
            "/profile/emails/confirm?token=••••••&next=1"
        );
    }

    #[test]
    fn bare_tokens_are_masked_and_ordinary_text_is_not() {
        assert_eq!(mask_secrets(&format!("code: {TOKEN}.")), "code: ••••••.");
        let ordinary =
            "RC-2026-0001, DOI 10.1186/s12885-026-00123, /submissions/12, café 2026-11-23";
        assert_eq!(mask_secrets(ordinary), ordinary);
        // Part of a longer word is not a token on its own.
        let word = format!("x{TOKEN}");
        assert_eq!(mask_secrets(&word), word);
        assert_eq!(mask_secrets(""), "");
        assert_eq!(mask_secrets("/invitations/"), "/invitations/");
    }
}
