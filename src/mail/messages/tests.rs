use super::*;

fn received(title: &str) -> SubmissionReceived<'_> {
    SubmissionReceived {
        name: "Ada Lovelace",
        manuscript_number: "MATH-2025-0042",
        title,
        collection: "Analysis",
        journal: "Journal of Examples",
        authors: "Ada Lovelace, Charles Babbage",
        link: "https://peerdesk.example/submissions/42",
        confirm_link: "",
        link_expires_on: "",
        site: "Journal of Examples",
    }
}

fn listed(title: &str) -> CoAuthorListed<'_> {
    CoAuthorListed {
        name: "Charles Babbage",
        manuscript_number: "MATH-2025-0042",
        title,
        collection: "Analysis",
        journal: "Journal of Examples",
        submitter: "Mary Somerville",
        corresponding: "Ada Lovelace",
        authors: "Ada Lovelace, Charles Babbage, Mary Somerville",
        office_address: "office@journal.example",
        confirm_link: "https://peerdesk.example/authorship/abc",
        link_expires_on: "6 January 2027",
        site: "Journal of Examples",
    }
}

fn withdrawn<'a>(title: &'a str, reason: &'a str) -> SubmissionWithdrawn<'a> {
    SubmissionWithdrawn {
        name: "Ada Lovelace",
        manuscript_number: "MATH-2025-0042",
        title,
        collection: "Analysis",
        withdrawn_by: "Ada Lovelace",
        relation: "",
        reason,
        link: "https://peerdesk.example/submissions/42",
        site: "Journal of Examples",
    }
}

fn assert_all(part: &str, body: &str, facts: &[&str]) {
    for fact in facts {
        assert!(body.contains(fact), "{part} lacks {fact:?}:\n{body}");
    }
}

const SCRIPT_TITLE: &str = "On <script>alert(1)</script> & other \"tags\"";

fn assert_escaped(html: &str) {
    assert!(!html.contains("<script>"), "title not escaped:\n{html}");
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "{html}"
    );
}

#[test]
fn submission_received_renders_its_facts() {
    let m = received("Convergence of a series");
    assert_eq!(
        m.subject(),
        "MATH-2025-0042 received: Convergence of a series"
    );
    let facts = [
        "Dear Ada Lovelace",
        "MATH-2025-0042",
        "Convergence of a series",
        "Analysis",
        "Journal of Examples",
        "Ada Lovelace, Charles Babbage",
        "https://peerdesk.example/submissions/42",
        "quote the number",
    ];
    assert_all("text", &m.text().unwrap(), &facts);
    assert_all("html", &m.html().unwrap(), &facts);
}

