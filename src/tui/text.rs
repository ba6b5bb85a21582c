//! The message catalog: every text the screens show, in Chinese and English.
//! Screens never hold string literals of their own; they ask here.

use ratatui::style::Stylize;
use ratatui::text::{Line, Span};

use super::theme::Palette;
use crate::domain::{Choice, GroupPhase, Lang, Mode, Phase, Refusal, Role, Stage};
use crate::service::Todo;
use crate::service::screens::{ApplicantFile, BoardLine, CommitteeBoard, CommitteeLine, GroupBoard, MyVote, mask_id};

/// Fixed texts, by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    OfficeTitle,
    LoginsTitle,
    FooterHomeOffice,
    ColKind,
    ColWho,
    ColFailures,
    ColState,
    ColLastFailure,
    NotLimited,
    KindAccount,
    KindAddress,
    ConfirmClearLoginBody,
    ConfirmClearLoginsBody,
    FooterLogins,
    KeyClearLogin,
    KeyClearLogins,
    KeyReload,
    KeyLogins,
    LoginsCleared,
    ColPhase,
    ColExperts,
    ColDrafted,
    ColSubmittedCount,
    ColSheetsMissing,
    FooterOffice,
    KeyOfficeList,
    KeyOfficeGroup,
    KeyIssueAccounts,
    KeyExport,
    ConfirmIssueAccountsBody,
    OpinionUnsaved,
    Saving,
    LoginPrompt,
    ColMySheet,
    KeyPage,
    FooterHelp,
    FooterReport,
    FooterListScoring,
    KeyPicker,
    ScoreNotNegative,
    PickRecommendation,
    WriteOpinionFirst,
    SheetTitle,
    SheetItem,
    SheetMax,
    SheetPoints,
    SheetTotal,
    SheetNoComment,
    SheetComment,
    SheetSubmitted,
    SheetDraft,
    OpinionTitle,
    Recommendation,
    RecommendationKeys,
    OpinionText,
    OpinionEmpty,
    QuestionsTitle,
    NoQuestions,
    EditQuestion,
    NewQuestion,
    FooterEditing,
    FooterSheet,
    FooterOpinion,
    FooterQuestions,
    KeySheetDigits,
    KeySheetMove,
    KeySheetComment,
    KeySheetSubmit,
    KeyOpinionEdit,
    KeyOpinionRecommend,
    KeyQuestionAdd,
    KeyQuestionEdit,
    KeyQuestionDelete,
    KeyScoreSheet,
    KeyOpinion,
    KeyQuestions,
    SheetSaved,
    OpinionSaved,
    QuestionSaved,
    QuestionDeleted,
    ConfirmSheetBody,
    ConfirmDeleteQuestionBody,
    AppTitle,
    HomeTitle,
    NoCommittees,
    Mode,
    Stage,
    Roles,
    Group,
    Waiting,
    Operator,
    Groups,
    Experts,
    Applicants,
    ApplicantsTitle,
    NoApplicants,
    ColName,
    ColEmployer,
    ColAppliedTitle,
    ColSpecialty,
    ColGroup,
    Filter,
    FilterHint,
    HelpTitle,
    HelpClose,
    KeyMove,
    KeyOpen,
    KeyBack,
    KeyQuit,
    KeyHelp,
    KeyLanguage,
    KeyFilter,
    KeyCtrlC,
    FooterHome,
    FooterList,
    FooterFilter,
    TooSmallTitle,
    LoadFailed,
    Loading,
    ServerShutdown,
    IdleClosed,
    IdleTitle,
    ColLeads,
    ColScore,
    ColMyVote,
    KeyVote,
    KeySubmit,
    KeyCheckIn,
    KeyScroll,
    FooterFile,
    FileTitle,
    ConfirmSubmitTitle,
    ConfirmSubmitBody,
    ConfirmKeys,
    CheckedIn,
    Recused,
    Submitted,
    FooterBoard,
    ColThreshold,
    NotVoted,
    BallotsWaiting,
    BallotsAllIn,
    ColTally,
    ColVotes,
    KeyBoard,
    KeyAssign,
    KeyOpenSwitch,
    KeyOverride,
    KeyCloseSwitch,
    KeyResult,
    PickLead,
    ConfirmOverrideBody,
    ConfirmCloseBody,
    ConfirmResultBody,
    LeadAssigned,
    EndedTitle,
    EndedBody,
    AnyKeyToLeave,
    LeadRemoved,
    PickLeadHint,
    SwitchOpened,
    SwitchClosedDone,
    ResultSubmitted,
    FooterChair,
    ChairTitle,
    ColArithmetic,
    ColResult,
    KeyChair,
    KeyChairOpen,
    KeyChairClose,
    KeyReport,
    ConfirmChairCloseBody,
    ConfirmReportBody,
    ChairOpened,
    ChairClosed,
    Reported,
    TakenOver,
}

