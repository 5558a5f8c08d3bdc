//! The database schema, kept by hand because `diesel print-schema` differs per backend.
//! `tests/api/schema_check.rs` checks it against both backends' migrated databases.
//! Long because it is one declaration per table, as `diesel print-schema` would write them.
//!
//! `submission_search` (migration 29) is not declared here: it is a different thing on each
//! backend (an FTS5 virtual table on SQLite, a `tsvector` column on PostgreSQL, a type
//! diesel does not share between them), read only by `db::search` in each one's own SQL.
//!
//! Long because it is one table of every table: splitting it would only scatter it.

diesel::table! {
    journals (id) {
        id -> BigInt,
        name -> Text,
        first_volume_year -> Integer,
        doi_prefix -> Text,
        created_at -> Timestamp,
        issn -> Text,
        publisher -> Text,
        crossmark_policy -> Text,
    }
}

diesel::table! {
    collections (id) {
        id -> BigInt,
        journal_id -> BigInt,
        slug -> Text,
        title -> Text,
        manuscript_prefix -> Text,
        summary -> Text,
        definition -> Text,
        about -> Text,
        guidelines -> Text,
        article_type_policy -> Text,
        competing_interests_statement -> Text,
        opens_on -> Date,
        closes_on -> Nullable<Date>,
        blinding -> Text,
        review_due_days -> Integer,
        abstract_word_limit -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        require_author_confirmation -> Bool,
        licence -> Text,
        share_reviews_with_reviewers -> Bool,
        decisions_confirmed -> Bool,
    }
}

diesel::table! {
    collection_topics (id) {
        id -> BigInt,
        collection_id -> BigInt,
        position -> Integer,
        name -> Text,
    }
}

diesel::table! {
    collection_article_types (id) {
        id -> BigInt,
        collection_id -> BigInt,
        article_type -> Text,
    }
}

