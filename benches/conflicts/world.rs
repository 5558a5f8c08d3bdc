//! The synthetic journal the conflicts benchmark checks: 500 institutions in 60 cities,
//! a pool of names with addresses and ORCID iDs, the people with their histories,
//! papers and declarations, and the submissions with their authors.

use std::collections::HashSet;

use chrono::NaiveDate;
use peerdesk::domain::conflicts::*;

use super::PEOPLE;
use super::common::Rng;

const NAME_POOL: usize = 20_000;

const CITIES: [(&str, &str, &str); 60] = [
    ("Genoa", "Italy", "it"),
    ("Geneva", "Switzerland", "ch"),
    ("Turin", "Italy", "it"),
    ("Milan", "Italy", "it"),
    ("Rome", "Italy", "it"),
    ("Naples", "Italy", "it"),
    ("Bologna", "Italy", "it"),
    ("Padua", "Italy", "it"),
    ("Paris", "France", "fr"),
    ("Lyon", "France", "fr"),
    ("Marseille", "France", "fr"),
    ("Toulouse", "France", "fr"),
    ("Berlin", "Germany", "de"),
    ("Munich", "Germany", "de"),
    ("Hamburg", "Germany", "de"),
    ("Heidelberg", "Germany", "de"),
    ("Vienna", "Austria", "at"),
    ("Zürich", "Switzerland", "ch"),
    ("Basel", "Switzerland", "ch"),
    ("Madrid", "Spain", "es"),
    ("Barcelona", "Spain", "es"),
    ("Lisbon", "Portugal", "pt"),
    ("Amsterdam", "The Netherlands", "nl"),
    ("Leiden", "The Netherlands", "nl"),
    ("Leuven", "Belgium", "be"),
    ("Copenhagen", "Denmark", "dk"),
    ("Oslo", "Norway", "no"),
    ("Stockholm", "Sweden", "se"),
    ("Helsinki", "Finland", "fi"),
    ("Kraków", "Poland", "pl"),
    ("Prague", "Czech Republic", "cz"),
    ("Athens", "Greece", "gr"),
    ("Oxford", "UK", "ac.uk"),
    ("Cambridge", "UK", "ac.uk"),
    ("Manchester", "UK", "ac.uk"),
    ("Edinburgh", "UK", "ac.uk"),
    ("Cairo", "Egypt", "edu.eg"),
    ("Nairobi", "Kenya", "ac.ke"),
    ("Cape Town", "South Africa", "ac.za"),
    ("Mumbai", "India", "ac.in"),
    ("Delhi", "India", "ac.in"),
    ("Beijing", "China", "edu.cn"),
    ("Shanghai", "China", "edu.cn"),
    ("Wuhan", "China", "edu.cn"),
    ("Tokyo", "Japan", "ac.jp"),
    ("Osaka", "Japan", "ac.jp"),
    ("Seoul", "Korea", "ac.kr"),
    ("Sydney", "Australia", "edu.au"),
    ("Melbourne", "Australia", "edu.au"),
    ("Toronto", "Canada", "ca"),
    ("Montréal", "Canada", "ca"),
    ("Boston", "USA", "edu"),
    ("Houston", "USA", "edu"),
    ("Seattle", "USA", "edu"),
    ("Chicago", "USA", "edu"),
    ("Pittsburgh", "USA", "edu"),
    ("San Diego", "USA", "edu"),
    ("New York", "USA", "edu"),
    ("São Paulo", "Brazil", "br"),
    ("Buenos Aires", "Argentina", "ar"),
];

/// (canonical name, variants as people type them, short name for the mail domain).
const TEMPLATES: [(&str, &[&str], &str); 9] = [
    (
        "University of {c}",
        &["Univ. of {c}", "University of {c}, {n}", "Univ {c}"],
        "uni",
    ),
    (
        "{c} General Hospital",
        &["{c} General Hosp.", "{c} General Hospital, {n}"],
        "gh",
    ),
    (
        "{c} Cancer Institute",
        &["{c} Cancer Inst.", "{c} Cancer Institute, {c}, {n}"],
        "ci",
    ),
    (
        "{c} Children's Hospital",
        &["{c} Childrens Hospital", "{c} Children's Hosp."],
        "ch",
    ),
    (
        "Institute of Oncology {c}",
        &["Inst. of Oncology {c}", "Institute of Oncology, {c}"],
        "io",
    ),
    (
        "{c} Medical Center",
        &["{c} Medical Centre", "{c} Med. Ctr."],
        "mc",
    ),
    (
        "St. Mary's Hospital {c}",
        &["Saint Mary's Hospital {c}", "St Marys Hospital {c}"],
        "smh",
    ),
    (
        "{c} University of Technology",
        &["{c} Univ. of Technology"],
        "tech",
    ),
    (
        "Department of Surgery, University of {c}",
        &["Dept. of Surgery, Univ. of {c}"],
        "uni",
    ),
];

