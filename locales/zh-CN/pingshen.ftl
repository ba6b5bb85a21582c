# pingshen (评审): the message catalog, Chinese (zh-CN), in Project Fluent's syntax
# (https://projectfluent.org/fluent/guide/). Every message here is also in
# locales/en-US/pingshen.ftl with the same variables; a test checks it.

## Fixed texts of the screens.

office-title = 评审进度
logins-title = 登录限制（登录失败的账号与来源地址）
col-kind = 类别
col-who = 账号/地址
col-failures = 失败/锁定次数
col-state = 状态
col-last-failure = 最近失败时间
not-limited = 未受限
kind-account = 账号
kind-address = 地址
confirm-clear-login-body = 清除所选账号或地址的登录失败记录并解除锁定？
confirm-clear-logins-body = 清除全部登录失败记录并解除全部锁定？
key-clear-login = 解除所选账号或地址的限制（需确认）
key-clear-logins = 解除全部限制（需确认）
key-reload = 刷新
key-logins = 登录限制（登录失败、等待与锁定的账号和地址，可解除）
logins-cleared = 已解除登录限制
col-phase = 阶段
col-experts = 专家
col-drafted = 完成拟投票
col-submitted-count = 已提交
col-sheets-missing = 未交评分表
key-office-list = 本评委会的参评人员
key-office-group = 所选专业组的小组数据操作（只看）
key-issue-accounts = 为全部专家重新发放随机账号（需确认，原账号失效）
key-export = 导出评审结果（CSV、XLSX）和会议记录到服务器的 exports 文件夹
key-certificates = 为通过的参评人签发电子证书（上报后），PDF 写入 exports/评委会编号/certificates
confirm-issue-accounts-body = 为本评委会全部专家重新发放账号？原有账号立即失效。
confirm-issue-accounts-sessions = 正在使用旧账号的 { $sessions } 个会话将被关闭。
confirm-issue-accounts-voting = 注意：{ $groups } 正在投票，专家需用新账号重新登录后才能提交。
opinion-unsaved = 意见尚未保存（意见和推荐投票都填写后自动保存）；再按一次 Esc 放弃修改
saving = 正在保存...
login-prompt = 请输入评审账号和密码
col-my-sheet = 我的评分
key-page = 翻页
score-not-negative = 分数不能为负数
pick-recommendation = 请按 1/2/3 选择推荐投票，意见随后保存
write-opinion-first = 推荐投票已选择，请按 Enter 填写审核意见后保存
sheet-title = 评分表
sheet-item = 评分项目
sheet-max = 满分
sheet-points = 得分
sheet-total = 合计
sheet-no-comment = （无，按 Enter 填写）
sheet-comment = 评语
sheet-submitted = 已提交，评分表不能再修改
sheet-draft = 草稿：离开每一栏时自动保存，按 s 提交后不能修改
opinion-title = 主审意见
recommendation = 推荐投票
recommendation-keys = 1 拟通过  2 拟否决  3 拟弃权
opinion-text = 审核意见
opinion-empty = （尚未填写，按 Enter 填写）
questions-title = 面试题
no-questions = 尚无面试题，按 a 添加
edit-question = 修改面试题（Enter 保存，Esc 取消）
new-question = 新面试题（Enter 保存，Esc 取消）
key-sheet-digits = 数字键：在当前栏打分（超出满分会被拒绝）
key-sheet-comment = 在“评语”栏填写评语
key-sheet-submit = 提交评分表（需确认，提交后不能修改）
key-opinion-edit = 填写或修改审核意见（再按一次保存）
key-opinion-recommend = 推荐投票 拟通过 / 拟否决 / 拟弃权
key-question-add = 添加面试题
key-question-edit = 修改所选面试题
key-question-delete = 删除所选面试题（需确认）
key-score-sheet = 所选参评人的评分表（答辩模式）
key-opinion = 填写主审意见（主审专家）
key-questions = 面试题（主审专家出题，所有专家可看）
sheet-saved = 评分表草稿已保存
opinion-saved = 主审意见已保存
question-saved = 面试题已保存
question-deleted = 面试题已删除
confirm-sheet-body = 提交评分表？提交后不能修改。
confirm-delete-question-body = 删除这道面试题？
app-title = 职称评审系统 pingshen
home-title = 我的评审工作
no-committees = 当前没有您参与的评委会。
mode = 评审模式
stage = 当前阶段
roles = 我的角色
group = 专业组
waiting = 待办事项
operator = 职改办
groups = 专业组
experts = 专家
applicants = 参评人
applicants-title = 参评人员
no-applicants = 没有符合条件的参评人。
col-name = 姓名
col-employer = 工作单位
col-applied-title = 申报职称
col-specialty = 专业
col-group = 专业组
filter = 筛选
filter-hint = 按 / 按姓名、单位或专业筛选
help-title = 帮助：按键说明
help-close = 按 Esc 或 ? 关闭帮助
key-move = 移动
key-open = 打开
key-back = 返回
key-quit = 退出（主页）
key-help = 帮助
key-language = 切换语言（English）
key-filter = 筛选
key-ctrl-c = 退出系统
too-small-title = 窗口太小
load-failed = 读取数据失败
loading = 正在读取数据...
server-shutdown = pingshen：服务器正在关闭，已保存的工作不会丢失，请稍后重新登录。
idle-closed = pingshen：长时间没有操作，连接已断开；已保存的工作不会丢失，请重新登录。
idle-title = 即将断开连接
col-leads = 主审
col-score = 评分
col-my-vote = 我的投票
key-vote = 拟通过 / 拟否决 / 拟弃权
key-submit = 提交本轮全部投票（需确认）
key-check-in = 签到参加评委会会议
key-scroll = 滚动
file-title = 申报材料
confirm-submit-title = 请确认
confirm-submit-body = 提交本轮全部投票？提交后不能修改。
checked-in = 签到成功
recused = 回避
submitted = 已提交
col-threshold = 表决情况
not-voted = 未投
ballots-waiting = 未交票
ballots-all-in = 全部专家已交票，投票结果在关闭开关后显示
col-tally = 同/否/弃
col-votes = 各专家投票
key-board = 小组数据操作（组长）
key-assign = 为所选参评人分配主审专家（再选一次取消）
key-open-switch = 开启投票开关
key-override = 评分未齐时强行开启（记入审计日志）
key-close-switch = 关闭投票开关（需确认）
key-result = 提交小组评议结果（需确认）
pick-lead = 选择主审专家
picker-recused = （回避）
confirm-override-body = 评分表尚未全部提交。仍要开启投票开关？此操作记入审计日志。
confirm-close-body = 关闭投票开关？关闭后未提交的投票不再计入。
confirm-result-body = 按规则提交本组评议结果？提交后不能修改。
lead-assigned = 已分配主审专家
ended-title = 评审工作已结束
ended-body = 本评委会的评审结果已上报职改办，评审工作结束，本账号已停用。
any-key-to-leave = 按任意键退出
lead-removed = 已取消该主审专家
pick-lead-hint = Enter 选定，再选一次取消；Esc 关闭
switch-opened = 投票开关已开启
switch-closed-done = 投票开关已关闭，进入专业组评议
result-submitted = 小组评议结果已提交
chair-title = 评委会数据操作 / 评审结果
col-arithmetic = 表决情况
col-result = 结果
key-chair = 评委会数据操作（主任）/ 评审结果（上报人）
key-chair-open = 开启评委会投票开关（需达到法定人数）
key-chair-close = 关闭评委会投票开关（需确认）
key-chair-close-reason = 有出席评委未投票时，说明理由后关闭（已投票数达到法定人数则产生结果，否则本轮作废）
key-report = 上报评审结果（上报人，需确认）
confirm-chair-close-body = 全部出席评委均已投票。关闭评委会投票开关？结果随即产生。
confirm-report-body = 将评审结果上报职改办？上报后本评委会的评审工作结束，账号停用。
chair-opened = 评委会投票开关已开启
chair-closed = 评委会投票开关已关闭，结果已产生
language-not-saved = 本次会话已切换为中文，但未能保存到账号：{ $why }
chair-voided = 本轮投票作废：未保存任何计票结果；会议回到签到，可再次开启投票开关
chair-reason-title = 说明理由后关闭投票开关
chair-reason-override = 还有 { $missing } 名出席评委未投票；已投 { $voters } 票，达到法定人数 { $quorum }：关闭后结果随即产生，未投票者按未同意计。
chair-reason-void = 还有 { $missing } 名出席评委未投票；已投 { $voters } 票，不足法定人数 { $quorum }：关闭后本轮作废，不显示也不保存任何计票结果，会议回到签到。
chair-reason-given = 理由：{ $reason }
reported = 评审结果已上报职改办
taken-over = pingshen：您的账号已在另一处登录，本会话已关闭（同一账号只能有一个会话，不得委托他人投票）。
account-changed = pingshen：职改办已重置或收回您的账号，本会话已关闭；请用职改办新发的账号登录。

