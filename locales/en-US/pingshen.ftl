# pingshen (评审): the message catalog, English (en-US), in Project Fluent's syntax
# (https://projectfluent.org/fluent/guide/). Every message here is also in
# locales/zh-CN/pingshen.ftl with the same variables; a test checks it.

## Fixed texts of the screens.

office-title = Progress
logins-title = Login limits (accounts and addresses with failed logins)
col-kind = Kind
col-who = Account/address
col-failures = Fails/locks
col-state = State
col-last-failure = Last failure
not-limited = not limited
kind-account = account
kind-address = address
confirm-clear-login-body = Clear the failed logins of the selected account or address and lift its lockout?
confirm-clear-logins-body = Clear every failed login and lift every lockout?
key-clear-login = lift the limits of the selected account or address (confirmed)
key-clear-logins = lift every limit (confirmed)
key-reload = reload
key-logins = login limits (accounts and addresses with failed logins, waiting or locked; lift them)
logins-cleared = Login limits lifted
col-phase = Phase
col-experts = Experts
col-drafted = Drafted
col-submitted-count = Submitted
col-sheets-missing = Sheets owed
key-office-list = the committee's applicants
key-office-group = the selected group's panel (to watch)
key-issue-accounts = issue new random accounts to every expert (confirmed; old ones end)
key-export = export the results (CSV, XLSX) and the meeting record to the server's exports folder
key-certificates = issue the signed e-certificates of those who passed (after the report), PDFs into exports/COMMITTEE/certificates
confirm-issue-accounts-body = Issue new accounts to every expert of the committee? The old ones stop at once.
confirm-issue-accounts-sessions = { $sessions ->
    [one] The 1 session open under an old account will be closed.
   *[other] The { $sessions } sessions open under old accounts will be closed.
}
confirm-issue-accounts-voting = Note: { $groups } are voting now; their experts must log in again with the new accounts to submit.
opinion-unsaved = the opinion is not saved (it is once both the text and the recommendation are there); Esc again discards the changes
saving = saving...
login-prompt = enter your review account and password
col-my-sheet = My sheet
key-page = a page
score-not-negative = a score cannot be negative
pick-recommendation = press 1/2/3 to choose the recommended vote; the opinion is saved then
write-opinion-first = recommendation chosen; press Enter to write the opinion, then it is saved
sheet-title = Score sheet
sheet-item = Item
sheet-max = Max
sheet-points = Points
sheet-total = Total
sheet-no-comment = (none; Enter to write one)
sheet-comment = Comment
sheet-submitted = submitted; the sheet can no longer change
sheet-draft = draft: saved as you leave each field; s submits it for good
opinion-title = Lead reviewer's opinion
recommendation = Recommended vote
recommendation-keys = 1 approve  2 reject  3 abstain
opinion-text = Opinion
opinion-empty = (not written yet; Enter to write it)
questions-title = Interview questions
no-questions = no questions yet; a adds one
edit-question = Edit question (Enter saves, Esc cancels)
new-question = New question (Enter saves, Esc cancels)
key-sheet-digits = digits: score the current item (above its maximum is refused)
key-sheet-comment = on the comment: write it
key-sheet-submit = submit the sheet (confirmed; final)
key-opinion-edit = write or change the opinion (again: saves it)
key-opinion-recommend = recommend approve / reject / abstain
key-question-add = add a question
key-question-edit = edit the selected question
key-question-delete = delete the selected question (confirmed)
key-score-sheet = the selected applicant's score sheet (defense modes)
key-opinion = write the lead reviewer's opinion (lead reviewers)
key-questions = interview questions (leads write, every expert reads)
sheet-saved = score sheet draft saved
opinion-saved = opinion saved
question-saved = question saved
question-deleted = question deleted
confirm-sheet-body = Submit the score sheet? It cannot change afterwards.
confirm-delete-question-body = Delete this question?
app-title = pingshen title review
home-title = My review work
no-committees = You take part in no committee.
mode = Mode
stage = Stage
roles = My roles
group = Group
waiting = Waiting for you
operator = Title-reform office
groups = groups
experts = experts
applicants = applicants
applicants-title = Applicants
no-applicants = No applicants match.
col-name = Name
col-employer = Employer
col-applied-title = Applied title
col-specialty = Specialty
col-group = Group
col-roles = Roles
col-account = Account
col-online = Online
no-account = (none issued)
online = online
people-title = Experts' accounts
confirm-session-closes = The session this person has open will be closed.
hint-people = experts
hint-start-review = start
key-start-review = end the setup and start the review (asks first; says what is still missing)
confirm-start-review-body = Start the review? After it the committee's settings, experts and applicants cannot change, and experts sharing an applicant's employer are recused.
review-started = { $recusals ->
    [one] The review started; 1 same-employer recusal registered; the experts can log in now.
   *[other] The review started; { $recusals } same-employer recusals registered; the experts can log in now.
}
key-people = experts and accounts: reset one expert's password or revoke the account (nobody else's changes)
hint-reset = reset
key-reset = a new password for the selected expert (same username), the slip into exports (asks first)
hint-reset-new = new username
key-reset-new = a new username and password for the selected expert (asks first)
hint-revoke = revoke
key-revoke = revoke the selected expert's account, at once (asks first)
people-head = { $experts } experts, { $accounts } accounts issued, { $online } online
confirm-reset-password = Reset the password of { $who }? The username stays, the old password stops at once, the new slip goes to exports.
confirm-reset-new-username = Issue a new username and password to { $who }? The old account stops at once, the new slip goes to exports.
confirm-revoke-account = Revoke the account of { $who }? It stops at once; a reset issues one again when needed.
account-reset = { $name }'s account reset; the slip: { $slip } (download it by SFTP)
account-revoked = { $name }'s account revoked
filter = Filter
filter-hint = / filters by name, employer or specialty
help-title = Help: keys
help-close = Esc or ? closes the help
key-move = move
key-open = open
key-back = back
key-quit = quit (home screen)
key-help = help
key-language = language (中文)
key-filter = filter
key-ctrl-c = leave
too-small-title = Window too small
load-failed = Could not load data
loading = Loading...
server-shutdown = pingshen: the server is shutting down; saved work is kept. Please log in again later.
idle-closed = pingshen: closed after a long time without a key pressed; saved work is kept. Please log in again.
idle-title = About to disconnect
col-leads = Leads
col-score = Score
col-my-vote = My vote
key-vote = approve / reject / abstain (draft)
key-submit = submit all votes of the round (asks first)
key-check-in = check in for the committee meeting
key-scroll = scroll
file-title = Application file
confirm-submit-title = Please confirm
confirm-submit-body = Submit all your votes of this round? Submitted votes cannot change.
checked-in = you are checked in
recused = recused
submitted = submitted
col-threshold = Ballots and threshold
not-voted = no vote
ballots-waiting = Not in yet
ballots-all-in = Every ballot is in; the votes show once the switch closes
col-tally = Yes/No/Abs
col-votes = Each expert's vote
key-board = group panel (leader)
key-assign = assign a lead reviewer to the selected applicant (again: remove)
key-open-switch = open the vote switch
key-override = open although sheets are missing (logged)
key-close-switch = close the vote switch (asks first)
key-result = submit the group's result (asks first)
pick-lead = Choose the lead reviewer
picker-recused = (recused)
confirm-override-body = Score sheets are still missing. Open the switch anyway? This is logged.
confirm-close-body = Close the vote switch? Votes not submitted by then do not count.
confirm-result-body = Submit the group's result by the rules? It cannot change afterwards.
lead-assigned = lead reviewer assigned
ended-title = Review finished
ended-body = The committee's results were reported to the office; its review has ended and this account no longer works.
any-key-to-leave = Press any key to leave
lead-removed = lead reviewer removed
pick-lead-hint = Enter picks; pick again to remove; Esc closes
switch-opened = the vote switch is open
switch-closed-done = the switch is closed: group deliberation
result-submitted = the group's result is submitted
chair-title = Committee panel / results
col-arithmetic = Ballots and threshold
col-result = Result
key-chair = committee panel (director) / results (reporter)
key-chair-open = open the committee switch (needs the quorum)
key-chair-close = close the committee switch (asks first)
key-chair-close-reason = with members present not voted: close with a reason (results if the ballots reach the quorum, else the round is void)
key-report = report the results (reporter; asks first)
confirm-chair-close-body = Every member present has voted. Close the committee switch? The results are decided.
confirm-report-body = Report the results to the office? The committee's review then ends and its accounts stop.
chair-opened = the committee switch is open
chair-closed = the committee switch is closed; the results are decided
language-not-saved = switched to English for this session, but not saved for the account: { $why }
chair-voided = the round is void: no tally was kept; the meeting is back at check-in and the switch can open again
chair-reason-title = Close the switch with a reason
chair-reason-override = { $missing ->
        [one] { $missing } member present has
       *[other] { $missing } members present have
    } not voted; { $voters } ballots in reach the quorum of { $quorum }: closing decides the results, and a missing ballot counts as not approving.