const GIVEN: [&str; 60] = [
    "Ada", "Ben", "Chiara", "David", "Elena", "Farid", "Giulia", "Hiro", "Ines", "Jun", "Kofi",
    "Lena", "Marco", "Nadia", "Omar", "Paula", "Qing", "Rui", "Sofia", "Tomás", "Uma", "Viktor",
    "Wei", "Xavier", "Yara", "Zoltán", "Amara", "Bruno", "Carla", "Dmitri", "Emma", "Felix",
    "Greta", "Hassan", "Ingrid", "Jonas", "Karin", "Luca", "Maria", "Nils", "Olga", "Pedro",
    "Rosa", "Sven", "Tariq", "Ulla", "Vera", "Wanda", "Yusuf", "Zara", "John", "Jane", "James",
    "Julia", "Anna", "Anne", "Peter", "Paul", "Mei", "Min",
];

#[rustfmt::skip]
const FAMILY: [&str; 120] = [
    "Osei", "Rossi", "Smith", "Smyth", "Müller", "García", "Kim", "Lee", "Wang", "Li",
    "Zhang", "Chen", "Liu", "Nguyen", "Tanaka", "Suzuki", "Sato", "Ivanov", "Petrov",
    "Novák", "Kowalski", "Nowak", "Jensen", "Hansen", "Larsen", "Johansson", "Andersson",
    "Virtanen", "Dubois", "Martin", "Bernard", "Moreau", "Bianchi", "Romano", "Colombo",
    "Ricci", "Ferrari", "Esposito", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer",
    "Wagner", "Becker", "Hoffmann", "Silva", "Santos", "Oliveira", "Pereira", "Costa",
    "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Díaz", "Brown", "Jones",
    "Williams", "Taylor", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Johnson",
    "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green",
    "Hall", "Wood", "Harris", "Clarke", "Jackson", "Mensah", "Okafor", "Adeyemi", "Mwangi",
    "Kamau", "Haddad", "Khalil", "Nasser", "Cohen", "Levi", "Mizrahi", "Patel", "Sharma",
    "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Das", "Park", "Choi", "Jung", "Kang",
    "Cho", "Yoon", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Hu", "Guo", "Lin",
    "He", "Gao", "Luo", "Zheng",
];

pub struct Institution {
    canonical: String,
    variants: Vec<String>,
    domain: String,
}

pub struct PoolPerson {
    name: String,
    initial_form: String,
    email: String,
    orcid: Option<String>,
    home: usize,
}

pub struct World {
    pub institutions: Vec<Institution>,
    pub pool: Vec<PoolPerson>,
}

fn institutions(rng: &mut Rng) -> Vec<Institution> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    while out.len() < 500 {
        let (city, country, tld) = *rng.pick(&CITIES);
        let (canonical, variants, short) = *rng.pick(&TEMPLATES);
        if !seen.insert((city, canonical)) {
            continue;
        }
        let fill = |t: &str| t.replace("{c}", city).replace("{n}", country);
        let slug: String = city
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_lowercase();
        out.push(Institution {
            canonical: fill(canonical),
            variants: variants.iter().map(|v| fill(v)).collect(),
            domain: format!("{short}-{slug}.{tld}"),
        });
    }
    out
}

pub fn world(rng: &mut Rng) -> World {
    let institutions = institutions(rng);
    let mut pool = Vec::with_capacity(NAME_POOL);
    let mut seen = HashSet::new();
    while pool.len() < NAME_POOL {
        let given = *rng.pick(&GIVEN);
        let family = *rng.pick(&FAMILY);
        let middle = if rng.chance(60) {
            format!(" {}.", (b'A' + (rng.next() % 26) as u8) as char)
        } else {
            String::new()
        };
        let name = format!("{given}{middle} {family}");
        if !seen.insert(name.clone()) {
            continue;
        }
        let n = pool.len();
        let home = rng.range(0, institutions.len() - 1);
        let local: String = format!("{given}.{family}{n}")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect::<String>()
            .to_lowercase();
        let email = if rng.chance(15) {
            format!(
                "{local}@{}",
                rng.pick(&["gmail.com", "outlook.com", "qq.com", "yahoo.co.uk"])
            )
        } else if rng.chance(20) {
            format!("{local}@med.{}", institutions[home].domain)
        } else {
            format!("{local}@{}", institutions[home].domain)
        };
        pool.push(PoolPerson {
            initial_form: format!("{}. {family}", &given[..1]),
            name,
            email,
            orcid: rng
                .chance(50)
                .then(|| format!("0000-0001-{:04}-{:04}", n / 10_000, n % 10_000)),
            home,
        });
    }
    World { institutions, pool }
}