pub fn tr(lang: Lang, key: T) -> &'static str {
    use T::*;
    match lang {
        Lang::Zh => match key {
            OfficeTitle => "评审进度",
            LoginsTitle => "登录限制（登录失败的账号与来源地址）",
            ColKind => "类别",
            ColWho => "账号/地址",
            ColFailures => "失败/锁定次数",
            ColState => "状态",
            ColLastFailure => "最近失败（UTC）",
            NotLimited => "未受限",
            KindAccount => "账号",
            KindAddress => "地址",
            ConfirmClearLoginBody => "清除所选账号或地址的登录失败记录并解除锁定？",
            ConfirmClearLoginsBody => "清除全部登录失败记录并解除全部锁定？",
            FooterLogins => "Enter/u 解除所选  U 全部解除  r 刷新  Esc 返回",
            KeyClearLogin => "Enter 或 u：解除所选账号或地址的限制（需确认）",
            KeyClearLogins => "U：解除全部限制（需确认）",
            KeyReload => "r：刷新",
            KeyLogins => "b：登录限制（登录失败、等待与锁定的账号和地址，可解除）",
            LoginsCleared => "已解除登录限制",
            ColPhase => "阶段",
            ColExperts => "专家",
            ColDrafted => "完成拟投票",
            ColSubmittedCount => "已提交",
            ColSheetsMissing => "未交评分表",
            FooterOffice => "Enter 参评人员  g 小组数据  a 发放账号  x 导出结果  Esc 返回",
            KeyOfficeList => "Enter：本评委会的参评人员",
            KeyOfficeGroup => "g：所选专业组的小组数据操作（只看）",
            KeyIssueAccounts => "a：为全部专家重新发放随机账号（需确认，原账号失效）",
            KeyExport => "x：导出评审结果（CSV、XLSX）和会议记录到服务器的 exports 文件夹",
            ConfirmIssueAccountsBody => "为本评委会全部专家重新发放账号？原有账号立即失效。",
            OpinionUnsaved => "意见尚未保存（意见和推荐投票都填写后自动保存）；再按一次 Esc 放弃修改",
            Saving => "正在保存...",
            LoginPrompt => "请输入评审账号和密码",
            ColMySheet => "我的评分",
            KeyPage => "PageUp / PageDown：翻页；Home / End：第一行 / 最后一行",
            FooterHelp => "? 帮助",
            FooterReport => "r 上报评审结果  Esc 返回",
            FooterListScoring => "j/k 移动  Enter 材料  p 评分  1/2/3 拟投票  s 提交  Esc 返回",
            KeyPicker => "分配主审时：j/k 选择专家，Enter 选定（再选一次取消），Esc 关闭",
            ScoreNotNegative => "分数不能为负数",
            PickRecommendation => "请按 1/2/3 选择推荐投票，意见随后保存",
            WriteOpinionFirst => "推荐投票已选择，请按 Enter 填写审核意见后保存",
            SheetTitle => "评分表",
            SheetItem => "评分项目",
            SheetMax => "满分",
            SheetPoints => "得分",
            SheetTotal => "合计",
            SheetNoComment => "（无，按 Enter 填写）",
            SheetComment => "评语",
            SheetSubmitted => "已提交，评分表不能再修改",
            SheetDraft => "草稿：离开每一栏时自动保存，按 s 提交后不能修改",
            OpinionTitle => "主审意见",
            Recommendation => "推荐投票",
            RecommendationKeys => "1 拟通过  2 拟否决  3 拟弃权",
            OpinionText => "审核意见",
            OpinionEmpty => "（尚未填写，按 Enter 填写）",
            QuestionsTitle => "面试题",
            NoQuestions => "尚无面试题，按 a 添加",
            EditQuestion => "修改面试题（Enter 保存，Esc 取消）",
            NewQuestion => "新面试题（Enter 保存，Esc 取消）",
            FooterEditing => "输入文字  Backspace 删除  Enter 完成  Esc 取消",
            FooterSheet => "数字 打分  Tab/Enter 下一栏  上箭头 上一栏  s 提交  Esc 返回",
            FooterOpinion => "Enter 填写意见  1/2/3 推荐投票  Esc 返回",
            FooterQuestions => "a 添加  Enter 修改  x 删除  Esc 返回",
            KeySheetDigits => "数字键：在当前栏打分（超出满分会被拒绝）",
            KeySheetMove => "Tab、下箭头或 Enter：下一栏；Shift-Tab 或上箭头：上一栏（离开时自动保存）",
            KeySheetComment => "在“评语”栏按 Enter：填写评语",
            KeySheetSubmit => "s：提交评分表（需确认，提交后不能修改）",
            KeyOpinionEdit => "Enter：填写或修改审核意见，再按 Enter 保存",
            KeyOpinionRecommend => "1/2/3：推荐投票 拟通过 / 拟否决 / 拟弃权",
            KeyQuestionAdd => "a：添加面试题",
            KeyQuestionEdit => "Enter：修改所选面试题",
            KeyQuestionDelete => "x：删除所选面试题（需确认）",
            KeyScoreSheet => "p：所选参评人的评分表（答辩模式）",
            KeyOpinion => "o：填写主审意见（主审专家）",
            KeyQuestions => "i：面试题（主审专家出题，所有专家可看）",
            SheetSaved => "评分表草稿已保存",
            OpinionSaved => "主审意见已保存",
            QuestionSaved => "面试题已保存",
            QuestionDeleted => "面试题已删除",
            ConfirmSheetBody => "提交评分表？提交后不能修改。",
            ConfirmDeleteQuestionBody => "删除这道面试题？",
            AppTitle => "职称评审系统 pingshen",
            HomeTitle => "我的评审工作",
            NoCommittees => "当前没有您参与的评委会。",
            Mode => "评审模式",
            Stage => "当前阶段",
            Roles => "我的角色",
            Group => "专业组",
            Waiting => "待办事项",
            Operator => "职改办",
            Groups => "专业组",
            Experts => "专家",
            Applicants => "参评人",
            ApplicantsTitle => "参评人员",
            NoApplicants => "没有符合条件的参评人。",
            ColName => "姓名",
            ColEmployer => "工作单位",
            ColAppliedTitle => "申报职称",
            ColSpecialty => "专业",
            ColGroup => "专业组",
            Filter => "筛选",
            FilterHint => "按 / 按姓名、单位或专业筛选",
            HelpTitle => "帮助：按键说明",
            HelpClose => "按 Esc 或 ? 关闭帮助",
            KeyMove => "上下方向键 / j k：移动",
            KeyOpen => "Enter：打开",
            KeyBack => "Esc 或 q：返回",
            KeyQuit => "q：退出（主页）",
            KeyHelp => "?：帮助",
            KeyLanguage => "L：切换语言（English）",
            KeyFilter => "/：筛选",
            KeyCtrlC => "Ctrl-C：退出系统",
            FooterHome => "j/k 移动  Enter 打开  c 签到  L English  ? 帮助  q 退出",
            FooterHomeOffice => "j/k 移动  Enter 评审进度  b 登录限制  L English  ? 帮助  q 退出",
            FooterList => "j/k 移动  Enter 材料  1/2/3 拟投票  s 提交  / 筛选  Esc 返回",
            FooterFilter => "输入筛选文字  Enter 确定  Esc 清除",
            TooSmallTitle => "窗口太小",
            LoadFailed => "读取数据失败",
            Loading => "正在读取数据...",
            ServerShutdown => "pingshen：服务器正在关闭，已保存的工作不会丢失，请稍后重新登录。",
            IdleClosed => "pingshen：长时间没有操作，连接已断开；已保存的工作不会丢失，请重新登录。",
            IdleTitle => "即将断开连接",
            ColLeads => "主审",
            ColScore => "评分",
            ColMyVote => "我的投票",
            KeyVote => "1/2/3：拟通过 / 拟否决 / 拟弃权",
            KeySubmit => "s：提交本轮全部投票（需确认）",
            KeyCheckIn => "c：签到参加评委会会议",
            KeyScroll => "上下方向键 / 空格：滚动",
            FooterFile => "j/k 滚动  1 拟通过 2 拟否决 3 拟弃权  s 提交  Esc 返回",
            FileTitle => "申报材料",
            ConfirmSubmitTitle => "请确认",
            ConfirmSubmitBody => "提交本轮全部投票？提交后不能修改。",
            ConfirmKeys => "y 或 Enter 确认    n 或 Esc 取消",
            CheckedIn => "签到成功",
            Recused => "回避",
            Submitted => "已提交",
            FooterBoard => "a 分配主审  o 开启投票开关  x 关闭开关  r 提交小组结果  Esc 返回",
            ColThreshold => "表决情况",
            NotVoted => "未投",
            BallotsWaiting => "未交票",
            BallotsAllIn => "全部专家已交票，投票结果在关闭开关后显示",
            ColTally => "同/否/弃",
            ColVotes => "各专家投票",
            KeyBoard => "g：小组数据操作（组长）",
            KeyAssign => "a：为所选参评人分配主审专家（再选一次取消）",
            KeyOpenSwitch => "o：开启投票开关",
            KeyOverride => "O：评分未齐时强行开启（记入审计日志）",
            KeyCloseSwitch => "x：关闭投票开关（需确认）",
            KeyResult => "r：提交小组评议结果（需确认）",
            PickLead => "选择主审专家",
            ConfirmOverrideBody => "评分表尚未全部提交。仍要开启投票开关？此操作记入审计日志。",
            ConfirmCloseBody => "关闭投票开关？关闭后未提交的投票不再计入。",
            ConfirmResultBody => "按规则提交本组评议结果？提交后不能修改。",
            LeadAssigned => "已分配主审专家",
            EndedTitle => "评审工作已结束",
            EndedBody => "本评委会的评审结果已上报职改办，评审工作结束，本账号已停用。",
            AnyKeyToLeave => "按任意键退出",
            LeadRemoved => "已取消该主审专家",
            PickLeadHint => "Enter 选定，再选一次取消；Esc 关闭",
            SwitchOpened => "投票开关已开启",
            SwitchClosedDone => "投票开关已关闭，进入专业组评议",
            ResultSubmitted => "小组评议结果已提交",
            FooterChair => "o 开启评委会投票开关  x 关闭开关  r 上报评审结果  Esc 返回",
            ChairTitle => "评委会数据操作 / 评审结果",
            ColArithmetic => "表决情况",
            ColResult => "结果",
            KeyChair => "d：评委会数据操作（主任）/ 评审结果（上报人）",
            KeyChairOpen => "o：开启评委会投票开关（需达到法定人数）",
            KeyChairClose => "x：关闭评委会投票开关（需确认）",
            KeyReport => "r：上报评审结果（上报人，需确认）",
            ConfirmChairCloseBody => "关闭评委会投票开关？未提交的投票不再计入，结果随即产生。",
            ConfirmReportBody => "将评审结果上报职改办？上报后本评委会的评审工作结束，账号停用。",
            ChairOpened => "评委会投票开关已开启",
            ChairClosed => "评委会投票开关已关闭，结果已产生",
            Reported => "评审结果已上报职改办",
            TakenOver => "pingshen：您的账号已在另一处登录，本会话已关闭（同一账号只能有一个会话，不得委托他人投票）。",
        },
        Lang::En => match key {
            OfficeTitle => "Progress",
            LoginsTitle => "Login limits (accounts and addresses with failed logins)",
            ColKind => "Kind",
            ColWho => "Account/address",
            ColFailures => "Fails/locks",
            ColState => "State",
            ColLastFailure => "Last failure (UTC)",
            NotLimited => "not limited",
            KindAccount => "account",
            KindAddress => "address",
            ConfirmClearLoginBody => "Clear the failed logins of the selected account or address and lift its lockout?",
            ConfirmClearLoginsBody => "Clear every failed login and lift every lockout?",
            FooterLogins => "Enter/u lift selected  U lift all  r reload  Esc back",
            KeyClearLogin => "Enter or u: lift the limits of the selected account or address (confirmed)",
            KeyClearLogins => "U: lift every limit (confirmed)",
            KeyReload => "r: reload",
            KeyLogins => "b: login limits (accounts and addresses with failed logins, waiting or locked; lift them)",
            LoginsCleared => "Login limits lifted",
            ColPhase => "Phase",
            ColExperts => "Experts",
            ColDrafted => "Drafted",
            ColSubmittedCount => "Submitted",
            ColSheetsMissing => "Sheets owed",
            FooterOffice => "Enter applicants  g group panel  a issue accounts  x export  Esc back",
            KeyOfficeList => "Enter: the committee's applicants",
            KeyOfficeGroup => "g: the selected group's panel (to watch)",
            KeyIssueAccounts => "a: issue new random accounts to every expert (confirmed; old ones end)",
            KeyExport => "x: export the results (CSV, XLSX) and the meeting record to the server's exports folder",
            ConfirmIssueAccountsBody => {
                "Issue new accounts to every expert of the committee? The old ones stop at once."
            }
            OpinionUnsaved => {
                "the opinion is not saved (it is once both the text and the recommendation are there); Esc again discards the changes"
            }
            Saving => "saving...",
            LoginPrompt => "enter your review account and password",
            ColMySheet => "My sheet",
            KeyPage => "PageUp / PageDown: a page; Home / End: first / last row",
            FooterHelp => "? help",
            FooterReport => "r report results  Esc back",
            FooterListScoring => "j/k move  Enter file  p score  1/2/3 vote  s submit  Esc back",
            KeyPicker => "picking a lead: j/k choose, Enter picks (again: removes), Esc closes",
            ScoreNotNegative => "a score cannot be negative",
            PickRecommendation => "press 1/2/3 to choose the recommended vote; the opinion is saved then",
            WriteOpinionFirst => "recommendation chosen; press Enter to write the opinion, then it is saved",
            SheetTitle => "Score sheet",
            SheetItem => "Item",
            SheetMax => "Max",
            SheetPoints => "Points",
            SheetTotal => "Total",
            SheetNoComment => "(none; Enter to write one)",
            SheetComment => "Comment",
            SheetSubmitted => "submitted; the sheet can no longer change",
            SheetDraft => "draft: saved as you leave each field; s submits it for good",
            OpinionTitle => "Lead reviewer's opinion",
            Recommendation => "Recommended vote",
            RecommendationKeys => "1 approve  2 reject  3 abstain",
            OpinionText => "Opinion",
            OpinionEmpty => "(not written yet; Enter to write it)",
            QuestionsTitle => "Interview questions",
            NoQuestions => "no questions yet; a adds one",
            EditQuestion => "Edit question (Enter saves, Esc cancels)",
            NewQuestion => "New question (Enter saves, Esc cancels)",
            FooterEditing => "type  Backspace deletes  Enter done  Esc cancel",
            FooterSheet => "digits score  Tab/Enter next  Up previous  s submit  Esc back",
            FooterOpinion => "Enter write  1/2/3 recommendation  Esc back",
            FooterQuestions => "a add  Enter edit  x delete  Esc back",
            KeySheetDigits => "digits: score the current item (above its maximum is refused)",
            KeySheetMove => "Tab / Down / Enter: next field; Shift-Tab / Up: previous (saved as you leave)",
            KeySheetComment => "Enter on the comment: write it",
            KeySheetSubmit => "s: submit the sheet (confirmed; final)",
            KeyOpinionEdit => "Enter: write or change the opinion; Enter again saves it",
            KeyOpinionRecommend => "1/2/3: recommend approve / reject / abstain",
            KeyQuestionAdd => "a: add a question",
            KeyQuestionEdit => "Enter: edit the selected question",
            KeyQuestionDelete => "x: delete the selected question (confirmed)",
            KeyScoreSheet => "p: the selected applicant's score sheet (defense modes)",
            KeyOpinion => "o: write the lead reviewer's opinion (lead reviewers)",
            KeyQuestions => "i: interview questions (leads write, every expert reads)",
            SheetSaved => "score sheet draft saved",
            OpinionSaved => "opinion saved",
            QuestionSaved => "question saved",
            QuestionDeleted => "question deleted",
            ConfirmSheetBody => "Submit the score sheet? It cannot change afterwards.",
            ConfirmDeleteQuestionBody => "Delete this question?",
            AppTitle => "pingshen title review",
            HomeTitle => "My review work",
            NoCommittees => "You take part in no committee.",
            Mode => "Mode",
            Stage => "Stage",
            Roles => "My roles",
            Group => "Group",
            Waiting => "Waiting for you",
            Operator => "Title-reform office",
            Groups => "groups",
            Experts => "experts",
            Applicants => "applicants",
            ApplicantsTitle => "Applicants",
            NoApplicants => "No applicants match.",
            ColName => "Name",
            ColEmployer => "Employer",
            ColAppliedTitle => "Applied title",
            ColSpecialty => "Specialty",
            ColGroup => "Group",
            Filter => "Filter",
            FilterHint => "/ filters by name, employer or specialty",
            HelpTitle => "Help: keys",
            HelpClose => "Esc or ? closes the help",
            KeyMove => "Up/Down or j/k: move",
            KeyOpen => "Enter: open",
            KeyBack => "Esc or q: back",
            KeyQuit => "q: quit (home screen)",
            KeyHelp => "?: help",
            KeyLanguage => "L: language (中文)",
            KeyFilter => "/: filter",
            KeyCtrlC => "Ctrl-C: leave",
            FooterHome => "j/k move  Enter open  c check in  L 中文  ? help  q quit",
            FooterHomeOffice => "j/k move  Enter progress  b login limits  L 中文  ? help  q quit",
            FooterList => "j/k move  Enter file  1/2/3 vote  s submit  / filter  Esc back",
            FooterFilter => "type to filter  Enter keep  Esc clear",
            TooSmallTitle => "Window too small",
            LoadFailed => "Could not load data",
            Loading => "Loading...",
            ServerShutdown => "pingshen: the server is shutting down; saved work is kept. Please log in again later.",
            IdleClosed => {
                "pingshen: closed after a long time without a key pressed; saved work is kept. Please log in again."
            }
            IdleTitle => "About to disconnect",
            ColLeads => "Leads",
            ColScore => "Score",
            ColMyVote => "My vote",
            KeyVote => "1/2/3: approve / reject / abstain (draft)",
            KeySubmit => "s: submit all votes of the round (asks first)",
            KeyCheckIn => "c: check in for the committee meeting",
            KeyScroll => "Up/Down or Space: scroll",
            FooterFile => "j/k scroll  1 approve 2 reject 3 abstain  s submit  Esc back",
            FileTitle => "Application file",
            ConfirmSubmitTitle => "Please confirm",
            ConfirmSubmitBody => "Submit all your votes of this round? Submitted votes cannot change.",
            ConfirmKeys => "y or Enter: yes    n or Esc: cancel",
            CheckedIn => "you are checked in",
            Recused => "recused",
            Submitted => "submitted",
            FooterBoard => "a assign lead  o open switch  x close switch  r submit result  Esc back",
            ColThreshold => "Ballots and threshold",
            NotVoted => "no vote",
            BallotsWaiting => "Not in yet",
            BallotsAllIn => "Every ballot is in; the votes show once the switch closes",
            ColTally => "Yes/No/Abs",
            ColVotes => "Each expert's vote",
            KeyBoard => "g: group panel (leader)",
            KeyAssign => "a: assign a lead reviewer to the selected applicant (again: remove)",
            KeyOpenSwitch => "o: open the vote switch",
            KeyOverride => "O: open although sheets are missing (logged)",
            KeyCloseSwitch => "x: close the vote switch (asks first)",
            KeyResult => "r: submit the group's result (asks first)",
            PickLead => "Choose the lead reviewer",
            ConfirmOverrideBody => "Score sheets are still missing. Open the switch anyway? This is logged.",
            ConfirmCloseBody => "Close the vote switch? Votes not submitted by then do not count.",
            ConfirmResultBody => "Submit the group's result by the rules? It cannot change afterwards.",
            LeadAssigned => "lead reviewer assigned",
            EndedTitle => "Review finished",
            EndedBody => {
                "The committee's results were reported to the office; its review has ended and this account no longer works."
            }
            AnyKeyToLeave => "Press any key to leave",
            LeadRemoved => "lead reviewer removed",
            PickLeadHint => "Enter picks; pick again to remove; Esc",
            SwitchOpened => "the vote switch is open",
            SwitchClosedDone => "the switch is closed: group deliberation",
            ResultSubmitted => "the group's result is submitted",
            FooterChair => "o open committee switch  x close it  r report results  Esc back",
            ChairTitle => "Committee panel / results",
            ColArithmetic => "Ballots and threshold",
            ColResult => "Result",
            KeyChair => "d: committee panel (director) / results (reporter)",
            KeyChairOpen => "o: open the committee switch (needs the quorum)",
            KeyChairClose => "x: close the committee switch (asks first)",
            KeyReport => "r: report the results (reporter; asks first)",
            ConfirmChairCloseBody => {
                "Close the committee switch? Ballots not in by then do not count; the results are decided."
            }
            ConfirmReportBody => {
                "Report the results to the office? The committee's review then ends and its accounts stop."
            }
            ChairOpened => "the committee switch is open",
            ChairClosed => "the committee switch is closed; the results are decided",
            Reported => "the results are reported to the office",
            TakenOver => {
                "pingshen: your account logged in elsewhere; this session is closed (one session per account, no proxy voting)."
            }
        },
    }
}

