//! Every rendered message, both parts, compared with the snapshot under `snapshots/`, with
//! tokens and dates redacted. `PEERDESK_UPDATE_SNAPSHOTS=1 cargo test mail_snapshots`
//! rewrites them; review the diff before committing.

use peerdesk::mail::messages::{
    AllReviewsIn, AlreadyRegistered, ArticlePublished, AuthorsConfirmed, CoAuthorListed,
    DecisionLetter, DecisionMade, DecisionToCoAuthor, DiscussionPosted, HandlingEditorAssigned,
    InvitationCancelled, MailMessage, NotAnAuthor, PasswordChanged, PasswordReset, ReviewReceived,
    ReviewReminder, ReviewRevised, ReviewerAnswered, ReviewerInvited, ReviewerThanks, RoleGranted,
    SubmissionFlagged, SubmissionReceived, SubmissionUnderReview, SubmissionWithdrawn,
    TwoFactorChanged, VerifyEmail, WithdrawalToEditor,
};

fn redact(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_inclusive(|c: char| !(c.is_ascii_alphanumeric())) {
        let core: String = word.chars().filter(char::is_ascii_alphanumeric).collect();
        if core.len() >= 32 && core.chars().all(|c| c.is_ascii_hexdigit()) {
            out.push_str(&word.replace(&core, "[token]"));
        } else {
            out.push_str(word);
        }
    }
    // Dates such as 2026-11-23 or 23 November 2026, 10:15 UTC.
    let mut redacted = String::new();
    let bytes: Vec<char> = out.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 10)].iter().collect();
        if rest.len() == 10
            && rest.chars().enumerate().all(|(k, c)| {
                if k == 4 || k == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
        {
            redacted.push_str("[date]");
            i += 10;
        } else {
            redacted.push(bytes[i]);
            i += 1;
        }
    }
    redacted
}

fn check(name: &str, message: &dyn MailMessage) {
    let rendered = format!(
        "Subject: {}\n===== text/plain =====\n{}\n===== text/html =====\n{}\n",
        message.subject(),
        message.text().unwrap(),
        message.html().unwrap()
    );
    let rendered = redact(&rendered);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/api/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var("PEERDESK_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &rendered).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with PEERDESK_UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    assert_eq!(
        rendered, expected,
        "{name} changed; if intended, update the snapshot"
    );
}

const TOKEN: &str = "3f9a1c0b7d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a";

#[test]
fn verify_email() {
    let link = format!("https://journal.example/verify-email?token={TOKEN}");
    check(
        "verify_email",
        &VerifyEmail {
            name: "Ada Osei",
            link: &link,
            site: "journal.example",
        },
    );
}

#[test]
fn already_registered() {
    check(
        "already_registered",
        &AlreadyRegistered {
            name: "Ada Osei",
            login_link: "https://journal.example/login",
            reset_link: "https://journal.example/password/forgot",
            site: "journal.example",
        },
    );
}

#[test]
fn password_reset() {
    let link = format!("https://journal.example/password/reset?token={TOKEN}");
    check(
        "password_reset",
        &PasswordReset {
            name: "Ada Osei",
            link: &link,
            site: "journal.example",
        },
    );
}

#[test]
fn role_granted() {
    check(
        "role_granted",
        &RoleGranted {
            name: "Kwame <Asante> & co",
            role: "Guest Editor",
            place: "the collection “Rare cancers” of BMC Cancer",
            dashboard_link: "https://journal.example/dashboard",
        },
    );
}

#[test]
fn submission_received() {
    check(
        "submission_received",
        &SubmissionReceived {
            name: "Ada Osei",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            collection: "Rare cancers",
            journal: "BMC Cancer",
            authors: "Ada Osei and Ben Møller",
            link: "https://journal.example/submissions/1",
            confirm_link: "",
            link_expires_on: "",
            site: "journal.example",
        },
    );
    // To a corresponding author who did not submit it: with their link to confirm.
    let confirm = format!("https://journal.example/authorship/{TOKEN}");
    check(
        "submission_received_to_confirm",
        &SubmissionReceived {
            name: "Ada Osei",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            collection: "Rare cancers",
            journal: "BMC Cancer",
            authors: "Ada Osei and Ben Møller",
            link: "https://journal.example/submissions/1",
            confirm_link: &confirm,
            link_expires_on: "6 January 2027",
            site: "journal.example",
        },
    );
}

