//! What the columns of an import mean (SPEC section 6): the applicant and expert
//! columns by their Chinese or English headers, each cell checked, every problem
//! collected with its row and column so that a bad file is reported in one go.

use std::collections::HashMap;
use std::fmt;

use super::table::Table;
use crate::domain::Role;
use crate::store::models::ApplicantRow;

/// One problem of an import file: the spreadsheet row (the header is row 1), the
/// column as the file names it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub why: Why,
}

/// What is wrong with a cell, a row or the header. Shown in Chinese by `Display` (the
/// command line's report); the office's screen says it in the user's language from the
/// message catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    DuplicateColumn,
    /// A required column is absent: its Chinese and English headers.
    MissingColumn {
        zh: &'static str,
        en: &'static str,
    },
    Empty,
    /// Only invisible characters (the first one's code point).
    OnlyInvisible(u32),
    /// An invisible or direction-changing character (its code point).
    Invisible(u32),
    TooLong {
        len: usize,
        max: usize,
    },
    Control,
    Newline,
    /// The same name and employer as an earlier row.
    DuplicateRow {
        first: usize,
    },
    NoDataRows,
    /// More cells than the header has columns.
    ExtraCells {
        cells: usize,
        headers: usize,
    },
    Gender(String),
    Years(String),
    UnknownRole(String),
    GroupNeeded,
    GroupNotAllowed,
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::DuplicateColumn => write!(f, "列名重复"),
            Why::MissingColumn { zh, en } => write!(f, "缺少必需的列（{zh} / {en}）"),
            Why::Empty => write!(f, "不能为空"),
            Why::OnlyInvisible(c) => write!(f, "只有不可见的字符 U+{c:04X}，请删去"),
            Why::Invisible(c) => write!(f, "含有不可见或改变文字方向的字符 U+{c:04X}，请删去"),
            Why::TooLong { len, max } => write!(f, "内容过长：{len} 字，最多 {max} 字"),
            Why::Control => write!(f, "含有控制字符"),
            Why::Newline => write!(f, "不能换行"),
            Why::DuplicateRow { first } => write!(f, "与第 {first} 行重复（同一姓名和工作单位）"),
            Why::NoDataRows => write!(f, "文件中没有数据行"),
            Why::ExtraCells { cells, headers } => write!(
                f,
                "有 {cells} 个单元格，多于表头的 {headers} 列（含逗号的内容需加引号）"
            ),
            Why::Gender(v) => write!(f, "应为“男”或“女”，而不是“{v}”"),
            Why::Years(v) => write!(f, "应为 0 至 70 的整数，而不是“{v}”"),
            Why::UnknownRole(r) => write!(
                f,
                "未知角色“{r}”（可用：组长、专家、主任、评委、上报人 / leader, expert, director, member, reporter）"
            ),
            Why::GroupNeeded => write!(f, "组长和专家必须填写专业组"),
            Why::GroupNotAllowed => write!(f, "只有组长和专家属于专业组；其他角色请留空"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = printable(&self.why.to_string());
        if self.column.is_empty() {
            write!(f, "第 {} 行：{why}", self.row)
        } else {
            write!(f, "第 {} 行，“{}”列：{why}", self.row, printable(&self.column))
        }
    }
}

