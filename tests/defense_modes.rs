//! The two defense modes over real SSH: a lecture-defense committee (mode 2) and an
//! interview-defense committee (mode 3) run end to end, with opinions, questions and
//! score sheets written on screen, the trimmed mean, the pass score, the gates of the
//! vote switch and the override, and every bad input of a score sheet.

mod support;

use pingshen::domain::{Choice, Mode, Settings};
use pingshen::service::{Identity, Service};
use support::{TestServer, fixture, keys};

const SIZE: fixture::Size = fixture::Size {
    groups: 2,
    experts_per_group: 5,
    other_members: 2,
    applicants_per_group: 2,
};

fn who(s: &Service, user: &str) -> Identity {
    s.identity_by_username(user).unwrap().unwrap()
}

/// Submits a complete sheet `[a, b, c]` for `expert` on `applicant`.
fn sheet(s: &Service, expert: &Identity, applicant: i32, points: [u32; 3]) {
    let items = s.score_items(expert.committee_id.unwrap()).unwrap();
    let entries: Vec<(i32, u32)> = items.iter().map(|i| i.id).zip(points).collect();
    s.save_score_sheet(expert, applicant, &entries, "").unwrap();
    s.submit_score_sheet(expert, applicant).unwrap();
}

/// Group 1 does its whole group stage through the service: everyone approves.
fn group_one_through_the_service(s: &Service, tag: &str) {
    let leader = who(s, &format!("{tag}-g1-e0"));
    let cid = leader.committee_id.unwrap();
    let gid = s.groups(cid).unwrap()[1].id;
    let experts: Vec<Identity> = (0..5).map(|k| who(s, &format!("{tag}-g1-e{k}"))).collect();
    for line in s.applicant_lines(&leader, cid).unwrap() {
        s.assign_lead_reviewer(&leader, line.id, experts[1].expert_id.unwrap())
            .unwrap();
        s.write_opinion(&experts[1], line.id, "符合条件。", Choice::Approve)
            .unwrap();
        if tag == "m3" {
            s.add_question(&experts[1], line.id, "请介绍代表性成果。").unwrap();
        }
        for e in &experts {
            sheet(s, e, line.id, [35, 25, 25]);
            s.draft_vote(e, line.id, Choice::Approve).unwrap();
        }
    }
    s.open_group_switch(&leader, gid, false).unwrap();
    for e in &experts {
        s.submit_votes(e, cid).unwrap();
    }
    s.close_group_switch(&leader, gid).unwrap();
    s.submit_group_result(&leader, gid).unwrap();
}