/// "label：value" with the colon of the language.
pub fn labelled(lang: Lang, key: T, value: &str) -> String {
    match lang {
        Lang::Zh => format!("{}：{value}", tr(lang, key)),
        Lang::En => format!("{}: {value}", tr(lang, key)),
    }
}

pub fn mode_name(lang: Lang, mode: Mode) -> &'static str {
    match (lang, mode) {
        (Lang::Zh, Mode::Expert) => "专家评审",
        (Lang::Zh, Mode::Lecture) => "专家评审+讲课答辩",
        (Lang::Zh, Mode::Interview) => "专家答辩+面试答辩",
        (Lang::En, Mode::Expert) => "expert review",
        (Lang::En, Mode::Lecture) => "expert review + lecture defense",
        (Lang::En, Mode::Interview) => "expert defense + interview",
    }
}

pub fn stage_name(lang: Lang, stage: Stage) -> &'static str {
    use Stage::*;
    match lang {
        Lang::Zh => match stage {
            Setup => "准备中",
            Groups => "专业组评审",
            CommitteeReview => "评委会拟投票",
            CommitteeVoting => "评委会投票",
            Report => "上报评审结果",
            Reported => "已上报",
        },
        Lang::En => match stage {
            Setup => "setting up",
            Groups => "group review",
            CommitteeReview => "committee draft votes",
            CommitteeVoting => "committee voting",
            Report => "reporting results",
            Reported => "reported",
        },
    }
}

