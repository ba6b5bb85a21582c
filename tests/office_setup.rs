//! The office's whole job over SSH (issue 19, points 2, 3 and 8): from an empty
//! database, an operator who has only an SSH login uploads the lists with `scp`,
//! creates the committee on the screen, imports the lists picked from inbox/ (a bad
//! file reported row by row and nothing imported), changes a setting, adds a recusal
//! by picking the people, issues the accounts and starts the review; the committee
//! works through the engine; the operator exports the results and issues the
//! certificates from the screen and downloads them all with `scp`.

mod support;

use pingshen::domain::{Choice, Role, Stage};
use pingshen::service::inbox::ImportKind;
use pingshen::service::{Identity, Problem, ServiceError};
use support::files::Client;
use support::{OPERATOR_PASSWORD, TestServer, keys};

const EXPERTS: &str = "姓名,工作单位,专业,专业组,角色
林磊,郑州大学,建筑,建筑组,组长
韩国庆,河南大学,建筑,建筑组,专家
王芳,河南工业大学,结构,建筑组,专家
赵敏,省建设厅,建筑,,主任
孙丽,省人社厅,管理,,评委
钱进,职改办,管理,,上报人
";

const APPLICANTS: &str = "姓名,性别,工作单位,现职称,申报职称,专业,专业组,学历,工作年限,业绩成果
李刚,男,郑州大学,工程师,高级工程师,建筑,建筑组,本科,12,设计了某大楼
张伟,女,某设计院,工程师,高级工程师,建筑,建筑组,硕士,9,主持某项目
";

/// The same file with two bad cells in its second row.
const BAD_APPLICANTS: &str = "姓名,性别,工作单位,现职称,申报职称,专业,专业组,学历,工作年限,业绩成果
李刚,男,郑州大学,工程师,高级工程师,建筑,建筑组,本科,12,设计了某大楼
张伟,X,某设计院,工程师,高级工程师,建筑,建筑组,硕士,很多,主持某项目
";

