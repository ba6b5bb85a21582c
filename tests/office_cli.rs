//! The office's scripting contract (SPEC section 6) run as an operator would, from an
//! empty data folder: committee create, imports in every encoding and XLSX, bad files
//! that import nothing, idempotent re-imports, accounts issued and revoked, the review
//! run, accounts that stop after the report, results exported and read back cell by
//! cell.

mod support;

use std::path::Path;
use std::process::Output;

use pingshen::domain::Choice;
use pingshen::office::export::RESULT_HEADERS;
use pingshen::service::{Identity, Service};
use pingshen::store::Store;
use support::fingerprint;

const LOCAL: std::net::IpAddr = std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

fn pingshen(args: &[&str], data: &Path) -> Output {
    support::pingshen_bin()
        .args(args)
        .arg("--data")
        .arg(data)
        .env("RUST_LOG", "error")
        .output()
        .expect("run pingshen")
}

/// The arguments, with `--force` when asked.
fn forced<'a>(args: &[&'a str], force: bool) -> Vec<&'a str> {
    let mut v = args.to_vec();
    if force {
        v.push("--force");
    }
    v
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "pingshen failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

const EXPERTS: &str = "\
姓名,工作单位,专业,专业组,角色
林磊,郑州大学,土木,建筑组,组长
韩国庆,河南省建筑设计研究院,土木,建筑组,专家
张勇,洛阳市建设局,土木,建筑组,专家
于明,开封市市政院,市政,市政组,组长
孙丽,南阳市城建集团,市政,市政组,专家
王强,安阳市规划院,市政,市政组,专家
朱志强,河南省住建厅,土木,,主任
孙涛,河南省人社厅,人事,,上报人
";

/// Applicant rows: name, gender, employer, group, years. The first shares 张勇's
/// employer, so he is recused from her when the review starts.
const APPLICANTS: [(&str, &str, &str, &str, f64); 4] = [
    ("梁文博", "女", "洛阳市建设局", "建筑组", 12.0),
    ("韩海燕", "女", "南阳市建筑设计研究院", "建筑组", 15.0),
    ("周国庆", "男", "开封市城乡建设发展中心", "市政组", 9.0),
    ("李刚", "男", "河南省交通规划设计研究院", "市政组", 20.0),
];

/// The applicants as an XLSX workbook, as the office's Excel saves it.
fn applicants_xlsx(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let headers = [
        "序号",
        "姓名",
        "性别",
        "工作单位",
        "现职称",
        "申报职称",
        "专业",
        "专业组",
        "学历",
        "工作年限",
        "业绩成果",
        "个人总结",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (name, gender, employer, group, years)) in APPLICANTS.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        for (c, v) in [
            (1, *name),
            (2, *gender),
            (3, *employer),
            (4, "工程师"),
            (5, "高级工程师"),
            (6, "土木工程"),
            (7, *group),
            (8, "本科"),
        ] {
            sheet.write_string(r, c, v).unwrap();
        }
        sheet.write_number(r, 9, *years).unwrap();
        sheet.write_string(r, 10, "主持完成多项工程").unwrap();
        sheet.write_string(r, 11, "第一段\n第二段").unwrap();
    }
    book.save(path).unwrap();
}

fn who(s: &Service, username: &str) -> Identity {
    s.identity_by_username(username).unwrap().unwrap()
}