## Texts with values. A value is written { $name }; numbers come grouped by thousands.

labelled = { $label }：{ $value }
list-separator = 、
who = { $name }（{ $username }）
mode-expert = 专家评审
mode-lecture = 专家评审+讲课答辩
mode-interview = 专家答辩+面试答辩
stage-setup = 准备中
stage-groups = 专业组评审
stage-committee-review = 评委会拟投票
stage-committee-voting = 评委会投票
stage-report = 上报评审结果
stage-reported = 已上报
group-phase-review = 评审与拟投票
group-phase-voting = 投票开关已开启
group-phase-deliberation = 专业组评议
group-phase-done = 已提交小组结果
group-with-phase = { $group }：{ $phase }
group-with-phase-short = { $group }（{ $phase }）
role-leader = 组长
role-expert = 专家
role-director = 主任
role-member = 评委
role-reporter = 上报人

## The home screen's to-do list.

todo-await-setup = 职改办正在设置评委会，请稍候
todo-assign-lead-reviewers = 为 { $applicants } 名参评人分配主审专家
todo-write-opinions = 为 { $applicants } 名主审的参评人填写意见和推荐投票
todo-write-interview-questions = 为 { $applicants } 名主审的参评人出面试题
todo-score-lectures = 为 { $applicants } 名参评人的讲课答辩打分
todo-score-interviews = 为 { $applicants } 名参评人的面试答辩打分
todo-draft-group-votes = 对 { $applicants } 名参评人拟投票
todo-submit-group-votes = 投票开关已开启：提交对 { $applicants } 名参评人的投票
todo-await-group-votes = 还有 { $experts } 名专家未提交投票
todo-deliberate-group = 专业组评议：提交 { $applicants } 名参评人的小组结果
todo-await-other-groups = 本组结果已提交，等待其他专业组
todo-check-in = 签到参加评委会会议
todo-draft-committee-votes = 对 { $applicants } 名参评人拟投票（评委会）
todo-submit-committee-votes = 评委会投票开关已开启：提交对 { $applicants } 名参评人的投票
todo-report = 查看评审结果并上报职改办
todo-nothing = 当前阶段暂无待办

