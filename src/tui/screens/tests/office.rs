//! The office's screens: issuing accounts anew, the people screen.

use super::*;

/// The office's session.
fn office() -> Identity {
    Identity {
        account_id: 1,
        username: "operator".into(),
        display_name: "operator".into(),
        is_operator: true,
        lang: Lang::Zh,
        committee_id: None,
        expert_id: None,
        roles: Vec::new(),
    }
}

#[test]
fn issuing_accounts_anew_says_how_many_sessions_it_closes_and_who_is_voting() {
    use crate::service::office::{CommitteeProgress, GroupProgress};
    let office = office();
    let cx = cx(&office);
    let group = |name: &str, phase| GroupProgress {
        id: 1,
        name: name.into(),
        phase,
        round: 1,
        experts: 5,
        drafted: 5,
        submitted: 2,
        sheets_missing: 0,
        scoring: false,
    };
    let mut progress = CommitteeProgress {
        id: 1,
        name: "评委会".into(),
        mode: Mode::Expert,
        stage: Stage::Groups,
        groups: vec![group("建筑组", GroupPhase::Voting), group("市政组", GroupPhase::Review)],
        members: 10,
        checked_in: 0,
        quorum_needed: 7,
        voters: 0,
        decided: 0,
        passed: 0,
        accounts: 10,
        live_sessions: 3,
        experts: 10,
        applicants: 4,
        missing: Vec::new(),
    };
    let mut o = crate::tui::screens::office::OfficeScreen::new(1, "评委会".into(), Mode::Expert);
    o.take(Msg::ProgressLoaded {
        committee_id: 1,
        progress: Box::new(Ok(progress.clone())),
    })
    .unwrap();
    let confirm = press(&mut o, &cx, &[Key::Char('a')]).confirm.expect("asks first");
    assert_eq!(confirm.effect, Effect::IssueAccounts { committee_id: 1 });
    let text = confirm.text.unwrap();
    assert!(text.starts_with(tr(Lang::Zh, T::ConfirmIssueAccountsBody)), "{text}");
    assert!(text.contains("正在使用旧账号的 3 个会话将被关闭"), "{text}");
    assert!(text.contains("注意：建筑组 正在投票"), "{text}");
    assert!(!text.contains("市政组"), "{text}");
    // Nobody online and nobody voting: the plain question.
    progress.live_sessions = 0;
    progress.groups[0].phase = GroupPhase::Review;
    o.take(Msg::ProgressLoaded {
        committee_id: 1,
        progress: Box::new(Ok(progress)),
    })
    .unwrap();
    let text = press(&mut o, &cx, &[Key::Char('a')]).confirm.unwrap().text.unwrap();
    assert_eq!(text, tr(Lang::Zh, T::ConfirmIssueAccountsBody));
    // `c` issues the certificates (the engine refuses before the report, in words).
    let step = press(&mut o, &cx, &[Key::Char('c')]);
    assert_eq!(step.effects, vec![Effect::IssueCertificates { committee_id: 1 }]);
}

#[test]
fn the_people_screen_resets_or_revokes_one_expert_after_naming_them() {
    use crate::service::office::PersonLine;
    let office = office();
    let cx = cx(&office);
    let person = |id: i32, name: &str, username: Option<&str>, online: bool| PersonLine {
        expert_id: id,
        name: name.into(),
        employer: "郑州大学".into(),
        group: "建筑组".into(),
        roles: vec![Role::Expert],
        username: username.map(String::from),
        online,
    };
    let mut p = crate::tui::screens::people::PeopleScreen::open(1, "评委会".into());
    p.take(Msg::PeopleLoaded {
        committee_id: 1,
        people: Box::new(Ok(vec![
            person(7, "林磊", Some("ab3k9xyz"), true),
            person(8, "张勇", None, false),
        ])),
    })
    .unwrap();
    let c = press(&mut p, &cx, &[Key::Char('r')]).confirm.expect("asks first");
    assert_eq!(
        c.effect,
        Effect::ResetAccount {
            committee_id: 1,
            expert_id: 7,
            new_username: false
        }
    );
    let text = c.text.unwrap();
    assert!(text.contains("为 林磊（郑州大学） 重置密码？用户名不变"), "{text}");
    assert!(text.contains("此人正在使用的会话将被关闭"), "{text}");
    let c = press(&mut p, &cx, &[Key::Char('n')]).confirm.unwrap();
    assert!(matches!(c.effect, Effect::ResetAccount { new_username: true, .. }));
    let c = press(&mut p, &cx, &[Key::Char('x')]).confirm.unwrap();
    assert_eq!(
        c.effect,
        Effect::RevokeAccount {
            committee_id: 1,
            expert_id: 7
        }
    );
    // Someone without an account: a reset issues one (a new username); nothing to revoke.
    let step = press(&mut p, &cx, &[Key::Down, Key::Char('r')]);
    assert_eq!(
        step.effects,
        vec![Effect::LoadPeople { committee_id: 1 }],
        "read afresh"
    );
    let c = step.confirm.unwrap();
    assert!(matches!(
        c.effect,
        Effect::ResetAccount {
            expert_id: 8,
            new_username: true,
            ..
        }
    ));
    assert!(!c.text.clone().unwrap().contains("会话将被关闭"));
    // Read afresh: 张勇 logged in meanwhile, and the open confirmation says so.
    p.take(Msg::PeopleLoaded {
        committee_id: 1,
        people: Box::new(Ok(vec![
            person(7, "林磊", Some("ab3k9xyz"), true),
            person(8, "张勇", Some("q2w3e4r5"), true),
        ])),
    })
    .unwrap();
    assert!(p.confirm_text(&cx, &c).unwrap().contains("此人正在使用的会话将被关闭"));
    p.take(Msg::PeopleLoaded {
        committee_id: 1,
        people: Box::new(Ok(vec![
            person(7, "林磊", Some("ab3k9xyz"), true),
            person(8, "张勇", None, false),
        ])),
    })
    .unwrap();
    let step = press(&mut p, &cx, &[Key::Char('x')]);
    assert!(step.confirm.is_none());
    assert_eq!(status(&step), "张勇 没有可收回的账号");
}