pub fn group_phase_name(lang: Lang, phase: GroupPhase) -> &'static str {
    match (lang, phase) {
        (Lang::Zh, GroupPhase::Review) => "评审与拟投票",
        (Lang::Zh, GroupPhase::Voting) => "投票开关已开启",
        (Lang::Zh, GroupPhase::Deliberation) => "专业组评议",
        (Lang::Zh, GroupPhase::Done) => "已提交小组结果",
        (Lang::En, GroupPhase::Review) => "review and draft votes",
        (Lang::En, GroupPhase::Voting) => "vote switch open",
        (Lang::En, GroupPhase::Deliberation) => "group deliberation",
        (Lang::En, GroupPhase::Done) => "group result submitted",
    }
}

pub fn role_name(lang: Lang, role: Role) -> &'static str {
    match (lang, role) {
        (Lang::Zh, Role::Leader) => "组长",
        (Lang::Zh, Role::Expert) => "专家",
        (Lang::Zh, Role::Director) => "主任",
        (Lang::Zh, Role::Member) => "评委",
        (Lang::Zh, Role::Reporter) => "上报人",
        (Lang::En, Role::Leader) => "group leader",
        (Lang::En, Role::Expert) => "expert",
        (Lang::En, Role::Director) => "director",
        (Lang::En, Role::Member) => "member",
        (Lang::En, Role::Reporter) => "reporter",
    }
}

pub fn roles_list(lang: Lang, roles: &[Role]) -> String {
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    roles.iter().map(|r| role_name(lang, *r)).collect::<Vec<_>>().join(sep)
}