#[test]
fn co_author_listed() {
    let confirm = format!("https://journal.example/authorship/{TOKEN}");
    check(
        "co_author_listed",
        &CoAuthorListed {
            name: "Ben Møller",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            collection: "Rare cancers",
            journal: "BMC Cancer",
            submitter: "Ada Osei",
            corresponding: "Ada Osei",
            authors: "Ada Osei and Ben Møller",
            office_address: "editorial@journal.example",
            confirm_link: &confirm,
            link_expires_on: "6 January 2027",
            site: "journal.example",
        },
    );
}

#[test]
fn not_an_author() {
    check(
        "not_an_author",
        &NotAnAuthor {
            name: "Ada Osei",
            author: "Ben Møller",
            author_email: "ben@clinic.example",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            note: "",
            next_step: "Please settle the author list with the editorial office: reply to this e-mail (it goes to editorial@journal.example) to correct it or to explain, quoting the number RC-2026-0001.",
            link: "https://journal.example/submissions/1",
            site: "journal.example",
        },
    );
    check(
        "not_an_author_to_office",
        &NotAnAuthor {
            name: "Atif A. Ahmed",
            author: "Ben Møller",
            author_email: "ben@clinic.example",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            note: "I have never worked with this group <sic>.",
            next_step: "Please settle the author list with the submitting author, Ada Osei (replies to this e-mail reach them), before the manuscript goes further.",
            link: "https://journal.example/editorial/submissions/1",
            site: "journal.example",
        },
    );
}

#[test]
fn authors_confirmed() {
    check(
        "authors_confirmed",
        &AuthorsConfirmed {
            name: "Atif A. Ahmed",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            link: "https://journal.example/editorial/submissions/1",
            site: "journal.example",
        },
    );
}

#[test]
fn submission_withdrawn() {
    check(
        "submission_withdrawn",
        &SubmissionWithdrawn {
            name: "Ada Osei",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            collection: "Rare cancers",
            withdrawn_by: "you",
            relation: "",
            reason: "We found an error in the cohort data <table 2>.",
            link: "https://journal.example/submissions/1",
            site: "journal.example",
        },
    );
    // A co-author: told they are listed, no link to a page they cannot open.
    check(
        "withdrawal_to_co_author",
        &SubmissionWithdrawn {
            name: "Ben Møller",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            collection: "Rare cancers",
            withdrawn_by: "Ada Osei",
            relation: "You are listed as one of its authors.",
            reason: "We found an error in the cohort data <table 2>.",
            link: "",
            site: "journal.example",
        },
    );
    check(
        "withdrawal_to_editor",
        &WithdrawalToEditor {
            name: "Atif A. Ahmed",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            collection: "Rare cancers",
            withdrawn_by: "Ada Osei",
            reason: "We found an error in the cohort data <table 2>.",
            link: "https://journal.example/editorial/submissions/1",
            site: "journal.example",
        },
    );
}

#[test]
fn handling_editor_assigned() {
    check(
        "handling_editor_assigned",
        &HandlingEditorAssigned {
            name: "Atif A. Ahmed",
            manuscript_number: "RC-2026-0001",
            title: "Outcomes of retinoblastoma in a national cohort",
            collection: "Rare cancers",
            link: "https://journal.example/editorial/submissions/1",
            site: "journal.example",
        },
    );
}

#[test]
fn submission_flagged() {
    check(
        "submission_flagged",
        &SubmissionFlagged {
            name: "Helen Marsh",
            manuscript_number: "RC-2026-0003",
            title: "An international registry",
            collection: "Rare cancers",
            explanation: "Guest Editor A: same institution as author B; nobody free of competing interests could take it; the editor-in-chief must act.",
            link: "https://journal.example/editorial/queue",
            site: "journal.example",
        },
    );
}

