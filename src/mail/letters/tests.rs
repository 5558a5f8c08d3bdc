use super::*;

/// A value for every field: one line each, the optional ones full.
fn sample(field: &str) -> String {
    match field {
        "message" => "Please look at the statistics.\n\nThank you.".to_owned(),
        "note" => "Take the time you need.".to_owned(),
        "link" => "https://peerdesk.example/x/1".to_owned(),
        f => format!("<{f} & value>"),
    }
}

fn shipped_text(letter: Letter, values: &HashMap<&str, String>) -> (String, String) {
    let (render_shipped, ..) = letter.shipped();
    render_shipped(values).unwrap()
}

/// The derived default, filled in, reads exactly as the shipped template: with every field
/// given, and with each field the shipped template may leave out empty.
#[test]
fn every_default_renders_as_its_shipped_template() {
    for letter in Letter::ALL {
        if matches!(letter, Letter::Decision(_)) {
            continue;
        }
        let (_, fields, optional, _) = letter.shipped();
        let wording = letter.default_wording();
        let mut cases: Vec<HashMap<&str, String>> =
            vec![fields.iter().map(|f| (*f, sample(f))).collect()];
        for f in optional {
            let mut v = cases[0].clone();
            v.insert(f, String::new());
            cases.push(v);
        }
        for values in cases {
            let (subject, text) = shipped_text(letter, &values);
            let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let email = worded_email(
                &wording.subject,
                &wording.body,
                &pairs,
                ("A", "a@x.example"),
            )
            .unwrap();
            assert_eq!(email.text, text, "{letter:?}\n{}", wording.body);
            assert_eq!(email.subject, subject, "{letter:?}");
        }
    }
}

#[test]
fn defaults_use_only_their_placeholders_and_keep_the_required_ones() {
    for letter in Letter::ALL {
        let w = letter.default_wording();
        let errors =
            crate::domain::letter_template::check(&w.subject, &w.body, &letter.placeholders());
        assert!(errors.is_empty(), "{letter:?}: {errors:?}\n{}", w.body);
        assert!(
            !w.body.contains("peerdesk · the journal"),
            "{letter:?}: no signature"
        );
    }
    let invitation = Letter::ReviewerInvited.default_wording().body;
    assert!(
        invitation.contains("{% if authors %}    by {{ authors }}\n{% endif %}"),
        "{invitation}"
    );
    assert!(
        invitation.contains("{% if message %}The editor writes:"),
        "{invitation}"
    );
}

#[test]
fn keys_round_trip_and_mail_kinds_map() {
    for letter in Letter::ALL {
        assert_eq!(Letter::from_key(letter.key()), Some(letter));
    }
    assert_eq!(
        Letter::for_mail_kind("reviewer_invited"),
        Some(Letter::ReviewerInvited)
    );
    assert_eq!(
        Letter::for_mail_kind("appeal_reminder"),
        Some(Letter::EditorReminder)
    );
    assert_eq!(Letter::for_mail_kind("decision_letter"), None);
    assert_eq!(Letter::for_mail_kind("password_reset"), None);
}

#[test]
fn the_html_part_escapes_the_text_and_makes_links() {
    let email = worded_email(
        "About {{ title }}",
        "Dear {{ name }},\n\nOpen {{ link }}.\n",
        &[
            ("name", "<script>x</script>"),
            ("link", "https://peerdesk.example/i/a?b=1&c=2"),
            ("title", "A\ntitle"),
        ],
        ("A", "a@x.example"),
    )
    .unwrap();
    assert!(!email.html.contains("<script>"), "{}", email.html);
    assert!(email.html.contains("&#60;script&#62;") || email.html.contains("&lt;script&gt;"));
    assert!(
        email
            .html
            .contains(r#"<a href="https://peerdesk.example/i/a?b=1&#38;c=2">"#)
            || email
                .html
                .contains(r#"<a href="https://peerdesk.example/i/a?b=1&amp;c=2">"#),
        "{}",
        email.html
    );
    assert_eq!(email.subject, "About A title");
    assert!(
        email
            .text
            .starts_with("Dear <script>x</script>,\n\nOpen https://")
    );
}