pub fn todo_text(lang: Lang, todo: &Todo) -> String {
    use Todo::*;
    match lang {
        Lang::Zh => match todo {
            AwaitSetup => "职改办正在设置评委会，请稍候".to_string(),
            AssignLeadReviewers { applicants } => format!("为 {applicants} 名参评人分配主审专家"),
            WriteOpinions { applicants } => format!("为 {applicants} 名主审的参评人填写意见和推荐投票"),
            WriteInterviewQuestions { applicants } => format!("为 {applicants} 名主审的参评人出面试题"),
            ScoreLectures { applicants } => format!("为 {applicants} 名参评人的讲课答辩打分"),
            ScoreInterviews { applicants } => format!("为 {applicants} 名参评人的面试答辩打分"),
            DraftGroupVotes { applicants } => format!("对 {applicants} 名参评人拟投票"),
            SubmitGroupVotes { applicants } => format!("投票开关已开启：提交对 {applicants} 名参评人的投票"),
            AwaitGroupVotes { experts } => format!("还有 {experts} 名专家未提交投票"),
            DeliberateGroup { applicants } => format!("专业组评议：提交 {applicants} 名参评人的小组结果"),
            AwaitOtherGroups => "本组结果已提交，等待其他专业组".to_string(),
            CheckIn => "签到参加评委会会议".to_string(),
            DraftCommitteeVotes { applicants } => format!("对 {applicants} 名参评人拟投票（评委会）"),
            SubmitCommitteeVotes { applicants } => format!("评委会投票开关已开启：提交对 {applicants} 名参评人的投票"),
            Report => "查看评审结果并上报职改办".to_string(),
            Nothing => "当前阶段暂无待办".to_string(),
        },
        Lang::En => match todo {
            AwaitSetup => "the office is still setting the committee up".to_string(),
            AssignLeadReviewers { applicants } => format!("assign lead reviewers to {applicants} applicants"),
            WriteOpinions { applicants } => {
                format!("write the opinion and recommendation for {applicants} applicants you lead")
            }
            WriteInterviewQuestions { applicants } => {
                format!("write interview questions for {applicants} applicants you lead")
            }
            ScoreLectures { applicants } => format!("score the lecture defense of {applicants} applicants"),
            ScoreInterviews { applicants } => format!("score the interview of {applicants} applicants"),
            DraftGroupVotes { applicants } => format!("draft-vote on {applicants} applicants"),
            SubmitGroupVotes { applicants } => {
                format!("the switch is open: submit your votes on {applicants} applicants")
            }
            AwaitGroupVotes { experts } => format!("{experts} experts have not submitted their votes"),
            DeliberateGroup { applicants } => {
                format!("group deliberation: submit the result for {applicants} applicants")
            }
            AwaitOtherGroups => "your group's result is in; waiting for the other groups".to_string(),
            CheckIn => "check in for the committee meeting".to_string(),
            DraftCommitteeVotes { applicants } => format!("draft-vote on {applicants} applicants (committee)"),
            SubmitCommitteeVotes { applicants } => {
                format!("the committee switch is open: submit your votes on {applicants} applicants")
            }
            Report => "review the results and report them to the office".to_string(),
            Nothing => "nothing waiting at this stage".to_string(),
        },
    }
}

/// The message shown instead of the screen when the terminal is smaller than 80x24.
pub fn logins_head(lang: Lang, keys: usize, locked: usize) -> String {
    match lang {
        Lang::Zh => format!("有登录失败记录 {keys} 项，其中锁定 {locked} 项"),
        Lang::En => format!("{keys} with failed logins, {locked} locked out"),
    }
}

pub fn locked_until(lang: Lang, until: &str) -> String {
    match lang {
        Lang::Zh => format!("锁定至 {until}"),
        Lang::En => format!("locked until {until}"),
    }
}

pub fn waits(lang: Lang, seconds: u64) -> String {
    match lang {
        Lang::Zh => format!("下次尝试需等待 {seconds} 秒"),
        Lang::En => format!("next try waits {seconds} s"),
    }
}

/// A storage failure, in words for the person at the screen: what happened, that
/// nothing was changed, what to do.
pub fn fault(lang: Lang, fault: crate::store::Fault) -> String {
    use crate::store::Fault::*;
    match (lang, fault) {
        (Lang::Zh, Full) => "服务器存储空间已满，本次操作未保存，之前保存的内容不受影响；请通知职改办。",
        (Lang::Zh, ReadOnly) => "服务器数据库当前只读，本次操作未保存，之前保存的内容不受影响；请通知职改办。",
        (Lang::Zh, Busy) => "数据库正忙，本次操作未保存；请稍后重试。",
        (Lang::Zh, Damaged) => "服务器数据库文件损坏，本次操作未保存；请通知职改办。",
        (Lang::Zh, Io) => "服务器读写磁盘出错，本次操作未保存；请通知职改办。",
        (Lang::En, Full) => {
            "The server's storage is full: this was not saved (earlier work is safe). Please tell the office."
        }
        (Lang::En, ReadOnly) => {
            "The server's database is read-only: this was not saved (earlier work is safe). Please tell the office."
        }
        (Lang::En, Busy) => "The database is busy: this was not saved. Please try again in a moment.",
        (Lang::En, Damaged) => "The server's database file is damaged: this was not saved. Please tell the office.",
        (Lang::En, Io) => "The server could not read or write its disk: this was not saved. Please tell the office.",
    }
    .to_string()
}

pub fn idle_warning(lang: Lang, seconds: u64) -> String {
    match lang {
        Lang::Zh => format!("长时间没有操作，{seconds}秒后将断开连接（已保存的工作不会丢失）。按任意键继续使用。"),
        Lang::En => format!(
            "No key pressed for a long time: the connection closes in {seconds} seconds (saved work is kept). Press any key to stay."
        ),
    }
}

pub fn too_small(lang: Lang, width: u16, height: u16) -> String {
    match lang {
        Lang::Zh => format!("请将终端窗口调整到至少 80x24（当前 {width}x{height}）。"),
        Lang::En => format!("Please enlarge the window to at least 80x24 (now {width}x{height})."),
    }
}

pub fn counts(lang: Lang, groups: i64, experts: i64, applicants: i64) -> String {
    match lang {
        Lang::Zh => format!("专业组 {groups} 个  专家 {experts} 名  参评人 {applicants} 名"),
        Lang::En => format!("{groups} groups  {experts} experts  {applicants} applicants"),
    }
}

pub fn list_position(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::Zh => format!("显示 {shown} / 共 {total} 名"),
        Lang::En => format!("{shown} of {total} shown"),
    }
}

/// A refusal from the engine as the user reads it.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    if lang == Lang::En {
        return r.to_string();
    }
    use Refusal::*;
    match r {
        OperatorOnly => "只有职改办可以进行此操作".into(),
        RoleRequired(role) => format!("此操作需要“{}”角色", role_name(Lang::Zh, *role)),
        NotInGroup => "您不属于该参评人所在的专业组".into(),
        Recused => "您已对该参评人回避".into(),
        WrongPhase(Phase::Committee(s)) => format!("当前阶段（{}）不能进行此操作", stage_name(Lang::Zh, *s)),
        WrongPhase(Phase::Group(p)) => format!("专业组当前阶段（{}）不能进行此操作", group_phase_name(Lang::Zh, *p)),
        SwitchClosed => "投票开关已关闭".into(),
        SwitchOpen => "投票开关已开启，拟投票和设置已冻结".into(),
        AlreadySubmitted => "已提交，提交后的投票和评分表不能修改".into(),
        IncompleteDraft { missing } => format!("拟投票不完整：还有 {missing} 名参评人未拟投票"),
        IncompleteSheet { item } => format!("评分表不完整：“{item}”尚未打分"),
        ScoreOutOfRange { item, value, max } => format!("“{item}”的分数 {value} 超出范围 0 至 {max}"),
        QuorumNotMet {
            checked_in,
            needed,
            members,
        } => {
            format!("未达到法定人数：已签到 {checked_in} 人，共 {members} 名评委，至少需要 {needed} 人")
        }
        OpinionsMissing { missing } => format!("还有 {missing} 名参评人缺少主审专家意见和推荐投票"),
        ScoresMissing { missing } => format!("还有 {missing} 份评分表未提交"),
        QuestionsMissing { missing } => format!("还有 {missing} 名参评人没有面试题"),
        LeadReviewersMissing { missing } => format!("还有 {missing} 名参评人未分配主审专家"),
        NotLeadReviewer => "只有该参评人的主审专家可以进行此操作".into(),
        TargetRecused => "该专家已对该参评人回避".into(),
        NotAGroupExpert => "该人员不是本专业组的专家".into(),
        NotInThisMode(what) => format!("本评委会的评审模式没有此项（{what}）"),
        TooManyQuestions { max } => format!("每名参评人最多 {max} 道面试题"),
        NotReady(why) => format!("评委会尚未准备好：{why}"),
        AlreadyVoted => "已对该参评人提交投票或评分，回避不能再更改".into(),
        EmptyText => "内容不能为空".into(),
        TextTooLong { len, max } => format!("内容过长：{len} 字，最多 {max} 字"),
        QuestionsLocked => "面试已开始评分，面试题不能再修改".into(),
        NoQuestionsYet => "该参评人尚无面试题，主审专家出题后才能面试评分".into(),
        AccountRevoked => "本账号已被职改办收回（已重新发放账号），请用新账号登录".into(),
        NotCheckedIn => "您尚未签到参加评委会会议".into(),
        AlreadyCheckedIn => "您已签到".into(),
        NotInCommitteeStage => "该参评人未通过专业组评议，不进入评委会".into(),
        NotInRound => "该参评人不在本轮投票中".into(),
        NotFound(what) => format!("未找到：{what}"),
        CommitteeClosed => "本评委会的评审工作已结束".into(),
        Invalid(why) => why.clone(),
    }
}

