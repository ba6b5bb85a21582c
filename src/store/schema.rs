// The diesel schema of `migrations/`, kept by hand in step with the SQL.

diesel::table! {
    committees (id) {
        id -> Integer,
        name -> Text,
        mode -> Text,
        stage -> Text,
        created_at -> Text,
        group_pass_num -> Integer,
        group_pass_den -> Integer,
        group_pass_strict -> Bool,
        committee_pass_num -> Integer,
        committee_pass_den -> Integer,
        committee_pass_strict -> Bool,
        quorum_num -> Integer,
        quorum_den -> Integer,
        group_fail_stops -> Bool,
        trim_from -> Nullable<Integer>,
        pass_score -> Nullable<Integer>,
        round -> Integer,
        reported_at -> Nullable<Text>,
    }
}

diesel::table! {
    review_groups (id) {
        id -> Integer,
        committee_id -> Integer,
        name -> Text,
        phase -> Text,
        round -> Integer,
    }
}

diesel::table! {
    experts (id) {
        id -> Integer,
        committee_id -> Integer,
        group_id -> Nullable<Integer>,
        name -> Text,
        employer -> Text,
        specialty -> Text,
    }
}

diesel::table! {
    expert_roles (expert_id, role) {
        expert_id -> Integer,
        role -> Text,
    }
}

diesel::table! {
    accounts (id) {
        id -> Integer,
        username -> Text,
        password_hash -> Text,
        is_operator -> Bool,
        expert_id -> Nullable<Integer>,
        language -> Text,
        created_at -> Text,
    }
}

diesel::table! {
    applicants (id) {
        id -> Integer,
        committee_id -> Integer,
        group_id -> Nullable<Integer>,
        name -> Text,
        gender -> Text,
        id_number -> Text,
        birth_date -> Text,
        ethnicity -> Text,
        political_status -> Text,
        employer -> Text,
        current_title -> Text,
        current_title_date -> Text,
        applied_title -> Text,
        specialty -> Text,
        education -> Text,
        degree -> Text,
        school -> Text,
        work_start -> Text,
        years_of_work -> Integer,
        annual_assessments -> Text,
        continuing_education -> Text,
        papers -> Text,
        projects -> Text,
        patents -> Text,
        awards -> Text,
        achievements -> Text,
        summary -> Text,
        group_round -> Integer,
        committee_round -> Integer,
    }
}

diesel::table! {
    score_items (id) {
        id -> Integer,
        committee_id -> Integer,
        position -> Integer,
        name -> Text,
        max_points -> Integer,
    }
}

diesel::table! {
    recusals (expert_id, applicant_id) {
        expert_id -> Integer,
        applicant_id -> Integer,
        reason -> Text,
        created_at -> Text,
    }
}

diesel::table! {
    lead_reviewers (applicant_id, expert_id) {
        applicant_id -> Integer,
        expert_id -> Integer,
        opinion -> Text,
        recommendation -> Nullable<Text>,
        updated_at -> Nullable<Text>,
    }
}

diesel::table! {
    interview_questions (id) {
        id -> Integer,
        applicant_id -> Integer,
        expert_id -> Integer,
        text -> Text,
        updated_at -> Text,
    }
}

diesel::table! {
    score_sheets (id) {
        id -> Integer,
        applicant_id -> Integer,
        expert_id -> Integer,
        comment -> Text,
        submitted_at -> Nullable<Text>,
    }
}

diesel::table! {
    score_entries (sheet_id, item_id) {
        sheet_id -> Integer,
        item_id -> Integer,
        points -> Integer,
    }
}

diesel::table! {
    group_votes (applicant_id, expert_id, round) {
        applicant_id -> Integer,
        expert_id -> Integer,
        round -> Integer,
        choice -> Text,
        submitted_at -> Nullable<Text>,
    }
}

diesel::table! {
    group_results (applicant_id) {
        applicant_id -> Integer,
        round -> Integer,
        approve -> Integer,
        reject -> Integer,
        abstain -> Integer,
        base -> Integer,
        needed -> Integer,
        passed -> Bool,
        decided_at -> Text,
    }
}

diesel::table! {
    checkins (committee_id, expert_id) {
        committee_id -> Integer,
        expert_id -> Integer,
        at -> Text,
    }
}

diesel::table! {
    committee_drafts (applicant_id, expert_id, round) {
        applicant_id -> Integer,
        expert_id -> Integer,
        round -> Integer,
        choice -> Text,
    }
}

diesel::table! {
    committee_voters (committee_id, expert_id, round) {
        committee_id -> Integer,
        expert_id -> Integer,
        round -> Integer,
    }
}

diesel::table! {
    committee_tallies (applicant_id, round) {
        applicant_id -> Integer,
        round -> Integer,
        approve -> Integer,
        reject -> Integer,
        abstain -> Integer,
    }
}

diesel::table! {
    committee_results (applicant_id) {
        applicant_id -> Integer,
        round -> Integer,
        approve -> Integer,
        reject -> Integer,
        abstain -> Integer,
        attending -> Integer,
        base -> Integer,
        needed -> Integer,
        passed -> Bool,
        decided_at -> Text,
    }
}

diesel::table! {
    recusal_exemptions (expert_id, applicant_id) {
        expert_id -> Integer,
        applicant_id -> Integer,
    }
}

diesel::table! {
    certificates (number) {
        number -> Text,
        committee_id -> Integer,
        applicant_id -> Integer,
        payload -> Text,
        signature -> Text,
        issued_at -> Text,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> Integer,
        at -> Text,
        committee_id -> Nullable<Integer>,
        actor -> Text,
        action -> Text,
        detail -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::joinable!(review_groups -> committees (committee_id));
diesel::joinable!(experts -> committees (committee_id));
diesel::joinable!(experts -> review_groups (group_id));
diesel::joinable!(expert_roles -> experts (expert_id));
diesel::joinable!(accounts -> experts (expert_id));
diesel::joinable!(applicants -> committees (committee_id));
diesel::joinable!(applicants -> review_groups (group_id));

diesel::joinable!(recusals -> experts (expert_id));
diesel::joinable!(recusals -> applicants (applicant_id));
diesel::joinable!(lead_reviewers -> experts (expert_id));
diesel::joinable!(lead_reviewers -> applicants (applicant_id));
diesel::joinable!(group_votes -> applicants (applicant_id));
diesel::joinable!(group_votes -> experts (expert_id));
diesel::joinable!(score_sheets -> applicants (applicant_id));
diesel::joinable!(score_entries -> score_sheets (sheet_id));
diesel::joinable!(score_entries -> score_items (item_id));
diesel::joinable!(checkins -> experts (expert_id));
diesel::joinable!(committee_tallies -> applicants (applicant_id));
diesel::joinable!(committee_results -> applicants (applicant_id));
diesel::joinable!(group_results -> applicants (applicant_id));

diesel::table! {
    login_failures (kind, key) {
        kind -> Text,
        key -> Text,
        failures -> Integer,
        lockouts -> Integer,
        last_failure_ms -> BigInt,
        locked_until_ms -> Nullable<BigInt>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    committees,
    review_groups,
    experts,
    expert_roles,
    accounts,
    applicants,
    score_items,
    recusals,
    lead_reviewers,
    interview_questions,
    score_sheets,
    score_entries,
    group_votes,
    group_results,
    checkins,
    committee_drafts,
    committee_voters,
    committee_tallies,
    committee_results,
    certificates,
    recusal_exemptions,
    audit_log,
    login_failures,
);