/// Long because it is a list: one snapshot per review message, each with its own fields.
#[test]
fn review_messages() {
    let site = "peerdesk.example";
    check(
        "submission_under_review",
        &SubmissionUnderReview {
            name: "Sofia Bianchi",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            collection: "Rare cancers",
            link: "https://peerdesk.example/submissions/1",
            site,
        },
    );
    check(
        "reviewer_invited",
        &ReviewerInvited {
            name: "Marta Lindqvist",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            abstract_text: "Background: uveal melanoma is rare.",
            authors: "Sofia Bianchi",
            collection: "Rare cancers",
            journal: "BMC Cancer",
            editor: "Atif A. Ahmed",
            message: "Your work on BAP1 makes you an ideal reviewer.",
            due: "7 December 2026",
            expires: "5 February 2027",
            reminders: "Reminders go out 3 and 7 days after the invitation while it is unanswered; 3 days before the review is due; 1, 7 and 14 days after the due date.",
            link: "https://peerdesk.example/invitations/0123456789abcdef0123456789abcdef0123456789abcdef",
            site,
        },
    );
    // Double-blind: no author line at all.
    check(
        "reviewer_invited_double_blind",
        &ReviewerInvited {
            name: "Marta Lindqvist",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            abstract_text: "Background: uveal melanoma is rare.",
            authors: "",
            collection: "Rare cancers",
            journal: "BMC Cancer",
            editor: "Atif A. Ahmed",
            message: "",
            due: "7 December 2026",
            expires: "5 February 2027",
            reminders: "Reminders go out 3 and 7 days after the invitation while it is unanswered; 3 days before the review is due; 1, 7 and 14 days after the due date.",
            link: "https://peerdesk.example/invitations/0123456789abcdef0123456789abcdef0123456789abcdef",
            site,
        },
    );
    check(
        "invitation_cancelled",
        &InvitationCancelled {
            name: "Olga Petrova",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            editor: "Atif A. Ahmed",
            reason: "We have enough reviewers.",
            site,
        },
    );
    check(
        "reviewer_answered",
        &ReviewerAnswered {
            name: "Atif A. Ahmed",
            reviewer: "Nils Berg",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            answer: "declined",
            details: "Reason: On leave until March.\nSuggested instead: Dr Eva Lund",
            link: "https://peerdesk.example/editorial/submissions/1",
            site,
        },
    );
    check(
        "review_reminder",
        &ReviewReminder {
            name: "Olga Petrova",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            what: "Your review is overdue by 1 day.",
            due: "7 December 2026",
            editor: "Atif A. Ahmed",
            link: "https://peerdesk.example/invitations/0123456789abcdef0123456789abcdef0123456789abcdef",
            site,
        },
    );
    check(
        "review_received",
        &ReviewReceived {
            name: "Atif A. Ahmed",
            reviewer: "Marta Lindqvist",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            recommendation: "Minor revision",
            link: "https://peerdesk.example/editorial/submissions/1",
            site,
        },
    );
    check(
        "password_changed",
        &PasswordChanged {
            name: "Ada Osei",
            when: "6 December 2026, 18:05 UTC",
            reset_link: "https://peerdesk.example/password/forgot",
            site,
        },
    );
    check(
        "two_factor_changed",
        &TwoFactorChanged {
            name: "Ada Osei",
            what: "Two-factor sign-in was turned on for your account",
            when: "6 December 2026, 18:05 UTC",
            reset_link: "https://peerdesk.example/password/forgot",
            site,
        },
    );
    check(
        "review_revised",
        &ReviewRevised {
            name: "Atif A. Ahmed",
            reviewer: "Marta Lindqvist (Reviewer 1)",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            recommendation: "Accept → Minor revision",
            link: "https://peerdesk.example/editorial/submissions/1",
            site,
        },
    );
    check(
        "all_reviews_in",
        &AllReviewsIn {
            name: "Atif A. Ahmed",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            count: "2 reviews",
            link: "https://peerdesk.example/editorial/submissions/1",
            site,
        },
    );
    check(
        "reviewer_thanks",
        &ReviewerThanks {
            name: "Marta Lindqvist",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            editor: "Atif A. Ahmed",
            link: "https://peerdesk.example/reviews/1",
            site,
        },
    );
}

/// The discussion's message (issue 28 part 1): who wrote and where, never what.
#[test]
fn discussion_posted() {
    check(
        "discussion_posted",
        &DiscussionPosted {
            name: "Nils Berg",
            poster: "Reviewer 1",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            thread: "Discussion with the reviewers",
            link: "https://peerdesk.example/reviews/2/discussion",
            site: "peerdesk.example",
        },
    );
}

#[test]
fn redaction_hides_tokens_and_dates() {
    assert_eq!(
        redact(&format!("a?token={TOKEN} on 2026-11-23.")),
        "a?token=[token] on [date]."
    );
}