pub fn choice_name(lang: Lang, c: Choice) -> &'static str {
    match (lang, c) {
        (Lang::Zh, Choice::Approve) => "拟通过",
        (Lang::Zh, Choice::Reject) => "拟否决",
        (Lang::Zh, Choice::Abstain) => "拟弃权",
        (Lang::En, Choice::Approve) => "approve",
        (Lang::En, Choice::Reject) => "reject",
        (Lang::En, Choice::Abstain) => "abstain",
    }
}

/// The "my vote" cell of the applicant list.
pub fn vote_cell(lang: Lang, vote: Option<MyVote>, recused: bool) -> String {
    if recused {
        return tr(lang, T::Recused).to_string();
    }
    match vote {
        None => "-".to_string(),
        Some(MyVote::Draft(c)) => choice_name(lang, c).to_string(),
        Some(MyVote::Submitted(Some(c))) => {
            let plain = match (lang, c) {
                (Lang::Zh, Choice::Approve) => "通过",
                (Lang::Zh, Choice::Reject) => "否决",
                (Lang::Zh, Choice::Abstain) => "弃权",
                (Lang::En, Choice::Approve) => "approved",
                (Lang::En, Choice::Reject) => "rejected",
                (Lang::En, Choice::Abstain) => "abstained",
            };
            match lang {
                Lang::Zh => format!("已提交{plain}"),
                Lang::En => plain.to_string(),
            }
        }
        Some(MyVote::Submitted(None)) => tr(lang, T::Submitted).to_string(),
    }
}

pub fn drafted(lang: Lang, c: Choice) -> String {
    match lang {
        Lang::Zh => format!("已保存拟投票：{}", choice_name(lang, c)),
        Lang::En => format!("draft saved: {}", choice_name(lang, c)),
    }
}

pub fn submitted(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("已提交 {n} 名参评人的投票"),
        Lang::En => format!("submitted your votes on {n} applicants"),
    }
}

/// The whole file as lines, labels from this catalog.
pub fn file_lines(lang: Lang, f: &ApplicantFile) -> Vec<Line<'static>> {
    let a = &f.applicant;
    let zh = lang == Lang::Zh;
    let l = |zh_label: &str, en_label: &str, value: &str| -> String {
        if zh {
            format!("{zh_label}：{value}")
        } else {
            format!("{en_label}: {value}")
        }
    };
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut row = |parts: Vec<String>| out.push(Line::from(parts.join("    ")));
    row(vec![
        l("姓名", "Name", &a.name),
        l("性别", "Gender", &a.gender),
        l("出生年月", "Born", &a.birth_date),
    ]);
    row(vec![
        l("民族", "Ethnicity", &a.ethnicity),
        l("政治面貌", "Political status", &a.political_status),
        l("身份证号", "ID number", &mask_id(&a.id_number)),
    ]);
    row(vec![l("工作单位", "Employer", &a.employer)]);
    row(vec![
        l(
            "现职称",
            "Current title",
            &format!("{}（{}）", a.current_title, a.current_title_date),
        ),
        l("申报职称", "Applied title", &a.applied_title),
    ]);
    row(vec![
        l("专业", "Specialty", &a.specialty),
        l("专业组", "Group", &f.group),
    ]);
    row(vec![
        l("学历", "Education", &a.education),
        l("学位", "Degree", &a.degree),
        l("毕业院校", "School", &a.school),
    ]);
    row(vec![
        l("参加工作时间", "Started work", &a.work_start),
        l("工作年限", "Years", &a.years_of_work.to_string()),
    ]);
    let sections: [(&str, &str, &str); 8] = [
        ("年度考核", "Annual assessments", &a.annual_assessments),
        ("继续教育", "Continuing education", &a.continuing_education),
        ("论文著作", "Papers and books", &a.papers),
        ("项目", "Projects", &a.projects),
        ("专利", "Patents", &a.patents),
        ("获奖情况", "Awards", &a.awards),
        ("业绩成果", "Achievements", &a.achievements),
        ("个人总结", "Personal summary", &a.summary),
    ];
    for (zh_title, en_title, body) in sections {
        out.push(Line::from(""));
        out.push(Line::from(format!("[{}]", if zh { zh_title } else { en_title })).bold());
        if body.trim().is_empty() {
            out.push(Line::from(if zh { "（无）" } else { "(none)" }));
        }
        for line in body.lines() {
            out.push(Line::from(format!("  {line}")));
        }
    }
    out.push(Line::from(""));
    out.push(
        Line::from(if zh {
            "[主审意见]"
        } else {
            "[Lead reviewers' opinions]"
        })
        .bold(),
    );
    if f.leads.is_empty() {
        out.push(Line::from(if zh {
            "（尚未分配主审专家）"
        } else {
            "(no lead reviewer yet)"
        }));
    }
    for lead in &f.leads {
        let rec = lead.recommendation.map(|c| choice_name(lang, c)).unwrap_or("-");
        let opinion = if lead.opinion.is_empty() {
            if zh { "（尚未填写）" } else { "(not written yet)" }.to_string()
        } else {
            lead.opinion.clone()
        };
        out.push(Line::from(format!("  {}  [{rec}]", lead.name)));
        for line in opinion.lines() {
            out.push(Line::from(format!("    {line}")));
        }
    }
    if !f.questions.is_empty() {
        out.push(Line::from(""));
        out.push(Line::from(if zh { "[面试题]" } else { "[Interview questions]" }).bold());
        for (i, q) in f.questions.iter().enumerate() {
            let mut lines = q.text.lines();
            let first = lines.next().unwrap_or_default();
            out.push(Line::from(format!("  {}. {first}（{}）", i + 1, q.author)));
            for line in lines {
                out.push(Line::from(format!("     {line}")));
            }
        }
    }
    if let Some(score) = f.score {
        out.push(Line::from(""));
        out.push(Line::from(match lang {
            Lang::Zh => format!("[评分] {score}（{} 份评分表）", score.sheets),
            Lang::En => format!("[Score] {score} ({} sheets)", score.sheets),
        }));
    }
    out.push(Line::from(""));
    out.push(
        Line::from(if zh {
            format!("[我的投票] {}", vote_cell(lang, f.my_vote, f.recused))
        } else {
            format!("[My vote] {}", vote_cell(lang, f.my_vote, f.recused))
        })
        .bold(),
    );
    out
}

