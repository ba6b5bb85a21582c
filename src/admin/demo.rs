//! The demo committee set: one committee per review mode, each with two professional
//! groups, a leader and experts per group, a director, members and a reporter, and
//! applicants with complete, realistic application files. Deterministic: the same
//! data every run, so the README and the tests can name people.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::domain::{Mode, Role};
use crate::service::setup::ExpertSpec;
use crate::service::storage::ApplicantRow;
use crate::service::{Identity, Result, Service};

/// One demo login, as printed at start.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub committee: String,
    pub group: String,
}

struct Plan {
    name: &'static str,
    mode: Mode,
    groups: [(&'static str, &'static [&'static str]); 2],
    current_title: &'static str,
    applied_title: &'static str,
    employers: &'static [&'static str],
    /// Where the experts work: apart from the applicants' employers, but for one
    /// deliberate conflict per group that the engine recuses automatically.
    expert_employers: &'static [&'static str],
}

const PLANS: [Plan; 3] = [
    Plan {
        name: "河南省工程系列建筑专业高级职称评审委员会",
        mode: Mode::Expert,
        groups: [
            ("建筑工程组", &["建筑工程施工", "结构工程", "工程管理"]),
            ("市政工程组", &["市政道路", "给水排水", "城市燃气"]),
        ],
        current_title: "工程师",
        applied_title: "高级工程师",
        employers: &[
            "河南省第一建筑工程集团有限责任公司",
            "郑州市市政工程勘测设计研究院",
            "洛阳市建设工程质量监督站",
            "中建七局第三建筑有限公司",
            "开封市城乡建设发展中心",
            "新乡市给排水有限公司",
            "南阳市建筑设计研究院有限公司",
            "河南省交通规划设计研究院股份有限公司",
        ],
        expert_employers: &[
            "郑州大学",
            "华北水利水电大学",
            "河南省建筑科学研究院有限公司",
            "河南工业大学",
            "中国建筑第七工程局有限公司",
        ],
    },
    Plan {
        name: "河南省卫生系列内外科副主任医师评审委员会",
        mode: Mode::Lecture,
        groups: [
            ("内科组", &["心血管内科", "呼吸内科", "消化内科"]),
            ("外科组", &["普通外科", "骨科", "神经外科"]),
        ],
        current_title: "主治医师",
        applied_title: "副主任医师",
        employers: &[
            "郑州大学第一附属医院",
            "河南省人民医院",
            "洛阳市中心医院",
            "新乡医学院第一附属医院",
            "商丘市第一人民医院",
            "周口市中心医院",
            "安阳市人民医院",
            "信阳市中心医院",
        ],
        expert_employers: &[
            "郑州大学第二附属医院",
            "河南省胸科医院",
            "河南中医药大学第一附属医院",
            "郑州市中心医院",
            "河南科技大学第一附属医院",
        ],
    },
    Plan {
        name: "河南省中小学教师系列高级职称评审委员会",
        mode: Mode::Interview,
        groups: [
            ("语文组", &["小学语文", "初中语文", "高中语文"]),
            ("数学组", &["小学数学", "初中数学", "高中数学"]),
        ],
        current_title: "一级教师",
        applied_title: "高级教师",
        employers: &[
            "郑州市第一中学",
            "河南省实验中学",
            "洛阳市东方第二小学",
            "开封市金明中学",
            "许昌市建安区第一高级中学",
            "平顶山市第四十一中学",
            "焦作市解放区实验小学",
            "驻马店市第二初级中学",
        ],
        expert_employers: &[
            "河南师范大学",
            "河南省基础教育教学研究室",
            "郑州市教育科学研究院",
            "河南大学附属中学",
            "信阳师范大学",
        ],
    },
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
    "平", "刚", "桂英", "建华", "文博", "志强", "海燕", "晓东", "雪梅", "国庆", "春生", "红梅", "立新",
];
const ETHNICITIES: &[&str] = &["汉族", "汉族", "汉族", "汉族", "回族", "满族", "蒙古族"];
const POLITICAL: &[&str] = &[
    "中共党员",
    "中共党员",
    "群众",
    "九三学社社员",
    "中国民主同盟盟员",
    "共青团员",
];
const SCHOOLS: &[&str] = &[
    "郑州大学",
    "河南大学",
    "河南理工大学",
    "华北水利水电大学",
    "河南师范大学",
    "新乡医学院",
    "武汉大学",
    "同济大学",
];
const CITIES: &[&str] = &["郑州", "洛阳", "开封", "新乡", "南阳", "安阳", "许昌", "信阳"];

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn person_name(rng: &mut StdRng, used: &mut Vec<String>) -> String {
    loop {
        let n = format!("{}{}", pick(rng, SURNAMES), pick(rng, GIVEN));
        if !used.contains(&n) {
            used.push(n.clone());
            return n;
        }
    }
}

fn applicant(
    rng: &mut StdRng,
    plan: &Plan,
    specialties: &[&str],
    committee_id: i32,
    group_id: i32,
    name: String,
) -> ApplicantRow {
    let birth_year = rng.random_range(1975..=1990);
    let birth_month = rng.random_range(1..=12);
    let gender = if rng.random_bool(0.5) { "男" } else { "女" };
    let graduate_year = birth_year + 22 + rng.random_range(0..=3);
    let master = rng.random_bool(0.4);
    let work_start = if master { graduate_year + 3 } else { graduate_year };
    let title_year = rng.random_range(2014..=2020);
    let specialty = pick(rng, specialties).to_string();
    let employer = pick(rng, plan.employers).to_string();
    let city = pick(rng, CITIES);
    let id_number = format!(
        "41{:04}{birth_year}{birth_month:02}{:02}{:04}",
        rng.random_range(100..9999),
        rng.random_range(1..=28),
        rng.random_range(0..9999)
    );
    let grades = ["合格", "合格", "优秀", "合格", "优秀"];
    let annual: Vec<String> = (2021..=2025)
        .map(|y| format!("{y}年度：{}", grades[rng.random_range(0..grades.len())]))
        .collect();
    let papers = format!(
        "1. 《{specialty}中若干关键问题的研究与实践》，{}，{}年第{}期，第一作者\n2. 《基于实际案例的{specialty}质量控制方法探讨》，{}，{}年第{}期，第一作者\n3. 《{specialty}技术规范应用浅析》（合著），{}出版社，{}年",
        pick(
            rng,
            &["中国科技期刊", "河南科技", "工程与建设", "中华医学杂志", "中国教育学刊"]
        ),
        rng.random_range(2019..=2024),
        rng.random_range(1..=12),
        pick(
            rng,
            &["科技创新导报", "中国实用医刊", "中小学教学研究", "城市建设理论研究"]
        ),
        rng.random_range(2019..=2024),
        rng.random_range(1..=12),
        pick(rng, &["河南科学技术", "人民卫生", "河南大学", "中国建筑工业"]),
        rng.random_range(2018..=2024),
    );
    ApplicantRow {
        id: 0,
        committee_id,
        group_id: Some(group_id),
        name,
        gender: gender.to_string(),
        id_number,
        birth_date: format!("{birth_year}年{birth_month:02}月"),
        ethnicity: pick(rng, ETHNICITIES).to_string(),
        political_status: pick(rng, POLITICAL).to_string(),
        employer: employer.clone(),
        current_title: plan.current_title.to_string(),
        current_title_date: format!("{title_year}年{:02}月", rng.random_range(1..=12)),
        applied_title: plan.applied_title.to_string(),
        specialty: specialty.clone(),
        education: if master { "硕士研究生" } else { "大学本科" }.to_string(),
        degree: if master { "硕士" } else { "学士" }.to_string(),
        school: pick(rng, SCHOOLS).to_string(),
        work_start: format!("{work_start}年07月"),
        years_of_work: 2026 - work_start,
        annual_assessments: annual.join("\n"),
        continuing_education: format!(
            "2021—2025年累计完成继续教育 {} 学时（公需科目 {} 学时，专业科目 {} 学时），均已登记合格",
            360 + rng.random_range(0..5) * 12,
            120,
            240 + rng.random_range(0..5) * 12
        ),
        papers,
        projects: format!(
            "1. {city}市{specialty}重点项目（项目负责人，{}—{}年）\n2. 省级{specialty}课题“{specialty}标准化实践研究”（主要参与人，排名第{}）",
            rng.random_range(2018..=2021),
            rng.random_range(2022..=2025),
            rng.random_range(2..=5)
        ),
        patents: if rng.random_bool(0.5) {
            format!(
                "实用新型专利“一种用于{specialty}的辅助装置”，{}年授权，第一发明人",
                rng.random_range(2019..=2024)
            )
        } else {
            String::new()
        },
        awards: format!(
            "{}年获{city}市科学技术进步奖{}等奖（排名第{}）",
            rng.random_range(2019..=2024),
            pick(rng, &["一", "二", "三"]),
            rng.random_range(1..=5)
        ),
        achievements: format!(
            "主持或参与{specialty}相关项目 {} 项，解决了多项技术难题",
            rng.random_range(3..=9)
        ),
        summary: format!(
            "本人自{work_start}年参加工作以来，一直在{employer}从事{specialty}工作。任现职以来，认真履行岗位职责，\
             坚持理论与实践相结合，在{specialty}领域积累了较为丰富的经验。\n\
             在专业技术方面，主持完成了多项重点工作，形成了可推广的做法；注重培养青年技术人员，\
             指导的同事多人已取得中级职称。\n\
             今后将继续加强学习，不断提高业务水平，为本单位和本行业的发展作出更大贡献。"
        ),
        group_round: 1,
        committee_round: 1,
    }
}

struct Builder<'a> {
    service: &'a Service,
    rng: StdRng,
    used_names: Vec<String>,
    password: &'a str,
    accounts: Vec<DemoAccount>,
}