## The office's login limits.

logins-head = 有登录失败记录 { $keys } 项，其中锁定 { $locked } 项
locked-until = 锁定至 { $until }
waits = 下次尝试需等待 { $seconds } 秒
# A moment: { $month } and { $day } are numbers, { $time } is hh:mm:ss, in the timezone setting's zone.
times-in = 时间为 { $zone }
date-time = { $month }月{ $day }日 { $time }

## Storage faults: what happened, that nothing was changed, what to do.

fault-full = 服务器存储空间已满，本次操作未保存，之前保存的内容不受影响；请通知职改办。
fault-read-only = 服务器数据库当前只读，本次操作未保存，之前保存的内容不受影响；请通知职改办。
fault-busy = 数据库正忙，本次操作未保存；请稍后重试。
fault-damaged = 服务器数据库文件损坏，本次操作未保存；请通知职改办。
fault-io = 服务器读写磁盘出错，本次操作未保存；请通知职改办。

idle-warning = 长时间没有操作，{ $seconds }秒后将断开连接（已保存的工作不会丢失）。按任意键继续使用。
too-small = 请将终端窗口调整到至少 80x24（当前 { $width }x{ $height }）。
counts = 专业组 { $groups } 个  专家 { $experts } 名  参评人 { $applicants } 名
list-position = 显示 { $shown } / 共 { $total } 名