/// Text from a file as it may be shown on the office's terminal: control characters
/// (an escape sequence in a header could otherwise drive the terminal) written out as
/// escapes, and at most 200 characters.
pub fn printable(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == 200 {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A field of an import: its Chinese and English headers and whether it is required.
struct Field {
    zh: &'static str,
    en: &'static str,
    required: bool,
}

const fn req(zh: &'static str, en: &'static str) -> Field {
    Field { zh, en, required: true }
}

const fn opt(zh: &'static str, en: &'static str) -> Field {
    Field {
        zh,
        en,
        required: false,
    }
}

const APPLICANT_FIELDS: &[Field] = &[
    req("姓名", "name"),
    req("性别", "gender"),
    req("工作单位", "employer"),
    req("现职称", "current_title"),
    req("申报职称", "applied_title"),
    req("专业", "specialty"),
    req("专业组", "group"),
    req("学历", "education"),
    req("工作年限", "years"),
    req("业绩成果", "achievements"),
    opt("出生年月", "birth_date"),
    opt("民族", "ethnicity"),
    opt("政治面貌", "political_status"),
    opt("身份证号", "id_number"),
    opt("学位", "degree"),
    opt("毕业院校", "school"),
    opt("参加工作时间", "work_start"),
    opt("取得现职称时间", "current_title_date"),
    opt("年度考核", "annual_assessments"),
    opt("继续教育", "continuing_education"),
    opt("论文著作", "papers"),
    opt("项目", "projects"),
    opt("专利", "patents"),
    opt("获奖情况", "awards"),
    opt("个人总结", "summary"),
];

const EXPERT_FIELDS: &[Field] = &[
    req("姓名", "name"),
    req("工作单位", "employer"),
    req("专业", "specialty"),
    opt("专业组", "group"),
    req("角色", "role"),
];

/// Longest text a short cell may hold, and a long one (the file's sections).
const SHORT: usize = 100;
const LONG: usize = 20_000;

/// The columns of a table matched to fields: field English name → column index, or
/// the problems of the header row.
fn header_map(table: &Table, fields: &[Field]) -> (HashMap<&'static str, usize>, Vec<String>, Vec<Problem>) {
    let mut map = HashMap::new();
    let mut ignored = Vec::new();
    let mut problems = Vec::new();
    for (i, h) in table.headers.iter().enumerate() {
        let key = h.trim().trim_start_matches('\u{feff}').to_lowercase();
        if key.is_empty() {
            continue;
        }
        match fields.iter().find(|f| f.zh == key || f.en == key) {
            Some(f) => {
                if map.insert(f.en, i).is_some() {
                    problems.push(Problem {
                        row: 1,
                        column: h.clone(),
                        why: Why::DuplicateColumn,
                    });
                }
            }
            None => ignored.push(h.clone()),
        }
    }
    for f in fields.iter().filter(|f| f.required) {
        if !map.contains_key(f.en) {
            problems.push(Problem {
                row: 1,
                column: f.zh.to_string(),
                why: Why::MissingColumn { zh: f.zh, en: f.en },
            });
        }
    }
    (map, ignored, problems)
}

/// Reads the cells of one row by field, checking lengths and required cells.
struct RowReader<'a> {
    table: &'a Table,
    map: &'a HashMap<&'static str, usize>,
    fields: &'static [Field],
    cells: &'a [String],
    row: usize,
    problems: &'a mut Vec<Problem>,
}

impl RowReader<'_> {
    fn header(&self, en: &str) -> String {
        self.map
            .get(en)
            .and_then(|i| self.table.headers.get(*i))
            .cloned()
            .unwrap_or_else(|| en.to_string())
    }

    fn problem(&mut self, en: &str, why: Why) {
        let column = self.header(en);
        self.problems.push(Problem {
            row: self.row,
            column,
            why,
        });
    }

    /// The cell of a field ("" when the column is absent), checked.
    fn get(&mut self, en: &'static str, max: usize) -> String {
        let value = self
            .map
            .get(en)
            .and_then(|i| self.cells.get(*i))
            .map(|c| c.trim().to_string())
            .unwrap_or_default();
        let required = self.fields.iter().any(|f| f.en == en && f.required);
        if required && value.is_empty() && self.map.contains_key(en) {
            self.problem(en, Why::Empty);
        }
        if let Some(c) = crate::domain::text::first_invisible(&value) {
            let why = if required && crate::domain::text::renders_blank(&value) {
                Why::OnlyInvisible(u32::from(c))
            } else {
                Why::Invisible(u32::from(c))
            };
            self.problem(en, why);
        }
        let len = value.chars().count();
        if len > max {
            self.problem(en, Why::TooLong { len, max });
        }
        if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            self.problem(en, Why::Control);
        } else if max <= SHORT && value.contains(['\n', '\t']) {
            // Only the long sections of a file may have several lines.
            self.problem(en, Why::Newline);
        }
        value
    }
}

/// An applicant to import: the spreadsheet row, the group by name, and the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantImport {
    pub row: usize,
    pub group: String,
    pub applicant: ApplicantRow,
}

/// An expert to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertImport {
    pub row: usize,
    pub name: String,
    pub employer: String,
    pub specialty: String,
    pub group: Option<String>,
    pub roles: Vec<Role>,
}

/// The rows of an import file, or every problem found in it.
pub struct Parsed<T> {
    pub rows: Vec<T>,
    /// Columns the file has that mean nothing here (kept out, listed in the report).
    pub ignored: Vec<String>,
}