chair-reason-void = { $missing ->
        [one] { $missing } member present has
       *[other] { $missing } members present have
    } not voted; { $voters } ballots in are below the quorum of { $quorum }: closing voids the round, no tally is shown or kept, and the meeting goes back to check-in.
chair-reason-given = Reason: { $reason }
reported = the results are reported to the office
taken-over = pingshen: your account logged in elsewhere; this session is closed (one session per account, no proxy voting).
account-changed = pingshen: the office reset or withdrew your account; this session is closed. Log in with the account the office gives you.

## Texts with values. A value is written { $name }; numbers come grouped by thousands.
## English chooses singular or plural with a selector: { $n -> [one] ... *[other] ... }.

labelled = { $label }: { $value }
list-separator = {", "}
who = { $name } ({ $username })
mode-expert = expert review
mode-lecture = expert review + lecture defense
mode-interview = expert defense + interview
stage-setup = setting up
stage-groups = group review
stage-committee-review = committee draft votes
stage-committee-voting = committee voting
stage-report = reporting results
stage-reported = reported
group-phase-review = review and draft votes
group-phase-voting = vote switch open
group-phase-deliberation = group deliberation
group-phase-done = group result submitted
group-with-phase = { $group }: { $phase }
group-with-phase-short = { $group } ({ $phase })
role-leader = group leader
role-expert = expert
role-director = director
role-member = member
role-reporter = reporter

