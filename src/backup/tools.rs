//! PostgreSQL's client tools (`pg_dump`, `pg_restore`), run with the password kept off
//! their command line.

use std::io;

use anyhow::{Context, bail};

/// The password of a PostgreSQL URL goes to the tools in `PGPASSWORD`, never on their
/// command line (where `ps` shows it): the URL without it, and the password decoded.
pub fn split_password(url: &str) -> (String, Option<String>) {
    let (Some(scheme_end), Some(at)) = (url.find("://"), url.rfind('@')) else {
        return (url.to_owned(), None);
    };
    if at < scheme_end {
        return (url.to_owned(), None);
    }
    let creds = &url[scheme_end + 3..at];
    match creds.split_once(':') {
        Some((user, password)) => (
            format!("{}{user}{}", &url[..scheme_end + 3], &url[at..]),
            Some(percent_decode(password)),
        ),
        None => (url.to_owned(), None),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn run_tool(mut cmd: std::process::Command, name: &str) -> anyhow::Result<()> {
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == io::ErrorKind::NotFound => bail!(
            "{name} is not installed: it comes with PostgreSQL's client tools \
             (Debian and Ubuntu: apt-get install postgresql-client)"
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot run {name}")),
    };
    if !out.status.success() {
        bail!(
            "{name} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        assert_eq!(
            split_password("postgres://peer:s%40cret@db.example:5432/peerdesk"),
            (
                "postgres://peer@db.example:5432/peerdesk".to_owned(),
                Some("s@cret".to_owned())
            )
        );
        assert_eq!(
            split_password("postgres://postgres@127.0.0.1/x"),
            ("postgres://postgres@127.0.0.1/x".to_owned(), None)
        );
        assert_eq!(
            split_password("postgres://127.0.0.1/x"),
            ("postgres://127.0.0.1/x".to_owned(), None)
        );
    }
}