diesel::table! {
    people (id) {
        id -> BigInt,
        name -> Text,
        email -> Text,
        affiliation -> Text,
        orcid -> Nullable<Text>,
        bio -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        /// Unread since migration 50 (`mail_choices`); kept so that migration reverts.
        mail_digest -> Bool,
        expertise_keywords -> Text,
        expertise_updated_at -> Nullable<Timestamp>,
        given_names -> Text,
        family_name -> Text,
        name_order -> Text,
        name_guessed -> Bool,
        /// When the iD was confirmed through ORCID sign-in (migration 57); `None` for one
        /// typed by hand. (SQLite also keeps the empty `orcid_unique_until_57`, see there.)
        orcid_verified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    accounts (person_id) {
        person_id -> BigInt,
        password_hash -> Text,
        email_verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        last_login_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    roles (id) {
        id -> BigInt,
        person_id -> BigInt,
        role -> Text,
        journal_id -> Nullable<BigInt>,
        collection_id -> Nullable<BigInt>,
        granted_by -> Nullable<BigInt>,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        person_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_seen_at -> Nullable<Timestamp>,
        keep_signed_in -> Bool,
        device -> Text,
        idle_minutes -> Nullable<Integer>,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> BigInt,
        token_hash -> Text,
        person_id -> BigInt,
        purpose -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        account_key -> Text,
        failed_at -> Timestamp,
        client_key -> Text,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        subject_type -> Text,
        subject_id -> BigInt,
        kind -> Text,
        from_state -> Nullable<Text>,
        to_state -> Nullable<Text>,
        note -> Text,
    }
}

diesel::table! {
    installation_facts (name) {
        name -> Text,
        value -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    cache_generations (id) {
        id -> Integer,
        conflicts -> BigInt,
        lists -> BigInt,
        expertise -> BigInt,
    }
}

diesel::table! {
    person_versions (person_id) {
        person_id -> BigInt,
        v -> BigInt,
    }
}

diesel::table! {
    submission_versions (submission_id) {
        submission_id -> BigInt,
        v -> BigInt,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        created_at -> Timestamp,
        kind -> Text,
        recipient_id -> Nullable<BigInt>,
        to_name -> Text,
        to_address -> Text,
        reply_to -> Nullable<Text>,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        message_id -> Text,
        thread_key -> Nullable<Text>,
        digestible -> Bool,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        digest_id -> Nullable<BigInt>,
        last_error -> Text,
        sent_at -> Nullable<Timestamp>,
        unsubscribe_url -> Nullable<Text>,
    }
}

diesel::table! {
    outbox_attempts (id) {
        id -> BigInt,
        outbox_id -> BigInt,
        attempted_at -> Timestamp,
        outcome -> Text,
        detail -> Text,
    }
}

diesel::table! {
    submissions (id) {
        id -> BigInt,
        collection_id -> BigInt,
        submitter_id -> BigInt,
        manuscript_number -> Nullable<Text>,
        state -> Text,
        current_round -> Integer,
        article_type -> Text,
        title -> Text,
        #[sql_name = "abstract"]
        abstract_text -> Text,
        keywords -> Text,
        rare_cancer_type -> Text,
        competing_interests -> Text,
        competing_interests_details -> Text,
        ethics_statement -> Text,
        data_availability -> Text,
        funding -> Text,
        cover_letter -> Text,
        handling_editor_id -> Nullable<BigInt>,
        idempotency_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        flagged_reason -> Nullable<Text>,
        flagged_at -> Nullable<Timestamp>,
        ai_use -> Text,
        ai_use_details -> Text,
        consent_for_publication -> Text,
        authors_contributions -> Text,
        acknowledgements -> Text,
        checklist_ticked -> Text,
    }
}

diesel::table! {
    collection_checklist (id) {
        id -> BigInt,
        collection_id -> BigInt,
        position -> Integer,
        statement -> Text,
    }
}

diesel::table! {
    submission_topics (id) {
        id -> BigInt,
        submission_id -> BigInt,
        topic -> Text,
    }
}

diesel::table! {
    submission_authors (id) {
        id -> BigInt,
        submission_id -> BigInt,
        position -> Integer,
        name -> Text,
        email -> Text,
        affiliation -> Text,
        orcid -> Nullable<Text>,
        is_corresponding -> Bool,
        person_id -> Nullable<BigInt>,
        given_names -> Text,
        family_name -> Text,
        name_order -> Text,
        name_guessed -> Bool,
        credit_roles -> Text,
        affiliations -> Text,
    }
}

diesel::table! {
    submission_preferences (id) {
        id -> BigInt,
        submission_id -> BigInt,
        kind -> Text,
        name -> Text,
        email -> Text,
        reason -> Text,
    }
}

diesel::table! {
    submission_funders (id) {
        id -> BigInt,
        submission_id -> BigInt,
        position -> Integer,
        name -> Text,
        funder_id -> Text,
        award_numbers -> Text,
    }
}

diesel::table! {
    submission_files (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round -> Integer,
        role -> Text,
        sha256 -> Text,
        size_bytes -> BigInt,
        content_type -> Text,
        original_name -> Text,
        uploaded_by -> Nullable<BigInt>,
        uploaded_at -> Timestamp,
        document_authors -> Text,
        text_names -> Text,
    }
}

diesel::table! {
    manuscript_counters (collection_id, year) {
        collection_id -> BigInt,
        year -> Integer,
        last_number -> Integer,
    }
}

diesel::table! {
    person_emails (id) {
        id -> BigInt,
        person_id -> BigInt,
        email -> Text,
        confirmed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    affiliations (id) {
        id -> BigInt,
        person_id -> BigInt,
        institution -> Text,
        starts_on -> Nullable<Date>,
        ends_on -> Nullable<Date>,
    }
}

diesel::table! {
    publications (id) {
        id -> BigInt,
        person_id -> BigInt,
        title -> Text,
        year -> Integer,
    }
}

diesel::table! {
    publication_coauthors (id) {
        id -> BigInt,
        publication_id -> BigInt,
        name -> Text,
        email -> Nullable<Text>,
        orcid -> Nullable<Text>,
    }
}

diesel::table! {
    declared_conflicts (id) {
        id -> BigInt,
        person_id -> BigInt,
        target_kind -> Text,
        target_name -> Text,
        target_email -> Nullable<Text>,
        target_orcid -> Nullable<Text>,
        kind -> Text,
        since -> Nullable<Date>,
        until -> Nullable<Date>,
        note -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    editor_profiles (person_id, journal_id) {
        person_id -> BigInt,
        journal_id -> BigInt,
        capacity -> Integer,
        available -> Bool,
        topics -> Text,
    }
}

diesel::table! {
    handling_assignments (id) {
        id -> BigInt,
        submission_id -> BigInt,
        editor_id -> BigInt,
        round -> Integer,
        assigned_by -> Nullable<BigInt>,
        explanation -> Text,
        assigned_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        end_reason -> Nullable<Text>,
    }
}

diesel::table! {
    submission_conflicts (id) {
        id -> BigInt,
        submission_id -> BigInt,
        person_id -> BigInt,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    conflict_rulings (id) {
        id -> BigInt,
        submission_id -> BigInt,
        person_id -> BigInt,
        finding_key -> Text,
        ruling -> Text,
        reason -> Text,
        decided_by -> BigInt,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    review_invitations (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round -> Integer,
        reviewer_id -> BigInt,
        invited_by -> Nullable<BigInt>,
        message -> Text,
        due_on -> Date,
        status -> Text,
        links_expire_at -> Timestamp,
        decline_reason -> Text,
        suggested_alternative -> Text,
        ended_reason -> Text,
        no_conflict_declared_at -> Nullable<Timestamp>,
        invited_at -> Timestamp,
        responded_at -> Nullable<Timestamp>,
        ended_at -> Nullable<Timestamp>,
        recommendation -> Text,
        comments_to_authors -> Text,
        confidential_comments -> Text,
        attachment_sha256 -> Nullable<Text>,
        attachment_name -> Nullable<Text>,
        attachment_type -> Nullable<Text>,
        attachment_size -> Nullable<BigInt>,
        review_saved_at -> Nullable<Timestamp>,
        review_submitted_at -> Nullable<Timestamp>,
        confidentiality_confirmed_at -> Nullable<Timestamp>,
        found_by -> Text,
        identity_signals -> Text,
        earlier_comments_addressed -> Text,
    }
}

diesel::table! {
    review_ratings (invitation_id) {
        invitation_id -> BigInt,
        rating -> Integer,
        note -> Text,
        rated_by -> BigInt,
        rated_at -> Timestamp,
    }
}

diesel::table! {
    review_declines (invitation_id) {
        invitation_id -> BigInt,
        kind -> Text,
        suggested_name -> Text,
        suggested_email -> Text,
        proposed_due_on -> Nullable<Date>,
        proposal_answer -> Text,
    }
}

diesel::table! {
    backup_reviewers (id) {
        id -> BigInt,
        submission_id -> BigInt,
        position -> Integer,
        name -> Text,
        email -> Text,
        added_by -> BigInt,
        added_at -> Timestamp,
        outcome -> Text,
        outcome_note -> Text,
    }
}

diesel::table! {
    reviewers_wanted (submission_id) {
        submission_id -> BigInt,
        wanted -> Integer,
    }
}

diesel::table! {
    authorship_requests (id) {
        id -> BigInt,
        submission_id -> BigInt,
        author_id -> BigInt,
        token_hash -> Text,
        asked_at -> Timestamp,
        expires_at -> Timestamp,
        answer -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        note -> Text,
    }
}

diesel::table! {
    review_tokens (id) {
        id -> BigInt,
        invitation_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    review_reminders (id) {
        id -> BigInt,
        invitation_id -> BigInt,
        kind -> Text,
        step -> Integer,
        queued_at -> Timestamp,
        outbox_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    collection_deadlines (collection_id) {
        collection_id -> BigInt,
        minor_revision_days -> Integer,
        major_revision_days -> Integer,
        review_reminders -> Nullable<Text>,
        revision_reminders -> Text,
        updated_at -> Timestamp,
        updated_by -> Nullable<BigInt>,
        fast_review_hours -> Integer,
        reviewers_wanted -> Integer,
    }
}

diesel::table! {
    revision_deadlines (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round -> Integer,
        due_on -> Date,
        first_due_on -> Date,
        asked_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    revision_reminders (id) {
        id -> BigInt,
        deadline_id -> BigInt,
        due_on -> Date,
        kind -> Text,
        step -> Integer,
        queued_at -> Timestamp,
        outbox_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    reminders_by_hand (id) {
        id -> BigInt,
        submission_id -> BigInt,
        awaited -> Text,
        invitation_id -> Nullable<BigInt>,
        sent_by -> Nullable<BigInt>,
        queued_at -> Timestamp,
        outbox_id -> Nullable<BigInt>,
    }
}

diesel::joinable!(collection_deadlines -> collections (collection_id));
diesel::joinable!(revision_deadlines -> submissions (submission_id));
diesel::joinable!(revision_reminders -> revision_deadlines (deadline_id));
diesel::joinable!(reminders_by_hand -> submissions (submission_id));

diesel::table! {
    two_factor (person_id) {
        person_id -> BigInt,
        shared_key -> Text,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        last_used_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> BigInt,
        person_id -> BigInt,
        code_hash -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sign_in_challenges (token_hash) {
        token_hash -> Text,
        person_id -> BigInt,
        keep_signed_in -> Bool,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    journal_security (journal_id) {
        journal_id -> BigInt,
        two_factor_required -> Bool,
        updated_at -> Timestamp,
        updated_by -> Nullable<BigInt>,
    }
}

diesel::joinable!(collections -> journals (journal_id));
diesel::joinable!(review_fingerprints -> review_invitations (invitation_id));
diesel::joinable!(outbox_attempts -> outbox (outbox_id));
diesel::joinable!(submissions -> collections (collection_id));
diesel::joinable!(submission_topics -> submissions (submission_id));
diesel::joinable!(submission_authors -> submissions (submission_id));
diesel::joinable!(submission_preferences -> submissions (submission_id));
diesel::joinable!(submission_funders -> submissions (submission_id));
diesel::joinable!(submission_files -> submissions (submission_id));
diesel::joinable!(collection_topics -> collections (collection_id));
diesel::joinable!(collection_checklist -> collections (collection_id));
diesel::joinable!(collection_article_types -> collections (collection_id));
diesel::joinable!(accounts -> people (person_id));
diesel::joinable!(sessions -> people (person_id));
diesel::joinable!(account_tokens -> people (person_id));
diesel::table! {
    decision_letters (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round -> Integer,
        kind -> Text,
        letter -> Text,
        decided_by -> Nullable<BigInt>,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    published_articles (id) {
        id -> BigInt,
        kind -> Text,
        submission_id -> Nullable<BigInt>,
        corrects_id -> Nullable<BigInt>,
        journal_id -> BigInt,
        collection_id -> BigInt,
        title -> Text,
        notice -> Text,
        year -> Integer,
        volume -> Integer,
        article_number -> Integer,
        doi -> Text,
        published_on -> Date,
        published_by -> Nullable<BigInt>,
        published_at -> Timestamp,
        pdf_sha256 -> Nullable<Text>,
        pdf_size_bytes -> Nullable<BigInt>,
        pdf_original_name -> Nullable<Text>,
        licence -> Text,
    }
}

diesel::joinable!(events -> people (actor_id));
diesel::joinable!(publication_coauthors -> publications (publication_id));
diesel::joinable!(handling_assignments -> submissions (submission_id));
diesel::joinable!(review_invitations -> submissions (submission_id));
diesel::joinable!(review_reminders -> review_invitations (invitation_id));
diesel::joinable!(review_tokens -> review_invitations (invitation_id));
diesel::joinable!(authorship_requests -> submission_authors (author_id));
diesel::joinable!(decision_letters -> submissions (submission_id));
diesel::table! {
    revision_responses (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round -> Integer,
        response -> Text,
        submitted_by -> Nullable<BigInt>,
        submitted_at -> Timestamp,
        ai_use -> Text,
        ai_use_details -> Text,
    }
}
diesel::table! {
    appeals (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round -> Integer,
        statement -> Text,
        lodged_by -> Nullable<BigInt>,
        lodged_at -> Timestamp,
        heard_by -> Nullable<BigInt>,
        hearer_explanation -> Text,
        outcome -> Nullable<Text>,
        outcome_reason -> Text,
        decided_at -> Nullable<Timestamp>,
    }
}
diesel::table! {
    revision_metadata (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round -> Integer,
        title -> Text,
        #[sql_name = "abstract"]
        abstract_text -> Text,
        keywords -> Text,
        authors -> Text,
        competing_interests -> Text,
        competing_interests_details -> Text,
        ai_use -> Text,
        ai_use_details -> Text,
        ethics_statement -> Text,
        consent_for_publication -> Text,
        data_availability -> Text,
        funding -> Text,
        authors_contributions -> Text,
        acknowledgements -> Text,
        recorded_at -> Timestamp,
        funders -> Text,
    }
}
diesel::joinable!(revision_responses -> submissions (submission_id));
diesel::joinable!(appeals -> submissions (submission_id));
diesel::joinable!(revision_metadata -> submissions (submission_id));
diesel::joinable!(published_articles -> journals (journal_id));
diesel::joinable!(published_articles -> collections (collection_id));

diesel::allow_tables_to_appear_in_same_query!(
    technical_returns,
    decision_recommendations,
    mail_choices,
    mail_choice_links,
    review_form_versions,
    review_form_answers,
    submission_funders,
    letter_versions,
    backup_reviewers,
    reviewers_wanted,
    review_declines,
    review_ratings,
    person_versions,
    submission_versions,
    journals,
    collections,
    collection_topics,
    collection_checklist,
    collection_article_types,
    people,
    accounts,
    roles,
    sessions,
    account_tokens,
    login_failures,
    events,
    installation_facts,
    outbox,
    outbox_attempts,
    submissions,
    submission_topics,
    submission_authors,
    submission_preferences,
    submission_files,
    manuscript_counters,
    person_emails,
    affiliations,
    publications,
    publication_coauthors,
    declared_conflicts,
    editor_profiles,
    handling_assignments,
    submission_conflicts,
    conflict_rulings,
    review_invitations,
    review_tokens,
    review_reminders,
    collection_deadlines,
    revision_deadlines,
    revision_reminders,
    reminders_by_hand,
    authorship_requests,
    decision_letters,
    published_articles,
    revision_responses,
    revision_metadata,
    appeals,
    two_factor,
    recovery_codes,
    review_fingerprints,
    integrity_signals,
    sign_in_challenges,
    journal_security,
    discussion_messages,
    discussion_reads,
);

diesel::table! {
    review_fingerprints (invitation_id, band_key) {
        invitation_id -> BigInt,
        band_key -> BigInt,
    }
}

diesel::table! {
    integrity_signals (id) {
        id -> BigInt,
        submission_id -> BigInt,
        invitation_id -> Nullable<BigInt>,
        related_submission_id -> Nullable<BigInt>,
        kind -> Text,
        evidence -> Text,
        created_at -> Timestamp,
        ruled_at -> Nullable<Timestamp>,
        ruled_by -> Nullable<BigInt>,
        ruling -> Text,
        ruling_outcome -> Text,
    }
}

diesel::table! {
    discussion_messages (id) {
        id -> BigInt,
        submission_id -> BigInt,
        thread -> Text,
        posted_by -> BigInt,
        posted_as -> Text,
        body -> Text,
        posted_at -> Timestamp,
    }
}

diesel::table! {
    discussion_reads (person_id, submission_id, thread) {
        person_id -> BigInt,
        submission_id -> BigInt,
        thread -> Text,
        last_read_at -> Timestamp,
    }
}

diesel::joinable!(discussion_messages -> submissions (submission_id));
diesel::joinable!(discussion_reads -> submissions (submission_id));

diesel::table! {
    letter_versions (id) {
        id -> BigInt,
        collection_id -> BigInt,
        letter -> Text,
        version -> Integer,
        origin -> Text,
        restored_from -> Nullable<Integer>,
        subject -> Text,
        body -> Text,
        author_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(backup_reviewers -> submissions (submission_id));
diesel::joinable!(backup_reviewers -> people (added_by));
diesel::joinable!(reviewers_wanted -> submissions (submission_id));
diesel::joinable!(review_declines -> review_invitations (invitation_id));
diesel::joinable!(review_ratings -> review_invitations (invitation_id));
diesel::joinable!(review_ratings -> people (rated_by));
diesel::joinable!(letter_versions -> collections (collection_id));
diesel::joinable!(letter_versions -> people (author_id));

diesel::table! {
    mail_choices (person_id, topic) {
        person_id -> BigInt,
        topic -> Text,
    }
}

diesel::table! {
    mail_choice_links (token_hash) {
        token_hash -> Text,
        person_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    review_form_versions (id) {
        id -> BigInt,
        collection_id -> BigInt,
        version -> Integer,
        questions -> Text,
        author_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    review_form_answers (invitation_id) {
        invitation_id -> BigInt,
        form_version_id -> BigInt,
        answers -> Text,
    }
}

diesel::joinable!(review_form_versions -> collections (collection_id));
diesel::joinable!(review_form_versions -> people (author_id));
diesel::joinable!(review_form_answers -> review_invitations (invitation_id));
diesel::joinable!(review_form_answers -> review_form_versions (form_version_id));

diesel::table! {
    decision_recommendations (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round -> Integer,
        kind -> Text,
        letter -> Text,
        revision_due_on -> Nullable<Date>,
        from_state -> Text,
        recommended_by -> BigInt,
        recommended_at -> Timestamp,
        outcome -> Text,
        answered_by -> Nullable<BigInt>,
        answered_at -> Nullable<Timestamp>,
        return_note -> Text,
    }
}

diesel::joinable!(decision_recommendations -> submissions (submission_id));

diesel::table! {
    technical_returns (id) {
        id -> BigInt,
        submission_id -> BigInt,
        round -> Integer,
        message -> Text,
        returned_by -> BigInt,
        returned_at -> Timestamp,
        fixed_note -> Text,
        fixed_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(technical_returns -> submissions (submission_id));
