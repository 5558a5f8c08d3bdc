//! The words the generated people and manuscripts are made of, and the share of each
//! state.

use super::XorShift;

pub(super) const FIRST: &[&str] = &[
    "Amara", "Ben", "Chiara", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ines", "Jonas", "Keiko",
    "Lars", "Maya", "Nikhil", "Olga", "Pedro", "Qiu", "Rosa", "Samir", "Tove", "Umar", "Vera",
    "Wei", "Ximena", "Yusuf", "Zofia", "Ana", "Bruno", "Carmen", "David",
];
pub(super) const LAST: &[&str] = &[
    "Abebe",
    "Bauer",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okonkwo",
    "Petrov",
    "Quinn",
    "Rahman",
    "Silva",
    "Tanaka",
    "Urbanek",
    "Varga",
    "Wang",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Patel",
    "Müller",
    "Rossi",
    "Kim",
];
pub(super) const INSTITUTIONS: &[(&str, &str)] = &[
    ("Karolinska Institutet, Stockholm, Sweden", "ki"),
    ("Gustave Roussy, Villejuif, France", "gustaveroussy"),
    ("Tata Memorial Centre, Mumbai, India", "tmc"),
    ("University of Lagos, Nigeria", "unilag"),
    (
        "Sun Yat-sen University Cancer Center, Guangzhou, China",
        "sysucc",
    ),
    ("Heidelberg University Hospital, Germany", "uni-heidelberg"),
    ("Hospital Universitario La Paz, Madrid, Spain", "lapaz"),
    ("University of Milan, Italy", "unimi"),
    (
        "Memorial Sloan Kettering Cancer Center, New York, USA",
        "mskcc",
    ),
    (
        "Peter MacCallum Cancer Centre, Melbourne, Australia",
        "petermac",
    ),
    ("Princess Margaret Cancer Centre, Toronto, Canada", "uhn"),
    ("National Cancer Center, Tokyo, Japan", "ncc"),
    ("Aga Khan University, Karachi, Pakistan", "aku"),
    (
        "Masaryk Memorial Cancer Institute, Brno, Czech Republic",
        "mou",
    ),
    ("Netherlands Cancer Institute, Amsterdam", "nki"),
    ("University of Cape Town, South Africa", "uct"),
    ("A.C. Camargo Cancer Center, São Paulo, Brazil", "accamargo"),
    ("Seoul National University Hospital, Korea", "snuh"),
    ("Rigshospitalet, Copenhagen, Denmark", "rh"),
    ("Royal Marsden Hospital, London, UK", "rmh"),
];
pub const CANCERS: &[&str] = &[
    "Uveal melanoma",
    "Retinoblastoma",
    "Adult rhabdomyosarcoma",
    "Mesothelioma",
    "Cholangiocarcinoma",
    "Chordoma",
    "Thymoma",
    "Adrenocortical carcinoma",
    "Merkel cell carcinoma",
    "Ewing sarcoma",
    "Neuroendocrine tumours of the pancreas",
    "Gastrointestinal stromal tumour",
];
/// What a study looks at, beyond its cancer, each in words of its own (no phrase is part of
/// another aspect's): with the cancers, the generated fields of expertise.
pub const ASPECTS: &[&[&str]] = &[
    &[
        "germline variants",
        "somatic mutations",
        "tumour sequencing",
    ],
    &[
        "population-based incidence",
        "cancer registry data",
        "survival trends",
    ],
    &[
        "checkpoint inhibitors",
        "immune infiltration",
        "PD-L1 expression",
    ],
    &[
        "resection margins",
        "surgical complications",
        "recurrence after resection",
    ],
    &["radiomics", "diagnostic MRI", "PET-CT staging"],
    &[
        "quality of life",
        "late effects in survivors",
        "psychosocial needs",
    ],
];

/// A field of expertise: a cancer and an aspect (indexes into [`CANCERS`] and [`ASPECTS`]).
pub type Field = (usize, usize);

/// The field a generated title or text is about, found by its phrases.
pub fn field_in(text: &str) -> Option<Field> {
    let lower = text.to_lowercase();
    let cancer = CANCERS
        .iter()
        .position(|c| lower.contains(&c.to_lowercase()))?;
    let aspect = ASPECTS
        .iter()
        .position(|a| a.iter().any(|p| lower.contains(&p.to_lowercase())))?;
    Some((cancer, aspect))
}

/// The field's name, e.g. "Uveal melanoma: germline variants".
pub fn field_name((cancer, aspect): Field) -> String {
    format!("{}: {}", CANCERS[cancer], ASPECTS[aspect][0])
}

/// Person `i`'s true fields of expertise: one cancer with one or two aspects, and for
/// two in five a second cancer with one aspect. Drawn from the person's index alone, so a
/// measurement can know them again (`examples/expertise_quality.rs`).
pub fn true_fields(i: usize) -> Vec<Field> {
    let mut rng = XorShift::new(0x00F1_E1D5_u64.wrapping_mul(i as u64 + 1));
    let cancer = rng.below(CANCERS.len());
    let aspect = rng.below(ASPECTS.len());
    let mut fields = vec![(cancer, aspect)];
    if rng.chance(50) {
        fields.push((
            cancer,
            (aspect + 1 + rng.below(ASPECTS.len() - 1)) % ASPECTS.len(),
        ));
    }
    if rng.chance(40) {
        let other = (cancer + 1 + rng.below(CANCERS.len() - 1)) % CANCERS.len();
        fields.push((other, rng.below(ASPECTS.len())));
    }
    fields
}

/// A title in `field`: "Germline variants in uveal melanoma in adults".
pub(super) fn title_in(rng: &mut XorShift, (cancer, aspect): Field) -> String {
    let phrase = rng.pick(ASPECTS[aspect]);
    let mut chars = phrase.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!(
        "{first}{} in {} {}",
        chars.as_str(),
        CANCERS[cancer].to_lowercase(),
        rng.pick(WHERE)
    )
}

pub(super) const WHERE: &[&str] = &[
    "in adults",
    "in children and adolescents",
    "across seven centres",
    "in a national registry",
    "over two decades",
    "in low- and middle-income countries",
];
pub(super) const RECOMMENDATIONS: &[&str] =
    &["accept", "minor_revision", "major_revision", "reject"];

/// The states with their share (percent) of the submissions.
const STATES: &[(&str, usize)] = &[
    ("submitted", 15),
    ("under_review", 25),
    ("revision_requested", 10),
    ("accepted", 5),
    ("published", 20),
    ("rejected", 20),
    ("withdrawn", 5),
];

pub(super) fn pick_state(rng: &mut XorShift) -> &'static str {
    let mut roll = rng.below(100);
    for (state, share) in STATES {
        if roll < *share {
            return state;
        }
        roll -= share;
    }
    "submitted"
}