#[test]
fn co_author_listed_renders_its_facts() {
    let m = listed("Convergence of a series");
    assert_eq!(m.subject(), "You are listed as an author of MATH-2025-0042");
    let facts = [
        "Dear Charles Babbage",
        "MATH-2025-0042",
        "Convergence of a series",
        "Analysis",
        "Journal of Examples",
        "submitted by Mary Somerville",
        "corresponding author is Ada Lovelace",
        "Ada Lovelace, Charles Babbage, Mary Somerville",
        "office@journal.example",
        "https://peerdesk.example/authorship/abc",
        "until 6 January 2027",
        "agree to its submission",
    ];
    assert_all("text", &m.text().unwrap(), &facts);
    let html = m.html().unwrap();
    assert_all("html", &html, &facts);
    assert!(
        html.contains(r#"href="mailto:office@journal.example""#),
        "{html}"
    );
}

#[test]
fn submission_withdrawn_renders_its_facts() {
    let m = withdrawn("Convergence of a series", "We found an error in Lemma 2.");
    assert_eq!(
        m.subject(),
        "MATH-2025-0042 withdrawn: Convergence of a series"
    );
    let facts = [
        "Dear Ada Lovelace",
        "MATH-2025-0042",
        "Convergence of a series",
        "Analysis",
        "withdrawn by Ada Lovelace",
        "We found an error in Lemma 2.",
        "https://peerdesk.example/submissions/42",
        "will not consider it further",
    ];
    let text = m.text().unwrap();
    let html = m.html().unwrap();
    assert_all("text", &text, &facts);
    assert_all("html", &html, &facts);
    // The author's wording, not the editor's.
    assert!(!text.contains("nothing more is needed"), "{text}");
    assert!(!html.contains("nothing more is needed"), "{html}");
    assert!(!text.contains("No reason was given"));
    assert!(!html.contains("No reason was given"));

    let m = withdrawn("Convergence of a series", "Line one.\nLine two.");
    assert!(m.text().unwrap().contains("    Line one.\n    Line two."));

    let m = withdrawn("Convergence of a series", "  ");
    assert!(m.text().unwrap().contains("No reason was given."));
    assert!(m.html().unwrap().contains("No reason was given."));
}

#[test]
fn titles_are_escaped_in_html_and_kept_in_text() {
    let r = received(SCRIPT_TITLE);
    let c = listed(SCRIPT_TITLE);
    let w = withdrawn(SCRIPT_TITLE, "<b>because</b>");
    assert_escaped(&r.html().unwrap());
    assert_escaped(&c.html().unwrap());
    let html = w.html().unwrap();
    assert_escaped(&html);
    assert!(!html.contains("<b>because</b>"), "{html}");
    // The plain-text part is not HTML, so it carries the title as written.
    assert!(r.text().unwrap().contains(SCRIPT_TITLE));
    assert!(c.text().unwrap().contains(SCRIPT_TITLE));
    assert!(w.text().unwrap().contains(SCRIPT_TITLE));
}

#[test]
fn long_titles_are_cut_in_subjects() {
    let title = "é".repeat(200);
    let received = received(&title).subject();
    let withdrawn = withdrawn(&title, "").subject();
    for (subject, prefix) in [
        (received, "MATH-2025-0042 received: "),
        (withdrawn, "MATH-2025-0042 withdrawn: "),
    ] {
        let quoted = subject.strip_prefix(prefix).expect(&subject);
        assert!(quoted.ends_with('…'), "{subject}");
        assert_eq!(quoted.chars().count(), SUBJECT_TITLE_MAX, "{subject}");
        assert!(title.starts_with(quoted.trim_end_matches('…')));
    }
    // The body keeps the whole title.
    assert!(received_text_has_whole_title(&title));
}

fn received_text_has_whole_title(title: &str) -> bool {
    received(title).text().unwrap().contains(title)
}

#[test]
fn subject_titles_are_on_one_line_and_short_ones_whole() {
    assert_eq!(
        subject_title("A  title\r\nover\tlines "),
        "A title over lines"
    );
    let exact = "x".repeat(SUBJECT_TITLE_MAX);
    assert_eq!(subject_title(&exact), exact);
    let over = "x".repeat(SUBJECT_TITLE_MAX + 1);
    assert_eq!(subject_title(&over).chars().count(), SUBJECT_TITLE_MAX);
}

#[test]
fn account_messages_still_render() {
    let v = VerifyEmail {
        name: "Ada",
        link: "https://x/v",
        site: "Journal",
    };
    assert_eq!(v.subject(), "Confirm your e-mail address for peerdesk");
    assert!(v.text().unwrap().contains("https://x/v"));
    assert!(v.html().unwrap().contains("href=\"https://x/v\""));

    let a = AlreadyRegistered {
        name: "Ada",
        login_link: "https://x/login",
        reset_link: "https://x/reset",
        site: "Journal",
    };
    assert_eq!(a.subject(), "You already have a peerdesk account");
    assert!(a.text().unwrap().contains("https://x/reset"));
    assert!(a.html().unwrap().contains("https://x/login"));

    let p = PasswordReset {
        name: "Ada",
        link: "https://x/p",
        site: "Journal",
    };
    assert_eq!(p.subject(), "Reset your peerdesk password");
    assert!(p.text().unwrap().contains("https://x/p"));

    let r = RoleGranted {
        name: "Ada",
        role: "editor",
        place: "A & B",
        dashboard_link: "https://x/d",
    };
    assert_eq!(r.subject(), "You are now editor (A & B)");
    assert!(r.text().unwrap().contains("for A & B on"));
    assert!(!r.html().unwrap().contains("A & B"));
    let email = r.to_email("Ada", "ada@example.org").unwrap();
    assert_eq!(email.to_address, "ada@example.org");
}
