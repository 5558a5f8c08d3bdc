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
pub(super) const CANCERS: &[&str] = &[
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
pub(super) const STUDY: &[&str] = &[
    "A retrospective cohort of",
    "Outcomes of",
    "Germline variants in",
    "A registry study of",
    "Treatment patterns in",
    "Survival after surgery for",
    "Immunotherapy for",
    "Quality of life in survivors of",
];
pub(super) const WHERE: &[&str] = &[
    "in adults",
    "in children and adolescents",
    "across seven centres",
    "in a national registry",
    "over two decades",
    "in low- and middle-income countries",
];
pub(super) const COMMENTS: &[&str] = &[
    "The cohort is well described, but the survival analysis should account for immortal time bias.",
    "Please report the number of patients lost to follow-up and how missing data were handled.",
    "The conclusions go further than the data; the comparison group is small.",
    "A clear and useful study. Minor: the second table repeats the text.",
    "The methods need the inclusion criteria and the dates of the study period.",
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