impl Builder<'_> {
    fn person(
        &mut self,
        plan: &Plan,
        committee_id: i32,
        username: String,
        group: Option<(i32, &str)>,
        roles: Vec<Role>,
        employer: Option<String>,
    ) -> Result<()> {
        let name = person_name(&mut self.rng, &mut self.used_names);
        let picked = pick(&mut self.rng, plan.expert_employers).to_string();
        let employer = employer.unwrap_or(picked);
        let specialty = group
            .map(|(_, g)| g.trim_end_matches('组').to_string())
            .unwrap_or_default();
        self.service.add_expert(
            committee_id,
            &ExpertSpec {
                name: name.clone(),
                employer,
                specialty,
                group_id: group.map(|(id, _)| id),
                roles: roles.clone(),
                account: Some((username.clone(), self.password.to_string())),
            },
        )?;
        self.accounts.push(DemoAccount {
            username,
            name,
            roles,
            committee: plan.name.to_string(),
            group: group.map(|(_, g)| g.to_string()).unwrap_or_default(),
        });
        Ok(())
    }
}

/// Builds the demo committees in an empty database. Every account gets `password`.
pub fn build(service: &Service, password: &str) -> Result<Vec<DemoAccount>> {
    let mut b = Builder {
        service,
        rng: StdRng::seed_from_u64(20261127),
        used_names: Vec::new(),
        password,
        accounts: Vec::new(),
    };
    for (ci, plan) in PLANS.iter().enumerate() {
        let c = ci + 1;
        let committee_id = service.create_committee(plan.name, plan.mode)?;
        for (gi, (group_name, specialties)) in plan.groups.iter().enumerate() {
            let g = gi + 1;
            let group_id = service.add_group(committee_id, group_name)?;
            let group = Some((group_id, *group_name));
            let mut first_employer = None;
            for _ in 0..8 {
                let name = person_name(&mut b.rng, &mut b.used_names);
                let row = applicant(&mut b.rng, plan, specialties, committee_id, group_id, name);
                first_employer.get_or_insert_with(|| row.employer.clone());
                service.add_applicant(&row)?;
            }
            // Group experts are committee members too, as on a real committee.
            b.person(
                plan,
                committee_id,
                format!("c{c}-g{g}-leader"),
                group,
                vec![Role::Leader, Role::Expert, Role::Member],
                None,
            )?;
            for e in 1..=4 {
                // The fourth expert works where an applicant works: recused from them.
                let employer = if e == 4 { first_employer.clone() } else { None };
                b.person(
                    plan,
                    committee_id,
                    format!("c{c}-g{g}-e{e}"),
                    group,
                    vec![Role::Expert, Role::Member],
                    employer,
                )?;
            }
        }
        b.person(
            plan,
            committee_id,
            format!("c{c}-director"),
            None,
            vec![Role::Director, Role::Member],
            None,
        )?;
        b.person(
            plan,
            committee_id,
            format!("c{c}-reporter"),
            None,
            vec![Role::Reporter],
            None,
        )?;
        service.start_review(&Identity::office(), committee_id)?;
    }
    Ok(b.accounts)
}