## The home screen's to-do list.

todo-await-setup = the office is still setting the committee up
todo-assign-lead-reviewers = assign lead reviewers to { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    }
todo-write-opinions = write the opinion and recommendation for { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    } you lead
todo-write-interview-questions = write interview questions for { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    } you lead
todo-score-lectures = score the lecture defense of { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    }
todo-score-interviews = score the interview of { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    }
todo-draft-group-votes = draft-vote on { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    }
todo-submit-group-votes = the switch is open: submit your votes on { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    }
todo-await-group-votes = { $experts ->
        [one] { $experts } expert has
       *[other] { $experts } experts have
    } not submitted their votes
todo-deliberate-group = group deliberation: submit the result for { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    }
todo-await-other-groups = your group's result is in; waiting for the other groups
todo-check-in = check in for the committee meeting
todo-draft-committee-votes = draft-vote on { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    } (committee)
todo-submit-committee-votes = the committee switch is open: submit your votes on { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    }
todo-report = review the results and report them to the office
todo-nothing = nothing waiting at this stage

## The office's login limits.

logins-head = { $keys } with failed logins, { $locked } locked out
locked-until = locked until { $until }
waits = next try waits { $seconds } s
# A moment: { $month } and { $day } are numbers, { $time } is hh:mm:ss, in the timezone setting's zone.
times-in = times in { $zone }
date-time = { $day } { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    } { $time }

## Storage faults: what happened, that nothing was changed, what to do.

fault-full = The server's storage is full: this was not saved (earlier work is safe). Please tell the office.
fault-read-only = The server's database is read-only: this was not saved (earlier work is safe). Please tell the office.
fault-busy = The database is busy: this was not saved. Please try again in a moment.
fault-damaged = The server's database file is damaged: this was not saved. Please tell the office.
fault-io = The server could not read or write its disk: this was not saved. Please tell the office.
fault-unreachable = The database server cannot be reached just now: this was not saved. It reconnects by itself; please try again in a moment.

idle-warning = No key pressed for a long time: the connection closes in { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    } (saved work is kept). Press any key to stay.
too-small = Please enlarge the window to at least 80x24 (now { $width }x{ $height }).
counts = { $groups ->
        [one] { $groups } group
       *[other] { $groups } groups
    }  { $experts ->
        [one] { $experts } expert
       *[other] { $experts } experts
    }  { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    }
list-position = { $shown } of { $total } shown

## Refusals of the review engine.

refusal-operator-only = only the office (operator) may do this
refusal-role-required = this needs the role { $role }
refusal-not-in-group = you do not belong to this applicant's professional group
refusal-recused = you are recused from this applicant
refusal-wrong-stage = this is not allowed at this stage ({ $stage })
refusal-wrong-group-phase = this is not allowed in the group's phase ({ $phase })
refusal-switch-closed = the vote switch is closed
refusal-switch-not-open-yet = the vote switch is not open yet
refusal-switch-already-open = the vote switch is already open
refusal-switch-still-open = the vote switch is still open: this can be done once voting has ended and the switch is closed
refusal-round-over = this round's voting is over and its switch does not open again; to vote again, open a re-vote
refusal-check-in-closed = the committee's vote switch is open: check-in has closed
refusal-check-in-not-open = check-in opens once every group has submitted its result and the committee meeting begins
refusal-switch-open = the vote switch is open; drafts and settings are frozen
refusal-already-submitted = already submitted; submitted votes and score sheets cannot be changed
refusal-incomplete-draft = the draft is incomplete: { $missing ->
        [one] { $missing } applicant has
       *[other] { $missing } applicants have
    } no draft vote
refusal-incomplete-sheet = the score sheet is incomplete: item { $item } has no score
refusal-score-out-of-range = score { $value } for { $item } is outside 0 to { $max }
refusal-quorum-not-met = quorum not met: { $checked_in } checked in, { $needed } needed of { $members } members
refusal-opinions-missing = { $missing ->
        [one] { $missing } applicant still lacks
       *[other] { $missing } applicants still lack
    } the lead reviewer's opinion and recommendation
