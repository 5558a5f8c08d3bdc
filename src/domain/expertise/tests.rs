use super::*;

fn doc(id: i64, keywords: &[&str], papers: &[&str]) -> ExpertiseDoc {
    ExpertiseDoc {
        person_id: id,
        keywords: keywords.iter().map(|s| s.to_string()).collect(),
        papers: papers.iter().map(|s| s.to_string()).collect(),
        reviewed: Vec::new(),
        published_in: Vec::new(),
        willing: true,
    }
}

fn reviewed(submission_id: i64, collection_id: i64, text: &str) -> Reviewed {
    Reviewed {
        submission_id,
        collection_id,
        text: text.into(),
    }
}

fn manuscript(title: &str, keywords: &str) -> ManuscriptText {
    ManuscriptText {
        title: title.into(),
        keywords: keywords.into(),
        ..ManuscriptText::default()
    }
}

fn ids(ranked: &[Match]) -> Vec<i64> {
    ranked.iter().map(|m| m.person_id).collect()
}

const CANCERS: &[&str] = &[
    "uveal melanoma",
    "retinoblastoma",
    "mesothelioma",
    "chordoma",
    "thymoma",
    "Ewing sarcoma",
];
const ASPECTS: &[&str] = &[
    "germline variants",
    "survival trends",
    "checkpoint inhibitors",
    "resection margins",
    "radiomics",
    "quality of life",
];

#[test]
fn words_are_lower_cased_singular_and_without_common_words() {
    assert_eq!(
        terms("Sarcomas of the Bone: 12 Tumours, analysis and GNAQ"),
        vec!["sarcoma", "bone", "tumour", "analysis", "gnaq"]
    );
    assert!(
        COMMON.windows(2).all(|w| w[0] < w[1]),
        "binary search needs it sorted"
    );
}

#[test]
fn the_person_whose_papers_are_on_the_subject_comes_first() {
    let index = ExpertiseIndex::build(vec![
        doc(
            1,
            &[],
            &[
                "Survival in uveal melanoma",
                "Liver metastases of uveal melanoma",
            ],
        ),
        doc(
            2,
            &[],
            &["Chordoma of the skull base", "Proton therapy for chordoma"],
        ),
        doc(
            3,
            &[],
            &["A registry of uveal melanoma", "Chordoma outcomes"],
        ),
    ]);
    let ranked = index.rank(
        &manuscript("Metastatic uveal melanoma", "uveal melanoma"),
        1,
        &[],
        10,
    );
    assert_eq!(
        ids(&ranked),
        vec![1, 3],
        "person 2 shares no word and is not ranked"
    );
    assert!(ranked[0].score > ranked[1].score);
    assert_eq!(ranked[0].why, "2 of their 2 papers on uveal, melanoma");
}

#[test]
fn a_specialist_outranks_a_generalist_with_more_papers() {
    // The generalist has one paper on every subject, the specialist three on this one.
    let mut everything = Vec::new();
    for c in CANCERS {
        for a in ASPECTS {
            everything.push(format!("{a} in {c}"));
        }
    }
    let everything: Vec<&str> = everything.iter().map(String::as_str).collect();
    let index = ExpertiseIndex::build(vec![
        doc(1, &[], &everything),
        doc(
            2,
            &[],
            &[
                "Germline variants in uveal melanoma",
                "Germline variants in uveal melanoma families",
                "Survival trends in uveal melanoma",
            ],
        ),
        doc(
            3,
            &[],
            &["Radiomics in thymoma", "Quality of life in thymoma"],
        ),
    ]);
    let ranked = index.rank(
        &manuscript("Germline variants in uveal melanoma", "uveal melanoma"),
        1,
        &[],
        10,
    );
    assert_eq!(ids(&ranked), vec![2, 1]);
    assert_eq!(
        ranked[0].why,
        "3 of their 3 papers on germline, variant, uveal"
    );
    assert_eq!(
        ranked[1].why,
        "11 of their 36 papers on germline, variant, uveal"
    );
}