/// The title of the leader's panel.
pub fn board_title(lang: Lang, group: &str, phase: GroupPhase, round: i32) -> String {
    match lang {
        Lang::Zh => format!(
            " 小组数据操作 - {group}  {}  第 {round} 轮 ",
            group_phase_name(lang, phase)
        ),
        Lang::En => format!(
            " Group panel - {group}  {}  round {round} ",
            group_phase_name(lang, phase)
        ),
    }
}

/// Live counts of experts who have not drafted or not submitted.
pub fn board_progress(lang: Lang, board: &GroupBoard) -> String {
    let undrafted: Vec<String> = board
        .experts
        .iter()
        .filter(|e| e.undrafted > 0)
        .map(|e| format!("{}({})", e.name, e.undrafted))
        .collect();
    let unsubmitted = board.experts.iter().filter(|e| !e.submitted).count();
    let total = board.experts.len();
    match lang {
        Lang::Zh => format!(
            "未完成拟投票的专家 {} 名：{}    未提交投票的专家 {unsubmitted} / {total} 名",
            undrafted.len(),
            if undrafted.is_empty() {
                "无".to_string()
            } else {
                undrafted.join(" ")
            }
        ),
        Lang::En => format!(
            "{} experts still drafting: {}    {unsubmitted} of {total} have not submitted",
            undrafted.len(),
            if undrafted.is_empty() {
                "none".to_string()
            } else {
                undrafted.join(" ")
            }
        ),
    }
}

/// Each expert's vote, after the switch has closed.
pub fn board_votes(lang: Lang, palette: Palette, votes: &[(String, Option<Choice>)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (name, c) in votes {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::raw(format!("{name} ")));
        match c {
            Some(c) => spans.push(Span::styled(choice_word(lang, *c), palette.choice(*c))),
            None => spans.push(Span::styled(tr(lang, T::NotVoted), palette.waiting())),
        }
    }
    Line::from(spans)
}

/// A submitted choice in one word (通过 / 否决 / 弃权).
pub fn choice_word(lang: Lang, c: Choice) -> &'static str {
    match (lang, c) {
        (Lang::Zh, Choice::Approve) => "同意",
        (Lang::Zh, Choice::Reject) => "反对",
        (Lang::Zh, Choice::Abstain) => "弃权",
        (Lang::En, Choice::Approve) => "yes",
        (Lang::En, Choice::Reject) => "no",
        (Lang::En, Choice::Abstain) => "abstain",
    }
}

/// The threshold arithmetic of one applicant on the leader's panel
/// ("专家 5  回避 1  已投 3  需同意 3 票").
pub fn board_arithmetic(lang: Lang, l: &BoardLine) -> String {
    match lang {
        Lang::Zh => format!(
            "专家 {}  回避 {}  已投 {}  需同意 {} 票",
            l.experts, l.recused, l.ballots, l.needed
        ),
        Lang::En => format!(
            "experts {}  recused {}  in {}  needs {}",
            l.experts, l.recused, l.ballots, l.needed
        ),
    }
}

/// The group tally of one applicant and what it means, once the switch has closed
/// ("4/1/0 通过"); "-" before.
pub fn board_tally(lang: Lang, l: &BoardLine) -> String {
    let Some(t) = l.tally else {
        return "-".into();
    };
    let word = match (lang, l.passes.unwrap_or(false)) {
        (Lang::Zh, true) => "通过",
        (Lang::Zh, false) => "未通过",
        (Lang::En, true) => "passes",
        (Lang::En, false) => "fails",
    };
    format!("{}/{}/{} {word}", t.approve, t.reject, t.abstain)
}

/// The line under the leader's table for the selected applicant: every expert's vote
/// once the switch closed, until then whose ballot is not in yet (never a choice).
pub fn board_detail(lang: Lang, palette: Palette, l: &BoardLine) -> Line<'static> {
    let mut spans = vec![Span::raw(format!("{}：", l.name)).bold()];
    if !l.votes.is_empty() {
        spans.push(Span::raw(format!("{}  ", tr(lang, T::ColVotes))));
        spans.extend(board_votes(lang, palette, &l.votes).spans);
    } else if l.waiting_for.is_empty() {
        spans.push(Span::raw(tr(lang, T::BallotsAllIn)));
    } else {
        spans.push(Span::raw(format!("{}  ", tr(lang, T::BallotsWaiting))));
        spans.push(Span::styled(l.waiting_for.join(" "), palette.waiting()));
    }
    Line::from(spans)
}

/// The title of a score sheet: whose, and which defense.
pub fn sheet_title(lang: Lang, name: &str, mode: Mode) -> String {
    let which = match (lang, mode) {
        (Lang::Zh, Mode::Interview) => "面试答辩打分",
        (Lang::Zh, _) => "讲课答辩打分",
        (Lang::En, Mode::Interview) => "interview defense",
        (Lang::En, _) => "lecture defense",
    };
    match lang {
        Lang::Zh => format!(" {} - {name}（{which}） ", tr(lang, T::SheetTitle)),
        Lang::En => format!(" {} - {name} ({which}) ", tr(lang, T::SheetTitle)),
    }
}

/// The message for a character that is not a digit in a score field.
pub fn score_digits_only(lang: Lang, max: u32) -> String {
    match lang {
        Lang::Zh => format!("请输入 0 至 {max} 的整数"),
        Lang::En => format!("type a whole number from 0 to {max}"),
    }
}

/// A submitted score sheet.
pub fn sheet_submitted(lang: Lang, total: u32) -> String {
    match lang {
        Lang::Zh => format!("评分表已提交，合计 {total} 分"),
        Lang::En => format!("score sheet submitted: {total} points in all"),
    }
}

/// One's own score sheet in the list: "已交 86", "草稿 40" or "-".
pub fn my_sheet_cell(lang: Lang, sheet: Option<crate::service::screens::MySheet>, recused: bool) -> String {
    if recused {
        return tr(lang, T::Recused).to_string();
    }
    match (lang, sheet) {
        (_, None) => "-".into(),
        (Lang::Zh, Some(s)) if s.submitted => format!("已交 {}", s.total),
        (Lang::Zh, Some(s)) => format!("草稿 {}", s.total),
        (Lang::En, Some(s)) if s.submitted => format!("sent {}", s.total),
        (Lang::En, Some(s)) => format!("draft {}", s.total),
    }
}

/// What still keeps the group's vote switch closed, while the group reviews: lead
/// reviewers, opinions, questions and score sheets missing (who owes how many sheets).
pub fn board_gaps(lang: Lang, board: &GroupBoard) -> Option<String> {
    if board.phase != GroupPhase::Review {
        return None;
    }
    let g = &board.gaps;
    let owing: Vec<String> = board
        .experts
        .iter()
        .filter(|e| e.sheets_missing > 0)
        .map(|e| format!("{}({})", e.name, e.sheets_missing))
        .collect();
    let mut parts = Vec::new();
    let zh = lang == Lang::Zh;
    if g.without_lead > 0 {
        parts.push(if zh {
            format!("未分配主审 {} 名", g.without_lead)
        } else {
            format!("{} without a lead reviewer", g.without_lead)
        });
    }
    if g.opinions_missing > 0 {
        parts.push(if zh {
            format!("缺主审意见 {} 名", g.opinions_missing)
        } else {
            format!("{} without the lead's opinion", g.opinions_missing)
        });
    }
    if g.questions_missing > 0 {
        parts.push(if zh {
            format!("缺面试题 {} 名", g.questions_missing)
        } else {
            format!("{} without interview questions", g.questions_missing)
        });
    }
    if board.scoring && !owing.is_empty() {
        parts.push(if zh {
            format!("未提交评分表 {} 份：{}", g.scores_missing(), owing.join(" "))
        } else {
            format!("{} score sheets not in: {}", g.scores_missing(), owing.join(" "))
        });
    }
    if parts.is_empty() {
        return None;
    }
    Some(if zh {
        format!("开启开关前还需：{}", parts.join("；"))
    } else {
        format!("Before the switch can open: {}", parts.join("; "))
    })
}