refusal-scores-missing = { $missing ->
        [one] { $missing } score sheet is
       *[other] { $missing } score sheets are
    } not submitted yet
refusal-questions-missing = { $missing ->
        [one] { $missing } applicant still has
       *[other] { $missing } applicants still have
    } no interview questions
refusal-lead-reviewers-missing = { $missing ->
        [one] { $missing } applicant still has
       *[other] { $missing } applicants still have
    } no lead reviewer
refusal-not-lead-reviewer = only the applicant's lead reviewer may do this
refusal-target-recused = that expert is recused from this applicant
refusal-not-a-group-expert = that person is not an expert of this applicant's group
refusal-not-in-this-mode = this committee's mode has no { $what }
refusal-too-many-questions = at most { $max } interview questions per applicant
refusal-not-ready = the committee is not ready: { $why }
refusal-already-voted = a vote or score sheet on this applicant is already submitted; recusal can no longer change
refusal-empty-text = the text is empty
refusal-text-too-long = the text is too long: { $len } characters, at most { $max }
refusal-questions-locked = the interview has been scored; its questions can no longer change
refusal-no-questions-yet = the applicant has no interview questions yet; the interview is scored after them
refusal-account-revoked = this account has been revoked (new accounts were issued); log in with the new one
refusal-not-checked-in = you have not checked in to the committee meeting
refusal-already-checked-in = already checked in
refusal-not-in-committee-stage = this applicant did not pass the group stage and does not go to the committee
refusal-not-in-round = this applicant is not up for a vote in this round
refusal-not-found = { $what } not found
refusal-committee-closed = the committee's review has ended
refusal-ballots-missing = { $missing ->
        [one] { $missing } member has
       *[other] { $missing } members have
    } not voted ({ $voters } in, quorum { $quorum }): all vote or give a reason
refusal-reason-needed = type the reason first
# What a refusal names.
thing-committee = committee
thing-account = account
thing-expert = expert
thing-applicant = applicant
thing-group = group
thing-recusal = recusal
thing-lead-reviewer = lead reviewer
thing-question = question
thing-score-item = score item
thing-score-sheet = score sheet
thing-defense-scoring = defense scoring
thing-interview-questions = interview questions

## Votes.

choice-approve = approve
choice-reject = reject
choice-abstain = abstain
vote-submitted-approve = approved
vote-submitted-reject = rejected
vote-submitted-abstain = abstained
choice-word-approve = yes
choice-word-reject = no
choice-word-abstain = abstain
drafted = draft saved: { $choice }
votes-submitted = submitted your votes on { $applicants ->
        [one] { $applicants } applicant
       *[other] { $applicants } applicants
    }

## An applicant's file.