## Refusals of the review engine.

refusal-operator-only = 只有职改办可以进行此操作
refusal-role-required = 此操作需要“{ $role }”角色
refusal-not-in-group = 您不属于该参评人所在的专业组
refusal-recused = 您已对该参评人回避
refusal-wrong-stage = 当前阶段（{ $stage }）不能进行此操作
refusal-wrong-group-phase = 专业组当前阶段（{ $phase }）不能进行此操作
refusal-switch-closed = 投票开关已关闭
refusal-switch-open = 投票开关已开启，拟投票和设置已冻结
refusal-switch-not-open-yet = 投票开关尚未开启
refusal-switch-already-open = 投票开关已经开启
refusal-switch-still-open = 投票开关仍在开启中，投票结束、开关关闭后才能进行此操作
refusal-round-over = 本轮投票已结束，开关不能再开启；如需重新表决，请开启复议
refusal-check-in-closed = 评委会投票开关已开启，签到已截止
refusal-check-in-not-open = 评委会签到在各专业组提交评议结果、评委会开始评审后开放
refusal-already-submitted = 已提交，提交后的投票和评分表不能修改
refusal-incomplete-draft = 拟投票不完整：还有 { $missing } 名参评人未拟投票
refusal-incomplete-sheet = 评分表不完整：“{ $item }”尚未打分
refusal-score-out-of-range = “{ $item }”的分数 { $value } 超出范围 0 至 { $max }
refusal-quorum-not-met = 未达到法定人数：已签到 { $checked_in } 人，共 { $members } 名评委，至少需要 { $needed } 人
refusal-opinions-missing = 还有 { $missing } 名参评人缺少主审专家意见和推荐投票
refusal-scores-missing = 还有 { $missing } 份评分表未提交
refusal-questions-missing = 还有 { $missing } 名参评人没有面试题
refusal-lead-reviewers-missing = 还有 { $missing } 名参评人未分配主审专家
refusal-not-lead-reviewer = 只有该参评人的主审专家可以进行此操作
refusal-target-recused = 该专家已对该参评人回避
refusal-not-a-group-expert = 该人员不是本专业组的专家
refusal-not-in-this-mode = 本评委会的评审模式没有此项（{ $what }）
refusal-too-many-questions = 每名参评人最多 { $max } 道面试题
refusal-not-ready = 评委会尚未准备好：{ $why }
refusal-already-voted = 已对该参评人提交投票或评分，回避不能再更改
refusal-empty-text = 内容不能为空
refusal-text-too-long = 内容过长：{ $len } 字，最多 { $max } 字
refusal-questions-locked = 面试已开始评分，面试题不能再修改
refusal-no-questions-yet = 该参评人尚无面试题，主审专家出题后才能面试评分
refusal-account-revoked = 本账号已被职改办收回（已重新发放账号），请用新账号登录
refusal-not-checked-in = 您尚未签到参加评委会会议
refusal-already-checked-in = 您已签到
refusal-not-in-committee-stage = 该参评人未通过专业组评议，不进入评委会
refusal-not-in-round = 该参评人不在本轮投票中
refusal-not-found = 未找到：{ $what }
refusal-committee-closed = 本评委会的评审工作已结束
refusal-ballots-missing = 还有 { $missing } 名出席评委未投票（已投 { $voters } 票，法定人数 { $quorum }），须全员投票或说明理由
refusal-reason-needed = 请先填写理由
# What a refusal names.
thing-committee = 评委会
thing-account = 账号
thing-expert = 专家
thing-applicant = 参评人
thing-group = 专业组
thing-recusal = 回避记录
thing-lead-reviewer = 主审专家
thing-question = 面试题
thing-score-item = 评分项目
thing-score-sheet = 评分表
thing-defense-scoring = 答辩评分
thing-interview-questions = 面试题