fn ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The committee works through the engine: lead reviewers, draft votes, the group's
/// switch and result, the meeting (everyone approves), the report.
fn run_committee(s: &pingshen::service::Service, committee_id: i32) {
    let op = Identity::office();
    let people = s.people(&op, committee_id).unwrap();
    let who = |name: &str| {
        let p = people.iter().find(|p| p.name == name).unwrap();
        s.identity_by_username(p.username.as_deref().unwrap()).unwrap().unwrap()
    };
    let (leader, wang) = (who("林磊"), who("王芳"));
    let experts = [who("林磊"), who("韩国庆"), who("王芳")];
    let group_id = s.groups(committee_id).unwrap()[0].id;
    let applicants: Vec<i32> = s
        .applicant_lines(&op, committee_id)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    for a in &applicants {
        s.assign_lead_reviewer(&leader, *a, wang.expert_id.unwrap()).unwrap();
        for e in &experts {
            match s.draft_group_vote(e, *a, Choice::Approve) {
                Ok(()) => {}
                Err(err) if err.refusal() == Some(&pingshen::domain::Refusal::Recused) => {}
                Err(err) => panic!("draft: {err}"),
            }
        }
    }
    s.open_group_switch(&leader, group_id, false).unwrap();
    for e in &experts {
        s.submit_group_votes(e, group_id).unwrap();
    }
    s.close_group_switch(&leader, group_id).unwrap();
    s.submit_group_result(&leader, group_id).unwrap();
    let members: Vec<Identity> = people
        .iter()
        .filter(|p| p.roles.contains(&Role::Member))
        .map(|p| who(&p.name))
        .collect();
    for m in &members {
        s.check_in(m, committee_id).unwrap();
    }
    let director = who("赵敏");
    s.open_committee_switch(&director, committee_id).unwrap();
    for m in &members {
        for a in s.committee_round_applicants(committee_id).unwrap() {
            match s.draft_committee_vote(m, a, Choice::Approve) {
                Ok(()) => {}
                Err(err) if err.refusal() == Some(&pingshen::domain::Refusal::Recused) => {}
                Err(err) => panic!("committee draft: {err}"),
            }
        }
        s.submit_committee_votes(m, committee_id).unwrap();
    }
    s.close_committee_switch(&director, committee_id).unwrap();
    s.report(&who("钱进"), committee_id).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_with_only_ssh_sets_up_runs_and_hands_out_a_committee() {
    let server = TestServer::start().await;
    let data = server.dir.path().join("data");
    let client = Client::new(&server, OPERATOR_PASSWORD);
    let local = tempfile::tempdir().unwrap();
    for (name, body) in [
        ("experts.csv", EXPERTS),
        ("applicants.csv", APPLICANTS),
        ("bad.csv", BAD_APPLICANTS),
    ] {
        let path = local.path().join(name);
        std::fs::write(&path, body).unwrap();
        let target = format!("operator@127.0.0.1:inbox/{name}");
        ok(&client.scp(path.to_str().unwrap(), &target));
    }

    let t = server
        .login_sized("operator", OPERATOR_PASSWORD, 120, 36)
        .await
        .unwrap();
    t.wait_for("按 n 新建").await;
    // A new committee: an empty name is refused in words, then the name and the mode.
    t.press(b"n").await;
    t.wait_for("评委会名称").await;
    t.press(keys::ENTER).await;
    t.wait_for("评委会名称须为").await;
    t.type_text("建筑专业高级评委会").await;
    t.press(keys::TAB).await;
    t.wait_until("the lecture mode chosen", |s| s.contains("(*) 专家评审+讲课答辩"))
        .await;
    t.press(keys::TAB).await;
    t.press(keys::TAB).await;
    t.wait_until("back to the expert mode", |s| s.contains("(*) 专家评审 "))
        .await;
    t.press(keys::ENTER).await;
    t.wait_for("已创建评委会 1：建筑专业高级评委会").await;
    t.press(b"x").await;
    t.wait_for("评审模式：专家评审").await;
    t.press(keys::ENTER).await;
    // The setup checklist says what is missing, with the key that brings it.
    let screen = t.wait_for("尚无专家：按 i 导入专家名单").await;
    assert!(screen.contains("尚无参评人：按 i 导入参评人名单"), "{screen}");

    // The lists, picked from inbox/ (sorted: applicants.csv, bad.csv, experts.csv).
    t.press(b"i").await;
    t.wait_for("experts.csv").await;
    t.press(keys::END).await;
    t.press(b"e").await;
    t.wait_for("experts.csv：读取 6 行（UTF-8），新增 6").await;
    t.wait_for("新建专业组：建筑组").await;
    t.press(keys::UP).await;
    t.press(b"a").await;
    let screen = t.wait_for("bad.csv：发现 2 个问题，未导入任何数据").await;
    assert!(
        screen.contains("第 3 行，“性别”列：应为“男”或“女”，而不是“X”"),
        "{screen}"
    );
    assert!(
        screen.contains("第 3 行，“工作年限”列：应为 0 至 70 的整数，而不是“很多”"),
        "{screen}"
    );
    let op = Identity::office();
    let lines = server.service.applicant_lines(&op, 1).unwrap();
    assert!(lines.is_empty(), "nothing imported from a bad file: {lines:?}");
    t.press(keys::HOME).await;
    t.press(b"a").await;
    t.wait_for("applicants.csv：读取 2 行（UTF-8），新增 2").await;
    t.wait_for("因同一工作单位自动回避：1 项").await;
    t.press(keys::ESC).await;
    let screen = t.wait_for("已有专家 6 名、参评人 2 名").await;
    assert!(screen.contains("准备就绪"), "{screen}");

    // A setting: a value that cannot be read is explained, a good one saved.
    t.press(b"t").await;
    t.wait_for("法定人数").await;
    t.press(keys::DOWN).await;
    t.press(keys::DOWN).await;
    t.press(keys::ENTER).await;
    for _ in 0..4 {
        t.press(keys::BACKSPACE).await;
    }
    t.type_text("5/4").await;
    t.press(keys::ENTER).await;
    t.wait_for("写成分数：2/3 表示不少于三分之二").await;
    for _ in 0..4 {
        t.press(keys::BACKSPACE).await;
    }
    t.type_text("3/4").await;
    t.press(keys::ENTER).await;
    t.wait_for("不少于 3/4").await;
    let (settings, _) = server.service.settings(1).unwrap();
    assert_eq!(settings.quorum.to_string(), ">= 3/4");
    t.press(keys::ESC).await;

    // A recusal by picking the expert, then the applicant.
    t.press(b"v").await;
    t.wait_for("林磊（郑州大学）").await;
    t.press(b"a").await;
    t.wait_for("选择回避的专家").await;
    t.press(keys::DOWN).await;
    t.press(keys::ENTER).await;
    t.wait_for("韩国庆（河南大学） 回避哪位参评人").await;
    t.press(keys::DOWN).await;
    t.press(keys::ENTER).await;
    t.wait_for("设定 韩国庆（河南大学） 回避").await;
    t.press(b"y").await;
    t.wait_for("职改办设定").await;
    assert_eq!(server.service.recusals(1).unwrap().len(), 2);
    t.press(keys::ESC).await;

    // Accounts, then the start.
    t.press(b"a").await;
    t.wait_for("请确认").await;
    t.press(b"y").await;
    t.wait_for("已发放 6 个账号").await;
    t.press(b"s").await;
    t.wait_for("请确认").await;
    t.press(b"y").await;
    t.wait_for("评审已开始").await;
    // After the start an import is refused before its file is read.
    let refused = server
        .service
        .import_from_inbox(&op, 1, ImportKind::Experts, "experts.csv");
    assert!(
        matches!(refused, Err(ServiceError::Problem(Problem::SetupClosed))),
        "{refused:?}"
    );

    server
        .service
        .blocking(|s| {
            run_committee(s, 1);
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(server.service.committee_name(1).unwrap(), "建筑专业高级评委会");
    let progress = server.service.committee_progress(&op, 1).unwrap();
    assert_eq!((progress.stage, progress.passed), (Stage::Reported, 2));

    // Results, record and certificates from the screen, downloaded with scp.
    t.press(b"x").await;
    t.wait_for("committee-1-results.xlsx").await;
    t.press(b"c").await;
    t.wait_for("exports/committee-1/certificates").await;
    let down = tempfile::tempdir().unwrap();
    let to = down.path().to_str().unwrap();
    for f in [
        "committee-1-results.csv",
        "committee-1-results.xlsx",
        "committee-1-record.txt",
        "committee-1-accounts.csv",
    ] {
        ok(&client.scp(&format!("operator@127.0.0.1:exports/{f}"), to));
    }
    let mut scp = client.openssh("scp", "-P");
    scp.args(["-r", "operator@127.0.0.1:exports/committee-1/certificates", to]);
    ok(&scp.output().unwrap());
    let results = std::fs::read_to_string(down.path().join("committee-1-results.csv")).unwrap();
    assert!(results.contains("李刚") && results.contains("张伟"), "{results}");
    let record = std::fs::read_to_string(down.path().join("committee-1-record.txt")).unwrap();
    assert!(record.contains("韩国庆"), "the recusal is in the record: {record}");
    let pdfs: Vec<_> = std::fs::read_dir(down.path().join("certificates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(pdfs.len(), 2, "{pdfs:?}");
    for p in &pdfs {
        assert!(std::fs::read(p).unwrap().starts_with(b"%PDF"), "{}", p.display());
    }
    // What the screen did is in the audit log under the operator's name.
    let log = pingshen::store::Store::open(&data).unwrap();
    let mut conn = log.conn().unwrap();
    let entries = pingshen::store::audit::all(&mut conn).unwrap();
    for action in [
        "committee.create",
        "committee.settings",
        "expert.add",
        "applicant.add",
        "recusal.add",
    ] {
        assert!(
            entries.iter().any(|e| e.action == action && e.actor == "operator"),
            "{action} by operator: {:?}",
            entries.iter().map(|e| (&e.action, &e.actor)).collect::<Vec<_>>()
        );
    }
}

/// What the screen's setup refuses, and that nothing changes: a committee name that
/// cannot be shown, a file outside inbox/, anyone but the office.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_screens_setup_refuses_bad_input_and_other_accounts() {
    let server = TestServer::start().await;
    let s = &server.service;
    for name in ["", "   ", "评委会\u{202e}", "a\u{7}b", &"长".repeat(201)] {
        let r = s.create_committee_by("operator", name, pingshen::domain::Mode::Expert);
        assert!(
            matches!(r, Err(ServiceError::Problem(Problem::CommitteeName))),
            "{name:?}: {r:?}"
        );
    }
    assert!(s.home(&Identity::office()).unwrap().cards.is_empty(), "nothing created");
    let id = s
        .create_committee_by("operator", "评委会", pingshen::domain::Mode::Expert)
        .unwrap();
    let op = Identity::office();
    for name in ["../pingshen.db", "/etc/passwd", ".upload-x", "missing.csv", "exports"] {
        let r = s.import_from_inbox(&op, id, ImportKind::Experts, name);
        assert!(
            matches!(r, Err(ServiceError::Problem(Problem::NoInboxFile(_)))),
            "{name}: {r:?}"
        );
    }
    let expert = Identity {
        is_operator: false,
        ..Identity::office()
    };
    let r = s.import_from_inbox(&expert, id, ImportKind::Experts, "x.csv");
    assert!(
        matches!(r, Err(ServiceError::Refused(pingshen::domain::Refusal::OperatorOnly))),
        "{r:?}"
    );
    assert!(matches!(s.inbox(&expert), Err(ServiceError::Refused(_))));
    assert!(s.people(&op, id).unwrap().is_empty(), "nothing imported");
}