#[test]
fn decision_messages() {
    let site = "peerdesk.example";
    check(
        "decision_letter",
        &DecisionLetter {
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            decision: "Minor revision",
            letter: "Dear Sofia Bianchi,\n\nYour manuscript may be accepted after a minor revision.\n\nReviewer 1:\n\n> Please add the follow-up times & ages <60.\n\nYours sincerely,\n\nAtif A. Ahmed",
            due: "6 January 2027",
            link: "https://peerdesk.example/submissions/1",
            site,
        },
    );
    check(
        "decision_to_co_author",
        &DecisionToCoAuthor {
            name: "Ben Møller",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            collection: "Rare cancers",
            journal: "BMC Cancer",
            decision: "Minor revision",
            corresponding: "Sofia Bianchi",
            site,
        },
    );
    check(
        "decision_made",
        &DecisionMade {
            name: "Marta Lindqvist",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            decision: "Minor revision",
            own_number: "Reviewer 1",
            other_reviews: "",
            site,
        },
    );
    check(
        "decision_made_with_reviews",
        &DecisionMade {
            name: "Marta Lindqvist",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            decision: "Minor revision",
            own_number: "Reviewer 1",
            other_reviews: "Reviewer 2:\n\n> Please add the follow-up times & ages <60.",
            site,
        },
    );
}

#[test]
fn publication_messages() {
    for (name, who, relation) in [
        ("article_published", "Sofia Bianchi", "you are an author of"),
        (
            "article_published_to_editor",
            "Atif A. Ahmed",
            "you handled as editor",
        ),
    ] {
        check(
            name,
            &ArticlePublished {
                name: who,
                relation,
                manuscript_number: "RC-2026-0001",
                title: "Germline BAP1 variants & <uveal> melanoma",
                citation: "BMC Cancer 2026 26:123",
                doi: "10.1186/s12885-026-00123",
                published_on: "23 November 2026",
                collection: "Rare cancers",
                link: "https://peerdesk.example/articles/1",
            },
        );
    }
}

#[test]
fn revision_and_appeal_messages() {
    use peerdesk::mail::messages::{
        AppealDecided, AppealLodged, AppealToHear, RevisionReceived, RevisionToEditor,
    };
    let site = "peerdesk.example";
    check(
        "revision_received",
        &RevisionReceived {
            name: "Sofia Bianchi",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            round: "2",
            link: "https://peerdesk.example/submissions/1",
            site,
        },
    );
    check(
        "revision_to_editor",
        &RevisionToEditor {
            name: "Atif A. Ahmed",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            round: "2",
            earlier_reviewers: "- Marta Lindqvist (Reviewed round 1)\n- Nils Berg <Lund> (Reviewed rounds 1 and 2)",
            link: "https://peerdesk.example/editorial/submissions/1",
            site,
        },
    );
    check(
        "appeal_lodged",
        &AppealLodged {
            name: "Sofia Bianchi",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            link: "https://peerdesk.example/submissions/1",
            site,
        },
    );
    check(
        "appeal_to_hear",
        &AppealToHear {
            name: "Kofi Mensah",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            statement: "The reviewers misread Table 2 & the <survival> curves.",
            explanation: "Kofi Mensah (Editorial Board Member): no competing interest; passed over: Helen Marsh: co-author in 2025",
            link: "https://peerdesk.example/editorial/submissions/1/appeal",
            site,
        },
    );
    check(
        "appeal_decided",
        &AppealDecided {
            name: "Sofia Bianchi",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            outcome: "Appeal allowed: back to review",
            reason: "Rare sarcomas are in scope.",
            next_step: "The manuscript goes back to peer review in round 2; the handling editor will invite reviewers.",
            link: "https://peerdesk.example/submissions/1",
            site,
        },
    );
}

#[test]
fn deadline_messages() {
    use peerdesk::mail::messages::{EditorReminder, RevisionExtended, RevisionReminder};
    let site = "peerdesk.example";
    check(
        "revision_reminder",
        &RevisionReminder {
            name: "Sofia Bianchi",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            what: "Your revised version was due on 6 January 2027, 3 days ago.",
            editor: "Atif A. Ahmed",
            link: "https://peerdesk.example/submissions/1",
            site,
        },
    );
    check(
        "revision_extended",
        &RevisionExtended {
            name: "Sofia Bianchi",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            due: "20 January 2027",
            was: "6 January 2027",
            note: "Take the time the new cohort & its <follow-up> need.",
            editor: "Atif A. Ahmed",
            link: "https://peerdesk.example/submissions/1",
            site,
        },
    );
    check(
        "editor_reminder",
        &EditorReminder {
            name: "Atif A. Ahmed",
            manuscript_number: "RC-2026-0001",
            title: "Germline BAP1 variants",
            what: "All the reviews have been in for 9 days (since 28 November 2026): the submission waits for your decision.",
            sender: "Helen Marsh",
            link: "https://peerdesk.example/editorial/submissions/1",
            site,
        },
    );
}
