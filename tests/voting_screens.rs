//! The first acting screens over real SSH: draft votes with 1/2/3 in the list and in
//! the file, the masked file, submitting after a confirmation, refusals shown in the
//! interface, and check-in.

mod support;

use pingshen::domain::Mode;
use support::{TestServer, fixture, keys};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expert_drafts_reads_the_file_and_submits_once_the_switch_opens() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "v", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let t = server.login("v-g0-e1", fixture::PASSWORD).await.unwrap();
    t.wait_for("对 2 名参评人拟投票").await;
    t.press(keys::ENTER).await;
    t.wait_for("显示 2 / 共 2 名").await;
    let s = t.screen();
    assert!(s.contains("我的投票"), "{s}");

    // Submitting before the switch opens is refused, with the engine's message.
    t.press(b"s").await;
    t.wait_for("请确认").await;
    t.press(b"y").await;
    t.wait_for("投票开关已关闭").await;

    // 1 on the first line, then the file of the second and 2 there.
    t.press(b"1").await;
    t.wait_for("已保存拟投票：拟通过").await;
    t.press(keys::DOWN).await;
    t.press(keys::ENTER).await;
    t.wait_for("申报材料 - 参评人0-1").await;
    t.wait_for("[年度考核]").await;
    t.press(b"2").await;
    t.wait_for("已保存拟投票：拟否决").await;
    for _ in 0..4 {
        t.press(b" ").await;
    }
    t.wait_for("[我的投票] 拟否决").await;
    t.press(keys::ESC).await;
    let s = t.wait_for("显示 2 / 共 2 名").await;
    assert!(s.contains("拟通过") && s.contains("拟否决"), "{s}");

    // The leader assigns lead reviewers and opens the switch (here via the service).
    server
        .service
        .blocking(|s| {
            let leader = s.identity_by_username("v-g0-e0")?.unwrap();
            let lead = s.identity_by_username("v-g0-e2")?.unwrap();
            let cid = leader.committee_id.unwrap();
            for line in s.applicant_lines(&leader, cid)? {
                s.assign_lead_reviewer(&leader, line.id, lead.expert_id.unwrap())?;
            }
            let group = s.groups(cid)?[0].id;
            s.open_group_switch(&leader, group, false)?;
            Ok(())
        })
        .await
        .unwrap();
    // The screen follows by itself; n cancels, y submits.
    t.wait_for("第1组：投票开关已开启").await;
    t.press(b"s").await;
    t.wait_for("请确认").await;
    t.press(b"n").await;
    t.wait_gone("请确认").await;
    t.press(b"s").await;
    t.wait_for("请确认").await;
    t.press(b"y").await;
    let s = t.wait_for("已提交 2 名参评人的投票").await;
    let s2 = t.wait_for("已提交通过").await;
    assert!(s2.contains("已提交否决"), "{s}\n{s2}");
    // Submitted votes are final.
    t.press(b"3").await;
    t.wait_for("已提交，提交后的投票和评分表不能修改").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_masks_the_id_number_and_members_check_in_from_home() {
    let server = TestServer::demo().await;
    let t = server.login("c1-g2-e1", support::DEMO_PASSWORD).await.unwrap();
    t.wait_for("待办事项").await;
    // Check-in belongs to the committee meeting, not the group stage.
    t.press(b"c").await;
    t.wait_for("评委会签到在各专业组提交评议结果、评委会开始评审后开放")
        .await;
    t.press(keys::ENTER).await;
    t.wait_for("显示 8 / 共 8 名").await;
    t.press(keys::ENTER).await;
    let s = t.wait_for("身份证号：").await;
    let id_line = s.lines().find(|l| l.contains("身份证号：")).unwrap();
    assert!(id_line.contains("********"), "{id_line}");
    // Scrolling reaches the personal summary.
    for _ in 0..6 {
        t.press(b" ").await;
    }
    t.wait_for("[我的投票]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_leader_assigns_leads_watches_counts_runs_the_switch_and_submits_the_result() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "L", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let t = server.login("L-g0-e0", fixture::PASSWORD).await.unwrap();
    t.wait_for("为 2 名参评人分配主审专家").await;
    t.press(keys::ENTER).await;
    t.wait_for("显示 2 / 共 2 名").await;
    t.press(b"g").await;
    let s = t.wait_for("小组数据操作 - 第1组").await;
    assert!(s.contains("未完成拟投票的专家 3 名"), "{s}");
    // Per applicant: the threshold arithmetic, and whose ballot is not in (no choices).
    assert!(s.contains("专家 3  回避 0  已投 0  需同意 2 票"), "{s}");
    t.wait_for("未交票  L-g0-e0 L-g0-e1 L-g0-e2").await;
    // The gate is the engine's: no switch without lead reviewers.
    t.press(b"o").await;
    t.wait_for("还有 2 名参评人未分配主审专家").await;
    for _ in 0..2 {
        t.press(b"a").await;
        t.wait_for("选择主审专家").await;
        t.press(keys::DOWN).await;
        t.press(keys::ENTER).await;
        t.wait_for("已分配主审专家").await;
        t.press(keys::DOWN).await;
    }
    // Choosing a current lead reviewer again removes them, and the gate notices.
    t.press(keys::UP).await;
    t.press(b"a").await;
    t.wait_for("[x] L-g0-e1").await;
    t.press(keys::DOWN).await;
    t.press(keys::ENTER).await;
    t.wait_for("已取消该主审专家").await;
    t.press(b"o").await;
    t.wait_for("还有 1 名参评人未分配主审专家").await;
    t.press(b"a").await;
    t.wait_for("[ ] L-g0-e1").await;
    t.press(keys::DOWN).await;
    t.press(keys::ENTER).await;
    t.wait_for("已分配主审专家").await;
    // Experts draft in their own sessions (here via the service); the counts follow live.
    let experts = ["L-g0-e0", "L-g0-e1", "L-g0-e2"];
    server
        .service
        .blocking(move |s| {
            for (k, u) in experts.iter().enumerate() {
                let who = s.identity_by_username(u)?.unwrap();
                for line in s.applicant_lines(&who, who.committee_id.unwrap())? {
                    let choice = if k == 2 {
                        pingshen::domain::Choice::Reject
                    } else {
                        pingshen::domain::Choice::Approve
                    };
                    s.draft_vote(&who, line.id, choice)?;
                }
            }
            Ok(())
        })
        .await
        .unwrap();
    t.wait_for("未完成拟投票的专家 0 名").await;
    t.press(b"o").await;
    // Opening asks first, saying what is missing and that voting cannot be paused.
    t.press(b"y").await;
    t.wait_for("投票开关已开启").await;
    server
        .service
        .blocking(move |s| {
            for u in experts {
                let who = s.identity_by_username(u)?.unwrap();
                s.submit_votes(&who, who.committee_id.unwrap())?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let s = t.wait_for("未提交投票的专家 0 / 3 名").await;
    assert!(s.contains("专家 3  回避 0  已投 3  需同意 2 票"), "{s}");
    // Every ballot is in, but nobody's choice shows while the switch is open.
    assert!(s.contains("全部专家已交票"), "{s}");
    assert!(!s.contains("反对") && !s.contains("2/1/0"), "{s}");
    // Closing asks first; then every vote and the tally are visible.
    t.press(b"x").await;
    t.wait_for("关闭投票开关？").await;
    t.press(b"y").await;
    let s = t.wait_for("专业组评议").await;
    let s = if s.contains("2/1/0") {
        s
    } else {
        t.wait_for("2/1/0").await
    };
    assert!(s.contains("L-g0-e0 同意  L-g0-e1 同意  L-g0-e2 反对"), "{s}");
    // 2 of 3 approve: more than half, so the row says it passes.
    assert!(s.contains("2/1/0 通过"), "{s}");
    t.press(b"r").await;
    t.wait_for("提交本组评议结果？").await;
    t.press(b"y").await;
    t.wait_for("小组评议结果已提交").await;
    t.wait_for("已提交小组结果").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_director_sees_quorum_and_thresholds_and_the_reporter_reports() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "C", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        fixture::prepare_groups(s, &fx, |_, _| vec![], |_, _| pingshen::domain::Choice::Approve);
        fixture::finish_groups(s, &fx);
        Ok(())
    })
    .await;
    let t = server.login("C-director", fixture::PASSWORD).await.unwrap();
    t.wait_for("签到参加评委会会议").await;
    t.press(b"c").await;
    t.wait_for("签到成功").await;
    t.press(keys::ENTER).await;
    t.wait_for("显示 4 / 共 4 名").await;
    t.press(b"d").await;
    let s = t
        .wait_for("评委 9 名  已签到 1 名  法定人数 6 名（未达到法定人数）")
        .await;
    assert!(s.contains("出席 1  回避 0  已投 0  需同意 1 票"), "{s}");
    // The engine refuses the switch without the quorum, and says why.
    t.press(b"o").await;
    t.wait_for("未达到法定人数：已签到 1 人，共 9 名评委，至少需要 6 人")
        .await;
    let members = ["C-g0-e0", "C-g0-e1", "C-g0-e2", "C-g1-e0", "C-g1-e1", "C-g1-e2", "C-m0"];
    server
        .service
        .blocking(move |s| {
            for u in members {
                let who = s.identity_by_username(u)?.unwrap();
                s.check_in(&who, who.committee_id.unwrap())?;
            }
            Ok(())
        })
        .await
        .unwrap();
    t.wait_for("已签到 8 名  法定人数 6 名（已达到法定人数）").await;
    t.wait_for("未完成拟投票 8 人  已投票 0 人").await;
    t.press(b"o").await;
    // Opening asks first, saying what is missing and that voting cannot be paused.
    t.press(b"y").await;
    t.wait_for("评委会投票开关已开启").await;
    server
        .service
        .blocking(move |s| {
            for (k, u) in members.iter().enumerate() {
                let who = s.identity_by_username(u)?.unwrap();
                let cid = who.committee_id.unwrap();
                for a in s.committee_round_applicants(cid)? {
                    let choice = if k < 5 {
                        pingshen::domain::Choice::Approve
                    } else {
                        pingshen::domain::Choice::Reject
                    };
                    s.draft_vote(&who, a, choice)?;
                }
                s.submit_votes(&who, cid)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    // Ballots are counted live, but no running tally is shown while voting.
    let s = t.wait_for("已投 7  需同意 6 票").await;
    // Only the director, who has not drafted, is still to vote.
    assert!(s.contains("未完成拟投票 1 人  已投票 7 人"), "{s}");
    assert!(!s.contains("通过 5/2/0"), "{s}");
    // The director's own ballot is missing: closing takes a reason (secret ballot).
    t.press(b"x").await;
    t.wait_for("还有 1 名出席评委未投票（已投 7 票，法定人数 6）").await;
    let s = t.close_with_reason("主任不投票").await;
    assert!(s.contains("已投 7 票，达到法定人数"), "{s}");
    t.press(b"y").await;
    // 5 of 8 attending is less than 2/3: not passed.
    t.wait_for("未通过 5/2/0").await;
    // A re-vote (复议) on one applicant: while it runs, its earlier result is hidden
    // (no running tally), the others keep theirs.
    server
        .service
        .blocking(|s| {
            let d = s.identity_by_username("C-director")?.unwrap();
            let cid = d.committee_id.unwrap();
            let first = s.committee_round_applicants(cid)?[0];
            s.open_committee_revote(&d, cid, &[first], "对表决结果有异议")?;
            Ok(())
        })
        .await
        .unwrap();
    let s = t.wait_for("第 2 轮").await;
    let rows: Vec<&str> = s.lines().filter(|l| l.contains("出席")).collect();
    assert_eq!(rows.len(), 4, "{s}");
    assert_eq!(rows.iter().filter(|l| l.contains("未通过 5/2/0")).count(), 3, "{s}");
    // Nobody voted again: no tally may come of it. Closing with a reason voids the
    // round; the applicant waits for a new round, its earlier result hidden.
    t.press(b"x").await;
    t.wait_for("还有 8 名出席评委未投票（已投 0 票，法定人数 6）").await;
    let s = t.close_with_reason("休会").await;
    assert!(s.contains("已投 0 票，不足法定人数"), "{s}");
    t.press(b"y").await;
    t.wait_for("本轮投票作废").await;
    let s = t.wait_for("第 3 轮").await;
    let rows: Vec<&str> = s.lines().filter(|l| l.contains("出席")).collect();
    assert_eq!(rows.iter().filter(|l| l.contains("未通过 5/2/0")).count(), 3, "{s}");
    assert!(!s.contains("0/0/0"), "{s}");
    // The new round opens from check-in; once everyone present voted, x closes it.
    t.press(b"o").await;
    // Opening asks first, saying what is missing and that voting cannot be paused.
    t.press(b"y").await;
    t.wait_for("评委会投票开关已开启").await;
    server
        .service
        .blocking(move |s| {
            for u in members.iter().chain(&["C-director"]) {
                let who = s.identity_by_username(u)?.unwrap();
                let cid = who.committee_id.unwrap();
                for a in s.committee_round_applicants(cid)? {
                    s.draft_vote(&who, a, pingshen::domain::Choice::Approve)?;
                }
                s.submit_votes(&who, cid)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    t.wait_for("已投票 8 人").await;
    t.press(b"x").await;
    t.wait_for("全部出席评委均已投票").await;
    t.press(b"y").await;
    t.wait_for("通过 8/0/0").await;
    t.press(b"q").await;
    t.press(b"q").await;
    t.wait_home().await;

    let r = server.login("C-reporter", fixture::PASSWORD).await.unwrap();
    r.wait_for("查看评审结果并上报职改办").await;
    r.press(keys::ENTER).await;
    r.wait_for("显示 4 / 共 4 名").await;
    r.press(b"d").await;
    r.wait_for("未通过 5/2/0").await;
    r.press(b"r").await;
    r.wait_for("将评审结果上报职改办？").await;
    r.press(b"y").await;
    r.wait_for("评审结果已上报职改办").await;
    // The committee's accounts stop working.
    assert!(server.login("C-g0-e1", fixture::PASSWORD).await.is_err());
}