/// A person (name and employer, the natural key) may appear once in a file; a second
/// row names the first.
fn once_per_file(seen: &mut HashMap<(String, String), usize>, r: &mut RowReader<'_>, name: String, employer: String) {
    if name.is_empty() {
        return;
    }
    let row = r.row;
    match seen.get(&(name.clone(), employer.clone())) {
        Some(first) => {
            r.problem("name", Why::DuplicateRow { first: *first });
        }
        None => {
            seen.insert((name, employer), row);
        }
    }
}

/// The rows, or every problem found; a file without data rows is one.
fn finish<T>(rows: Vec<T>, ignored: Vec<String>, mut problems: Vec<Problem>) -> Result<Parsed<T>, Vec<Problem>> {
    if rows.is_empty() && problems.is_empty() {
        problems.push(Problem {
            row: 2,
            column: String::new(),
            why: Why::NoDataRows,
        });
    }
    if problems.is_empty() {
        Ok(Parsed { rows, ignored })
    } else {
        Err(problems)
    }
}

/// Cells to the right of the last header: text there means the row did not split as
/// the header did (a comma without quotes, say).
fn extra_cells(table: &Table, problems: &mut Vec<Problem>) {
    for (row, cells) in data_rows(table) {
        if cells.iter().skip(table.headers.len()).any(|c| !c.trim().is_empty()) {
            problems.push(Problem {
                row,
                column: String::new(),
                why: Why::ExtraCells {
                    cells: cells.len(),
                    headers: table.headers.len(),
                },
            });
        }
    }
}

/// Rows that are wholly empty are skipped; the others are numbered as the
/// spreadsheet shows them (the header is row 1).
fn data_rows(table: &Table) -> impl Iterator<Item = (usize, &Vec<String>)> {
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 2, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
}

pub fn applicants(table: &Table) -> Result<Parsed<ApplicantImport>, Vec<Problem>> {
    let (map, ignored, mut problems) = header_map(table, APPLICANT_FIELDS);
    extra_cells(table, &mut problems);
    let mut rows = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (row, cells) in data_rows(table) {
        let mut r = RowReader {
            table,
            map: &map,
            fields: APPLICANT_FIELDS,
            cells,
            row,
            problems: &mut problems,
        };
        let name = r.get("name", 50);
        let raw = r.get("gender", SHORT);
        let gender = match raw.to_lowercase().as_str() {
            "男" | "male" | "m" => "男".to_string(),
            "女" | "female" | "f" => "女".to_string(),
            "" => String::new(),
            _ => {
                r.problem("gender", Why::Gender(raw.clone()));
                String::new()
            }
        };
        let years_text = r.get("years", SHORT);
        let years = match years_text.trim_end_matches('年').trim().parse::<i32>() {
            Ok(y) if (0..=70).contains(&y) => y,
            _ if years_text.is_empty() => 0,
            _ => {
                r.problem("years", Why::Years(years_text.clone()));
                0
            }
        };
        let applicant = ApplicantRow {
            name: name.clone(),
            gender,
            employer: r.get("employer", SHORT),
            current_title: r.get("current_title", SHORT),
            applied_title: r.get("applied_title", SHORT),
            specialty: r.get("specialty", SHORT),
            education: r.get("education", SHORT),
            years_of_work: years,
            achievements: r.get("achievements", LONG),
            birth_date: r.get("birth_date", SHORT),
            ethnicity: r.get("ethnicity", SHORT),
            political_status: r.get("political_status", SHORT),
            id_number: r.get("id_number", 30),
            degree: r.get("degree", SHORT),
            school: r.get("school", SHORT),
            work_start: r.get("work_start", SHORT),
            current_title_date: r.get("current_title_date", SHORT),
            annual_assessments: r.get("annual_assessments", LONG),
            continuing_education: r.get("continuing_education", LONG),
            papers: r.get("papers", LONG),
            projects: r.get("projects", LONG),
            patents: r.get("patents", LONG),
            awards: r.get("awards", LONG),
            summary: r.get("summary", LONG),
            group_round: 1,
            committee_round: 1,
            ..ApplicantRow::default()
        };
        let group = r.get("group", SHORT);
        once_per_file(&mut seen, &mut r, name, applicant.employer.clone());
        rows.push(ApplicantImport { row, group, applicant });
    }
    finish(rows, ignored, problems)
}