file-name = Name
file-gender = Gender
file-born = Born
file-ethnicity = Ethnicity
file-political-status = Political status
file-id-number = ID number
file-employer = Employer
file-current-title = Current title
file-current-title-value = { $title } ({ $date })
file-applied-title = Applied title
file-specialty = Specialty
file-group = Group
file-education = Education
file-degree = Degree
file-school = School
file-work-start = Started work
file-years = Years
file-annual-assessments = [Annual assessments]
file-continuing-education = [Continuing education]
file-papers = [Papers and books]
file-projects = [Projects]
file-patents = [Patents]
file-awards = [Awards]
file-achievements = [Achievements]
file-summary = [Personal summary]
file-none = (none)
file-opinions = [Lead reviewers' opinions]
file-no-lead = (no lead reviewer yet)
file-not-written = (not written yet)
file-questions = [Interview questions]
file-score = [Score] { $score } ({ $sheets ->
        [one] { $sheets } sheet
       *[other] { $sheets } sheets
    })
file-my-vote = [My vote] { $vote }
question-line = { $n }. { $text } ({ $author })

## The group leader's panel.

board-title = {" "}Group panel - { $group }  { $phase }  round { $round }{" "}
board-progress = { $drafting ->
        [one] { $drafting } expert
       *[other] { $drafting } experts
    } still drafting: { $names }    { $unsubmitted } of { $total } have not submitted
board-nobody = none
board-arithmetic = experts { $experts }  recused { $recused }  in { $ballots }  needs { $needed }
board-tally-passes = { $approve }/{ $reject }/{ $abstain } passes
board-tally-fails = { $approve }/{ $reject }/{ $abstain } fails
gap-without-lead = { $applicants } without a lead reviewer
gap-opinions = { $applicants } without the lead's opinion
gap-questions = { $applicants } without interview questions
gap-sheets = { $sheets ->
        [one] { $sheets } score sheet
       *[other] { $sheets } score sheets
    } not in: { $who }
gaps = Before the switch can open: { $gaps }
gaps-separator = {"; "}

## Score sheets.

sheet-heading = {" "}{ $title } - { $name } ({ $which }){" "}
sheet-which-lecture = lecture defense
sheet-which-interview = interview defense
score-digits-only = type a whole number from 0 to { $max }
sheet-sent = score sheet submitted: { $total ->
        [one] { $total } point
       *[other] { $total } points
    } in all
my-sheet-sent = sent { $total }
my-sheet-draft = draft { $total }
invalid-score-discarded = the invalid score in { $item } was not saved; the field is back to its saved value

## The office's screen.

office-head = mode: { $mode }    stage: { $stage }    { $accounts ->
        [one] { $accounts } account
       *[other] { $accounts } accounts
    } issued
office-meeting = committee: { $members } members, { $checked_in } checked in, quorum { $quorum }, { $voters } ballots in
office-results = results: { $decided } decided, { $passed } passed
accounts-issued = { $accounts ->
        [one] { $accounts } account
       *[other] { $accounts } accounts
    } issued; the slips: { $path }
exported = exported to { $folder }: { $files }
exported-separator = {", "}
certificates-issued = { $certificates ->
    [one] 1 e-certificate issued: { $folder } (download it by SFTP)
   *[other] { $certificates } e-certificates issued: { $folder } (download them by SFTP)
}
unbound-key = { $key } does nothing here; press ? for this screen's keys

## The director's panel.

chair-quorum-met = quorum met
chair-quorum-not-met = no quorum yet
chair-members = { $members } members, { $checked_in } checked in, quorum { $quorum } ({ $state })
chair-progress = stage: { $stage }, round { $round }, { $drafting } still drafting, { $voters } ballots in
chair-arithmetic = attending { $attending }  recused { $recused }  in { $ballots }  needs { $needed }
chair-result-passed = passed { $approve }/{ $reject }/{ $abstain }
chair-result-failed = failed { $approve }/{ $reject }/{ $abstain }


## Key hints of the bottom line and key names (the keys themselves are in src/tui/keymap.rs)
key-ends = first / last row
key-sheet-next = next field
key-sheet-previous = previous field (saved as you leave)
key-picker-pick = while picking a lead: picks (again: removes)
key-picker-close = closes the lead picker
hint-move = move
hint-open = open
hint-check-in = check in
hint-other-language = 中文
hint-help = help
hint-quit = quit
hint-progress = progress
hint-login-limits = login limits
hint-file = file
hint-vote = vote
hint-submit = submit
hint-filter = filter
hint-back = back
hint-score = score
hint-type-to-filter = type to filter
hint-keep = keep
hint-clear = clear
hint-scroll = scroll
hint-approve = approve
hint-reject = reject
hint-abstain = abstain
hint-assign-lead = assign lead
hint-open-switch = open
hint-close-switch = close
hint-submit-result = submit result
hint-open-committee-switch = open switch
hint-close-it = close it
hint-report-results = report results
hint-confirm = confirm
hint-cancel = cancel
hint-type = type
hint-deletes = deletes
hint-done = done
hint-digits-score = digits score
hint-next = next
hint-previous = previous
hint-write = write
hint-recommendation = recommendation
hint-add = add
hint-edit = edit
hint-delete = delete
hint-applicants = list
hint-group-panel = group
hint-issue-accounts = accounts
hint-export = export
hint-certificates = certs
hint-lift-selected = lift selected
hint-lift-all = lift all
hint-reload = reload
hint-yes = yes
key-name-space = Space
key-name-up = Up
key-name-down = Down
key-name-arrows = Up/Down
key-name-or = {" or "}
key-name-colon = {": "}

# Re-vote rounds (复议)
hint-revote = re-vote
key-revote = open a re-vote round: choose applicants and give the reason (leader in deliberation, director after voting closed and before the report)
hint-mark = choose
key-mark = choose the applicant under the cursor, or not
hint-revote-reason = reason
key-revote-reason = once chosen: type the reason for the re-vote
key-revote-cancel = no re-vote
revote-title = Applicants to re-vote
revote-reason-title = Reason for the re-vote
revote-reason-prompt = Re-vote { $applicants }. Type the reason:
revote-none-chosen = choose at least one applicant first
revote-opened = re-vote round opened; its vote switch is open
confirm-revote-body = Open a re-vote (voting round { $round }) for: { $applicants }
    Reason: { $reason }
    Only the new round's votes count; earlier rounds stay in the meeting record. Voting opens at once.

# Opening a vote switch: what is still missing
confirm-open-switch = Open the group's vote switch?
switch-drafts-missing = { $experts ->
        [one] { $experts } expert has
       *[other] { $experts } experts have
    } not drafted every applicant: { $names }
switch-drafts-complete = Every expert has drafted every applicant.
switch-sheets-missing = { $sheets ->
        [one] { $sheets } score sheet is
       *[other] { $sheets } score sheets are
    } not submitted.
names-and-more = { $names } and { $more } more
switch-no-pause = Once open, voting cannot be paused, only closed.
confirm-open-committee-switch = Open the committee's vote switch? { $checked_in } of { $members } members checked in (quorum { $needed }).
committee-drafts-missing = { $undrafted ->
        [one] { $undrafted } member present has
       *[other] { $undrafted } members present have
    } not drafted every applicant.
committee-no-pause = Once open, voting cannot be paused, only closed, and members not checked in can no longer check in.

# Setup problems, typed (issue 18: no English on a Chinese screen)
items-count = a score sheet has 1 to 10 items
items-item = each item needs a name and a maximum of 1 to 100 points
items-total = the item maxima add up to { $total }, not 100
refusal-already-recused = already recused
refusal-already-lead = already a lead reviewer of this applicant
refusal-item-twice = a score item was given twice
unready-no-groups = it has no professional group
unready-group-leaders = group { $group } has { $leaders } leaders, not one
unready-no-applicants = it has no applicants
unready-applicant-without-group = applicant { $name } has no professional group
unready-no-role = it has no { $role }
unready-even-members = it has { $members } members; the number must be odd
unready-no-score-items = its score sheet has no items
settings-fraction = the { $setting } fraction { $num }/{ $den } must lie between 0 and 1
settings-trim-too-small = a trimmed mean needs at least 3 sheets
settings-pass-score-over100 = the pass score is out of 100
setting-group-pass = group pass
setting-committee-pass = committee pass
setting-quorum = quorum
internal-error = the server failed and did nothing; the detail is in the server's log, please tell the office
shutting-down = the server is shutting down and did nothing; log in again later
problem-cannot-create = cannot create the folder { $path } (no permission, or the disk is full); nothing was written; the server's log has the detail
problem-cannot-write = cannot write { $path } (no permission, or the disk is full); the server's log has the detail
problem-none-named = no { $what } named { $who } in this committee
problem-several-named = several { $what }s are named { $who }; write NAME@EMPLOYER
problem-accounts-ended = the committee has reported; its accounts have ended
problem-no-experts-yet = the committee has no experts yet
problem-no-font = the server has no Chinese font for the PDFs (the detail is in its log); ask the administrator to install fonts-wqy-microhei
problem-not-reported-yet = certificates are issued once the committee has reported its results
problem-setup-closed = the committee's review has started; its setup can no longer change
problem-committee-name = a committee name must have 1 to 200 characters, none of them control or invisible characters
problem-group-name = a group name must have 1 to 100 characters
problem-no-group = { $name } is a group leader or expert but has no professional group
problem-no-role = { $name } has no role
problem-group-elsewhere = the group belongs to another committee
problem-office-name = “{ $name }” cannot name an office account: 1 to 32 lowercase letters, digits, “.”, “-” or “_”, starting with a letter
problem-account-exists = an account named { $name } exists already
problem-no-office-account = no office account is named { $name }
problem-last-office-account = { $name } is the last office account; add another before removing it
problem-no-account = { $name } has no account to revoke

## Files over SSH (SFTP): what a refused request tells the office's client.
sftp-not-there = no such file or folder (only inbox/ and exports/ are here)
sftp-read-only = only inbox/ takes uploads, renames and removals; exports/ is for downloading
sftp-failed = the server could not do this file operation; the detail is in the server's log
sftp-too-large = the file is over the upload limit of { $mib } MiB and was not kept
sftp-disk-full = the server's disk is nearly full; the file was not kept; ask the administrator
sftp-exists = a file or folder of that name exists already
sftp-whole-files = files are uploaded whole (no resuming or changing in place); upload it again
sftp-no-links = links cannot be made
sftp-unsupported = this operation is not supported
sftp-too-many-open = too many files open at once (512 at most); close some first
sftp-upload-open = an upload into this folder is still open; rename it once the upload is done

## Imports from the office's screen: what is wrong with a file, row by row.
import-at-row = row { $row }: { $why }
import-at-cell = row { $row }, column “{ $column }”: { $why }
import-duplicate-column = the column appears twice
import-missing-column = a required column is missing ({ $header })
import-empty = must not be empty
import-only-invisible = has only invisible characters ({ $code }); delete them
import-invisible = has an invisible or direction-changing character { $code }; delete it
import-too-long = too long: { $len } characters, at most { $max }
import-control = has control characters
import-newline = must be on one line
import-duplicate-row = the same as row { $first } (same name and employer)
import-no-data-rows = the file has no data rows
import-extra-cells = has { $cells } cells, more than the header's { $headers } columns (text with commas needs quotes)
import-gender = should be male or female, not “{ $value }”
import-years = should be a whole number from 0 to 70, not “{ $value }”
import-unknown-role = unknown role “{ $value }” (leader, expert, director, member, reporter)
import-group-needed = group leaders and experts need a professional group
import-group-not-allowed = only group leaders and experts belong to a professional group; leave it empty for other roles
table-empty = the file is empty
table-encoding = the file is neither a CSV in UTF-8 or GBK nor an XLSX workbook
table-csv = row { $row } of the CSV cannot be read (perhaps a quote is not closed)
table-xlsx = the XLSX workbook cannot be read (damaged, or not an Excel file)
table-too-large = the file unpacks to too much to import; split it and upload again
problem-cannot-read = cannot read { $path } (no permission, or a disk fault); the server's log has the detail
problem-no-inbox-file = inbox/ has no file named { $name } (it may have been deleted or renamed)
problem-import-too-large = { $name } is larger than { $mib } MiB; split it before importing

## The office's setup from its screen (issue 19): import, settings, recusals, a new committee.
hint-new-committee = new committee
key-new-committee = a new committee: its name and review mode
new-committee-title = New committee
new-committee-name = Name of the committee
new-committee-mode = Review mode
new-committee-note = Type the name, choose the mode with Tab, create it with Enter. Then open it from the list and import the experts and the applicants.
new-committee-created = The committee is created. Press any key to go back to the list, select it and open it with Enter.
hint-type-name = type the name
hint-next-mode = mode
key-next-mode = the next review mode
hint-create = create
key-create = create the committee
key-new-cancel = back without creating one
committee-created = Committee { $id } created: { $name }
hint-import = import
key-import = import a list: pick the experts' or the applicants' file (CSV or XLSX) uploaded by SFTP into inbox/
hint-settings = rules
key-settings = the review rules and score items: see and change them (during setup)
hint-recusals = recuse
key-recusals = recusals: list, add and lift an expert's recusal from an applicant
inbox-title = Import a list
inbox-head = Files in inbox/, uploaded by SFTP (scp FILE operator@SERVER:inbox/)
inbox-empty = inbox/ has no files yet. Upload a list by SFTP first, e.g. scp experts.xlsx operator@server:inbox/ , then press r to reload.
col-file = File
col-size = Size
col-modified = Modified
hint-import-experts = as experts
key-import-experts = import the selected file as the expert list (nothing is imported if any row is bad)
hint-import-applicants = as applicants
key-import-applicants = import the selected file as the applicant list (nothing is imported if any row is bad)
hint-report-focus = report
key-report-focus = the arrow keys move between the file list and the import report (to read a long report)
import-report-title = Import report
import-kind-experts = Expert list
import-kind-applicants = Applicant list
import-running = Importing { $name }
import-done = { $name }: { $rows } rows read ({ $format }), { $added } added, { $updated } updated, { $unchanged } unchanged
import-rejected = { $name }: { $problems ->
        [one] 1 problem
       *[other] { $problems } problems
    } found, nothing was imported; correct the file, upload it again and import it
import-unreadable = { $name } cannot be imported: { $why }
import-groups-added = Professional groups created: { $groups }
import-recusals-added = Recused for a shared employer: { $recusals } (press v to see them)
import-ignored = Columns not used: { $columns }
settings-title = Review rules
settings-head = Select a rule and press Enter to change it (a yes/no rule flips). Rules change only before the review starts; every change goes to the audit log.
col-setting = Rule
col-value = Now
hint-change = change
key-change-setting = change the selected rule
setting-group-fail-stops = A failed group result
setting-group-fail-stops-yes = stops the applicant
setting-group-fail-stops-no = is only a reference
setting-trim-from = Drop the highest and lowest score
setting-trim-never = never (always the plain mean)
setting-trim-from-value = from { $sheets } score sheets on
setting-pass-score = Defense pass score
setting-pass-score-none = none (scores are a reference)
setting-pass-score-value = { $score } points
setting-score-items = Score items
setting-no-items = no score items yet
threshold = { $num }/{ $den }
threshold-more-than = more than { $share }
threshold-at-least = at least { $share }
settings-input-threshold = write a fraction: 2/3 is at least two thirds, >1/2 is more than half
settings-input-number = write a whole number, or none for no such rule
settings-input-items = write NAME:POINTS separated by commas, adding up to 100, e.g. content:40,delivery:30,answers:30
settings-saved = Rules saved
recusals-title = Recusals
recusals-head = { $recusals ->
        [one] 1 recusal
       *[other] { $recusals } recusals
    }
recusals-none = No recusals yet. Press a to add one; recusals for a shared employer are added at each import and at the start.
col-expert = Expert
col-applicant = Applicant
col-reason = Reason
recusal-employer = same employer
recusal-office = set by the office
recusal-declared = declared by the expert
hint-add-recusal = add
key-add-recusal = add a recusal: pick the expert, then the applicant
hint-remove-recusal = lift
key-remove-recusal = lift the selected recusal (asks first)
pick-expert = The expert to recuse (Enter picks)
pick-applicant = Recuse { $expert } from which applicant? (Enter picks)
hint-choose = pick
key-choose = pick this row
key-pick-cancel = back to the recusals without adding one
confirm-add-recusal = Recuse { $expert } from { $applicant }? The expert then neither votes on nor scores this applicant.
confirm-remove-recusal = Lift the recusal of { $expert } from { $applicant }? A shared employer's recusal, once lifted, is not added again.
recusal-added = Recusal added
recusal-removed = Recusal lifted
setup-has = { $experts } experts, { $applicants } applicants, { $accounts } accounts issued
setup-ready = Ready: press s to start the review (issue the accounts with a first).
setup-missing = Still missing before the review can start (i import, t rules, v recusals):
setup-no-accounts = No accounts issued yet: press a; the slips go to exports/.
no-committees-office = No committees yet. Press n to create one.
report-line = {": "}
setup-no-experts = No experts yet: press i and import the expert list (leaders, experts, director, members, reporter)
setup-no-applicants = No applicants yet: press i and import the applicant list
rule-group-pass = Group pass
rule-committee-pass = Committee pass
rule-quorum = Quorum

## The vote flow (issue 20).
and-more = {" "}and others
hint-next-applicant = next
key-next-applicant = the next / previous applicant's file, without going back to the list; after a draft vote the next applicant without a vote is shown
confirm-submit-summary = { $approve } approve, { $reject } reject, { $abstain } abstain: { $total } in all
confirm-submit-missing = { $missing ->
        [one] 1 still without a vote
       *[other] { $missing } still without a vote
    }: { $names }

## Lead reviewers in bulk (issue 20).
leads-title = Lead reviewers in bulk
leads-done = The lead reviewers are assigned. Press any key to go back to the panel.
leads-nothing-to-assign = every applicant has enough lead reviewers; nothing to assign
col-proposed-leads = Proposed
hint-propose-leads = in bulk
key-propose-leads = lead reviewers in bulk: a balanced proposal for every applicant (no recused expert, the load even, the same specialty preferred), checked, then confirmed once
hint-change-row = change row
key-change-row = change the selected applicant's proposed lead reviewers
hint-per-applicant = per applicant
key-per-applicant = one lead reviewer more / fewer per applicant (a new proposal)
hint-confirm-leads = confirm
key-confirm-leads = confirm the whole proposal (asks first); each assignment is still its own audit entry
hint-toggle-lead = pick/unpick
key-toggle-lead = pick or unpick this expert
leads-head = { $per ->
        [one] 1 lead reviewer
       *[other] { $per } lead reviewers
    } per applicant (+/-); Enter changes a row, s confirms
leads-load = Load afterwards: { $loads }
leads-load-range = Afterwards each expert leads { $min } to { $max }
leads-expert-load = load { $load }
confirm-assign-leads = Add { $assignments ->
        [one] 1 lead assignment
       *[other] { $assignments } lead assignments
    } for { $applicants ->
        [one] 1 applicant
       *[other] { $applicants } applicants
    }?
leads-assigned = { $leads ->
        [one] 1 lead reviewer assigned
       *[other] { $leads } lead reviewers assigned
    }
chair-absent = not checked in ({ $members }): { $names }
chair-undrafted = drafts not finished ({ $members }): { $names }
chair-unvoted = ballot not cast ({ $members }): { $names }
board-owing = not in: { $names }
group-passed = passed
group-failed = not passed
file-group-result = Group vote: { $verdict } ({ $approve } for, { $reject } against, { $abstain } abstaining; round { $round })

## To-dos that say what comes next (issue 20).
todo-await-group-switch = Waiting for the group leader to open the vote switch (then s submits your votes)
todo-open-group-switch = When the group is ready, open the vote switch on the group panel (g, then o)
todo-await-group-close = Your votes are in; waiting for the leader to close the vote switch
todo-close-group-switch = Every expert has submitted: close the switch on the group panel (g, then x)
todo-await-group-result = Waiting for the group leader to submit the group result
todo-await-check-in = Check-in opens once the professional groups are done
todo-await-committee-switch = Checked in; waiting for the director to open the committee vote switch
todo-await-committee-close = Your ballot is in; waiting for the director to close the vote switch
todo-missed-check-in = The committee vote has begun; without a check-in you cannot vote
todo-open-committee-switch = Once the quorum has checked in, open the vote switch on the committee panel (d, then o)
todo-close-committee-switch = Voting: see who has not voted on the committee panel (d), x closes the switch
todo-await-report = Once the committee has voted, the reporter reports the results
hint-leader-panel = group panel
hint-chair-panel = committee panel
hint-sort = sort
key-sort = the next order: name, employer, specialty, my vote, lead reviewer, score (defense modes), then as listed
list-order = sorted by { $column }
summary-open = Enter opens the whole file
hint-new-line = new line
hint-save = save
key-save-text = save the text being typed (the second key where a terminal keeps the first)
