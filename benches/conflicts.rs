//! Conflict checking at journal scale: 5,000 submissions × 2,000 people, and one new
//! submission against everyone. Synthetic data, the same on every run (a small xorshift
//! generator; no crates). Run with `cargo bench --bench conflicts`.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use peerdesk::domain::conflicts::*;

const PEOPLE: usize = 2_000;
const SUBMISSIONS: usize = 5_000;
const NAME_POOL: usize = 20_000;
const MATRIX_TARGET: Duration = Duration::from_secs(5);
const ONE_TARGET: Duration = Duration::from_millis(50);

/// xorshift64*: deterministic and good enough to spread synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// In `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }

    fn year(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next() % (hi - lo + 1) as u64) as i32
    }
}

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

const FAMILY: [&str; 120] = [
    "Osei",
    "Rossi",
    "Smith",
    "Smyth",
    "Müller",
    "García",
    "Kim",
    "Lee",
    "Wang",
    "Li",
    "Zhang",
    "Chen",
    "Liu",
    "Nguyen",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Ivanov",
    "Petrov",
    "Novák",
    "Kowalski",
    "Nowak",
    "Jensen",
    "Hansen",
    "Larsen",
    "Johansson",
    "Andersson",
    "Virtanen",
    "Dubois",
    "Martin",
    "Bernard",
    "Moreau",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Ferrari",
    "Esposito",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Silva",
    "Santos",
    "Oliveira",
    "Pereira",
    "Costa",
    "Fernández",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Díaz",
    "Brown",
    "Jones",
    "Williams",
    "Taylor",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Roberts",
    "Johnson",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "White",
    "Hughes",
    "Edwards",
    "Green",
    "Hall",
    "Wood",
    "Harris",
    "Clarke",
    "Jackson",
    "Mensah",
    "Okafor",
    "Adeyemi",
    "Mwangi",
    "Kamau",
    "Haddad",
    "Khalil",
    "Nasser",
    "Cohen",
    "Levi",
    "Mizrahi",
    "Patel",
    "Sharma",
    "Singh",
    "Kumar",
    "Gupta",
    "Reddy",
    "Iyer",
    "Das",
    "Park",
    "Choi",
    "Jung",
    "Kang",
    "Cho",
    "Yoon",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Hu",
    "Guo",
    "Lin",
    "He",
    "Gao",
    "Luo",
    "Zheng",
];

struct Institution {
    canonical: String,
    variants: Vec<String>,
    domain: String,
}

struct PoolPerson {
    name: String,
    initial_form: String,
    email: String,
    orcid: Option<String>,
    home: usize,
}

