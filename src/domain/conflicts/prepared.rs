//! The prepared forms: a person and a submission's parties normalised once, with the
//! hashed keys the fast path looks up.

use chrono::NaiveDate;

use super::coauthorship::coauthor_index;
use super::identity::{NameKey, PersonRef, Side, identity_keys, is_self, name_keys};
use super::institutions::{InstKey, split_affiliations};
use super::keys::{KeyTable, OPEN, ProbeSet, Tag, dedup, end_value, key, pack, rekey, year_value};
use super::mail_domains::institutional_domains;
use super::normalise::{fold_tokens, normalise_email, normalise_emails, normalise_orcid};
use super::{
    AffiliationSpan, DeclaredConflict, DeclaredKind, DeclaredTarget, OpposedRole, PaperSource,
    PersonProfile, Publication, SubmissionAuthor, SubmissionParties,
};

/// A person, normalised once for checking against many submissions.
#[derive(Debug, Clone)]
pub struct PreparedPerson {
    pub(super) person_id: Option<i64>,
    pub(super) name: NameKey,
    pub(super) emails: Vec<String>,
    /// (registrable domain, index into `emails`), public mail left out.
    pub(super) domains: Vec<(String, usize)>,
    pub(super) orcid: Option<String>,
    pub(super) spans: Vec<PreparedSpan>,
    pub(super) publications: Vec<PreparedPublication>,
    /// (identity key, publication, co-author) of every co-author but the person, sorted.
    pub(super) coauthor_index: Vec<(u64, u32, u32)>,
    /// The person's identity keys (addresses, ORCID iD, name), for the authors' indexes.
    pub(super) identity: Vec<u64>,
    pub(super) declared: Vec<PreparedDeclared>,
    /// What the authors look up: the person's identities, co-authors, declared targets and
    /// institutions.
    pub(super) table: KeyTable,
    /// Looked up in the submission's table: mail domains and institutions.
    pub(super) probes: ProbeSet,
    /// Looked up when an author lists publications.
    pub(super) identity_probes: Vec<u64>,
    /// Looked up when the authors opposed someone.
    pub(super) opposed_probes: Vec<u64>,
}

/// A submission's parties, normalised once for checking against many people.
#[derive(Debug, Clone)]
pub struct PreparedSubmission {
    pub(super) authors: Vec<PreparedAuthor>,
    pub(super) opposed: Vec<PreparedOpposed>,
    pub(super) declared_on_submission: Vec<(i64, String)>,
    /// What a person looks up: the authors' mail domains, institutions and co-authors, and
    /// the opposed people.
    pub(super) table: KeyTable,
    /// Looked up in a person's table (against the window): the authors' identities and
    /// institutions.
    pub(super) probes: Vec<u64>,
    /// Whether any author lists publications.
    pub(super) has_publications: bool,
}

#[derive(Debug, Clone)]
pub(super) struct PreparedAuthor {
    pub(super) person_id: Option<i64>,
    pub(super) display: String,
    /// Identifies the author in finding keys: their address, else their name.
    pub(super) key: String,
    pub(super) name: NameKey,
    pub(super) emails: Vec<String>,
    pub(super) domains: Vec<(String, usize)>,
    pub(super) orcids: Vec<String>,
    /// Identity keys (account, addresses, ORCID iDs, name), for the person's index.
    pub(super) identity: Vec<u64>,
    pub(super) spans: Vec<PreparedSpan>,
    pub(super) publications: Vec<PreparedPublication>,
    /// As [`PreparedPerson::coauthor_index`], for the author's own publications.
    pub(super) coauthor_index: Vec<(u64, u32, u32)>,
}

#[derive(Debug, Clone)]
pub(super) struct PreparedOpposed {
    pub(super) display: String,
    pub(super) name: NameKey,
    pub(super) email: Option<String>,
    pub(super) reason: String,
    pub(super) role: OpposedRole,
}