fn date(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)
}

fn typed(rng: &mut Rng, inst: &Institution) -> String {
    if rng.chance(60) {
        inst.canonical.clone()
    } else {
        rng.pick(&inst.variants).clone()
    }
}

fn spans(rng: &mut Rng, w: &World, home: usize) -> Vec<AffiliationSpan> {
    let mut out = vec![AffiliationSpan {
        institution: typed(rng, &w.institutions[home]),
        from: date(rng.year(2012, 2025), 9),
        to: None,
    }];
    for _ in 0..rng.range(0, 2) {
        let end = rng.year(2008, 2025);
        let i = rng.range(0, w.institutions.len() - 1);
        out.push(AffiliationSpan {
            institution: typed(rng, &w.institutions[i]),
            from: date(end - rng.year(1, 8), 1),
            to: date(end, 6),
        });
    }
    out
}

fn publications(rng: &mut Rng, w: &World, max: usize) -> Vec<Publication> {
    (0..rng.range(0, max))
        .map(|k| {
            let coauthors = (0..rng.range(2, 8))
                .map(|_| {
                    let c = rng.pick(&w.pool);
                    CoauthorRef {
                        name: if rng.chance(25) {
                            c.initial_form.clone()
                        } else {
                            c.name.clone()
                        },
                        email: rng.chance(20).then(|| c.email.clone()),
                        orcid: if rng.chance(20) {
                            c.orcid.clone()
                        } else {
                            None
                        },
                    }
                })
                .collect();
            Publication {
                title: format!(
                    "Outcomes of rare tumour series {k} ({})",
                    rng.next() % 100_000
                ),
                year: rng.year(2010, 2026),
                coauthors,
                source: PaperSource::Listed,
            }
        })
        .collect()
}

pub fn people(rng: &mut Rng, w: &World) -> Vec<PersonProfile> {
    (0..PEOPLE)
        .map(|i| {
            let me = &w.pool[i * (NAME_POOL / PEOPLE)];
            let mut emails = vec![me.email.clone()];
            if rng.chance(40) {
                emails.push(format!("person{i}@gmail.com"));
            }
            let declared = (0..rng.range(0, 2))
                .map(|_| {
                    let kind = *rng.pick(&DeclaredKind::ALL);
                    let target = if rng.chance(70) {
                        let t = rng.pick(&w.pool);
                        DeclaredTarget::Person {
                            name: t.name.clone(),
                            email: rng.chance(50).then(|| t.email.clone()),
                            orcid: None,
                        }
                    } else {
                        DeclaredTarget::Institution(rng.pick(&w.institutions).canonical.clone())
                    };
                    DeclaredConflict {
                        target,
                        kind,
                        since: date(rng.year(2000, 2024), 1),
                        until: if rng.chance(30) {
                            date(rng.year(2020, 2030), 1)
                        } else {
                            None
                        },
                        note: "Declared in the profile".into(),
                    }
                })
                .collect();
            PersonProfile {
                person_id: Some(i as i64 + 1),
                name: me.name.clone(),
                emails,
                orcid: me.orcid.clone(),
                affiliations: spans(rng, w, me.home),
                publications: publications(rng, w, 20),
                declared,
            }
        })
        .collect()
}

pub fn submission(rng: &mut Rng, w: &World) -> SubmissionParties {
    let authors = (0..rng.range(1, 8))
        .map(|_| {
            let n = rng.range(0, NAME_POOL - 1);
            let a = &w.pool[n];
            let profile = rng.chance(20).then(|| PersonProfile {
                person_id: None,
                name: a.name.clone(),
                emails: vec![a.email.clone()],
                orcid: a.orcid.clone(),
                affiliations: spans(rng, w, a.home),
                publications: publications(rng, w, 10),
                declared: vec![],
            });
            SubmissionAuthor {
                person_id: None,
                name: a.name.clone(),
                email: a.email.clone(),
                affiliation: typed(rng, &w.institutions[a.home]),
                orcid: if rng.chance(50) {
                    a.orcid.clone()
                } else {
                    None
                },
                profile,
            }
        })
        .collect();
    let opposed = (0..rng.range(0, 2))
        .map(|_| {
            let o = rng.pick(&w.pool);
            OpposedPerson {
                name: o.name.clone(),
                email: rng.chance(50).then(|| o.email.clone()),
                reason: "Direct competitor".into(),
                role: if rng.chance(50) {
                    OpposedRole::Editor
                } else {
                    OpposedRole::Reviewer
                },
            }
        })
        .collect();
    let declared_on_submission = if rng.chance(1) {
        vec![(
            rng.range(1, PEOPLE) as i64,
            "Reviewed it for another journal".into(),
        )]
    } else {
        vec![]
    };
    SubmissionParties {
        authors,
        opposed,
        declared_on_submission,
    }
}