struct World {
    institutions: Vec<Institution>,
    pool: Vec<PoolPerson>,
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

fn world(rng: &mut Rng) -> World {
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

fn people(rng: &mut Rng, w: &World) -> Vec<PersonProfile> {
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

fn submission(rng: &mut Rng, w: &World) -> SubmissionParties {
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

#[derive(Default, Clone, Copy, PartialEq, Eq, Debug)]
struct Tally {
    findings: usize,
    confirmed: usize,
    pairs_with_findings: usize,
    blocked_pairs: usize,
    /// Pairs that went past the fast path (indexed runs only).
    candidates: usize,
}

impl Tally {
    fn count(&mut self, f: &[Finding]) {
        if !f.is_empty() {
            self.findings += f.len();
            self.confirmed += f
                .iter()
                .filter(|x| x.strength == Strength::Confirmed)
                .count();
            self.pairs_with_findings += 1;
            self.blocked_pairs += usize::from(is_blocked(f));
        }
    }

    fn add(&mut self, other: Tally) {
        self.findings += other.findings;
        self.confirmed += other.confirmed;
        self.pairs_with_findings += other.pairs_with_findings;
        self.blocked_pairs += other.blocked_pairs;
        self.candidates += other.candidates;
    }
}

/// Every pair through `findings_prepared`, in blocks of 64 people: their tables stay in
/// cache while the submissions stream past once per block.
fn pairwise(people: &[PreparedPerson], subs: &[PreparedSubmission], s: &Settings) -> Tally {
    let mut t = Tally::default();
    for block in people.chunks(64) {
        for sub in subs {
            for p in block {
                t.count(&findings_prepared(p, sub, s));
            }
        }
    }
    t
}

/// Each submission against the index of people.
fn indexed(index: &PeopleIndex, subs: &[PreparedSubmission], s: &Settings) -> Tally {
    let mut t = Tally::default();
    for sub in subs {
        let candidates = index.candidates(sub, s);
        t.candidates += candidates.len();
        for i in candidates {
            t.count(&findings_prepared(&index.people()[i], sub, s));
        }
    }
    t
}

/// Runs `work` on `threads` slices of `items` with `std::thread::scope`.
fn split<T: Sync>(items: &[T], threads: usize, work: impl Fn(&[T]) -> Tally + Sync) -> Tally {
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let work = &work;
                scope.spawn(move || work(part))
            })
            .collect();
        let mut total = Tally::default();
        for h in handles {
            match h.join() {
                Ok(t) => total.add(t),
                Err(_) => eprintln!("a benchmark thread panicked"),
            }
        }
        total
    })
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.3} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn row(what: &str, took: Duration, target: Option<Duration>) {
    let against = match target {
        Some(t) => format!(
            "{:>10}  {:>6.1}%",
            ms(t),
            100.0 * took.as_secs_f64() / t.as_secs_f64()
        ),
        None => format!("{:>10}  {:>7}", "", ""),
    };
    println!("{what:<54} {:>11}  {against}", ms(took));
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

fn main() {
    let Some(today) = NaiveDate::from_ymd_opt(2026, 6, 15) else {
        return;
    };
    let settings = Settings::new(today);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);

    let ((w, profiles, parties, new_one), generated) = timed(|| {
        let w = world(&mut rng);
        let profiles = people(&mut rng, &w);
        let parties: Vec<SubmissionParties> =
            (0..SUBMISSIONS).map(|_| submission(&mut rng, &w)).collect();
        // The largest kind of submission: 8 authors.
        let mut new_one = submission(&mut rng, &w);
        while new_one.authors.len() < 8 {
            new_one = submission(&mut rng, &w);
        }
        (w, profiles, parties, new_one)
    });
    let pubs: usize = profiles.iter().map(|p| p.publications.len()).sum();
    let authors: usize = parties.iter().map(|s| s.authors.len()).sum();
    println!(
        "{} people ({pubs} publications), {} submissions ({authors} authors), {} institutions, \
         {} names; generated in {}",
        profiles.len(),
        parties.len(),
        w.institutions.len(),
        w.pool.len(),
        ms(generated)
    );

    let (people, prep_people) =
        timed(|| profiles.iter().map(PreparedPerson::new).collect::<Vec<_>>());
    let (subs, prep_subs) = timed(|| {
        parties
            .iter()
            .map(PreparedSubmission::new)
            .collect::<Vec<_>>()
    });
    let (index, prep_index) = timed(|| PeopleIndex::new(people.clone()));

    let (pairwise_2, pairwise_2_took) =
        timed(|| black_box(split(&people, 2, |part| pairwise(part, &subs, &settings))));
    let (indexed_1, indexed_1_took) = timed(|| black_box(indexed(&index, &subs, &settings)));
    let (indexed_2, indexed_2_took) =
        timed(|| black_box(split(&subs, 2, |part| indexed(&index, part, &settings))));

    let one_indexed = median(
        (0..50)
            .map(|_| {
                timed(|| {
                    let sub = PreparedSubmission::new(black_box(&new_one));
                    black_box(index.findings(&sub, &settings).len())
                })
                .1
            })
            .collect(),
    );
    let one_pairwise = median(
        (0..50)
            .map(|_| {
                timed(|| {
                    let sub = PreparedSubmission::new(black_box(&new_one));
                    let blocked = people
                        .iter()
                        .filter(|p| is_blocked(&findings_prepared(p, &sub, &settings)))
                        .count();
                    black_box(blocked)
                })
                .1
            })
            .collect(),
    );
    let one_unprepared = median(
        (0..10)
            .map(|_| {
                timed(|| {
                    let n: usize = profiles
                        .iter()
                        .map(|p| findings(black_box(p), &new_one, &settings).len())
                        .sum();
                    black_box(n)
                })
                .1
            })
            .collect(),
    );

    println!(
        "the new submission: {} authors, {} people with a finding",
        new_one.authors.len(),
        index
            .findings(&PreparedSubmission::new(&new_one), &settings)
            .len()
    );
    // Other work on the machine slows every figure; say how much there was.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "machine load (1, 5, 15 min) at the end: {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let pairs = PEOPLE * SUBMISSIONS;
    let prep_all = prep_people + prep_subs + prep_index;
    println!();
    println!(
        "{:<54} {:>11}  {:>10}  {:>7}",
        "measure", "time", "target", "of it"
    );
    println!("{}", "-".repeat(87));
    row("(a) prepare 2,000 people", prep_people, None);
    row("(a) prepare 5,000 submissions", prep_subs, None);
    row("(a) index the 2,000 prepared people", prep_index, None);
    row(
        "(b) 5,000 × 2,000, every pair, 2 threads",
        pairwise_2_took,
        Some(MATRIX_TARGET),
    );
    row(
        "(b) 5,000 × 2,000, indexed, 1 thread",
        indexed_1_took,
        Some(MATRIX_TARGET),
    );
    row(
        "(b) 5,000 × 2,000, indexed, 2 threads",
        indexed_2_took,
        Some(MATRIX_TARGET),
    );
    row(
        "(a)+(b) prepare, index and check, 2 threads",
        prep_all + indexed_2_took,
        Some(MATRIX_TARGET),
    );
    row(
        "(c) one new submission × 2,000, indexed (median of 50)",
        one_indexed,
        Some(ONE_TARGET),
    );
    row(
        "(c) the same, every pair (median of 50)",
        one_pairwise,
        Some(ONE_TARGET),
    );
    row(
        "    for scale: preparing each person too (median of 10)",
        one_unprepared,
        None,
    );
    println!();
    println!(
        "{pairs} pairs; every pair: {:.0} ns a pair on each of 2 threads; indexed: {} pairs \
         ({:.2}%) past the fast path",
        pairwise_2_took.as_secs_f64() * 2e9 / pairs as f64,
        indexed_1.candidates,
        100.0 * indexed_1.candidates as f64 / pairs as f64,
    );
    let t = indexed_1;
    println!(
        "{} findings ({} confirmed); {} pairs with a finding ({:.2}%), {} blocked ({:.2}%)",
        t.findings,
        t.confirmed,
        t.pairs_with_findings,
        100.0 * t.pairs_with_findings as f64 / pairs as f64,
        t.blocked_pairs,
        100.0 * t.blocked_pairs as f64 / pairs as f64
    );
    let same = |a: Tally, b: Tally| {
        (
            a.findings,
            a.confirmed,
            a.pairs_with_findings,
            a.blocked_pairs,
        ) == (
            b.findings,
            b.confirmed,
            b.pairs_with_findings,
            b.blocked_pairs,
        )
    };
    println!(
        "every pair and indexed agree: {}",
        if same(pairwise_2, indexed_1) && same(indexed_1, indexed_2) {
            "yes"
        } else {
            "NO"
        }
    );
}