#[test]
fn reviewing_many_unrelated_papers_does_not_win_by_volume() {
    // 144 reviews on every subject (four on this one) against two papers, or six reviews,
    // on this subject.
    let mut busy = doc(1, &[], &[]);
    let mut n = 0;
    for c in CANCERS {
        for a in ASPECTS {
            for k in 0..4 {
                n += 1;
                busy.reviewed
                    .push(reviewed(n, 7, &format!("{a} in {c}, cohort {k}")));
            }
        }
    }
    let author = doc(
        2,
        &[],
        &[
            "Checkpoint inhibitors in mesothelioma",
            "Checkpoint inhibitors after mesothelioma surgery",
        ],
    );
    let mut focused = doc(3, &[], &[]);
    for k in 0..6 {
        focused.reviewed.push(reviewed(
            1000 + k,
            7,
            "Checkpoint inhibitors in mesothelioma",
        ));
    }
    let mut docs = vec![busy, author, focused];
    // Others, so the words' rarity is as in a journal.
    for (i, c) in CANCERS.iter().enumerate() {
        docs.push(doc(10 + i as i64, &[], &[&format!("Radiomics in {c}")]));
    }
    let index = ExpertiseIndex::build(docs);
    let ranked = index.rank(
        &manuscript("Checkpoint inhibitors in mesothelioma", "mesothelioma"),
        7,
        &[],
        10,
    );
    let at = |id: i64| ids(&ranked).iter().position(|x| *x == id).unwrap();
    assert!(at(1) > at(2) && at(1) > at(3), "{ranked:#?}");
    let why = |id: i64| ranked[at(id)].why.clone();
    assert_eq!(
        why(3),
        "reviewed 6 of their 6 manuscripts on this subject; reviewed 6 papers in this collection"
    );
    assert_eq!(
        why(1),
        "reviewed 44 of their 144 manuscripts on this subject; reviewed 144 papers in this collection"
    );
    assert_eq!(
        why(2),
        "2 of their 2 papers on checkpoint, inhibitor, mesothelioma"
    );
}

#[test]
fn chosen_keywords_count_more_than_a_title_and_are_named_in_the_reason() {
    let index = ExpertiseIndex::build(vec![
        doc(1, &[], &["Thymoma staging", "Mesothelioma"]),
        doc(
            2,
            &["thymoma", "thymic carcinoma"],
            &["Lung surgery outcomes", "Mesothelioma"],
        ),
    ]);
    let ranked = index.rank(&manuscript("Thymoma in adults", ""), 1, &[], 10);
    assert_eq!(ranked[0].person_id, 2);
    assert_eq!(ranked[0].why, "keywords: thymoma");
    assert_eq!(ranked[1].why, "1 of their 2 papers on thymoma");
}

#[test]
fn reviews_in_the_collection_are_counted_and_skipped_people_left_out() {
    let mut d = doc(1, &[], &["Ewing sarcoma in children"]);
    d.reviewed = vec![
        reviewed(1, 7, "Ewing sarcoma relapse"),
        reviewed(2, 8, "Chordoma"),
    ];
    let index = ExpertiseIndex::build(vec![d, doc(2, &[], &["Ewing sarcoma"])]);
    let ranked = index.rank(&manuscript("Ewing sarcoma", ""), 7, &[2], 10);
    assert_eq!(ranked.len(), 1);
    assert_eq!(
        ranked[0].why,
        "1 of their 1 paper on ewing, sarcoma; reviewed 1 of their 2 manuscripts on this subject; reviewed 1 paper in this collection"
    );
}

#[test]
fn only_the_willing_and_this_collections_published_authors_are_ranked() {
    let mut unwilling = doc(1, &["chordoma"], &[]);
    unwilling.willing = false;
    let mut author = doc(2, &[], &["Chordoma surgery"]);
    author.willing = false;
    author.published_in = vec![5];
    let index = ExpertiseIndex::build(vec![unwilling, author, doc(3, &["chordoma"], &[])]);
    assert_eq!(
        index.len(),
        2,
        "the unwilling non-author is not even indexed"
    );
    let here = index.rank(&manuscript("Chordoma", ""), 5, &[], 10);
    assert_eq!(here.len(), 2);
    assert!(
        here.iter()
            .any(|m| m.person_id == 2 && m.published_author && !m.willing)
    );
    let elsewhere = index.rank(&manuscript("Chordoma", ""), 6, &[], 10);
    assert_eq!(ids(&elsewhere), vec![3]);
}

