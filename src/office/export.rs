//! Files the office takes away: credential slips (CSV) and the results of a committee
//! (CSV or XLSX). CSV files start with a UTF-8 byte-order mark so that Excel opens the
//! Chinese right.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::records::{IssuedAccount, MeetingRecord, RecordStep, ResultLine, SlipLogin};
use crate::domain::Role;
use crate::domain::action::Action;

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {why}")]
    Write { path: String, why: String },
    #[error("the output must end in .csv or .xlsx: {0}")]
    Extension(String),
    #[error("{0} exists already; --force replaces it")]
    Exists(String),
}

fn write_err(path: &Path, e: impl std::fmt::Display) -> ExportError {
    ExportError::Write {
        path: path.display().to_string(),
        why: e.to_string(),
    }
}

fn role_names(roles: &[Role]) -> String {
    let order = [Role::Leader, Role::Expert, Role::Director, Role::Member, Role::Reporter];
    order
        .iter()
        .filter(|r| roles.contains(r))
        .map(|r| match r {
            Role::Leader => "组长",
            Role::Expert => "专家",
            Role::Member => "评委",
            Role::Director => "主任",
            Role::Reporter => "上报人",
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn csv_bytes(rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        for r in rows {
            w.write_record(r.iter().map(|c| formula_safe(c).into_owned()))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// A cell a spreadsheet would run as a formula (=, +, -, @ first) gets a leading quote
/// mark, as Excel itself shows text; plain numbers and "-" stay as they are.
fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.len() > 1 && cell.starts_with(['=', '+', '-', '@']) && cell.parse::<f64>().is_err();
    if risky {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes a file whole or not at all, only its owner may read it (0600); an existing
/// file is refused unless `replace` (`crate::files`).
fn write_file(path: &Path, bytes: &[u8], replace: bool) -> Result<(), ExportError> {
    crate::files::write_private(path, bytes, replace).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => ExportError::Exists(path.display().to_string()),
        _ => write_err(path, e),
    })
}

/// The credential slips: 姓名, 角色, 专业组, 用户名, 密码, then how to log in: 服务器地址,
/// 登录命令 and 主机密钥指纹 (to compare at the first connection).
pub fn accounts_csv(
    path: &Path,
    accounts: &[IssuedAccount],
    login: &SlipLogin,
    replace: bool,
) -> Result<(), ExportError> {
    let mut rows = vec![vec![
        "姓名".to_string(),
        "角色".into(),
        "专业组".into(),
        "用户名".into(),
        "密码".into(),
        "服务器地址".into(),
        "登录命令".into(),
        "主机密钥指纹".into(),
    ]];
    for a in accounts {
        rows.push(vec![
            a.name.clone(),
            role_names(&a.roles),
            a.group.clone(),
            a.username.clone(),
            a.password.clone(),
            login.address(),
            login.command(&a.username),
            login.fingerprint.clone(),
        ]);
    }
    let bytes = csv_bytes(&rows).map_err(|e| write_err(path, e))?;
    // Passwords: readable by the owner only.
    write_file(path, &bytes, replace)
}

/// The header of the results table.
pub const RESULT_HEADERS: [&str; 22] = [
    "姓名",
    "工作单位",
    "申报职称",
    "专业组",
    "答辩评分",
    "小组结果",
    "小组同意",
    "小组反对",
    "小组弃权",
    "小组应投",
    "小组需同意",
    // The base of the group's rule, as for the committee below.
    "小组表决依据",
    "评委会出席",
    "评委会同意",
    "评委会反对",
    "评委会弃权",
    "最终结果",
    // The base of the committee's rule, so that "6 of 10" never reads as a broken rule.
    "评委会表决依据",
    // To match people with the office's own lists.
    "专业",
    "现职称",
    "身份证号",
    // The committee round that decided (only the latest counts; earlier ones are in the
    // meeting record).
    "评委会表决轮次",
];

/// One applicant's row of the results table, as text.
pub fn result_row(r: &ResultLine) -> Vec<String> {
    let num = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
    let g = r.group_vote;
    let c = r.committee_vote;
    let group_result = match g {
        Some(v) if v.5 => "通过",
        Some(_) => "未通过",
        None => "未评议",
    };
    let outcome = match (g, c) {
        (_, Some(v)) if v.5 => "通过",
        (_, Some(_)) => "未通过",
        (Some(v), None) if !v.5 => "未通过（专业组）",
        _ => "未表决",
    };
    vec![
        r.name.clone(),
        r.employer.clone(),
        r.applied_title.clone(),
        r.group.clone(),
        r.score.map(|s| s.to_string()).unwrap_or_default(),
        group_result.to_string(),
        num(g.map(|v| v.0)),
        num(g.map(|v| v.1)),
        num(g.map(|v| v.2)),
        num(g.map(|v| v.3)),
        num(g.map(|v| v.4)),
        match g {
            Some(v) => {
                let base = format!(
                    "专家 {} 回避 {} 应计 {} 需同意 {}",
                    v.3 + r.group_recused,
                    r.group_recused,
                    v.3,
                    v.4
                );
                match r.pass_score {
                    Some(p) => format!("{base}，答辩评分需达 {p}"),
                    None => base,
                }
            }
            None => String::new(),
        },
        num(c.map(|v| v.3)),
        num(c.map(|v| v.0)),
        num(c.map(|v| v.1)),
        num(c.map(|v| v.2)),
        outcome.to_string(),
        match (c, r.committee_base) {
            (Some(v), Some(base)) => {
                format!("出席 {} 回避 {} 应计 {base} 需同意 {}", v.3, v.3 - base, v.4)
            }
            _ => String::new(),
        },
        r.specialty.clone(),
        r.current_title.clone(),
        r.id_number_masked.clone(),
        num(r.committee_round),
    ]
}

/// Writes the results as CSV or XLSX, by the file's extension.
pub fn results(path: &Path, lines: &[ResultLine], replace: bool) -> Result<(), ExportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let mut rows = vec![RESULT_HEADERS.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    rows.extend(lines.iter().map(result_row));
    match ext.as_str() {
        "csv" => {
            let bytes = csv_bytes(&rows).map_err(|e| write_err(path, e))?;
            write_file(path, &bytes, replace)
        }
        "xlsx" => {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name("评审结果").map_err(|e| write_err(path, e))?;
            let bold = Format::new().set_bold();
            for (i, row) in rows.iter().enumerate() {
                for (j, cell) in row.iter().enumerate() {
                    let (r, c) = (i as u32, j as u16);
                    // The score and the counts as numbers, so that Excel can sum them;
                    // everything else stays text whatever it looks like.
                    let numeric = j == 4 || (6..=14).contains(&j) || j == 20;
                    let written = match cell.parse::<f64>() {
                        Ok(n) if i > 0 && numeric && n.is_finite() => sheet.write_number(r, c, n).map(|_| ()),
                        _ if i == 0 => sheet.write_string_with_format(r, c, cell, &bold).map(|_| ()),
                        _ => sheet.write_string(r, c, cell).map(|_| ()),
                    };
                    written.map_err(|e| write_err(path, e))?;
                }
            }
            let bytes = book.save_to_buffer().map_err(|e| write_err(path, e))?;
            write_file(path, &bytes, replace)
        }
        _ => Err(ExportError::Extension(path.display().to_string())),
    }
}

/// Who a re-vote is for and why: "（王伟、李娜；理由：……）".
/// A re-vote logged before its applicants and reason were kept says only that.
fn revote_of(s: &RecordStep) -> String {
    let who = s.applicants.join("、");
    match (who.is_empty(), s.reason.as_deref().filter(|r| !r.is_empty())) {
        (true, None) => String::new(),
        (false, None) => format!("（{who}）"),
        (true, Some(reason)) => format!("（理由：{reason}）"),
        (false, Some(reason)) => format!("（{who}；理由：{reason}）"),
    }
}

/// The meeting record as a plain text document (UTF-8), for printing and the file.
pub fn record_text(r: &MeetingRecord) -> String {
    let mode = match r.mode {
        crate::domain::Mode::Expert => "专家评审",
        crate::domain::Mode::Lecture => "专家评审+讲课答辩",
        crate::domain::Mode::Interview => "专家答辩+面试答辩",
    };
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line("评审会议记录".into());
    line(String::new());
    line(format!("评委会：{}", r.committee));
    line(format!("评审模式：{mode}"));
    line(format!("评委：{} 名", r.members));
    line(String::new());
    // Stored times are UTC; the record shows them in the installation's zone, named
    // once here.
    let zone = crate::domain::clock::zone();
    line(format!("一、评审过程（时间为 {}）", zone.label()));
    for s in &r.steps {
        let what = match s.action {
            // Issuing again revokes the earlier accounts: when, and by whom, matters.
            Action::AccountsIssue => "发放评审账号".to_string(),
            Action::CommitteeStart => "评审开始".to_string(),
            Action::GroupSwitchOpen => "开启投票开关".to_string(),
            Action::GroupSwitchClose => "关闭投票开关".to_string(),
            Action::GroupResult => "提交小组评议结果".to_string(),
            Action::GroupRevote => format!("开启复议{}", revote_of(s)),
            Action::CommitteeSwitchOpen => "开启评委会投票开关".to_string(),
            Action::CommitteeSwitchClose => match (s.void, s.missing, &s.reason) {
                (true, missing, reason) => format!(
                    "关闭评委会投票开关，本轮作废（{} 名出席评委未投票，已投票数不足法定人数，不计票；理由：{}）",
                    missing.unwrap_or(0),
                    reason.as_deref().unwrap_or("")
                ),
                (false, Some(missing), Some(reason)) => {
                    format!("关闭评委会投票开关（{missing} 名出席评委未投票，按未同意计；理由：{reason}）")
                }
                _ => "关闭评委会投票开关".to_string(),
            },
            Action::CommitteeRevote => format!("开启评委会复议{}", revote_of(s)),
            Action::CommitteeReport => "上报评审结果".to_string(),
            other => other.name().to_string(),
        };
        let place = match (&s.group, s.round) {
            (Some(g), Some(n)) => format!("{g} 第 {n} 轮 "),
            (Some(g), None) => format!("{g} "),
            (None, Some(n)) if s.action.is_committee_round_step() => {
                format!("评委会 第 {n} 轮 ")
            }
            _ => String::new(),
        };
        line(format!("  {}  {place}{what}（{}）", zone.date_time(&s.at), s.who));
    }
    line(String::new());
    if r.meeting_begun {
        line(format!(
            "二、评委会会议出席：{} 名（共 {} 名评委）",
            r.attendance.len(),
            r.members
        ));
    } else {
        line(format!(
            "二、评委会会议出席：评委会会议尚未开始（共 {} 名评委）",
            r.members
        ));
    }
    for (name, at) in &r.attendance {
        line(format!("  {name}  签到 {}", zone.date_time(at)));
    }
    if r.meeting_begun && !r.absent.is_empty() {
        line(format!("  未出席：{}", r.absent.join("、")));
    }
    line(String::new());
    line(format!("  回避：{} 项", r.recusals.len()));
    for (expert, applicant, why) in &r.recusals {
        let why = match why.as_str() {
            "employer" => "同单位",
            "office" => "职改办登记",
            "declared" => "本人申请",
            other => other,
        };
        line(format!("  {expert} 回避 {applicant}（{why}）"));
    }
    line(String::new());
    line("三、表决结果（无记名投票，只记票数）".into());
    line(format!("  {}", RESULT_HEADERS.join("  ")));
    for l in &r.results {
        let row: Vec<String> = result_row(l)
            .into_iter()
            .map(|c| if c.is_empty() { "-".into() } else { c })
            .collect();
        line(format!("  {}", row.join("  ")));
    }
    line(String::new());
    line("四、签字".into());
    line("  主任委员（签字）：____________    日期：__________".into());
    line("  上报人（签字）：____________      日期：__________".into());
    line(String::new());
    if let Some((seq, hash)) = &r.audit_head {
        line(format!(
            "本记录写出时审计日志共 {seq} 条，最后一条的哈希为 {hash}；核对：pingshen audit verify --expect-head {seq}:{hash}"
        ));
    }
    out
}

/// Writes the meeting record (UTF-8 text).
pub fn record(path: &Path, r: &MeetingRecord, replace: bool) -> Result<(), ExportError> {
    write_file(path, record_text(r).as_bytes(), replace)
}

/// The credential slips as a printable PDF: four slips a page, one per expert, to be
/// cut apart and handed out.
pub fn accounts_slips(
    path: &Path,
    committee: &str,
    accounts: &[IssuedAccount],
    login: &SlipLogin,
    font_bytes: &[u8],
    replace: bool,
) -> Result<(), ExportError> {
    use super::print::{Document, line, render};
    let mut pages = Vec::new();
    for chunk in accounts.chunks(4) {
        let mut lines = Vec::new();
        for (i, a) in chunk.iter().enumerate() {
            let top = 282.0 - 70.0 * i as f32;
            lines.push(line("职称评审系统 pingshen · 评审账号", 14.0, 20.0, top - 8.0));
            lines.push(line(format!("评委会：{committee}"), 10.0, 20.0, top - 17.0));
            let group = if a.group.is_empty() { "-" } else { a.group.as_str() };
            lines.push(line(
                format!("姓名：{}    角色：{}    专业组：{group}", a.name, role_names(&a.roles)),
                11.0,
                20.0,
                top - 26.0,
            ));
            lines.push(line(
                format!("用户名：{}    密码：{}", a.username, a.password),
                14.0,
                20.0,
                top - 37.0,
            ));
            lines.push(line(
                format!("登录：{}（输入上面的密码）", login.command(&a.username)),
                10.0,
                20.0,
                top - 45.0,
            ));
            lines.push(line(
                format!("首次连接时核对服务器主机密钥指纹：{}", login.fingerprint),
                8.5,
                20.0,
                top - 51.0,
            ));
            lines.push(line(
                "本账号只用于本评委会，评审结果上报后自动失效；不得转借他人，请妥善保管。",
                9.0,
                20.0,
                top - 57.0,
            ));
            lines.push(line("- ".repeat(60), 8.0, 10.0, top - 64.0));
        }
        pages.push(lines);
    }
    let bytes = render(
        &Document {
            title: format!("{committee} 评审账号"),
            pages,
            ..Document::default()
        },
        font_bytes,
    )
    .map_err(|e| write_err(path, e))?;
    write_file(path, &bytes, replace)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_revote_says_who_and_why_as_far_as_it_was_kept() {
        let step = |applicants: &[&str], reason: Option<&str>| super::RecordStep {
            at: String::new(),
            action: crate::domain::action::Action::CommitteeRevote,
            who: String::new(),
            group: None,
            round: Some(2),
            missing: None,
            reason: reason.map(str::to_string),
            void: false,
            applicants: applicants.iter().map(|a| a.to_string()).collect(),
        };
        assert_eq!(
            super::revote_of(&step(&["王伟", "李娜"], Some("补充材料"))),
            "（王伟、李娜；理由：补充材料）"
        );
        assert_eq!(super::revote_of(&step(&[], None)), "");
        assert_eq!(super::revote_of(&step(&["王伟"], None)), "（王伟）");
        assert_eq!(super::revote_of(&step(&[], Some("补充材料"))), "（理由：补充材料）");
    }

    use super::formula_safe;

    #[test]
    fn each_stage_states_the_base_of_its_rule() {
        let line = super::ResultLine {
            name: "王".into(),
            employer: String::new(),
            applied_title: String::new(),
            group: "建筑组".into(),
            score: None,
            group_vote: Some((3, 1, 0, 4, 3, true)),
            group_recused: 1,
            pass_score: Some(60),
            committee_vote: Some((6, 3, 1, 10, 6, true)),
            committee_base: Some(9),
            committee_round: Some(1),
            passed: true,
            specialty: String::new(),
            current_title: String::new(),
            id_number_masked: String::new(),
        };
        let row = super::result_row(&line);
        assert_eq!(row.len(), super::RESULT_HEADERS.len());
        let cell = |header: &str| row[super::RESULT_HEADERS.iter().position(|h| *h == header).unwrap()].clone();
        // 3 of 4 with one recused; in the defense modes the pass score is named too.
        assert_eq!(cell("小组表决依据"), "专家 5 回避 1 应计 4 需同意 3，答辩评分需达 60");
        // "6 of 10 passed" with one recused: 9 counted, 6 needed.
        assert_eq!(cell("评委会表决依据"), "出席 10 回避 1 应计 9 需同意 6");
        let undecided = super::ResultLine {
            group_vote: None,
            committee_vote: None,
            ..line
        };
        let row = super::result_row(&undecided);
        assert_eq!(
            row[super::RESULT_HEADERS.iter().position(|h| *h == "小组表决依据").unwrap()],
            ""
        );
    }

    #[test]
    fn cells_that_would_run_as_formulas_are_quoted() {
        for (cell, shown) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("+1+1", "'+1+1"),
            ("-", "-"),
            ("-3", "-3"),
            ("梁文博", "梁文博"),
        ] {
            assert_eq!(formula_safe(cell), shown);
        }
    }
}