#[derive(Debug, Clone)]
pub(super) struct PreparedSpan {
    pub(super) inst: InstKey,
    pub(super) from: Option<NaiveDate>,
    pub(super) to: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub(super) struct PreparedPublication {
    pub(super) title: String,
    pub(super) title_key: String,
    pub(super) source: PaperSource,
    pub(super) year: i32,
    pub(super) coauthors: Vec<PersonRef>,
}

#[derive(Debug, Clone)]
pub(super) struct PreparedDeclared {
    pub(super) kind: DeclaredKind,
    pub(super) target: PreparedTarget,
    pub(super) since: Option<NaiveDate>,
    pub(super) until: Option<NaiveDate>,
    pub(super) note: String,
}

#[derive(Debug, Clone)]
pub(super) enum PreparedTarget {
    Person(PersonRef),
    Institution(InstKey),
}

impl PreparedPerson {
    pub fn new(profile: &PersonProfile) -> PreparedPerson {
        let emails = normalise_emails(profile.emails.iter().map(String::as_str));
        let orcid = profile.orcid.as_deref().and_then(normalise_orcid);
        let name = NameKey::new(&profile.name);
        let publications = prepare_publications(&profile.publications);
        let coauthor_index = coauthor_index(&publications, |c| {
            is_self(c, &emails, orcid.as_slice(), &name)
        });
        let mut person = PreparedPerson {
            person_id: profile.person_id,
            identity: identity_keys(profile.person_id, &emails, orcid.iter(), &name, Side::Probe),
            domains: institutional_domains(&emails),
            spans: prepare_spans(&profile.affiliations),
            declared: profile.declared.iter().map(PreparedDeclared::new).collect(),
            name,
            emails,
            orcid,
            publications,
            coauthor_index,
            // Filled in below, from the fields above.
            table: KeyTable::default(),
            probes: ProbeSet::default(),
            identity_probes: Vec::new(),
            opposed_probes: Vec::new(),
        };
        person.table = KeyTable::build(&person.table_entries());
        person.probes = person.probe_set();
        person.identity_probes = dedup(
            person
                .identity
                .iter()
                .map(|k| pack(rekey(*k, Tag::Publication), OPEN))
                .collect(),
        );
        person.opposed_probes = person.opposed_keys();
        person
    }

    /// What the authors look up: the person's identities, co-authors, declared targets and
    /// institutions, each with the year it holds until.
    fn table_entries(&self) -> Vec<u64> {
        // Authorship is by account, address or iD: the person's own name is not an entry.
        let mut entries: Vec<u64> = identity_keys(
            self.person_id,
            &self.emails,
            self.orcid.iter(),
            &NameKey::default(),
            Side::Entry,
        )
        .into_iter()
        .map(|k| pack(k, OPEN))
        .collect();
        entries.extend(
            self.coauthor_index
                .iter()
                .map(|(k, p, _)| pack(*k, year_value(self.publications[*p as usize].year))),
        );
        for s in &self.spans {
            let value = end_value(s.to);
            entries.extend(s.inst.element_keys().into_iter().map(|k| pack(k, value)));
        }
        for d in &self.declared {
            let value = end_value(d.until);
            match &d.target {
                PreparedTarget::Person(r) => entries.extend(
                    identity_keys(
                        None,
                        r.email.as_slice(),
                        r.orcid.iter(),
                        &r.name,
                        Side::Entry,
                    )
                    .into_iter()
                    .map(|k| pack(k, value)),
                ),
                PreparedTarget::Institution(inst) => {
                    // Found against the window rather than today here: looser, never missing.
                    entries.extend(inst.element_keys().into_iter().map(|k| pack(k, value)));
                }
            }
        }
        entries
    }

    /// What the person looks up in a submission's table: mail domains always, institutions
    /// against the window, declared institutions against today.
    fn probe_set(&self) -> ProbeSet {
        let mut probes = ProbeSet::default();
        for (d, _) in &self.domains {
            probes.always.push(pack(key(Tag::Domain, d), OPEN));
        }
        for s in &self.spans {
            let value = end_value(s.to);
            probes
                .window
                .extend(s.inst.probe_keys().into_iter().map(|k| pack(k, value)));
        }
        for d in &self.declared {
            if let PreparedTarget::Institution(inst) = &d.target {
                let value = end_value(d.until);
                probes
                    .today
                    .extend(inst.probe_keys().into_iter().map(|k| pack(k, value)));
            }
        }
        probes.dedup();
        probes
    }