#[test]
fn an_office_session_from_an_empty_folder_to_exported_results() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let id = ok(&pingshen(
        &[
            "committee",
            "create",
            "--name",
            "河南省工程系列建筑专业高级职称评审委员会",
            "--mode",
            "expert",
        ],
        &data,
    ));
    assert_eq!(id.trim(), "1");

    // Experts in GBK, as Excel in China saves a CSV.
    let experts = dir.path().join("experts.csv");
    let (gbk, _, _) = encoding_rs::GBK.encode(EXPERTS);
    std::fs::write(&experts, &gbk).unwrap();
    let out = ok(&pingshen(
        &["import", "experts", "--committee", "1", experts.to_str().unwrap()],
        &data,
    ));
    assert!(
        out.contains("8 row(s) read as GBK: 8 added, 0 updated, 0 unchanged"),
        "{out}"
    );
    assert!(out.contains("groups created: 建筑组, 市政组"), "{out}");
    let applicants = dir.path().join("applicants.xlsx");
    applicants_xlsx(&applicants);
    let out = ok(&pingshen(
        &["import", "applicants", "--committee", "1", applicants.to_str().unwrap()],
        &data,
    ));
    assert!(out.contains("4 row(s) read as XLSX: 4 added"), "{out}");
    // 张勇 works where 梁文博 does: recused at import.
    assert!(out.contains("recusals made (same employer): 1"), "{out}");
    assert!(out.contains("columns ignored: 序号"), "{out}");

    let service = Service::new(Store::open(&data).unwrap());
    let before = fingerprint(&service);
    // The same files again: nothing changes (the log neither).
    let out = ok(&pingshen(
        &["import", "experts", "--committee", "1", experts.to_str().unwrap()],
        &data,
    ));
    assert!(out.contains("0 added, 0 updated, 8 unchanged"), "{out}");
    let out = ok(&pingshen(
        &["import", "applicants", "--committee", "1", applicants.to_str().unwrap()],
        &data,
    ));
    assert!(out.contains("0 added, 0 updated, 4 unchanged"), "{out}");
    assert_eq!(before, fingerprint(&service), "a re-import changed something");

    // A bad file (UTF-8 with BOM) imports nothing and names every bad row and column.
    let bad = dir.path().join("bad.csv");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        "name,gender,employer,current_title,applied_title,specialty,group,education,years,achievements\n\
         新人,男,新单位,工程师,高级工程师,土木,建筑组,本科,5,x\n\
         坏人,X,某单位,工程师,高级工程师,土木,建筑组,本科,-3,x\n\
         ,女,某单位,工程师,高级工程师,土木,,本科,3,x\n"
            .as_bytes(),
    );
    std::fs::write(&bad, &bytes).unwrap();
    let out = pingshen(
        &["import", "applicants", "--committee", "1", bad.to_str().unwrap()],
        &data,
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for line in [
        "第 3 行，“gender”列：应为“男”或“女”，而不是“X”",
        "第 3 行，“years”列：应为 0 至 70 的整数，而不是“-3”",
        "第 4 行，“name”列：不能为空",
        "第 4 行，“group”列：不能为空",
        "4 problem(s) in",
        "nothing was imported",
    ] {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    assert_eq!(before, fingerprint(&service), "a bad file changed something");
    // Not a spreadsheet at all.
    let junk = dir.path().join("junk.csv");
    std::fs::write(&junk, b"\xff\xfe\xff\x00\x81").unwrap();
    let out = pingshen(
        &["import", "experts", "--committee", "1", junk.to_str().unwrap()],
        &data,
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("neither UTF-8 nor GBK"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Accounts: random, unambiguous, as slips; issuing again revokes the old ones. The
    // slips say where to connect and the host key's fingerprint to compare.
    let slips = dir.path().join("slips.csv");
    let host_keys = dir.path().join("host-keys");
    let fingerprint = pingshen::ssh::keys::fingerprint(&pingshen::ssh::keys::load_or_create(&host_keys).unwrap()[0]);
    let bad = pingshen(
        &[
            "accounts",
            "issue",
            "--committee",
            "1",
            "--out",
            slips.to_str().unwrap(),
            "--public-address",
            "http://x",
        ],
        &data,
    );
    assert_eq!(bad.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not HOST or HOST:PORT"));
    assert!(!slips.exists());
    ok(&pingshen(
        &[
            "accounts",
            "issue",
            "--committee",
            "1",
            "--out",
            slips.to_str().unwrap(),
            "--public-address",
            "pingshen.example.gov.cn",
            "--listen",
            "0.0.0.0:2200",
            "--keys",
            host_keys.to_str().unwrap(),
        ],
        &data,
    ));
    let read_slips = |path: &Path| -> Vec<Vec<String>> {
        let bytes = std::fs::read(path).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "slips start with a BOM for Excel");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..])
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let first = read_slips(&slips);
    assert_eq!(
        first[0],
        vec![
            "姓名",
            "角色",
            "专业组",
            "用户名",
            "密码",
            "服务器地址",
            "登录命令",
            "主机密钥指纹"
        ]
    );
    for row in &first[1..] {
        assert_eq!(row[5], "pingshen.example.gov.cn:2200");
        assert_eq!(row[6], format!("ssh -p 2200 {}@pingshen.example.gov.cn", row[3]));
        assert_eq!(row[7], fingerprint);
    }
    assert_eq!(first.len(), 9);
    assert_eq!(first[1][..3], ["林磊", "组长、专家、评委", "建筑组"]);
    assert_eq!(first[7][..3], ["朱志强", "主任、评委", ""]);
    for row in &first[1..] {
        assert_eq!(row[3].len(), 8, "{row:?}");
        assert_eq!(row[4].len(), 12, "{row:?}");
        assert!(
            !row[3].chars().chain(row[4].chars()).any(|c| "0Oo1lI".contains(c)),
            "{row:?}"
        );
    }
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&slips).unwrap().permissions().mode() & 0o777, 0o600);
    let printable = dir.path().join("slips.pdf");
    let again = |force: bool| {
        let args = [
            "accounts",
            "issue",
            "--committee",
            "1",
            "--out",
            slips.to_str().unwrap(),
            "--print",
            printable.to_str().unwrap(),
        ];
        pingshen(&forced(&args, force), &data)
    };
    // The slips exist: issuing again is refused before any account changes.
    let refused = again(false);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("exists already; --force replaces it"),
        "{refused:?}"
    );
    assert_eq!(read_slips(&slips), first, "the slips are untouched");
    assert!(!printable.exists());
    let out = ok(&again(true));
    assert!(out.contains("printable slips"), "{out}");
    let pdf = std::fs::read(&printable).unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() < 500_000, "{} bytes", pdf.len());
    assert_eq!(
        std::fs::metadata(&printable).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let second = read_slips(&slips);
    let rt = tokio::runtime::Runtime::new().unwrap();
    assert!(
        rt.block_on(service.login(&first[1][3], &first[1][4], LOCAL)).is_err(),
        "the old account was revoked"
    );
    let leader = rt
        .block_on(service.login(&second[1][3], &second[1][4], LOCAL))
        .expect("the new account logs in");
    assert_eq!(leader.display_name, "林磊");

    // The office records a conflict, lifts it again, and records another.
    let out = ok(&pingshen(
        &[
            "recusal",
            "add",
            "--committee",
            "1",
            "--expert",
            "孙丽",
            "--applicant",
            "李刚",
        ],
        &data,
    ));
    assert!(
        out.contains("孙丽（南阳市城建集团） 回避 李刚（河南省交通规划设计研究院）: office"),
        "{out}"
    );
    let out = ok(&pingshen(
        &[
            "recusal",
            "remove",
            "--committee",
            "1",
            "--expert",
            "孙丽",
            "--applicant",
            "李刚",
        ],
        &data,
    ));
    assert!(out.contains("1 recusal(s) in committee 1"), "{out}");
    assert!(!out.contains("孙丽"), "{out}");
    // A lifted same-employer recusal stays lifted when the file is imported again.
    let out = ok(&pingshen(
        &[
            "recusal",
            "remove",
            "--committee",
            "1",
            "--expert",
            "张勇",
            "--applicant",
            "梁文博",
        ],
        &data,
    ));
    assert!(out.contains("0 recusal(s) in committee 1"), "{out}");
    let out = ok(&pingshen(
        &["import", "applicants", "--committee", "1", applicants.to_str().unwrap()],
        &data,
    ));
    assert!(
        out.contains("0 added, 0 updated, 4 unchanged") && !out.contains("recusals made"),
        "{out}"
    );
    let out = ok(&pingshen(&["recusal", "list", "--committee", "1"], &data));
    assert!(out.contains("0 recusal(s) in committee 1"), "{out}");
    // The office sets it again itself.
    ok(&pingshen(
        &[
            "recusal",
            "add",
            "--committee",
            "1",
            "--expert",
            "张勇",
            "--applicant",
            "梁文博",
        ],
        &data,
    ));
    let out = pingshen(
        &[
            "recusal",
            "add",
            "--committee",
            "1",
            "--expert",
            "无名氏",
            "--applicant",
            "李刚",
        ],
        &data,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no expert named 无名氏"));
    // The review starts (张勇 is recused from 梁文博, who works where he does) and runs.
    let out = ok(&pingshen(&["committee", "start", "--committee", "1"], &data));
    assert!(out.contains("review started"), "{out}");
    let out = ok(&pingshen(&["recusal", "list", "--committee", "1"], &data));
    assert!(
        out.contains("张勇（洛阳市建设局） 回避 梁文博（洛阳市建设局）: office"),
        "{out}"
    );
    assert!(out.contains("1 recusal(s) in committee 1"), "{out}");
    // A record written before the committee meeting names nobody absent from it.
    let early = dir.path().join("early-record.txt");
    ok(&pingshen(
        &[
            "results",
            "record",
            "--committee",
            "1",
            "--out",
            early.to_str().unwrap(),
        ],
        &data,
    ));
    let early = std::fs::read_to_string(&early).unwrap();
    assert!(
        early.contains("二、评委会会议出席：评委会会议尚未开始（共 7 名评委）"),
        "{early}"
    );
    assert!(!early.contains("未出席"), "{early}");
    let user = |name: &str| second.iter().find(|r| r[0] == name).unwrap()[3].clone();
    let s = &service;
    let groups = s.groups(1).unwrap();
    for (g, (leader_name, experts)) in [("林磊", ["林磊", "韩国庆", "张勇"]), ("于明", ["于明", "孙丽", "王强"])]
        .iter()
        .enumerate()
    {
        let leader = who(s, &user(leader_name));
        let experts: Vec<Identity> = experts.iter().map(|n| who(s, &user(n))).collect();
        for line in s.applicant_lines(&leader, 1).unwrap() {
            s.assign_lead_reviewer(&leader, line.id, experts[1].expert_id.unwrap())
                .unwrap();
            for (k, e) in experts.iter().enumerate() {
                // 韩海燕 gets one rejection; 李刚 two, so he fails his group.
                let choice = match (line.name.as_str(), k) {
                    ("韩海燕", 2) | ("李刚", 1 | 2) => Choice::Reject,
                    _ => Choice::Approve,
                };
                match s.draft_vote(e, line.id, choice) {
                    Ok(()) => {}
                    Err(err) => assert_eq!(err.refusal(), Some(&pingshen::domain::Refusal::Recused)),
                }
            }
        }
        s.open_group_switch(&leader, groups[g].id, false).unwrap();
        for e in &experts {
            s.submit_votes(e, 1).unwrap();
        }
        s.close_group_switch(&leader, groups[g].id).unwrap();
        s.submit_group_result(&leader, groups[g].id).unwrap();
    }
    let members: Vec<Identity> = ["林磊", "韩国庆", "张勇", "于明", "孙丽", "王强", "朱志强"]
        .iter()
        .map(|n| who(s, &user(n)))
        .collect();
    for m in &members {
        s.check_in(m, 1).unwrap();
    }
    let director = who(s, &user("朱志强"));
    s.open_committee_switch(&director, 1).unwrap();
    for (k, m) in members.iter().enumerate() {
        for a in s.committee_round_applicants(1).unwrap() {
            let name = s
                .applicant_lines(m, 1)
                .unwrap()
                .into_iter()
                .find(|l| l.id == a)
                .unwrap()
                .name;
            // 周国庆: 4 of 7 approve, under 2/3; the others pass.
            let choice = if name == "周国庆" && k >= 4 {
                Choice::Abstain
            } else {
                Choice::Approve
            };
            match s.draft_vote(m, a, choice) {
                Ok(()) => {}
                Err(err) => assert_eq!(err.refusal(), Some(&pingshen::domain::Refusal::Recused)),
            }
        }
        s.submit_votes(m, 1).unwrap();
    }
    s.close_committee_switch(&director, 1).unwrap();
    s.report(&who(s, &user("孙涛")), 1).unwrap();
    // Accounts stop with the report.
    assert!(rt.block_on(service.login(&second[1][3], &second[1][4], LOCAL)).is_err());
    let out = pingshen(
        &[
            "accounts",
            "issue",
            "--committee",
            "1",
            "--out",
            slips.to_str().unwrap(),
        ],
        &data,
    );
    assert!(!out.status.success(), "no accounts after the report");

    // Certificates for the two who passed, signed with the office key.
    let keys = dir.path().join("keys");
    let certs = dir.path().join("certs");
    let issue = |out: &Path| {
        pingshen(
            &[
                "certificate",
                "issue",
                "--committee",
                "1",
                "--out",
                out.to_str().unwrap(),
                "--keys",
                keys.to_str().unwrap(),
                "--issuer",
                "河南省职称改革工作领导小组办公室",
            ],
            &data,
        )
    };
    let out = ok(&issue(&certs));
    assert!(out.contains("2 certificate(s)"), "{out}");
    let mut files: Vec<_> = std::fs::read_dir(&certs).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 2);
    // Numbered one after another among the committee's certificates: 周国庆, who
    // failed, leaves no gap.
    let serials: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_stem()
                .unwrap()
                .to_str()
                .unwrap()
                .split('-')
                .nth(2)
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(serials, ["0001", "0002"], "{files:?}");
    // Dated the Beijing day of the report, and naming the issuer, in the signed facts.
    let report_at = s
        .meeting_record(1)
        .unwrap()
        .steps
        .iter()
        .find(|st| st.action == pingshen::domain::action::Action::CommitteeReport)
        .map(|st| st.at.clone())
        .unwrap();
    let report_day = pingshen::domain::clock::Zone::default_zone().date(&report_at);
    let (first_payload, _) = pingshen::office::certificate::extract(&std::fs::read(&files[0]).unwrap()).unwrap();
    assert!(
        first_payload.contains(&format!("\ndate={report_day}\n")),
        "{first_payload} vs {report_at}"
    );
    assert!(
        first_payload.ends_with("\nissuer=河南省职称改革工作领导小组办公室\n"),
        "{first_payload}"
    );
    // Issuing again gives the same numbers.
    let again = ok(&issue(&dir.path().join("certs2")));
    for f in &files {
        let number = f.file_stem().unwrap().to_str().unwrap();
        assert!(again.contains(number), "{again}");
    }
    let verify = |file: &Path| {
        pingshen(
            &[
                "certificate",
                "verify",
                file.to_str().unwrap(),
                "--keys",
                keys.to_str().unwrap(),
            ],
            &data,
        )
    };
    let mut holders = Vec::new();
    for f in &files {
        let out = ok(&verify(f));
        assert!(out.contains("is valid"), "{out}");
        holders.push(out);
    }
    assert!(
        holders.iter().any(|o| o.contains("梁文博, 高级工程师, 洛阳市建设局")),
        "{holders:?}"
    );
    assert!(holders.iter().any(|o| o.contains("韩海燕")), "{holders:?}");
    // A tampered certificate: one character of the signed text changed in the file.
    let bytes = std::fs::read(&files[0]).unwrap();
    let (payload, signature) = pingshen::office::certificate::extract(&bytes).unwrap();
    let forged_payload = payload.replace("高级工程师", "正高级工程师");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let hex_of = |m: &str| -> String { m.encode_utf16().map(|u| format!("{u:04X}")).collect() };
    let old_marker = hex_of(&pingshen::office::certificate::marker(&payload, &signature));
    let new_marker = hex_of(&pingshen::office::certificate::marker(&forged_payload, &signature));
    assert!(text.contains(&old_marker), "the marker is in the PDF as UTF-16 hex");
    let tampered = dir.path().join("tampered.pdf");
    std::fs::write(&tampered, text.replace(&old_marker, &new_marker)).unwrap();
    let out = verify(&tampered);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("signature does not match"));
    // Correctly signed by this office's key but never issued: the number is unknown.
    let key = pingshen::office::certificate::OfficeKey::load(&keys).unwrap();
    let mut fake = pingshen::office::certificate::CertificateData::parse(&payload).unwrap();
    fake.number = "PS2026-001-9999-ZZZZ".into();
    let font = std::fs::read(pingshen::office::certificate::find_font(None).unwrap()).unwrap();
    let fake_pdf = pingshen::office::certificate::pdf(&fake, &key.sign(&fake.payload()), &font).unwrap();
    let fake_path = dir.path().join("fake.pdf");
    std::fs::write(&fake_path, fake_pdf).unwrap();
    let out = verify(&fake_path);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("was never issued here"));
    // Not a certificate at all.
    let out = verify(&csv_path_for_check(dir.path()));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no pingshen certificate"));

    // The QR code on the printed page, read back from the rendered page as a scanner
    // would, carries the facts and the signature; the office's published public key
    // checks it offline (no keys folder, no database).
    let public = support::pingshen_bin()
        .args(["certificate", "key", "--keys"])
        .arg(&keys)
        .output()
        .unwrap();
    let public = ok(&public).trim().to_string();
    assert_eq!(public.len(), 64, "{public}");
    let scanned = scan_qr(&files[0], dir.path());
    let (qr_payload, qr_signature) =
        pingshen::office::certificate::from_qr_text(&scanned).unwrap_or_else(|| panic!("{scanned}"));
    assert_eq!(qr_payload, first_payload);
    assert!(scanned.contains("holder=") && scanned.contains(&format!("signature={qr_signature}")));
    let code_file = dir.path().join("scanned.txt");
    std::fs::write(&code_file, &scanned).unwrap();
    let nowhere = dir.path().join("no-such-data");
    let offline = |file: &Path, key: &str| {
        support::pingshen_bin()
            .args(["certificate", "verify"])
            .arg(file)
            .args(["--public-key", key, "--keys"])
            .arg(dir.path().join("no-such-keys"))
            .arg("--data")
            .arg(&nowhere)
            .output()
            .unwrap()
    };
    let out = ok(&offline(&code_file, &public));
    assert!(
        out.contains("is signed by this key") && out.contains("河南省职称改革工作领导小组办公室"),
        "{out}"
    );
    assert!(ok(&offline(&files[1], &public)).contains("is signed by this key"));
    std::fs::write(&code_file, scanned.replace("高级工程师", "正高级工程师")).unwrap();
    let out = offline(&code_file, &public);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("signature does not match"));
    let other_key = "ab".repeat(32);
    let out = offline(&files[0], &other_key);
    assert!(!out.status.success(), "another office's key");
    let out = offline(&files[0], "12345");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an office public key"));
    assert!(!nowhere.exists(), "the offline check touched no data folder");

    // Results, CSV and XLSX, cell by cell: with the base of the committee's rule
    // ("6 of 7" passes with one recused: 6 counted, 4 needed), the specialty, the
    // current title, the masked ID number and the round that counts.
    let expected: Vec<Vec<&str>> = vec![
        RESULT_HEADERS.to_vec(),
        vec![
            "梁文博",
            "洛阳市建设局",
            "高级工程师",
            "建筑组",
            "",
            "通过",
            "2",
            "0",
            "0",
            "2",
            "2",
            "专家 3 回避 1 应计 2 需同意 2",
            "7",
            "6",
            "0",
            "0",
            "通过",
            "出席 7 回避 1 应计 6 需同意 4",
            "土木工程",
            "工程师",
            "",
            "1",
        ],
        vec![
            "韩海燕",
            "南阳市建筑设计研究院",
            "高级工程师",
            "建筑组",
            "",
            "通过",
            "2",
            "1",
            "0",
            "3",
            "2",
            "专家 3 回避 0 应计 3 需同意 2",
            "7",
            "7",
            "0",
            "0",
            "通过",
            "出席 7 回避 0 应计 7 需同意 5",
            "土木工程",
            "工程师",
            "",
            "1",
        ],
        vec![
            "周国庆",
            "开封市城乡建设发展中心",
            "高级工程师",
            "市政组",
            "",
            "通过",
            "3",
            "0",
            "0",
            "3",
            "2",
            "专家 3 回避 0 应计 3 需同意 2",
            "7",
            "4",
            "0",
            "3",
            "未通过",
            "出席 7 回避 0 应计 7 需同意 5",
            "土木工程",
            "工程师",
            "",
            "1",
        ],
        vec![
            "李刚",
            "河南省交通规划设计研究院",
            "高级工程师",
            "市政组",
            "",
            "未通过",
            "1",
            "2",
            "0",
            "3",
            "2",
            "专家 3 回避 0 应计 3 需同意 2",
            "",
            "",
            "",
            "",
            "未通过（专业组）",
            "",
            "土木工程",
            "工程师",
            "",
            "",
        ],
    ];
    let csv_path = dir.path().join("results.csv");
    ok(&pingshen(
        &[
            "results",
            "export",
            "--committee",
            "1",
            "--out",
            csv_path.to_str().unwrap(),
        ],
        &data,
    ));
    let got = read_slips(&csv_path);
    assert_eq!(got, expected);
    let xlsx_path = dir.path().join("results.xlsx");
    ok(&pingshen(
        &[
            "results",
            "export",
            "--committee",
            "1",
            "--out",
            xlsx_path.to_str().unwrap(),
        ],
        &data,
    ));
    let table = pingshen::office::table::read(&std::fs::read(&xlsx_path).unwrap()).unwrap();
    let mut got = vec![table.headers.clone()];
    got.extend(table.rows.clone());
    // Empty cells at the end of a row are no cells in a workbook.
    for row in &mut got {
        row.resize(RESULT_HEADERS.len(), String::new());
    }
    assert_eq!(got, expected);
    let out = pingshen(
        &["results", "export", "--committee", "1", "--out", "results.pdf"],
        &data,
    );
    assert!(!out.status.success());
    // An existing file is refused unless --force, and a file that happens to carry the
    // old temporary name (results.csv.part) is never touched; every file is 0600.
    let part = dir.path().join("results.csv.part");
    std::fs::write(&part, "someone else's").unwrap();
    std::fs::write(&csv_path, "an older export").unwrap();
    let export = |force: bool| {
        let args = [
            "results",
            "export",
            "--committee",
            "1",
            "--out",
            csv_path.to_str().unwrap(),
        ];
        pingshen(&forced(&args, force), &data)
    };
    let refused = export(false);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("exists already; --force replaces it"));
    assert_eq!(std::fs::read_to_string(&csv_path).unwrap(), "an older export");
    ok(&export(true));
    assert_eq!(read_slips(&csv_path), expected);
    assert_eq!(std::fs::read_to_string(&part).unwrap(), "someone else's");
    for f in [&csv_path, &xlsx_path] {
        assert_eq!(
            std::fs::metadata(f).unwrap().permissions().mode() & 0o777,
            0o600,
            "{}",
            f.display()
        );
    }
    // The meeting record: steps with who and when, attendance, tallies.
    let record_path = dir.path().join("record.txt");
    ok(&pingshen(
        &[
            "results",
            "record",
            "--committee",
            "1",
            "--out",
            record_path.to_str().unwrap(),
        ],
        &data,
    ));
    let record = std::fs::read_to_string(&record_path).unwrap();
    for want in [
        "评审会议记录",
        "评委会：河南省工程系列建筑专业高级职称评审委员会",
        "评审开始（职改办）",
        "建筑组 第 1 轮 开启投票开关（林磊）",
        "市政组 第 1 轮 提交小组评议结果（于明）",
        "评委会 第 1 轮 开启评委会投票开关（朱志强）",
        "评委会 第 1 轮 关闭评委会投票开关（朱志强）",
        "上报评审结果（孙涛）",
        "二、评委会会议出席：7 名（共 7 名评委）",
        "  孙丽  签到 ",
        "  周国庆  开封市城乡建设发展中心  高级工程师  市政组  -  通过  3  0  0  3  2  专家 3 回避 0 应计 3 需同意 2  7  4  0  3  未通过  出席 7 回避 0 应计 7 需同意 5",
        // The base of the rule explains "6 of 7" with one recused.
        "  梁文博  洛阳市建设局  高级工程师  建筑组  -  通过  2  0  0  2  2  专家 3 回避 1 应计 2 需同意 2  7  6  0  0  通过  出席 7 回避 1 应计 6 需同意 4",
        "  回避：",
        "四、签字",
        "  主任委员（签字）：",
        "  上报人（签字）：",
    ] {
        assert!(record.contains(want), "missing {want:?} in:\n{record}");
    }
    // Times are Beijing time (the default zone), named once; the same record with
    // `--timezone UTC` shows every time eight hours earlier.
    assert!(
        record.contains("一、评审过程（时间为 Asia/Shanghai, UTC+08:00）"),
        "{record}"
    );
    let utc_path = dir.path().join("record-utc.txt");
    ok(&pingshen(
        &[
            "--timezone",
            "UTC",
            "results",
            "record",
            "--committee",
            "1",
            "--out",
            utc_path.to_str().unwrap(),
        ],
        &data,
    ));
    let utc = std::fs::read_to_string(&utc_path).unwrap();
    assert!(utc.contains("一、评审过程（时间为 UTC, UTC+00:00）"), "{utc}");
    let start_time = |text: &str| -> jiff::civil::DateTime {
        let line = text.lines().find(|l| l.ends_with("评审开始（职改办）")).unwrap();
        line.trim()[..19].parse().unwrap_or_else(|e| panic!("{line:?}: {e}"))
    };
    let (beijing, utc_time) = (start_time(&record), start_time(&utc));
    assert_eq!(beijing, utc_time.checked_add(jiff::Span::new().hours(8)).unwrap());
    let now_utc = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .datetime();
    let age = now_utc.duration_since(utc_time).as_secs();
    assert!((0..3600).contains(&age), "the start was {age} s ago?");

    // The record names the audit log's head, and `audit verify` agrees with it.
    let head = record
        .lines()
        .find(|l| l.starts_with("本记录写出时审计日志共"))
        .unwrap_or_else(|| panic!("no audit head in:\n{record}"));
    let seq: i32 = head
        .trim_start_matches("本记录写出时审计日志共 ")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let hash = service.audit_hash_of(seq).unwrap().unwrap();
    assert!(head.contains(&hash), "{head} vs {hash}");
    assert_eq!(service.replay().unwrap().mismatches, Vec::<String>::new());
}