#[test]
fn a_rare_word_outweighs_a_common_one() {
    let mut docs: Vec<ExpertiseDoc> = (1..=20)
        .map(|i| doc(i, &[], &["Cancer registry outcomes"]))
        .collect();
    docs.push(doc(99, &[], &["Adrenocortical carcinoma"]));
    let index = ExpertiseIndex::build(docs);
    let ranked = index.rank(
        &manuscript("Adrenocortical carcinoma registry", ""),
        1,
        &[],
        3,
    );
    assert_eq!(ranked[0].person_id, 99);
    assert_eq!(ranked.len(), 3, "the limit holds");
}

#[test]
fn broad_reviewers_do_not_make_the_subjects_words_look_common() {
    // Thirty reviewers whose reviews carry every cancer's name; one person with a paper on
    // chordoma, one with a paper on rare cancer registries. The cancer is the rarer word
    // among the texts, so its expert comes first.
    let mut docs = Vec::new();
    let mut n = 0;
    for id in 1..=30 {
        let mut d = doc(id, &[], &[]);
        for c in CANCERS {
            n += 1;
            d.reviewed
                .push(reviewed(n, 1, &format!("Rare cancer registry: {c}")));
        }
        docs.push(d);
    }
    docs.push(doc(100, &[], &["Skull base chordoma"]));
    docs.push(doc(101, &[], &["A rare cancer registry"]));
    let index = ExpertiseIndex::build(docs);
    let ranked = index.rank(
        &manuscript("Chordoma in a rare cancer registry", ""),
        1,
        &[],
        3,
    );
    assert_eq!(ranked[0].person_id, 100);
    assert_eq!(ranked[0].why, "1 of their 1 paper on chordoma");
}

#[test]
fn keywords_are_split_deduplicated_and_bounded() {
    assert_eq!(
        parse_keywords("sarcoma, Registry\n registry ;  bone   tumours").unwrap(),
        vec!["sarcoma", "Registry", "bone tumours"]
    );
    assert!(parse_keywords(&"x".repeat(81)).is_err());
    let many: Vec<String> = (0..31).map(|i| format!("k{i}")).collect();
    assert!(parse_keywords(&many.join(",")).is_err());
    assert_eq!(parse_keywords("  ").unwrap(), Vec::<String>::new());
}

fn topics() -> Vec<String> {
    vec![
        "Rare cancer types".to_owned(),
        "Genetic and molecular underpinnings of rare cancers".to_owned(),
    ]
}

#[test]
fn ticked_topics_are_kept_beside_the_typed_keywords() {
    let chosen = choose_expertise(
        "sarcoma\nrare cancer types",
        &["Genetic and molecular underpinnings of rare cancers".to_owned()],
        &topics(),
    )
    .unwrap();
    // A topic typed by hand is not a keyword of its own: it is ticked or not.
    assert_eq!(
        chosen,
        vec![
            "sarcoma",
            "Genetic and molecular underpinnings of rare cancers"
        ]
    );
    assert_eq!(
        split_topics(&chosen, &topics()),
        (
            vec!["Genetic and molecular underpinnings of rare cancers".to_owned()],
            vec!["sarcoma".to_owned()]
        )
    );
    assert!(choose_expertise("", &["Anything at all".to_owned()], &topics()).is_err());
}

#[test]
fn a_ticked_topic_meets_the_manuscripts_filed_under_it() {
    let index = ExpertiseIndex::build(vec![
        doc(
            1,
            &["Genetic and molecular underpinnings of rare cancers"],
            &[],
        ),
        doc(2, &["sarcoma"], &["Sarcoma outcomes in adolescents"]),
    ]);
    let text = ManuscriptText {
        title: "Germline variants in paediatric adrenocortical carcinoma".into(),
        topics: vec!["Genetic and molecular underpinnings of rare cancers".into()],
        ..ManuscriptText::default()
    };
    let ranked = index.rank(&text, 1, &[], 5);
    assert_eq!(ids(&ranked), vec![1]);
}
