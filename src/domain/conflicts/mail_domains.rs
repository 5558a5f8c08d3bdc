//! Institutional e-mail domains (part of rule 2): the registrable part of an address's
//! domain, public mail services left out.

use super::check::Check;
use super::prepared::PreparedAuthor;
use super::{Rule, Strength};

impl Check<'_> {
    /// Rule 2 by mail: an institutional domain both have an address at. Returns whether
    /// there was one.
    pub(super) fn mail_domains(&mut self, a: &PreparedAuthor) -> bool {
        let p = self.p;
        let mut found = false;
        for (pd, pi) in &p.domains {
            if let Some((_, ai)) = a.domains.iter().find(|(ad, _)| ad == pd) {
                found = true;
                self.add(
                    Rule::SharedInstitution,
                    Strength::Confirmed,
                    format!("2:@{pd}:{}", a.key),
                    format!(
                        "Same institutional e-mail domain as author {}: {pd} ({} and {})",
                        a.display, p.emails[*pi], a.emails[*ai]
                    ),
                );
            }
        }
        found
    }
}

/// The registrable domain of each address, with the index of the address; public mail
/// left out.
pub(super) fn institutional_domains(emails: &[String]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for (i, e) in emails.iter().enumerate() {
        let Some((_, domain)) = e.rsplit_once('@') else {
            continue;
        };
        if let Some(d) = registrable_domain(domain)
            && !is_public_mail(domain, d)
            && !out.iter().any(|(x, _)| x == d)
        {
            out.push((d.to_owned(), i));
        }
    }
    out
}

/// The registrable domain of an address (`med.uni-genoa.example` → `uni-genoa.example`), and
/// whether it is a public mail service anyone can use; `None` for no domain.
pub fn mail_domain(address: &str) -> Option<(String, bool)> {
    let (_, domain) = address.trim().rsplit_once('@')?;
    let domain = domain.to_lowercase();
    let registrable = registrable_domain(&domain)?;
    Some((registrable.to_owned(), is_public_mail(&domain, registrable)))
}

/// The part of a domain an organisation registers: the last two labels, or three under a
/// two-level public suffix (`ox.ac.uk`, `unimelb.edu.au`).
fn registrable_domain(domain: &str) -> Option<&str> {
    let domain = domain.trim_end_matches('.');
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    let n = labels.len();
    let last_two = &domain[domain.len() - labels[n - 2].len() - labels[n - 1].len() - 1..];
    let take = if TWO_LEVEL_SUFFIXES.contains(&last_two) {
        3
    } else {
        2
    };
    if n < take {
        return None;
    }
    let len: usize = labels[n - take..].iter().map(|l| l.len()).sum::<usize>() + take - 1;
    Some(&domain[domain.len() - len..])
}

fn is_public_mail(domain: &str, registrable: &str) -> bool {
    let brand = registrable.split('.').next().unwrap_or("");
    PUBLIC_MAIL_DOMAINS.contains(&domain)
        || PUBLIC_MAIL_DOMAINS.contains(&registrable)
        || PUBLIC_MAIL_BRANDS.contains(&brand)
}

/// Second-level public suffixes under which each organisation has its own third level.
#[rustfmt::skip]
const TWO_LEVEL_SUFFIXES: &[&str] = &[
    "ac.uk", "co.uk", "org.uk", "gov.uk", "nhs.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk",
    "sch.uk", "edu.au", "com.au", "org.au", "gov.au", "net.au", "ac.jp", "co.jp", "or.jp",
    "go.jp", "ne.jp", "edu.cn", "com.cn", "org.cn", "gov.cn", "ac.cn", "net.cn", "com.br",
    "edu.br", "org.br", "gov.br", "net.br", "ac.in", "edu.in", "co.in", "org.in", "gov.in",
    "res.in", "ac.nz", "co.nz", "org.nz", "govt.nz", "ac.za", "co.za", "org.za", "ac.kr",
    "co.kr", "or.kr", "re.kr", "go.kr", "ac.il", "co.il", "org.il", "ac.at", "co.at", "edu.tw",
    "com.tw", "org.tw", "edu.hk", "com.hk", "org.hk", "edu.sg", "com.sg", "edu.my", "com.my",
    "edu.mx", "com.mx", "edu.ar", "com.ar", "edu.co", "edu.tr", "com.tr", "ac.th", "edu.pk",
    "edu.eg", "ac.ir", "ac.id",
];