/// The roles a role cell names: several may be listed, separated by 、，,;；/ or
/// spaces. A group leader is also an expert; group experts and the director are also
/// committee members (评委).
fn roles(cell: &str) -> Result<Vec<Role>, Why> {
    let mut out = Vec::new();
    for part in cell
        .split(|c: char| matches!(c, '、' | '，' | ',' | ';' | '；' | '/') || c.is_whitespace())
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let implied: &[Role] = match part.to_lowercase().as_str() {
            "组长" | "专家组组长" | "leader" => &[Role::Leader, Role::Expert, Role::Member],
            "专家" | "评审专家" | "expert" => &[Role::Expert, Role::Member],
            "主任" | "主任委员" | "director" => &[Role::Director, Role::Member],
            "评委" | "委员" | "member" => &[Role::Member],
            "上报人" | "reporter" => &[Role::Reporter],
            other => return Err(Why::UnknownRole(other.to_string())),
        };
        for r in implied {
            if !out.contains(r) {
                out.push(*r);
            }
        }
    }
    Ok(out)
}

pub fn experts(table: &Table) -> Result<Parsed<ExpertImport>, Vec<Problem>> {
    let (map, ignored, mut problems) = header_map(table, EXPERT_FIELDS);
    extra_cells(table, &mut problems);
    let mut rows = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for (row, cells) in data_rows(table) {
        let mut r = RowReader {
            table,
            map: &map,
            fields: EXPERT_FIELDS,
            cells,
            row,
            problems: &mut problems,
        };
        let name = r.get("name", 50);
        let employer = r.get("employer", SHORT);
        let specialty = r.get("specialty", SHORT);
        let group = r.get("group", SHORT);
        let role_cell = r.get("role", SHORT);
        let roles = match roles(&role_cell) {
            Ok(roles) => {
                // The group fits the roles (checked only when the roles are readable).
                let in_a_group = roles.iter().any(|x| x.is_group_role());
                if in_a_group && group.is_empty() {
                    r.problem("group", Why::GroupNeeded);
                }
                if !in_a_group && !group.is_empty() {
                    r.problem("group", Why::GroupNotAllowed);
                }
                roles
            }
            Err(why) => {
                r.problem("role", why);
                Vec::new()
            }
        };
        once_per_file(&mut seen, &mut r, name.clone(), employer.clone());
        rows.push(ExpertImport {
            row,
            name,
            employer,
            specialty,
            group: (!group.is_empty()).then_some(group),
            roles,
        });
    }
    finish(rows, ignored, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows: rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect(),
            format: "UTF-8",
        }
    }

    const APPLICANT_HEADERS: &[&str] = &[
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
    ];

    #[test]
    fn applicants_with_chinese_or_english_headers() {
        let zh = table(
            APPLICANT_HEADERS,
            &[&[
                "1",
                "张三",
                "男",
                "郑州大学",
                "工程师",
                "高级工程师",
                "土木",
                "建筑组",
                "本科",
                "12",
                "主持项目",
            ]],
        );
        let parsed = applicants(&zh).unwrap();
        assert_eq!(parsed.ignored, vec!["序号"]);
        let a = &parsed.rows[0];
        assert_eq!((a.row, a.group.as_str()), (2, "建筑组"));
        assert_eq!((a.applicant.name.as_str(), a.applicant.years_of_work), ("张三", 12));
        let en = table(
            &[
                "name",
                "gender",
                "employer",
                "current_title",
                "applied_title",
                "specialty",
                "group",
                "education",
                "years",
                "achievements",
                "summary",
            ],
            &[&[
                "Li Si",
                "female",
                "Henan",
                "engineer",
                "senior",
                "civil",
                "G1",
                "BSc",
                "3年",
                "x",
                "long\ntext",
            ]],
        );
        let b = &applicants(&en).unwrap().rows[0].applicant;
        assert_eq!(
            (b.gender.as_str(), b.years_of_work, b.summary.as_str()),
            ("女", 3, "long\ntext")
        );
    }

    #[test]
    fn every_bad_row_and_column_is_reported_at_once() {
        let t = table(
            APPLICANT_HEADERS,
            &[
                &[
                    "1",
                    "张三",
                    "X",
                    "郑州大学",
                    "工程师",
                    "高级工程师",
                    "土木",
                    "建筑组",
                    "本科",
                    "十二",
                    "x",
                ],
                &[
                    "2",
                    "",
                    "女",
                    "郑州大学",
                    "工程师",
                    "高级工程师",
                    "土木",
                    "",
                    "本科",
                    "3",
                    "x",
                ],
                &["", "", "", "", "", "", "", "", "", "", ""],
                &[
                    "4",
                    "张三",
                    "男",
                    "郑州大学",
                    "工程师",
                    "高级工程师",
                    "土木",
                    "建筑组",
                    "本科",
                    "3",
                    "x",
                ],
            ],
        );
        let problems = applicants(&t).err().unwrap();
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "第 2 行，“性别”列：应为“男”或“女”，而不是“X”",
                "第 2 行，“工作年限”列：应为 0 至 70 的整数，而不是“十二”",
                "第 3 行，“姓名”列：不能为空",
                "第 3 行，“专业组”列：不能为空",
                "第 5 行，“姓名”列：与第 2 行重复（同一姓名和工作单位）",
            ]
        );
        let missing = applicants(&table(&["姓名", "姓名"], &[&["a", "b"]])).err().unwrap();
        assert_eq!(missing[0].to_string(), "第 1 行，“姓名”列：列名重复");
        assert!(
            missing
                .iter()
                .any(|p| p.to_string().contains("缺少必需的列（工作单位 / employer）"))
        );
    }

    #[test]
    fn names_that_reverse_or_render_blank_are_refused() {
        let t = table(
            &["姓名", "工作单位", "专业", "专业组", "角色"],
            &[
                &["张\u{202E}三", "单位", "土木", "组", "专家"],
                &["\u{3164}\u{3164}", "单位", "土木", "组", "专家"],
                &["李四", "单位\u{E0041}", "土木", "组", "专家"],
                &["王五", "单位", "土木", "组", "专家"],
            ],
        );
        let shown: Vec<String> = experts(&t).err().unwrap().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "第 2 行，“姓名”列：含有不可见或改变文字方向的字符 U+202E，请删去",
                "第 3 行，“姓名”列：只有不可见的字符 U+3164，请删去",
                "第 4 行，“工作单位”列：含有不可见或改变文字方向的字符 U+E0041，请删去",
            ]
        );
    }

    #[test]
    fn cells_too_long_or_with_control_characters_are_refused() {
        let long = "长".repeat(51);
        let t = table(
            &["姓名", "工作单位", "专业", "专业组", "角色"],
            &[
                &[long.as_str(), "单位", "土木", "组", "专家"],
                &["乙", "单位\u{7}", "土木", "组", "专家"],
            ],
        );
        let shown: Vec<String> = experts(&t).err().unwrap().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "第 2 行，“姓名”列：内容过长：51 字，最多 50 字",
                "第 3 行，“工作单位”列：含有控制字符",
            ]
        );
        assert_eq!(
            experts(&table(&["姓名", "工作单位", "专业", "专业组", "角色"], &[]))
                .err()
                .unwrap()[0]
                .to_string(),
            "第 2 行：文件中没有数据行"
        );
        // A comma without quotes splits a row into more cells than the header has; a
        // short cell with a line break.
        let t = table(
            &["姓名", "工作单位", "专业", "专业组", "角色"],
            &[
                &["甲", "单位", "土木", "组", "专家", "多余"],
                &["乙\n丙", "单位", "土木", "组", "专家"],
            ],
        );
        let shown: Vec<String> = experts(&t).err().unwrap().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "第 2 行：有 6 个单元格，多于表头的 5 列（含逗号的内容需加引号）",
                "第 3 行，“姓名”列：不能换行",
            ]
        );
    }

    #[test]
    fn expert_roles_and_groups() {
        let t = table(
            &["姓名", "工作单位", "专业", "专业组", "角色"],
            &[
                &["甲", "单位一", "土木", "建筑组", "组长"],
                &["乙", "单位二", "土木", "", "主任、评委"],
                &["丙", "单位三", "土木", "", "专家"],
                &["丁", "单位四", "土木", "建筑组", "校长"],
            ],
        );
        let problems = experts(&t).err().unwrap();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].to_string(), "第 4 行，“专业组”列：组长和专家必须填写专业组");
        assert!(problems[1].to_string().starts_with("第 5 行，“角色”列：未知角色“校长”"));
        let ok = experts(&table(
            &["name", "employer", "specialty", "group", "role"],
            &[&["A", "E", "S", "G", "leader"], &["B", "E", "S", "", "director"]],
        ))
        .unwrap();
        assert_eq!(ok.rows[0].roles, vec![Role::Leader, Role::Expert, Role::Member]);
        assert_eq!(ok.rows[1].roles, vec![Role::Director, Role::Member]);
    }
}
