//! Files the office takes away: credential slips (CSV) and the results of a committee
//! (CSV or XLSX). CSV files start with a UTF-8 byte-order mark so that Excel opens the
//! Chinese right.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::domain::Role;
use crate::service::office::{IssuedAccount, ResultLine};

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {why}")]
    Write { path: String, why: String },
    #[error("the output must end in .csv or .xlsx: {0}")]
    Extension(String),
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
            w.write_record(r)?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// Writes a file whole or not at all: to a temporary name beside it, then renamed.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(|e| write_err(path, e))?;
    std::fs::rename(&tmp, path).map_err(|e| write_err(path, e))
}

/// The credential slips: 姓名, 角色, 专业组, 用户名, 密码.
pub fn accounts_csv(path: &Path, accounts: &[IssuedAccount]) -> Result<(), ExportError> {
    let mut rows = vec![vec![
        "姓名".to_string(),
        "角色".into(),
        "专业组".into(),
        "用户名".into(),
        "密码".into(),
    ]];
    for a in accounts {
        rows.push(vec![
            a.name.clone(),
            role_names(&a.roles),
            a.group.clone(),
            a.username.clone(),
            a.password.clone(),
        ]);
    }
    let bytes = csv_bytes(&rows).map_err(|e| write_err(path, e))?;
    write_file(path, &bytes)?;
    // Passwords: readable by the owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| write_err(path, e))?;
    }
    Ok(())
}

/// The header of the results table.
pub const RESULT_HEADERS: [&str; 16] = [
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
    "评委会出席",
    "评委会同意",
    "评委会反对",
    "评委会弃权",
    "最终结果",
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
        num(c.map(|v| v.3)),
        num(c.map(|v| v.0)),
        num(c.map(|v| v.1)),
        num(c.map(|v| v.2)),
        outcome.to_string(),
    ]
}

/// Writes the results as CSV or XLSX, by the file's extension.
pub fn results(path: &Path, lines: &[ResultLine]) -> Result<(), ExportError> {
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
            write_file(path, &bytes)
        }
        "xlsx" => {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name("评审结果").map_err(|e| write_err(path, e))?;
            let bold = Format::new().set_bold();
            for (i, row) in rows.iter().enumerate() {
                for (j, cell) in row.iter().enumerate() {
                    let (r, c) = (i as u32, j as u16);
                    // Counts and scores as numbers, so that Excel can sum them.
                    let written = match cell.parse::<f64>() {
                        Ok(n) if i > 0 => sheet.write_number(r, c, n).map(|_| ()),
                        _ if i == 0 => sheet.write_string_with_format(r, c, cell, &bold).map(|_| ()),
                        _ => sheet.write_string(r, c, cell).map(|_| ()),
                    };
                    written.map_err(|e| write_err(path, e))?;
                }
            }
            let bytes = book.save_to_buffer().map_err(|e| write_err(path, e))?;
            write_file(path, &bytes)
        }
        _ => Err(ExportError::Extension(path.display().to_string())),
    }
}