    /// What the person looks up when the authors opposed someone: their addresses and name.
    fn opposed_keys(&self) -> Vec<u64> {
        let mut keys: Vec<u64> = self
            .emails
            .iter()
            .map(|e| pack(rekey(key(Tag::Email, e), Tag::Opposed), OPEN))
            .collect();
        keys.extend(
            name_keys(&self.name, Side::Probe)
                .into_iter()
                .map(|k| pack(rekey(k, Tag::Opposed), OPEN)),
        );
        keys
    }
}

impl PreparedDeclared {
    fn new(d: &DeclaredConflict) -> PreparedDeclared {
        PreparedDeclared {
            kind: d.kind,
            target: match &d.target {
                DeclaredTarget::Person { name, email, orcid } => {
                    PreparedTarget::Person(PersonRef::new(name, email.as_deref(), orcid.as_deref()))
                }
                DeclaredTarget::Institution(name) => {
                    PreparedTarget::Institution(InstKey::new(name))
                }
            },
            since: d.since,
            until: d.until,
            note: d.note.trim().to_owned(),
        }
    }
}

impl PreparedSubmission {
    pub fn new(parties: &SubmissionParties) -> PreparedSubmission {
        let authors: Vec<PreparedAuthor> =
            parties.authors.iter().map(PreparedAuthor::new).collect();
        let opposed: Vec<PreparedOpposed> = parties
            .opposed
            .iter()
            .map(|o| PreparedOpposed {
                display: o.name.trim().to_owned(),
                name: NameKey::new(&o.name),
                email: o.email.as_deref().and_then(normalise_email),
                reason: o.reason.trim().to_owned(),
                role: o.role,
            })
            .collect();

        let mut entries = Vec::new();
        let mut probes = Vec::new();
        for a in &authors {
            probes.extend(a.identity.iter().map(|k| pack(*k, OPEN)));
            for (d, _) in &a.domains {
                entries.push(pack(key(Tag::Domain, d), OPEN));
            }
            for s in &a.spans {
                let value = end_value(s.to);
                entries.extend(s.inst.element_keys().into_iter().map(|k| pack(k, value)));
                probes.extend(s.inst.probe_keys().into_iter().map(|k| pack(k, value)));
            }
            entries.extend(a.coauthor_index.iter().map(|(k, p, _)| {
                let year = a.publications[*p as usize].year;
                pack(rekey(*k, Tag::Publication), year_value(year))
            }));
        }
        for o in &opposed {
            let keys = match &o.email {
                Some(e) => vec![key(Tag::Email, e)],
                None => name_keys(&o.name, Side::Entry),
            };
            entries.extend(keys.into_iter().map(|k| pack(rekey(k, Tag::Opposed), OPEN)));
        }

        PreparedSubmission {
            has_publications: authors.iter().any(|a| !a.coauthor_index.is_empty()),
            authors,
            opposed,
            declared_on_submission: parties
                .declared_on_submission
                .iter()
                .map(|(id, reason)| (*id, reason.trim().to_owned()))
                .collect(),
            table: KeyTable::build(&entries),
            probes: dedup(probes),
        }
    }
}

impl PreparedAuthor {
    fn new(a: &SubmissionAuthor) -> PreparedAuthor {
        let profile = a.profile.as_ref();
        let emails = normalise_emails(
            std::iter::once(a.email.as_str()).chain(
                profile
                    .into_iter()
                    .flat_map(|p| p.emails.iter().map(String::as_str)),
            ),
        );
        let domains = institutional_domains(&emails);
        let mut orcids: Vec<String> = a
            .orcid
            .as_deref()
            .into_iter()
            .chain(profile.and_then(|p| p.orcid.as_deref()))
            .filter_map(normalise_orcid)
            .collect();
        orcids.dedup();
        let mut spans = profile
            .map(|p| prepare_spans(&p.affiliations))
            .unwrap_or_default();
        // The typed affiliation is where they are now, since an unknown date, unless the
        // profile gives the dates of that same institution.
        for part in split_affiliations(&a.affiliation) {
            let inst = InstKey::new(part);
            if !inst.exact.is_empty() && !spans.iter().any(|s| s.inst.exact == inst.exact) {
                spans.push(PreparedSpan {
                    inst,
                    from: None,
                    to: None,
                });
            }
        }
        let name = NameKey::new(&a.name);
        let person_id = a.person_id.or(profile.and_then(|p| p.person_id));
        let publications = profile
            .map(|p| prepare_publications(&p.publications))
            .unwrap_or_default();
        let coauthor_index = coauthor_index(&publications, |c| is_self(c, &emails, &orcids, &name));
        let key = match emails.first() {
            Some(e) => e.clone(),
            None if !name.exact.is_empty() => name.exact.clone(),
            None => person_id.map(|id| format!("#{id}")).unwrap_or_default(),
        };
        PreparedAuthor {
            identity: identity_keys(person_id, &emails, orcids.iter(), &name, Side::Probe),
            person_id,
            display: a.name.split_whitespace().collect::<Vec<_>>().join(" "),
            key,
            name,
            emails,
            domains,
            orcids,
            spans,
            publications,
            coauthor_index,
        }
    }
}

fn prepare_spans(spans: &[AffiliationSpan]) -> Vec<PreparedSpan> {
    spans
        .iter()
        .flat_map(|s| {
            split_affiliations(&s.institution).map(|part| PreparedSpan {
                inst: InstKey::new(part),
                from: s.from,
                to: s.to,
            })
        })
        .filter(|s| !s.inst.exact.is_empty())
        .collect()
}

fn prepare_publications(publications: &[Publication]) -> Vec<PreparedPublication> {
    publications
        .iter()
        .map(|p| PreparedPublication {
            title: p.title.split_whitespace().collect::<Vec<_>>().join(" "),
            title_key: match p.source {
                PaperSource::Listed => fold_tokens(&p.title).join(" "),
                // The same hash whether published or not, so a ruling outlives publication.
                PaperSource::Manuscript { .. } => format!(
                    "manuscript {:016x}",
                    key(Tag::Publication, &fold_tokens(&p.title).join(" "))
                ),
            },
            source: p.source,
            year: p.year,
            coauthors: p
                .coauthors
                .iter()
                .map(|c| PersonRef::new(&c.name, c.email.as_deref(), c.orcid.as_deref()))
                .collect(),
        })
        .collect()
}