/// Mail services anyone can use (and national services shared by unrelated employers):
/// two people using one say nothing about an institution.
#[rustfmt::skip]
const PUBLIC_MAIL_DOMAINS: &[&str] = &[
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "rocketmail.com", "icloud.com", "me.com", "mac.com", "aol.com",
    "proton.me", "protonmail.com", "pm.me", "gmx.de", "gmx.net", "gmx.com", "web.de", "mail.ru",
    "yandex.ru", "yandex.com", "rambler.ru", "list.ru", "bk.ru", "inbox.ru", "qq.com",
    "163.com", "126.com", "yeah.net", "sina.com", "sohu.com", "aliyun.com", "foxmail.com",
    "139.com", "naver.com", "daum.net", "hanmail.net", "rediffmail.com", "libero.it",
    "virgilio.it", "tiscali.it", "alice.it", "orange.fr", "free.fr", "wanadoo.fr",
    "laposte.net", "sfr.fr", "t-online.de", "freenet.de", "posteo.de", "zoho.com",
    "fastmail.com", "tutanota.com", "tuta.io", "hey.com", "mail.com", "seznam.cz", "interia.pl",
    "wp.pl", "o2.pl", "bol.com.br", "uol.com.br", "terra.com.br", "nhs.net",
];

/// Public mail brands in every country (`yahoo.co.uk`, `hotmail.fr`, `gmx.at`).
#[rustfmt::skip]
const PUBLIC_MAIL_BRANDS: &[&str] = &[
    "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "aol", "gmx", "yandex",
    "icloud", "protonmail",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conflicts::fixtures::*;

    #[test]
    fn institutional_mail_domains_match_public_ones_never() {
        let mut p = person(
            "Maria Rossi",
            &["maria@gmail.com", "maria@uni-genoa.example"],
        );
        p.person_id = None;
        let s = parties(vec![author(
            "Ada Osei",
            "ada@med.uni-genoa.example",
            "Elsewhere",
        )]);
        let f = run(&p, &s);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].strength, Strength::Confirmed);
        assert_eq!(f[0].key, "2:@uni-genoa.example:ada@med.uni-genoa.example");
        assert_eq!(
            f[0].reason,
            "Same institutional e-mail domain as author Ada Osei: uni-genoa.example \
             (maria@uni-genoa.example and ada@med.uni-genoa.example)"
        );

        let p = person(
            "Maria Rossi",
            &["maria@gmail.com", "m@yahoo.co.uk", "m@nhs.net"],
        );
        for other in [
            "ada@gmail.com",
            "ada@yahoo.co.uk",
            "ada@nhs.net",
            "ada@mail.gmail.com",
        ] {
            let s = parties(vec![author("Ada Osei", other, "Elsewhere")]);
            assert!(run(&p, &s).is_empty(), "{other} is public mail");
        }

        let p = person("Maria Rossi", &["maria@cs.ox.ac.uk"]);
        let cam = parties(vec![author("Ada Osei", "ada@cam.ac.uk", "Cambridge")]);
        assert!(run(&p, &cam).is_empty());
        let ox = parties(vec![author("Ada Osei", "ada@ox.ac.uk", "Oxford")]);
        assert_eq!(run(&p, &ox)[0].key, "2:@ox.ac.uk:ada@ox.ac.uk");
    }

    #[test]
    fn registrable_domains_know_two_level_suffixes() {
        assert_eq!(
            registrable_domain("med.uni-genoa.example"),
            Some("uni-genoa.example")
        );
        assert_eq!(
            registrable_domain("uni-genoa.example"),
            Some("uni-genoa.example")
        );
        assert_eq!(registrable_domain("cs.ox.ac.uk"), Some("ox.ac.uk"));
        assert_eq!(registrable_domain("unimelb.edu.au"), Some("unimelb.edu.au"));
        assert_eq!(
            registrable_domain("a.b.tsinghua.edu.cn"),
            Some("tsinghua.edu.cn")
        );
        assert_eq!(registrable_domain("ac.uk"), None);
        assert_eq!(registrable_domain("localhost"), None);
        assert!(is_public_mail("yahoo.com.br", "yahoo.com.br"));
        assert!(is_public_mail("bol.com.br", "bol.com.br"));
        assert!(!is_public_mail("usp.br", "usp.br"));
    }
}