/// The committee meets and reports through the service; everyone attends and approves.
fn committee_through_the_service(s: &Service, tag: &str) {
    let director = who(s, &format!("{tag}-director"));
    let cid = director.committee_id.unwrap();
    let mut members: Vec<Identity> = Vec::new();
    for g in 0..2 {
        for k in 0..5 {
            members.push(who(s, &format!("{tag}-g{g}-e{k}")));
        }
    }
    members.push(director.clone());
    for m in 0..2 {
        members.push(who(s, &format!("{tag}-m{m}")));
    }
    for m in &members {
        s.check_in(m, cid).unwrap();
    }
    s.open_committee_switch(&director, cid).unwrap();
    for m in &members {
        for a in s.committee_round_applicants(cid).unwrap() {
            match s.draft_vote(m, a, Choice::Approve) {
                Ok(()) => {}
                Err(e) if e.refusal() == Some(&pingshen::domain::Refusal::Recused) => {}
                Err(e) => panic!("{e}"),
            }
        }
        s.submit_votes(m, cid).unwrap();
    }
    s.close_committee_switch(&director, cid).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lecture_defense_committee_runs_with_opinions_scores_and_a_pass_score() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "m2", Mode::Lecture, &SIZE);
        // A defense below 78 points fails the group stage whatever the votes.
        let settings = Settings {
            pass_score: Some(78),
            ..Settings::default()
        };
        s.set_settings(&fx.office, fx.committee_id, settings).unwrap();
        fixture::start(s, &fx);
        // e4 declares a conflict with the first applicant.
        s.declare_recusal(&fx.groups[0].experts[4], fx.groups[0].applicants[0])
            .unwrap();
        Ok(())
    })
    .await;
    let pw = fixture::PASSWORD;
    let leader = server.login("m2-g0-e0", pw).await.unwrap();
    let lead = server.login("m2-g0-e1", pw).await.unwrap();
    let other = server.login("m2-g0-e4", pw).await.unwrap();

    // The leader assigns e1 as lead reviewer of both applicants.
    leader.wait_home().await;
    leader.press(keys::ENTER).await;
    leader.wait_for("显示 2 / 共 2 名").await;
    leader.press(b"g").await;
    leader.wait_for("开启开关前还需：未分配主审 2 名").await;
    for _ in 0..2 {
        leader.press(b"a").await;
        leader.wait_for("选择主审专家").await;
        leader.press(keys::DOWN).await;
        leader.press(keys::ENTER).await;
        leader.wait_for("已分配主审专家").await;
        leader.press(keys::DOWN).await;
    }
    // What keeps the switch closed, and who owes which sheets.
    let s = leader.wait_for("缺主审意见 2 名").await;
    assert!(s.contains("未提交评分表 9 份"), "{s}");
    leader.press(b"o").await;
    leader.wait_for("还有 2 名参评人缺少主审专家意见和推荐投票").await;

    // A non-lead may not write the opinion.
    other.wait_home().await;
    other.press(keys::ENTER).await;
    other.wait_for("显示 2 / 共 2 名").await;
    other.press(keys::DOWN).await;
    other.press(b"o").await;
    other.wait_for("只有该参评人的主审专家可以进行此操作").await;
    // A recused expert may not score.
    other.press(keys::UP).await;
    other.press(b"p").await;
    other.wait_for("您已对该参评人回避").await;

    // The lead writes both opinions on screen: text first, then the recommendation;
    // and recommendation first, then the text.
    lead.wait_home().await;
    lead.press(keys::ENTER).await;
    lead.wait_for("显示 2 / 共 2 名").await;
    lead.press(b"o").await;
    lead.wait_for("主审意见 - 参评人0-0").await;
    lead.wait_for("推荐投票：").await;
    lead.press(keys::ENTER).await;
    lead.type_text("业绩突出，讲课条理清楚。").await;
    lead.press(keys::CTRL_S).await;
    lead.wait_for("请按 1/2/3 选择推荐投票").await;
    lead.press(b"1").await;
    lead.wait_for("主审意见已保存").await;
    lead.press(keys::ESC).await;
    lead.wait_for("显示 2 / 共 2 名").await;
    lead.press(keys::DOWN).await;
    lead.press(b"o").await;
    lead.wait_for("主审意见 - 参评人0-1").await;
    lead.wait_for("推荐投票：").await;
    lead.press(b"2").await;
    lead.wait_for("推荐投票已选择").await;
    lead.press(keys::ENTER).await;
    lead.type_text("论文数量不足。").await;
    lead.press(keys::CTRL_S).await;
    lead.wait_for("主审意见已保存").await;
    lead.press(keys::ESC).await;
    // The leader's panel follows: no opinion is missing now.
    leader
        .wait_until("the opinions gap gone", |s| {
            s.contains("未提交评分表 9 份") && !s.contains("缺主审意见")
        })
        .await;

    // The lead scores the first applicant on screen, through every bad input.
    lead.press(keys::UP).await;
    lead.press(b"p").await;
    lead.wait_for("评分表 - 参评人0-0（讲课答辩打分）").await;
    lead.type_text("45").await;
    lead.wait_for("“内容”的分数 45 超出范围 0 至 40").await;
    lead.press(keys::TAB).await;
    // Still on the field: Tab is refused again, and nothing was saved.
    lead.wait_until("the refusal again, on the first field", |s| {
        s.contains("“内容”的分数 45 超出范围 0 至 40") && s.contains("> 内容")
    })
    .await;
    let first_item = |server: &TestServer| {
        let service = server.service.clone();
        async move {
            service
                .blocking(|s| {
                    let e1 = who(s, "m2-g0-e1");
                    let cid = e1.committee_id.unwrap();
                    let a = s.applicant_lines(&e1, cid)?[0].id;
                    Ok(s.score_sheet(&e1, cid, a)?.items[0].points)
                })
                .await
                .unwrap()
        }
    };
    assert_eq!(first_item(&server).await, None, "an invalid score is never saved");
    lead.press(keys::BACKSPACE).await;
    lead.press(keys::BACKSPACE).await;
    lead.type_text("38").await;
    lead.press(keys::TAB).await;
    lead.wait_for("评分表草稿已保存").await;
    assert_eq!(first_item(&server).await, Some(38));
    // Emptying a field and leaving it saves it empty.
    lead.press(keys::UP).await;
    lead.press(keys::BACKSPACE).await;
    lead.press(keys::BACKSPACE).await;
    lead.press(keys::TAB).await;
    lead.wait_until("the empty field saved", |s| s.contains("[   ]") && s.contains("> 表达"))
        .await;
    let mut tries = 0;
    while first_item(&server).await.is_some() {
        tries += 1;
        assert!(tries < 100, "the emptied field was never saved");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    lead.press(keys::UP).await;
    lead.type_text("38").await;
    lead.press(keys::TAB).await;
    // Wait for the save itself (the screen may still show the previous one's status).
    let mut tries = 0;
    while first_item(&server).await != Some(38) {
        tries += 1;
        assert!(tries < 100, "the field was never saved again");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    lead.wait_for("评分表草稿已保存").await;
    lead.type_text("x").await;
    lead.wait_for("请输入 0 至 30 的整数").await;
    lead.type_text("-").await;
    lead.wait_for("分数不能为负数").await;
    lead.type_text("27").await;
    lead.press(keys::TAB).await;
    lead.wait_for("评分表草稿已保存").await;
    // The third item is empty: submitting is refused, nothing becomes final.
    lead.press(b"s").await;
    lead.wait_for("提交评分表？").await;
    lead.press(b"y").await;
    lead.wait_for("评分表不完整：“答辩”尚未打分").await;
    lead.type_text("26").await;
    lead.wait_until("the live total", |s| {
        s.lines()
            .any(|l| l.contains("合计") && l.trim_end_matches('│').trim_end().ends_with("91"))
    })
    .await;
    lead.press(keys::TAB).await;
    lead.press(keys::ENTER).await;
    lead.type_text("表达清楚").await;
    lead.press(keys::ENTER).await;
    lead.wait_for("评分表草稿已保存").await;
    lead.press(b"s").await;
    lead.wait_for("提交评分表？").await;
    lead.press(b"y").await;
    lead.wait_for("评分表已提交，合计 91 分").await;
    lead.wait_for("已提交，评分表不能再修改").await;
    lead.type_text("5").await;
    lead.wait_for("已提交，提交后的投票和评分表不能修改").await;
    lead.press(keys::ESC).await;
    let s = lead.wait_for("已交 91").await;
    assert!(s.contains("91.00(1)"), "{s}");

    // The other sheets come in from other sessions; the panel counts them down.
    let service = server.service.clone();
    service
        .blocking(|s| {
            let cid = who(s, "m2-g0-e0").committee_id.unwrap();
            let a: Vec<i32> = s
                .applicant_lines(&who(s, "m2-g0-e0"), cid)?
                .iter()
                .map(|l| l.id)
                .collect();
            // First applicant: 91 (on screen), 80, 70, 60; e4 is recused. Mean 75.25.
            sheet(s, &who(s, "m2-g0-e0"), a[0], [32, 24, 24]);
            sheet(s, &who(s, "m2-g0-e2"), a[0], [28, 21, 21]);
            sheet(s, &who(s, "m2-g0-e3"), a[0], [24, 18, 18]);
            // Second: 90, 85, 80, 75, 40: five sheets, so the trimmed mean is 80.
            sheet(s, &who(s, "m2-g0-e0"), a[1], [36, 27, 27]);
            sheet(s, &who(s, "m2-g0-e1"), a[1], [35, 25, 25]);
            sheet(s, &who(s, "m2-g0-e2"), a[1], [32, 24, 24]);
            sheet(s, &who(s, "m2-g0-e3"), a[1], [30, 23, 22]);
            Ok(())
        })
        .await
        .unwrap();
    let s = leader.wait_for("未提交评分表 1 份：m2-g0-e4(1)").await;
    assert!(!s.contains("缺主审意见"), "{s}");
    leader.press(b"o").await;
    leader.wait_for("还有 1 份评分表未提交").await;
    service
        .blocking(|s| {
            let e4 = who(s, "m2-g0-e4");
            let a = s.applicant_lines(&e4, e4.committee_id.unwrap())?[1].id;
            sheet(s, &e4, a, [16, 12, 12]);
            Ok(())
        })
        .await
        .unwrap();
    leader
        .wait_until("every sheet in", |s| !s.contains("开启开关前还需"))
        .await;
    // Scores in every voter's list: the mean of four, the trimmed mean of five.
    other.press(keys::ESC).await;
    other.wait_home().await;
    other.press(keys::ENTER).await;
    let s = other.wait_for("75.25(4)").await;
    assert!(s.contains("80.00(5)"), "{s}");

    // Everyone approves both; the switch opens, closes, and the pass score decides.
    service
        .blocking(|s| {
            for k in 0..5 {
                let e = who(s, &format!("m2-g0-e{k}"));
                for line in s.applicant_lines(&e, e.committee_id.unwrap())? {
                    if !line.recused {
                        s.draft_vote(&e, line.id, Choice::Approve)?;
                    }
                }
            }
            Ok(())
        })
        .await
        .unwrap();
    leader.press(b"o").await;
    // Opening asks first, saying what is missing and that voting cannot be paused.
    leader.press(b"y").await;
    leader.wait_for("投票开关已开启").await;
    service
        .blocking(|s| {
            for k in 0..5 {
                let e = who(s, &format!("m2-g0-e{k}"));
                s.submit_votes(&e, e.committee_id.unwrap())?;
            }
            Ok(())
        })
        .await
        .unwrap();
    leader.wait_for("未提交投票的专家 0 / 5 名").await;
    leader.press(b"x").await;
    leader.press(b"y").await;
    // Four of four approve the first, but 75.25 is under the pass score of 78.
    let s = leader.wait_for("4/0/0 未通过").await;
    assert!(s.contains("5/0/0 通过"), "{s}");
    leader.press(b"r").await;
    leader.press(b"y").await;
    leader.wait_for("小组评议结果已提交").await;

    service
        .blocking(|s| {
            group_one_through_the_service(s, "m2");
            Ok(())
        })
        .await
        .unwrap();
    // The committee sees the three who passed, with their scores, in the list and file.
    let director = server.login("m2-director", pw).await.unwrap();
    director.wait_for("签到参加评委会会议").await;
    director.press(keys::ENTER).await;
    let s = director.wait_for("显示 3 / 共 3 名").await;
    assert!(s.contains("80.00(5)") && !s.contains("参评人0-0"), "{s}");
    director.press(keys::ENTER).await;
    director.wait_for("申报材料 - 参评人0-1").await;
    director.press(b"\x1b[F").await;
    director.wait_for("[评分] 80.00（5 份评分表）").await;
    director.press(keys::ESC).await;
    service
        .blocking(|s| {
            committee_through_the_service(s, "m2");
            Ok(())
        })
        .await
        .unwrap();
    let reporter = server.login("m2-reporter", pw).await.unwrap();
    reporter.wait_for("查看评审结果并上报职改办").await;
    reporter.press(keys::ENTER).await;
    reporter.wait_for("显示 3 / 共 3 名").await;
    reporter.press(b"d").await;
    reporter.wait_for("通过 13/0/0").await;
    reporter.press(b"r").await;
    reporter.press(b"y").await;
    reporter.wait_for("评审工作已结束").await;
    assert_eq!(server.service.replay().unwrap().mismatches, Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interview_defense_committee_runs_with_questions_and_an_override() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "m3", Mode::Interview, &SIZE);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let pw = fixture::PASSWORD;
    let service = server.service.clone();
    service
        .blocking(|s| {
            let leader = who(s, "m3-g0-e0");
            let lead = who(s, "m3-g0-e1");
            for line in s.applicant_lines(&leader, leader.committee_id.unwrap())? {
                s.assign_lead_reviewer(&leader, line.id, lead.expert_id.unwrap())?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let leader = server.login("m3-g0-e0", pw).await.unwrap();
    let lead = server.login("m3-g0-e1", pw).await.unwrap();
    let other = server.login("m3-g0-e2", pw).await.unwrap();
    leader.wait_home().await;
    leader.press(keys::ENTER).await;
    leader.wait_for("显示 2 / 共 2 名").await;
    leader.press(b"g").await;
    leader.wait_for("缺面试题 2 名").await;

    // The lead writes questions: add two, edit one, delete the other.
    lead.wait_for("为 2 名主审的参评人出面试题").await;
    lead.press(keys::ENTER).await;
    lead.wait_for("显示 2 / 共 2 名").await;
    lead.press(b"i").await;
    lead.wait_for("尚无面试题，按 a 添加").await;
    lead.press(b"a").await;
    lead.wait_for("新面试题").await;
    lead.type_text("请谈谈一项教学改革。").await;
    lead.press(keys::CTRL_S).await;
    lead.wait_for("1. 请谈谈一项教学改革。（m3-g0-e1）").await;
    lead.press(b"a").await;
    lead.type_text("如何评价学生").await;
    lead.press(keys::CTRL_S).await;
    lead.wait_for("2. 如何评价学生（m3-g0-e1）").await;
    lead.press(keys::DOWN).await;
    lead.press(keys::ENTER).await;
    lead.wait_for("修改面试题").await;
    lead.type_text("的核心素养？").await;
    lead.press(keys::CTRL_S).await;
    lead.wait_for("2. 如何评价学生的核心素养？").await;
    lead.press(keys::UP).await;
    lead.press(b"x").await;
    lead.wait_for("删除这道面试题？").await;
    lead.press(b"y").await;
    lead.wait_for("面试题已删除").await;
    let s = lead.wait_for("1. 如何评价学生的核心素养？").await;
    assert!(!s.contains("教学改革"), "{s}");
    leader.wait_for("缺面试题 1 名").await;

    // Every expert reads them; only the lead writes.
    other.wait_home().await;
    other.press(keys::ENTER).await;
    other.wait_for("显示 2 / 共 2 名").await;
    other.press(b"i").await;
    other.wait_for("1. 如何评价学生的核心素养？（m3-g0-e1）").await;
    other.press(b"a").await;
    other.wait_for("只有该参评人的主审专家可以进行此操作").await;
    other.press(keys::ESC).await;
    // Once the interview is scored, the questions are final.
    other.wait_for("显示 2 / 共 2 名").await;
    other.press(b"p").await;
    other.wait_for("评分表 - 参评人0-0（面试答辩打分）").await;
    for points in ["30", "25", "25"] {
        other.type_text(points).await;
        other.press(keys::TAB).await;
    }
    other.wait_for("评分表草稿已保存").await;
    other.press(b"s").await;
    other.press(b"y").await;
    other.wait_for("评分表已提交，合计 80 分").await;
    lead.press(b"a").await;
    lead.type_text("补充一题").await;
    lead.press(keys::CTRL_S).await;
    lead.wait_for("面试已开始评分，面试题不能再修改").await;

    // The rest through the service, but one sheet: the leader overrides, recorded.
    service
        .blocking(|s| {
            let lead = who(s, "m3-g0-e1");
            let cid = lead.committee_id.unwrap();
            let a: Vec<i32> = s.applicant_lines(&lead, cid)?.iter().map(|l| l.id).collect();
            s.add_question(&lead, a[1], "请介绍你的代表性课例。")?;
            for k in 0..5 {
                let e = who(s, &format!("m3-g0-e{k}"));
                for (i, applicant) in a.iter().enumerate() {
                    let on_screen = k == 2 && i == 0;
                    let missing = k == 4 && i == 1;
                    if !on_screen && !missing {
                        sheet(s, &e, *applicant, [30, 25, 25]);
                    }
                    s.draft_vote(&e, *applicant, Choice::Approve)?;
                }
            }
            Ok(())
        })
        .await
        .unwrap();
    let s = leader.wait_for("未提交评分表 1 份：m3-g0-e4(1)").await;
    assert!(!s.contains("缺面试题"), "{s}");
    leader.press(b"o").await;
    leader.wait_for("还有 1 份评分表未提交").await;
    leader.press(b"O").await;
    leader.wait_for("评分表尚未全部提交。仍要开启投票开关？").await;
    leader.press(b"y").await;
    leader.wait_for("投票开关已开启").await;
    let overridden = service
        .blocking(|s| {
            let mut c = s.store().conn()?;
            Ok(pingshen::store::audit::all(&mut c)?
                .into_iter()
                .any(|e| e.action == "group.switch.open" && e.detail.contains("\"override\":true")))
        })
        .await
        .unwrap();
    assert!(overridden, "the override is in the audit log");
    service
        .blocking(|s| {
            for k in 0..5 {
                let e = who(s, &format!("m3-g0-e{k}"));
                s.submit_votes(&e, e.committee_id.unwrap())?;
            }
            Ok(())
        })
        .await
        .unwrap();
    leader.press(b"x").await;
    leader.press(b"y").await;
    leader.wait_for("5/0/0 通过").await;
    leader.press(b"r").await;
    leader.press(b"y").await;
    leader.wait_for("小组评议结果已提交").await;
    service
        .blocking(|s| {
            group_one_through_the_service(s, "m3");
            committee_through_the_service(s, "m3");
            s.report(&who(s, "m3-reporter"), who(s, "m3-reporter").committee_id.unwrap())?;
            Ok(())
        })
        .await
        .unwrap();
    other.wait_for("评审工作已结束").await;
    assert_eq!(server.service.replay().unwrap().mismatches, Vec::<String>::new());
}
