// The diesel schema of `migrations/`, kept by hand in step with the SQL.

diesel::table! {
    committees (id) {
        id -> Integer,
        name -> Text,
        mode -> Text,
        stage -> Text,
        created_at -> Text,
    }
}

diesel::table! {
    review_groups (id) {
        id -> Integer,
        committee_id -> Integer,
        name -> Text,
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
    }
}

diesel::joinable!(review_groups -> committees (committee_id));
diesel::joinable!(experts -> committees (committee_id));
diesel::joinable!(experts -> review_groups (group_id));
diesel::joinable!(expert_roles -> experts (expert_id));
diesel::joinable!(accounts -> experts (expert_id));
diesel::joinable!(applicants -> committees (committee_id));
diesel::joinable!(applicants -> review_groups (group_id));

diesel::allow_tables_to_appear_in_same_query!(committees, review_groups, experts, expert_roles, accounts, applicants,);
