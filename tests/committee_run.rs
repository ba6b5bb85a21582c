//! A whole mode-1 committee run over SSH with many people connected at once: group 0
//! works entirely through its members' terminals, the director, a member and the
//! reporter act on screen, and every screen follows the others live.

mod support;

use pingshen::domain::{Choice, Mode};
use support::{TestServer, fixture, keys};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_committee_runs_from_first_login_to_the_report_on_screen() {
    let server = TestServer::start_with(|s| {
        let fx = fixture::build(s, "run", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        Ok(())
    })
    .await;
    let pw = fixture::PASSWORD;
    let leader = server.login("run-g0-e0", pw).await.unwrap();
    let e1 = server.login("run-g0-e1", pw).await.unwrap();
    let e2 = server.login("run-g0-e2", pw).await.unwrap();
    let director = server.login("run-director", pw).await.unwrap();
    let member = server.login("run-m0", pw).await.unwrap();
    let reporter = server.login("run-reporter", pw).await.unwrap();
    for t in [&leader, &e1, &e2] {
        t.wait_for("对 2 名参评人拟投票").await;
    }
    director.wait_for("当前阶段：专业组评审").await;

    // The leader assigns lead reviewers on the group panel.
    leader.press(keys::ENTER).await;
    leader.wait_for("显示 2 / 共 2 名").await;
    leader.press(b"g").await;
    leader.wait_for("未完成拟投票的专家 3 名").await;
    for k in 0..2 {
        leader.press(b"a").await;
        leader.wait_for("选择主审专家").await;
        leader.press(keys::DOWN).await;
        leader.press(keys::ENTER).await;
        leader.wait_for("已分配主审专家").await;
        // The lead's name is in the applicant's row of the panel.
        leader
            .wait_until("the lead in the row", |s| {
                s.lines()
                    .any(|l| l.contains(&format!("参评人0-{k}")) && l.contains("run-g0-e1"))
            })
            .await;
        leader.press(keys::DOWN).await;
    }
    // A key the panel has no use for changes nothing and says so.
    leader.press(b"z").await;
    leader.wait_for("按键 z 在此页面没有作用").await;
    // The experts draft on their screens; the leader's counts follow without a key.
    for t in [&e1, &e2] {
        t.press(keys::ENTER).await;
        t.wait_for("显示 2 / 共 2 名").await;
        t.press(b"1").await;
        // The vote taken, the selection moves on to the row still without one.
        t.wait_until("the first row's draft, the second row selected", |s| {
            let rows: Vec<&str> = s.lines().filter(|l| l.contains("参评人0-")).collect();
            rows.len() == 2 && rows[0].contains("拟通过") && rows[1].contains("> ")
        })
        .await;
        let (key, shown) = if std::ptr::eq(t, &e2) {
            (b"2", "拟否决")
        } else {
            (b"1", "拟通过")
        };
        t.press(key).await;
        t.wait_until("the second row's draft", |s| {
            s.lines()
                .filter(|l| l.contains("参评人0-"))
                .nth(1)
                .is_some_and(|l| l.contains(shown))
        })
        .await;
    }
    leader.wait_for("未完成拟投票的专家 1 名").await;
    // The leader drafts too (from the list), then opens the switch.
    leader.press(keys::ESC).await;
    leader.wait_for("显示 2 / 共 2 名").await;
    leader.press(b"1").await;
    leader
        .wait_until("the first row's draft, the second row selected", |s| {
            let rows: Vec<&str> = s.lines().filter(|l| l.contains("参评人0-")).collect();
            rows.len() == 2 && rows[0].contains("拟通过") && rows[1].contains("> ")
        })
        .await;
    leader.press(b"1").await;
    leader
        .wait_until("both drafts", |s| {
            s.lines()
                .filter(|l| l.contains("参评人0-") && l.contains("拟通过"))
                .count()
                == 2
        })
        .await;
    leader.press(b"g").await;
    leader.wait_for("未完成拟投票的专家 0 名").await;
    leader.press(b"o").await;
    // Opening asks first, saying what is missing and that voting cannot be paused.
    leader.wait_for("全部专家均已完成拟投票。").await;
    leader.wait_for("开启后投票开关不能暂停，只能关闭。").await;
    leader.press(b"y").await;
    leader.wait_for("投票开关已开启").await;
    // The experts' lists show the open switch without a key press.
    for t in [&e1, &e2] {
        t.wait_for("第1组：投票开关已开启").await;
    }
    // Everyone submits after confirming.
    for t in [&e1, &e2] {
        t.press(b"s").await;
        t.wait_for("请确认").await;
        t.press(b"y").await;
        t.wait_for("已提交 2 名参评人的投票").await;
    }
    leader.wait_for("未提交投票的专家 1 / 3 名").await;
    leader.press(keys::ESC).await;
    leader.wait_for("显示 2 / 共 2 名").await;
    leader.press(b"s").await;
    leader.press(b"y").await;
    leader.wait_for("已提交 2 名参评人的投票").await;
    leader.press(b"g").await;
    leader.wait_for("未提交投票的专家 0 / 3 名").await;
    // A late vote after the close is refused on screen.
    leader.press(b"x").await;
    leader.press(b"y").await;
    leader.wait_for("2/1/0").await;
    e1.press(b"2").await;
    e1.wait_for("专业组当前阶段（专业组评议）不能进行此操作").await;
    leader.press(b"r").await;
    leader.press(b"y").await;
    leader.wait_for("小组评议结果已提交").await;

    // Group 1 works in other sessions (here through the service).
    server
        .service
        .blocking(|s| {
            let l1 = s.identity_by_username("run-g1-e0")?.unwrap();
            let cid = l1.committee_id.unwrap();
            let g1 = s.groups(cid)?[1].id;
            let experts: Vec<_> = ["run-g1-e0", "run-g1-e1", "run-g1-e2"]
                .iter()
                .map(|u| s.identity_by_username(u).unwrap().unwrap())
                .collect();
            for line in s.applicant_lines(&l1, cid)? {
                s.assign_lead_reviewer(&l1, line.id, experts[1].expert_id.unwrap())?;
                for e in &experts {
                    s.draft_vote(e, line.id, Choice::Approve)?;
                }
            }
            s.open_group_switch(&l1, g1, false)?;
            for e in &experts {
                s.submit_votes(e, cid)?;
            }
            s.close_group_switch(&l1, g1)?;
            s.submit_group_result(&l1, g1)?;
            Ok(())
        })
        .await
        .unwrap();

    // The meeting begins by itself on every screen.
    director.wait_for("签到参加评委会会议").await;
    member.wait_for("签到参加评委会会议").await;
    director.press(b"c").await;
    director.wait_for("签到成功").await;
    member.press(b"c").await;
    member.wait_for("签到成功").await;
    director.press(keys::ENTER).await;
    director.wait_for("显示 4 / 共 4 名").await;
    director.press(b"d").await;
    director.wait_for("已签到 2 名  法定人数 6 名（未达到法定人数）").await;
    // Who has not checked in, by name.
    director.wait_for("未签到 7 名：").await;
    let others = ["run-g0-e0", "run-g0-e1", "run-g0-e2", "run-g1-e0", "run-g1-e1"];
    server
        .service
        .blocking(move |s| {
            for u in others {
                let who = s.identity_by_username(u)?.unwrap();
                s.check_in(&who, who.committee_id.unwrap())?;
            }
            Ok(())
        })
        .await
        .unwrap();
    director.wait_for("已签到 7 名  法定人数 6 名（已达到法定人数）").await;
    director.press(b"o").await;
    // Opening asks first, with the check-ins, and says voting cannot be paused.
    director.wait_for("已签到 7 / ").await;
    director.wait_for("开启后投票开关不能暂停").await;
    director.press(b"y").await;
    director.wait_for("评委会投票开关已开启").await;
    // The panel names who still owes a ballot (never what anyone chose).
    director.wait_for("未投票 7 名：").await;
    // The member votes on screen: 1 on all four, then submits; submitting with three
    // of four drafted is refused and changes nothing.
    member.press(keys::ENTER).await;
    member.wait_for("显示 4 / 共 4 名").await;
    // The file shows what the group decided.
    member.press(keys::ENTER).await;
    member.wait_for("专业组表决：通过（同意").await;
    member.press(keys::ESC).await;
    member.wait_for("显示 4 / 共 4 名").await;
    for k in 1..=4 {
        if k == 4 {
            member.press(b"s").await;
            member.wait_for("请确认").await;
            // The confirmation sums the drafts up and names who is still missing.
            member.wait_for("拟通过 3、拟否决 0、拟弃权 0，共 3 名").await;
            member.wait_for("尚未拟投票 1 名：参评人1-1").await;
            member.press(b"y").await;
            member.wait_for("拟投票不完整：还有 1 名参评人未拟投票").await;
            director.wait_for("已投 0").await;
        }
        member.press(b"1").await;
        // Wait until this draft is in the list (not just any status line).
        member
            .wait_until("the drafts so far", |s| {
                s.lines()
                    .filter(|l| l.contains("参评人") && l.contains("拟通过"))
                    .count()
                    == k
            })
            .await;
        // No Down: the selection moved on to the next applicant without a vote.
    }
    member.press(b"s").await;
    member.wait_for("请确认").await;
    member.press(b"y").await;
    member.wait_for("已提交 4 名参评人的投票").await;
    director.wait_for("已投 1").await;
    server
        .service
        .blocking(move |s| {
            for u in others {
                let who = s.identity_by_username(u)?.unwrap();
                let cid = who.committee_id.unwrap();
                for a in s.committee_round_applicants(cid)? {
                    s.draft_vote(&who, a, Choice::Approve)?;
                }
                s.submit_votes(&who, cid)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    // 6 of 7 attending approved (the director did not vote): 6 >= 14/3, passed.
    director.wait_for("已投 6  需同意 5 票").await;
    // The director has not voted: the switch does not close without a reason (secret
    // ballot); with one, the 6 ballots in reach the quorum and decide.
    director.press(b"x").await;
    director
        .wait_for("还有 1 名出席评委未投票（已投 6 票，法定人数 6）")
        .await;
    director.press(b"X").await;
    director.wait_for("说明理由后关闭投票开关").await;
    director.press(keys::ENTER).await;
    director.wait_for("请先填写理由").await;
    director.press(keys::ESC).await;
    let s = director.close_with_reason("主任本人弃权").await;
    assert!(s.contains("已投 6 票，达到法定人数"), "{s}");
    director.press(b"y").await;
    director.wait_for("通过 6/0/0").await;
    // After the switch closed, a vote is refused on screen.
    member.press(b"2").await;
    member.wait_for("当前阶段（上报评审结果）不能进行此操作").await;
    // A key the director's panel has no use for changes nothing and says so.
    director.press(b"z").await;
    director.wait_for("按键 z 在此页面没有作用").await;

    reporter.wait_for("查看评审结果并上报职改办").await;
    reporter.press(keys::ENTER).await;
    reporter.wait_for("显示 4 / 共 4 名").await;
    reporter.press(b"d").await;
    reporter.wait_for("通过 6/0/0").await;
    reporter.press(b"r").await;
    reporter.press(b"y").await;
    reporter.wait_for("评审结果已上报职改办").await;
    // Every session of the committee is told its work is over; a key leaves.
    for t in [&reporter, &member, &director, &e1] {
        t.wait_for("评审工作已结束").await;
    }
    member.press(b"j").await;
    member.wait_closed().await;
    assert!(!member.is_alternate_screen(), "terminal restored");
    assert_eq!(member.exit_status(), Some(0));
    assert!(
        server.login("run-g1-e1", pw).await.is_err(),
        "accounts stop after the report"
    );
    assert_eq!(server.service.replay().unwrap().mismatches, Vec::<String>::new());
}

/// A contested committee over SSH (issue 18): the director's early confirmation says
/// what is missing; one applicant fails the first round while a member drafts and never
/// submits (the draft is gone once the round is decided); the director opens a re-vote
/// for that applicant with a typed reason, members see the new round, the applicant
/// passes in round 2, and the record, the results and the certificates say so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contested_committee_re_votes_a_failed_applicant_on_screen() {
    let fixture_out = std::sync::Arc::new(std::sync::Mutex::new(None));
    let keep = fixture_out.clone();
    let server = TestServer::start_with(move |s| {
        let fx = fixture::build(s, "con", Mode::Expert, &fixture::Size::SMALL);
        fixture::start(s, &fx);
        fixture::prepare_groups(s, &fx, |_, _| vec![], |_, _| Choice::Approve);
        fixture::finish_groups(s, &fx);
        for m in &fx.members {
            s.check_in(m, fx.committee_id)?;
        }
        *keep.lock().unwrap() = Some(fx);
        Ok(())
    })
    .await;
    let fx = fixture_out.lock().unwrap().take().unwrap();
    let cid = fx.committee_id;
    let pw = fixture::PASSWORD;
    let director = server.login("con-director", pw).await.unwrap();
    let member = server.login("con-m0", pw).await.unwrap();
    director.press(keys::ENTER).await;
    director.wait_for("显示 4 / 共 4 名").await;
    director.press(b"d").await;
    director.wait_for("已签到 9 名  法定人数 6 名（已达到法定人数）").await;
    // Opened before anyone drafted: the confirmation says so, and that it cannot pause.
    director.press(b"o").await;
    director.wait_for("9 名已签到评委尚未完成拟投票").await;
    director.wait_for("开启后投票开关不能暂停").await;
    director.press(b"y").await;
    director.wait_for("评委会投票开关已开启").await;

    // Round 1: the first applicant gets 3 approvals (short of two thirds); the silent
    // member drafts a reject and never submits.
    let (first, silent) = {
        let fx_members: Vec<_> = fx.members.clone();
        server
            .service
            .blocking(move |s| {
                let round = s.committee_round_applicants(cid)?;
                let (silent, rest) = fx_members.split_last().unwrap();
                s.draft_vote(silent, round[0], Choice::Reject)?;
                for (k, m) in rest.iter().enumerate() {
                    for a in &round {
                        let choice = if *a == round[0] && k >= 3 {
                            Choice::Reject
                        } else {
                            Choice::Approve
                        };
                        let _ = s.draft_vote(m, *a, choice);
                    }
                    s.submit_votes(m, cid)?;
                }
                Ok((round[0], silent.clone()))
            })
            .await
            .unwrap()
    };
    director.wait_for("已投 8").await;
    let shown = director.close_with_reason("一名评委离席").await;
    assert!(shown.contains("已投 8 票，达到法定人数"), "{shown}");
    director.press(b"y").await;
    director.wait_for("未通过").await;
    let drafted = {
        let silent = silent.clone();
        server
            .service
            .blocking(move |s| {
                Ok(s.applicant_lines(&silent, cid)?
                    .iter()
                    .filter(|l| l.my_vote.is_some())
                    .count())
            })
            .await
            .unwrap()
    };
    assert_eq!(
        drafted, 0,
        "the silent member's draft is gone once the round is decided"
    );

    // The re-vote: the failed applicant chosen, the reason typed, the confirmation
    // names both, and the new round's switch opens.
    let chair = fx.director.clone();
    let name = server
        .service
        .blocking(move |s| {
            Ok(s.applicant_lines(&chair, cid)?
                .into_iter()
                .find(|l| l.id == first)
                .unwrap()
                .name)
        })
        .await
        .unwrap();
    director.press(b"v").await;
    director.wait_for("选择复议的参评人").await;
    director.press(keys::ENTER).await;
    director.wait_for("请先选择至少一名参评人").await;
    director
        .wait_until("the failed applicant under the cursor", |s| {
            s.lines().any(|l| l.contains('>') && l.contains(name.as_str()))
        })
        .await;
    director.press(b" ").await;
    director.press(keys::ENTER).await;
    director.wait_for(&format!("复议：{name}。请输入理由：")).await;
    director.type_text("申请人补充业绩材料").await;
    director.press(keys::ENTER).await;
    director.wait_for(&format!("开启复议（第 2 轮投票）：{name}")).await;
    director.wait_for("理由：申请人补充业绩材料").await;
    director.press(b"y").await;
    director.wait_for("已开启复议，新一轮投票开关已开启").await;
    // A member's to-dos show the new round at once.
    member.wait_for("对 1 名参评人拟投票（评委会）").await;

    // Round 2: everyone approves; the applicant passes in the round that counts.
    let members = fx.members.clone();
    server
        .service
        .blocking(move |s| {
            assert_eq!(s.committee_round_applicants(cid)?, vec![first]);
            for m in &members {
                let _ = s.draft_vote(m, first, Choice::Approve);
                s.submit_votes(m, cid)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    director.wait_for("已投 9").await;
    director.press(b"x").await;
    director.wait_for("请确认").await;
    director.press(b"y").await;
    // The status line said the re-vote opened; now it says the round is decided.
    director.wait_for("评委会投票开关已关闭，结果已产生").await;
    let reporter = fx.reporter.clone();
    let (results, record) = server
        .service
        .blocking(move |s| {
            s.report(&reporter, cid)?;
            let record = pingshen::office::export::record_text(&s.meeting_record(cid)?);
            Ok((s.results_table(cid)?, record))
        })
        .await
        .unwrap();
    let line = results.iter().find(|r| r.name == name).unwrap();
    assert!(line.passed, "passed in round 2: {line:?}");
    assert_eq!(line.committee_round, Some(2), "{line:?}");
    for want in [
        "评委会 第 1 轮 开启评委会投票开关".to_string(),
        "评委会 第 1 轮 关闭评委会投票开关（1 名出席评委未投票，按未同意计；理由：一名评委离席）".to_string(),
        format!("评委会 第 2 轮 开启评委会复议（{name}；理由：申请人补充业绩材料）"),
        "评委会 第 2 轮 关闭评委会投票开关".to_string(),
        "二、评委会会议出席：9 名（共 9 名评委）".to_string(),
    ] {
        assert!(record.contains(&want), "missing {want:?} in:\n{record}");
    }
    // Certificates for all four, numbered 1 to 4 in the applicants' order, the
    // re-voted applicant's among them, each verifying with the office's public key.
    let keys = tempfile::tempdir().unwrap();
    let key = pingshen::office::certificate::OfficeKey::load_or_create(keys.path()).unwrap();
    let public = pingshen::office::certificate::PublicKey::from_hex(&key.public_hex()).unwrap();
    let issued = server
        .service
        .blocking(move |s| {
            s.issue_certificates(cid, "河南省职称改革工作领导小组办公室", &|p: &str| {
                key.sign(p)
            })
        })
        .await
        .unwrap();
    let serials: Vec<&str> = issued
        .iter()
        .map(|(d, _)| d.number.split('-').nth(2).unwrap())
        .collect();
    assert_eq!(serials, ["0001", "0002", "0003", "0004"]);
    assert!(issued.iter().any(|(d, _)| d.holder == name));
    for (d, signature) in &issued {
        let qr = pingshen::office::certificate::qr_text(&d.payload(), signature);
        let (payload, signature) = pingshen::office::certificate::from_qr_text(&qr).unwrap();
        assert!(public.verifies(&payload, &signature), "{}", d.number);
    }
    assert_eq!(server.service.replay().unwrap().mismatches, Vec::<String>::new());
}