## Votes.

choice-approve = 拟通过
choice-reject = 拟否决
choice-abstain = 拟弃权
vote-submitted-approve = 已提交通过
vote-submitted-reject = 已提交否决
vote-submitted-abstain = 已提交弃权
choice-word-approve = 同意
choice-word-reject = 反对
choice-word-abstain = 弃权
drafted = 已保存拟投票：{ $choice }
votes-submitted = 已提交 { $applicants } 名参评人的投票

## An applicant's file.

file-name = 姓名
file-gender = 性别
file-born = 出生年月
file-ethnicity = 民族
file-political-status = 政治面貌
file-id-number = 身份证号
file-employer = 工作单位
file-current-title = 现职称
file-current-title-value = { $title }（{ $date }）
file-applied-title = 申报职称
file-specialty = 专业
file-group = 专业组
file-education = 学历
file-degree = 学位
file-school = 毕业院校
file-work-start = 参加工作时间
file-years = 工作年限
file-annual-assessments = [年度考核]
file-continuing-education = [继续教育]
file-papers = [论文著作]
file-projects = [项目]
file-patents = [专利]
file-awards = [获奖情况]
file-achievements = [业绩成果]
file-summary = [个人总结]
file-none = （无）
file-opinions = [主审意见]
file-no-lead = （尚未分配主审专家）
file-not-written = （尚未填写）
file-questions = [面试题]
file-score = [评分] { $score }（{ $sheets } 份评分表）
file-my-vote = [我的投票] { $vote }
question-line = { $n }. { $text }（{ $author }）

## The group leader's panel.

board-title = {" "}小组数据操作 - { $group }  { $phase }  第 { $round } 轮{" "}
board-progress = 未完成拟投票的专家 { $drafting } 名：{ $names }    未提交投票的专家 { $unsubmitted } / { $total } 名
board-nobody = 无
board-arithmetic = 专家 { $experts }  回避 { $recused }  已投 { $ballots }  需同意 { $needed } 票
board-tally-passes = { $approve }/{ $reject }/{ $abstain } 通过
board-tally-fails = { $approve }/{ $reject }/{ $abstain } 未通过
gap-without-lead = 未分配主审 { $applicants } 名
gap-opinions = 缺主审意见 { $applicants } 名
gap-questions = 缺面试题 { $applicants } 名
gap-sheets = 未提交评分表 { $sheets } 份：{ $who }
gaps = 开启开关前还需：{ $gaps }
gaps-separator = ；

## Score sheets.

sheet-heading = {" "}{ $title } - { $name }（{ $which }）{" "}
sheet-which-lecture = 讲课答辩打分
sheet-which-interview = 面试答辩打分
score-digits-only = 请输入 0 至 { $max } 的整数
sheet-sent = 评分表已提交，合计 { $total } 分
my-sheet-sent = 已交 { $total }
my-sheet-draft = 草稿 { $total }
invalid-score-discarded = “{ $item }”栏的无效分数未保存，已恢复原值

## The office's screen.

office-head = 评审模式：{ $mode }    当前阶段：{ $stage }    已发放账号 { $accounts } 个
office-meeting = 评委会：评委 { $members } 名  已签到 { $checked_in } 名  法定人数 { $quorum } 名  已投票 { $voters } 人
office-results = 评审结果：已表决 { $decided } 名，通过 { $passed } 名
accounts-issued = 已发放 { $accounts } 个账号，账号单：{ $path }
exported = 已导出到 { $folder }：{ $files }
exported-separator = ，
certificates-issued = 已签发 { $certificates } 份电子证书：{ $folder }（可用 SFTP 下载）
unbound-key = 按键 { $key } 在此页面没有作用，按 ? 查看本页按键

## The director's panel.