/// What the SSH client shows before the password prompt; nobody's language is known
/// yet, so it speaks both.
pub fn login_banner() -> String {
    format!(
        "{} - {} / {}",
        tr(Lang::Zh, T::AppTitle),
        tr(Lang::Zh, T::LoginPrompt),
        tr(Lang::En, T::LoginPrompt)
    )
}

/// Leaving a score sheet with a value that is not a score: it was not saved.
pub fn invalid_score_discarded(lang: Lang, item: &str) -> String {
    match lang {
        Lang::Zh => format!("“{item}”栏的无效分数未保存，已恢复原值"),
        Lang::En => format!("the invalid score in {item} was not saved; the field is back to its saved value"),
    }
}

/// One interview question in a list: number, text and who wrote it.
pub fn question_line(lang: Lang, n: usize, text: &str, author: &str) -> String {
    match lang {
        Lang::Zh => format!("{n}. {text}（{author}）"),
        Lang::En => format!("{n}. {text} ({author})"),
    }
}

/// The first line of the office's progress screen.
pub fn office_head(lang: Lang, p: &crate::service::office::CommitteeProgress) -> String {
    match lang {
        Lang::Zh => format!(
            "评审模式：{}    当前阶段：{}    已发放账号 {} 个",
            mode_name(lang, p.mode),
            stage_name(lang, p.stage),
            p.accounts
        ),
        Lang::En => format!(
            "mode: {}    stage: {}    {} accounts issued",
            mode_name(lang, p.mode),
            stage_name(lang, p.stage),
            p.accounts
        ),
    }
}

/// The meeting lines of the office's progress screen.
pub fn office_meeting(lang: Lang, p: &crate::service::office::CommitteeProgress) -> [String; 2] {
    match lang {
        Lang::Zh => [
            format!(
                "评委会：评委 {} 名  已签到 {} 名  法定人数 {} 名  已投票 {} 人",
                p.members, p.checked_in, p.quorum_needed, p.voters
            ),
            format!("评审结果：已表决 {} 名，通过 {} 名", p.decided, p.passed),
        ],
        Lang::En => [
            format!(
                "committee: {} members, {} checked in, quorum {}, {} ballots in",
                p.members, p.checked_in, p.quorum_needed, p.voters
            ),
            format!("results: {} decided, {} passed", p.decided, p.passed),
        ],
    }
}

/// Accounts issued from the office's screen.
pub fn accounts_issued(lang: Lang, n: usize, path: &str) -> String {
    match lang {
        Lang::Zh => format!("已发放 {n} 个账号，账号单：{path}"),
        Lang::En => format!("{n} accounts issued; the slips: {path}"),
    }
}

/// Files exported from the office's screen: the folder once, then the file names, so
/// that the line fits the status bar.
pub fn exported(lang: Lang, files: &[String]) -> String {
    let path = |f: &String| std::path::Path::new(f).to_path_buf();
    let folder = files
        .first()
        .and_then(|f| path(f).parent().map(|p| p.display().to_string()))
        .unwrap_or_default();
    let names: Vec<String> = files
        .iter()
        .filter_map(|f| path(f).file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    match lang {
        Lang::Zh => format!("已导出到 {folder}：{}", names.join("，")),
        Lang::En => format!("exported to {folder}: {}", names.join(", ")),
    }
}

/// The message for a key the current screen has no use for.
pub fn unbound_key(lang: Lang, key: &str) -> String {
    match lang {
        Lang::Zh => format!("按键 {key} 在此页面没有作用，按 ? 查看本页按键"),
        Lang::En => format!("{key} does nothing here; press ? for this screen's keys"),
    }
}

/// The two lines at the top of the director's panel: the quorum, then the stage,
/// round and how far the members are.
pub fn chair_head(lang: Lang, b: &CommitteeBoard) -> [String; 2] {
    let quorum = match (lang, b.quorum_met) {
        (Lang::Zh, true) => "已达到法定人数",
        (Lang::Zh, false) => "未达到法定人数",
        (Lang::En, true) => "quorum met",
        (Lang::En, false) => "no quorum yet",
    };
    let stage = stage_name(lang, b.stage);
    match lang {
        Lang::Zh => [
            format!(
                "评委 {} 名  已签到 {} 名  法定人数 {} 名（{quorum}）",
                b.members, b.checked_in, b.quorum_needed
            ),
            format!(
                "阶段：{stage}  第 {} 轮  未完成拟投票 {} 人  已投票 {} 人",
                b.round, b.undrafted, b.voters
            ),
        ],
        Lang::En => [
            format!(
                "{} members, {} checked in, quorum {} ({quorum})",
                b.members, b.checked_in, b.quorum_needed
            ),
            format!(
                "stage: {stage}, round {}, {} still drafting, {} ballots in",
                b.round, b.undrafted, b.voters
            ),
        ],
    }
}

/// The threshold arithmetic of one applicant ("出席 21  回避 1  已投 18  需同意 14 票").
pub fn chair_arithmetic(lang: Lang, l: &CommitteeLine) -> String {
    match lang {
        Lang::Zh => format!(
            "出席 {}  回避 {}  已投 {}  需同意 {} 票",
            l.attending, l.recused, l.ballots, l.needed
        ),
        Lang::En => format!(
            "attending {}  recused {}  in {}  needs {}",
            l.attending, l.recused, l.ballots, l.needed
        ),
    }
}

/// The tally and outcome, once voting on the applicant has ended.
pub fn chair_result(lang: Lang, result: Option<(crate::domain::Tally, bool)>) -> String {
    match result {
        None => "-".into(),
        Some((t, passed)) => match lang {
            Lang::Zh => format!(
                "{} {}/{}/{}",
                if passed { "通过" } else { "未通过" },
                t.approve,
                t.reject,
                t.abstain
            ),
            Lang::En => format!(
                "{} {}/{}/{}",
                if passed { "passed" } else { "failed" },
                t.approve,
                t.reject,
                t.abstain
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    #[test]
    fn refusals_read_clearly_in_both_languages() {
        let r = Refusal::QuorumNotMet {
            checked_in: 15,
            needed: 17,
            members: 25,
        };
        assert_eq!(
            refusal(Lang::Zh, &r),
            "未达到法定人数：已签到 15 人，共 25 名评委，至少需要 17 人"
        );
        assert_eq!(
            refusal(Lang::En, &r),
            "quorum not met: 15 checked in, 17 needed of 25 members"
        );
        assert_eq!(
            refusal(Lang::Zh, &Refusal::RoleRequired(Role::Director)),
            "此操作需要“主任”角色"
        );
    }
}

#[cfg(test)]
mod catalog_tests {
    /// Characters whose width terminals disagree on (East Asian "ambiguous": arrows,
    /// the ellipsis, circles and stars) would shift a CJK screen by a column on some
    /// terminals; the catalog (this file, before these tests) avoids them.
    #[test]
    fn the_catalog_has_no_ambiguous_width_characters() {
        let ambiguous = ['↑', '↓', '←', '→', '…', '※', '○', '●', '★', '☆', '√', '×', '·', '§'];
        let source = include_str!("text.rs");
        let catalog = source.split("#[cfg(test)]\nmod catalog_tests").next().unwrap();
        for (n, line) in catalog.lines().enumerate() {
            if let Some(c) = line.chars().find(|c| ambiguous.contains(c)) {
                panic!("text.rs line {}: {c:?} in {line}", n + 1);
            }
        }
    }
}