#[test]
fn office_commands_refuse_bad_arguments_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for (args, says) in [
        (
            vec!["committee", "create", "--name", "x", "--mode", "oral"],
            "unknown mode",
        ),
        (
            vec!["committee", "create", "--name", "  ", "--mode", "expert"],
            "1 to 200 characters",
        ),
    ] {
        let out = pingshen(&args, &data);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(says),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    ok(&pingshen(
        &["committee", "create", "--name", "委员会", "--mode", "lecture"],
        &data,
    ));
    // Settings: the 2019 defaults, then changed, then refused when bad.
    let out = ok(&pingshen(&["committee", "settings", "--committee", "1"], &data));
    for want in [
        "group pass: > 1/2",
        "committee pass: >= 2/3",
        "quorum: >= 2/3",
        "a failed group result stops the applicant",
        "score: trimmed mean from 5 sheets",
        "pass score: none",
        "score items: 内容:40,表达:30,答辩:30",
    ] {
        assert!(out.contains(want), "missing {want:?} in {out}");
    }
    let out = ok(&pingshen(
        &[
            "committee",
            "settings",
            "--committee",
            "1",
            "--pass-score",
            "60",
            "--trim-from",
            "never",
            "--group-fail-stops",
            "no",
            "--score-items",
            "讲课:50，答辩:50",
        ],
        &data,
    ));
    for want in [
        "pass score: 60",
        "score: plain mean",
        "is only a reference for the committee",
        "score items: 讲课:50,答辩:50",
    ] {
        assert!(out.contains(want), "missing {want:?} in {out}");
    }
    for (args, says) in [
        (vec!["--score-items", "讲课:50,答辩:40"], "add up to 90"),
        (vec!["--score-items", "讲课"], "not NAME:POINTS"),
        (vec!["--group-pass", "3/2"], "between 0 and 1"),
        (vec!["--pass-score", "101"], "pass score"),
    ] {
        let mut all = vec!["committee", "settings", "--committee", "1"];
        all.extend(args.iter());
        let out = pingshen(&all, &data);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let missing = dir.path().join("nope.csv");
    for (args, says) in [
        (
            vec!["import", "experts", "--committee", "1", missing.to_str().unwrap()],
            "cannot read",
        ),
        (
            vec!["import", "experts", "--committee", "9", missing.to_str().unwrap()],
            "cannot read",
        ),
        (vec!["accounts", "issue", "--committee", "1", "--out", "a.txt"], ".csv"),
        (
            vec!["accounts", "issue", "--committee", "1", "--out", "a.csv"],
            "no experts",
        ),
        (vec!["committee", "start", "--committee", "7"], "not found"),
        (
            vec!["certificate", "issue", "--committee", "1", "--out", "certs"],
            "once the committee has reported",
        ),
    ] {
        let out = pingshen(&args, &data);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // Importing into a committee that does not exist names it.
    let experts = dir.path().join("e.csv");
    std::fs::write(&experts, EXPERTS).unwrap();
    let out = pingshen(
        &["import", "experts", "--committee", "9", experts.to_str().unwrap()],
        &data,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("committee not found"));
}

/// The text of the QR code on a certificate's page: the page rendered at 300 dpi
/// in grey (poppler's pdftoppm, as a scanner would see it), then decoded with rqrr.
fn scan_qr(pdf: &Path, dir: &Path) -> String {
    support::require("pdftoppm", "poppler-utils");
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(dir.join("page"))
        .output()
        .expect("pdftoppm (poppler-utils) is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pgm = std::fs::read(dir.join("page.pgm")).unwrap();
    // P5 <width> <height> <max>\n then one byte a pixel.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &pgm[at + 1..];
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    content
}

/// Any file that is not a certificate.
fn csv_path_for_check(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("not-a-certificate.pdf");
    std::fs::write(&p, b"%PDF-1.7\n%%EOF\n").unwrap();
    p
}

/// A committee of 100,000 applicants (SQLite takes at most 32,766 parameters a
/// statement, and lists of applicant ids once grew with the data): it imports and
/// starts, and the office's progress screen, an expert's applicant list, the leader's
/// panel, the recusal list and the results export all work.
#[test]
fn a_committee_of_100000_applicants_imports_starts_lists_and_exports() {
    const N: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&pingshen(
        &["committee", "create", "--name", "大评委会", "--mode", "expert"],
        &data,
    ));
    let experts = dir.path().join("experts.csv");
    std::fs::write(
        &experts,
        "姓名,工作单位,专业,专业组,角色\n林磊,甲院,土木,建筑组,组长\n张三,乙院,土木,建筑组,专家\n\
         李四,丙院,土木,建筑组,专家\n朱志强,丁院,土木,,主任\n王五,戊院,土木,,评委\n孙涛,己院,人事,,上报人\n",
    )
    .unwrap();
    ok(&pingshen(
        &["import", "experts", "--committee", "1", experts.to_str().unwrap()],
        &data,
    ));
    let mut csv = String::from("姓名,性别,工作单位,现职称,申报职称,专业,专业组,学历,工作年限,业绩成果\n");
    for i in 0..N {
        csv.push_str(&format!(
            "申报人{i},男,单位{},工程师,高级工程师,土木,建筑组,本科,10,业绩\n",
            i % 500
        ));
    }
    let applicants = dir.path().join("applicants.csv");
    std::fs::write(&applicants, csv).unwrap();
    let out = ok(&pingshen(
        &["import", "applicants", "--committee", "1", applicants.to_str().unwrap()],
        &data,
    ));
    assert!(out.contains("100000 added"), "{out}");
    let service = Service::new(Store::open(&data).unwrap());
    let accounts = service.issue_accounts(1).unwrap();
    ok(&pingshen(&["committee", "start", "--committee", "1"], &data));
    let account = |name: &str| {
        let a = accounts.iter().find(|a| a.name == name).unwrap();
        who(&service, &a.username)
    };
    let progress = service.committee_progress(&Identity::office(), 1).unwrap();
    assert_eq!(progress.groups.len(), 1);
    let lines = service.applicant_lines(&account("张三"), 1).unwrap();
    assert_eq!(lines.len(), N);
    let leader = account("林磊");
    let board = service.group_board(&leader, progress.groups[0].id).unwrap();
    assert_eq!(board.lines.len(), N);
    ok(&pingshen(&["recusal", "list", "--committee", "1"], &data));
    let results = dir.path().join("results.csv");
    ok(&pingshen(
        &[
            "results",
            "export",
            "--committee",
            "1",
            "--out",
            results.to_str().unwrap(),
        ],
        &data,
    ));
    assert_eq!(std::fs::read_to_string(&results).unwrap().lines().count(), N + 1);
}

/// Whatever the umask (here none at all), every folder a command creates is 0700 and
/// every file it writes 0600: the data folder with its lock and database, the keys, and
/// what the office exports.
#[test]
fn folders_are_0700_and_files_0600_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("new/data");
    let run = |args: &[&str]| {
        let mut cmd = support::pingshen_bin();
        cmd.args(args).arg("--data").arg(&data).env("RUST_LOG", "error");
        // SAFETY: umask is async-signal-safe; nothing else runs in the child yet.
        unsafe {
            cmd.pre_exec(|| {
                libc::umask(0);
                Ok(())
            });
        }
        ok(&cmd.output().unwrap())
    };
    let keys = dir.path().join("new/keys");
    run(&["init", "--keys", keys.to_str().unwrap()]);
    run(&["committee", "create", "--name", "委员会", "--mode", "expert"]);
    let experts = dir.path().join("experts.csv");
    std::fs::write(&experts, EXPERTS).unwrap();
    run(&["import", "experts", "--committee", "1", experts.to_str().unwrap()]);
    let slips = dir.path().join("slips.csv");
    run(&[
        "accounts",
        "issue",
        "--committee",
        "1",
        "--out",
        slips.to_str().unwrap(),
    ]);
    let results = dir.path().join("results.xlsx");
    run(&[
        "results",
        "export",
        "--committee",
        "1",
        "--out",
        results.to_str().unwrap(),
    ]);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for folder in [dir.path().join("new"), data.clone(), keys.clone()] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
    let host_key = keys.join("ssh_host_ed25519_key");
    for file in [
        data.join("pingshen.db"),
        data.join("serve.lock"),
        host_key,
        slips,
        results,
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}