chair-quorum-met = 已达到法定人数
chair-quorum-not-met = 未达到法定人数
chair-members = 评委 { $members } 名  已签到 { $checked_in } 名  法定人数 { $quorum } 名（{ $state }）
chair-progress = 阶段：{ $stage }  第 { $round } 轮  未完成拟投票 { $drafting } 人  已投票 { $voters } 人
chair-arithmetic = 出席 { $attending }  回避 { $recused }  已投 { $ballots }  需同意 { $needed } 票
chair-result-passed = 通过 { $approve }/{ $reject }/{ $abstain }
chair-result-failed = 未通过 { $approve }/{ $reject }/{ $abstain }


## Key hints of the bottom line and key names (the keys themselves are in src/tui/keymap.rs)
key-ends = 第一行 / 最后一行
key-sheet-next = 下一栏
key-sheet-previous = 上一栏（离开时自动保存）
key-picker-pick = 分配主审时选定专家（再选一次取消）
key-picker-close = 关闭主审专家的选择
hint-move = 移动
hint-open = 打开
hint-check-in = 签到
hint-other-language = English
hint-help = 帮助
hint-quit = 退出
hint-progress = 评审进度
hint-login-limits = 登录限制
hint-file = 材料
hint-vote = 拟投票
hint-submit = 提交
hint-filter = 筛选
hint-back = 返回
hint-score = 评分
hint-type-to-filter = 输入筛选文字
hint-keep = 确定
hint-clear = 清除
hint-scroll = 滚动
hint-approve = 拟通过
hint-reject = 拟否决
hint-abstain = 拟弃权
hint-assign-lead = 分配主审
hint-open-switch = 开启投票开关
hint-close-switch = 关闭开关
hint-submit-result = 提交结果
hint-open-committee-switch = 开启评委会投票开关
hint-close-it = 关闭开关
hint-report-results = 上报评审结果
hint-confirm = 确认
hint-cancel = 取消
hint-type = 输入文字
hint-deletes = 删除
hint-done = 完成
hint-digits-score = 数字 打分
hint-next = 下一栏
hint-previous = 上一栏
hint-write = 填写意见
hint-recommendation = 推荐投票
hint-add = 添加
hint-edit = 修改
hint-delete = 删除
hint-applicants = 参评人
hint-group-panel = 小组数据
hint-issue-accounts = 发放账号
hint-export = 导出
hint-certificates = 证书
hint-lift-selected = 解除所选
hint-lift-all = 全部解除
hint-reload = 刷新
hint-yes = 确认
key-name-space = 空格
key-name-up = 上箭头
key-name-down = 下箭头
key-name-arrows = 上下方向键
key-name-or = {" 或 "}
key-name-colon = ：

# Re-vote rounds (复议)
hint-revote = 复议
key-revote = 开启复议：选择参评人并说明理由（组长在评议阶段，主任在投票结束后、上报前）
hint-mark = 选择
key-mark = 选择或取消所在的参评人
hint-revote-reason = 填写理由
key-revote-reason = 选好后填写复议理由
key-revote-cancel = 取消复议
revote-title = 选择复议的参评人
revote-reason-title = 复议理由
revote-reason-prompt = 复议：{ $applicants }。请输入理由：
revote-none-chosen = 请先选择至少一名参评人
revote-opened = 已开启复议，新一轮投票开关已开启
confirm-revote-body = 开启复议（第 { $round } 轮投票）：{ $applicants }
    理由：{ $reason }
    复议只计新一轮的投票，之前各轮保留在会议记录中。开启后投票开关随即开启。

# Opening a vote switch: what is still missing
confirm-open-switch = 开启本组投票开关？
switch-drafts-missing = { $experts } 名专家尚未完成拟投票：{ $names }
switch-drafts-complete = 全部专家均已完成拟投票。
switch-sheets-missing = 还有 { $sheets } 份评分表未提交。
names-and-more = { $names } 等，另有 { $more } 名
switch-no-pause = 开启后投票开关不能暂停，只能关闭。
confirm-open-committee-switch = 开启评委会投票开关？已签到 { $checked_in } / { $members } 名评委（法定人数 { $needed } 名）。
committee-drafts-missing = { $undrafted } 名已签到评委尚未完成拟投票。
committee-no-pause = 开启后投票开关不能暂停，只能关闭；未签到的评委不能再签到。

# Setup problems, typed (issue 18: no English on a Chinese screen)
items-count = 评分表须有 1 至 10 个评分项目
items-item = 每个评分项目须有名称，满分为 1 至 100 分
items-total = 各评分项目满分合计为 { $total } 分，应为 100 分
refusal-already-recused = 已经是回避状态
refusal-already-lead = 已经是该参评人的主审专家
refusal-item-twice = 同一评分项目给了两次分
unready-no-groups = 尚无专业组
unready-group-leaders = 专业组 { $group } 有 { $leaders } 名组长，应为 1 名
unready-no-applicants = 尚无参评人
unready-applicant-without-group = 参评人 { $name } 尚未分入专业组
unready-no-role = 尚无{ $role }
unready-even-members = 评委共 { $members } 名，人数须为单数
unready-no-score-items = 评分表尚无评分项目
settings-fraction = { $setting }的比例 { $num }/{ $den } 须在 0 至 1 之间
settings-trim-too-small = 去掉最高最低分的平均至少需要 3 份评分表
settings-pass-score-over100 = 合格分数不能超过 100 分
setting-group-pass = 专业组通过
setting-committee-pass = 评委会通过
setting-quorum = 法定人数
internal-error = 服务器出错，操作未执行；详情已记入服务器日志，请联系职改办
shutting-down = 服务器正在关闭，操作未执行，请稍后重新登录
problem-cannot-create = 无法创建文件夹 { $path }（可能无写入权限或磁盘已满），未写出任何文件；详情已记入服务器日志
problem-cannot-write = 写入文件 { $path } 失败（可能无写入权限或磁盘已满）；详情已记入服务器日志
problem-none-named = 本评委会没有名为 { $who } 的{ $what }
problem-several-named = 有多名{ $what }名为 { $who }，请写成“姓名@工作单位”
problem-accounts-ended = 评委会已上报，账号已停用
problem-no-experts-yet = 评委会尚无专家
problem-no-font = 服务器上没有可用于 PDF 的中文字体（详情见服务器日志）；请系统管理员安装 fonts-wqy-microhei
problem-not-reported-yet = 评委会上报评审结果后才能发放证书
problem-setup-closed = 评审已开始，评委会设置不能再修改
problem-committee-name = 评委会名称须为 1 至 200 个字
problem-group-name = 专业组名称须为 1 至 100 个字
problem-no-group = { $name } 是组长或专家，但没有专业组
problem-no-role = { $name } 没有角色
problem-group-elsewhere = 该专业组属于另一个评委会
problem-office-name = “{ $name }”不能作为职改办账号名：须为 1 至 32 个小写字母、数字、“.”、“-”或“_”，以字母开头
problem-account-exists = 已有名为 { $name } 的账号
problem-no-office-account = 没有名为 { $name } 的职改办账号
problem-last-office-account = { $name } 是最后一个职改办账号；请先添加另一个再删除它
problem-no-account = { $name } 没有可收回的账号

## Files over SSH (SFTP): what a refused request tells the office's client.
sftp-not-there = 没有这个文件或文件夹（只能看到 inbox/ 和 exports/）
sftp-read-only = 只能在 inbox/ 中上传、改名或删除；exports/ 只能下载
sftp-failed = 服务器未能完成这个文件操作，详情已记入服务器日志
sftp-too-large = 文件超过 { $mib } MiB 的上传上限，未保存
sftp-disk-full = 服务器磁盘空间不足，未保存；请联系系统管理员
sftp-exists = 已有同名的文件或文件夹
sftp-whole-files = 只能整个上传文件（不能续传或就地修改）；请重新上传
sftp-no-links = 不能创建链接
sftp-unsupported = 不支持这个操作
