/**
 * UI strings: Chinese first, English switchable. Every key exists in both languages (the `en` object is typed
 * by the `zh` one), and enum labels are checked against shared/enums.ts so a new status cannot go unnamed.
 */
import { createContext, useContext } from 'react';
import type {
  RevisitOutcome,
  Role,
  TicketStatus,
  TicketUnitRole,
  UnitType,
  Urgency,
} from '../../shared/enums.js';
import type { ActionName } from '../../shared/schemas/tickets.js';

export type Lang = 'zh' | 'en';

const zh = {
  'app.name': '接诉即办',
  'app.fullName': '吉林市民生诉求接诉即办平台',
  'app.loading': '正在加载……',
  'app.lang': 'English',
  'app.logout': '退出登录',
  'app.forbidden': '您的角色不能访问此页面。',
  'app.notFound': '没有这个页面。',
  'app.backHome': '返回首页',
  'app.retry': '重试',
  'app.refresh': '刷新',
  'app.cancel': '取消',
  'app.submit': '提交',
  'app.confirm': '确认',
  'app.yes': '是',
  'app.no': '否',
  'app.none': '无',
  'app.colon': '：',
  'app.loadFailed': '加载失败',
  'app.sessionExpired': '登录已过期，请重新登录。',

  'error.network': '无法连接服务器，请检查网络后重试。',
  'error.server': '服务器出错（{status}），请稍后再试。',
  'error.timeout': '服务器长时间没有响应，请稍后重试。',

  'login.title': '登录',
  'login.subtitle': '市长电话室 · 督查室 · 承办单位工作台',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.required.username': '请输入用户名',
  'login.required.password': '请输入密码',

  'menu.register': '诉求登记',
  'menu.dispatchQueue': '待转办',
  'menu.returnsQueue': '退单待审定',
  'menu.inbox': '待办工单',
  'menu.revisitQueue': '待回访',
  'menu.supervisionQueue': '督办工单',
  'menu.overview': '工作概览',
  'menu.allTickets': '工单查询',

  'role.admin': '系统管理员',
  'role.office_operator': '市长电话室话务员',
  'role.office_revisitor': '市长电话室回访员',
  'role.supervisor': '督查室',
  'role.leader': '市领导',
  'role.unit_leader': '单位领导',
  'role.unit_handler': '单位经办人',

  'status.registered': '已登记',
  'status.dispatched': '已转办',
  'status.accepted': '已签收',
  'status.returned': '已退回',
  'status.planned': '已承诺',
  'status.completed': '已办结',
  'status.replied': '已反馈',
  'status.supervising': '督办中',
  'status.archived': '已归档',

  'urgency.urgent': '紧急',
  'urgency.general': '一般',

  'outcome.satisfied': '满意',
  'outcome.basically_satisfied': '基本满意',
  'outcome.unsatisfied': '不满意',
  'outcome.unreachable': '未联系上',

  'unitRole.lead': '主办（首办责任单位）',
  'unitRole.assist': '协办',
  'unitRole.copy': '抄送上级',
  'unitRole.sub': '二级承办',

  'unitType.city_government': '市政府',
  'unitType.office': '市长电话室',
  'unitType.supervision_office': '督查室',
  'unitType.district': '县（市）区政府',
  'unitType.development_zone': '开发区管委会',
  'unitType.street': '街道',
  'unitType.township': '乡镇',
  'unitType.city_department': '市直部门',
  'unitType.department_subunit': '市直部门下属单位',
  'unitType.district_department': '区级政府部门',
  'unitType.provincial_department': '中省直部门',
  'unitType.enterprise': '企事业单位',

  'action.dispatch': '转办',
  'action.accept': '签收',
  'action.return': '退单',
  'action.review-return': '审定退单',
  'action.report-disposal': '处置情况直报',
  'action.verify': '核实',
  'action.complete': '办结',
  'action.plan': '解决方案与承诺时限',
  'action.feedback': '结果反馈',
  'action.revisit': '回访',
  'action.supervise': '督办',
  'action.close-supervision': '督办办结',
  'event.register': '诉求登记',
  'event.deadline-warning': '临期预警',
  'event.overdue': '超期',

  'field.unitId': '承办单位',
  'field.urgency': '紧急程度',
  'field.categoryCode': '事项分类',
  'field.responsiblePerson': '具体负责人',
  'field.reason': '理由',
  'field.reviewAccept': '是否同意退单',
  'field.reviewAccept.yes': '同意，改派新单位',
  'field.reviewAccept.no': '不同意，由原单位继续办理',
  'field.reviewReason': '审定意见',
  'field.text': '情况说明',
  'field.disposalText': '处置情况',
  'field.verifyText': '核实情况',
  'field.result': '办理结果',
  'field.plan': '解决方案',
  'field.promisedAt': '承诺办结时间',
  'field.toComplainant': '向诉求人反馈',
  'field.toOffice': '向市长电话室回复',
  'field.outcome': '回访结果',
  'field.note': '回访记录',
  'field.notice': '督办意见',
  'field.dueAt': '督办期限',
  'field.decision': '办结决定',
  'field.accept': '同意',
  'field.fromTo': '状态',
  'field.channel': '受理渠道',
  'field.channelRef': '渠道编号',
  'field.completeDueAt': '办结时限',
  'field.verifyDueAt': '核实时限',
  'field.late': '超期办结',
  'field.previousDueAt': '原办结时限',
  'field.attempt': '第几次回访',
  'field.provisionalCalendar': '暂定时限（日历未载入）',

  'deadline.preview': '按现行时限，如现在转办，应于 {at} 前办结',
  'deadline.previewProvisional': '（该年度工作日历尚未载入，时限为暂定）',

  'ticket.code': '工单编号',
  'ticket.title': '标题',
  'ticket.content': '诉求内容',
  'ticket.channel': '受理渠道',
  'ticket.channelRef': '渠道编号',
  'ticket.receivedAt': '受理时间',
  'ticket.category': '事项分类',
  'ticket.urgency': '紧急程度',
  'ticket.status': '状态',
  'ticket.location': '发生地点',
  'ticket.district': '所属区域',
  'ticket.leadUnit': '承办单位',
  'ticket.responsiblePerson': '具体负责人',
  'ticket.deadline': '办理时限',
  'ticket.complainant': '诉求人',
  'ticket.complainant.name': '姓名',
  'ticket.complainant.phone': '联系电话',
  'ticket.complainant.idNumber': '身份证号',
  'ticket.complainant.address': '联系地址',
  'ticket.masked': '已脱敏',
  'ticket.unmasked': '明文（查看已记入审计）',
  'ticket.facts': '诉求信息',
  'ticket.units': '承办单位',
  'ticket.deadlines': '时限',
  'ticket.verifyDueAt': '核实时限',
  'ticket.completeDueAt': '办结时限',
  'ticket.promisedAt': '承诺办结时间',
  'ticket.provisional': '该年度工作日历尚未载入，时限为暂定',
  'ticket.overdue': '已超期',
  'ticket.timeline': '办理过程',
  'ticket.timelineEmpty': '暂无办理记录',
  'ticket.nextStep': '下一步',
  'ticket.noAction': '当前没有需要您处理的操作。',
  'ticket.returnCount': '退单次数',
  'ticket.revisitAttempts': '回访次数',
  'ticket.revisitOutcome': '回访结果',
  'ticket.policyVersion': '时限政策版本',
  'ticket.notFound': '工单不存在，或您无权查看。',
  'ticket.back': '返回',
  'ticket.actionDone': '「{action}」已提交',
  'ticket.timesHeader': '关键时间',
  'ticket.dispatchedAt': '转办时间',
  'ticket.acceptedAt': '签收时间',
  'ticket.completedAt': '办结时间',
  'ticket.repliedAt': '反馈时间',
  'ticket.archivedAt': '归档时间',

  'countdown.left': '剩余 {d}',
  'countdown.overdue': '超期 {d}',
  'countdown.none': '—',
  'countdown.stopped': '已停止计时',

  'list.search': '搜索编号、标题或内容',
  'list.allStatuses': '全部状态',
  'list.allUrgencies': '全部紧急程度',
  'list.overdueOnly': '只看超期',
  'list.total': '共 {n} 件',
  'list.empty': '没有符合条件的工单',
  'list.emptyQueue': '队列已清空，暂无待办',
  'list.handle': '办理',
  'list.open': '查看',
  'list.revisitConfirm': '确认回访结果为「{outcome}」？',

  'queue.dispatch.hint': '新登记的诉求：核对分类和紧急程度，转办给承办单位。',
  'queue.returns.hint': '承办单位退回的工单：同意并改派，或不同意由原单位继续办理。',
  'queue.inbox.hint': '按办理时限排序，红色为已超期，橙色为即将到期。',
  'queue.revisit.hint': '已反馈的工单：致电诉求人，点选结果并确认即可记录。',
  'queue.supervision.hint': '不满意或超期的工单：发督办单或办结督办。',
  'queue.all.hint': '按条件查询您有权查看的工单。',

  'register.title': '诉求登记',
  'register.hint': '按诉求人所述如实登记；提交后进入工单页转办。',
  'register.source': '来源',
  'register.complainant': '诉求人',
  'register.request': '诉求',
  'register.place': '地点与分类',
  'register.channel': '受理渠道',
  'register.channelRef': '渠道编号（同一渠道同一编号只登记一次）',
  'register.name': '诉求人姓名',
  'register.phone': '联系电话',
  'register.idNumber': '身份证号',
  'register.address': '联系地址',
  'register.title.field': '标题（不填则取内容开头）',
  'register.content': '诉求内容',
  'register.district': '所属区域',
  'register.locationAddress': '发生地点',
  'register.category': '事项分类',
  'register.urgency': '紧急程度',
  'register.urgencyHint': '紧急类：停水停电停暖、环境污染、公共卫生与食品安全、公共设施隐患、灾害等（R3.1）',
  'register.submit': '登记',
  'register.reset': '清空',
  'register.created': '已登记，工单编号 {code}',
  'register.duplicate': '该渠道编号已登记过，已打开原工单 {code}',
  'register.pick': '请选择',

  'overview.title': '工作概览',
  'overview.byStatus': '各状态工单数',
  'overview.overdue': '超期工单',
  'overview.total': '工单总数',
  'overview.open': '在办工单',
  'overview.count': '件数',
};

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.name': 'Jiesu',
  'app.fullName': 'Jilin Citizen Request Hotline',
  'app.loading': 'Loading…',
  'app.lang': '中文',
  'app.logout': 'Log out',
  'app.forbidden': 'Your role cannot open this page.',
  'app.notFound': 'No such page.',
  'app.backHome': 'Back to start',
  'app.retry': 'Retry',
  'app.refresh': 'Refresh',
  'app.cancel': 'Cancel',
  'app.submit': 'Submit',
  'app.confirm': 'Confirm',
  'app.yes': 'Yes',
  'app.no': 'No',
  'app.none': 'None',
  'app.colon': ': ',
  'app.loadFailed': 'Could not load',
  'app.sessionExpired': 'Your session has expired; please log in again.',

  'error.network': 'Cannot reach the server. Check the network and retry.',
  'error.server': 'Server error ({status}). Please try again later.',
  'error.timeout': 'The server did not answer in time. Please retry.',

  'login.title': 'Log in',
  'login.subtitle': "Mayor's phone office · Supervision office · Handling units",
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.required.username': 'Enter your username',
  'login.required.password': 'Enter your password',

  'menu.register': 'Register request',
  'menu.dispatchQueue': 'To dispatch',
  'menu.returnsQueue': 'Returns to review',
  'menu.inbox': 'Inbox',
  'menu.revisitQueue': 'To revisit',
  'menu.supervisionQueue': 'Supervision',
  'menu.overview': 'Overview',
  'menu.allTickets': 'Search tickets',

  'role.admin': 'Administrator',
  'role.office_operator': 'Office operator',
  'role.office_revisitor': 'Revisit staff',
  'role.supervisor': 'Supervision office',
  'role.leader': 'City leader',
  'role.unit_leader': 'Unit leader',
  'role.unit_handler': 'Unit handler',

  'status.registered': 'Registered',
  'status.dispatched': 'Dispatched',
  'status.accepted': 'Accepted',
  'status.returned': 'Returned',
  'status.planned': 'Planned',
  'status.completed': 'Completed',
  'status.replied': 'Replied',
  'status.supervising': 'Supervising',
  'status.archived': 'Archived',

  'urgency.urgent': 'Urgent',
  'urgency.general': 'General',

  'outcome.satisfied': 'Satisfied',
  'outcome.basically_satisfied': 'Basically satisfied',
  'outcome.unsatisfied': 'Unsatisfied',
  'outcome.unreachable': 'Unreachable',

  'unitRole.lead': 'Lead (first-responsible)',
  'unitRole.assist': 'Assisting',
  'unitRole.copy': 'Copy to superior',
  'unitRole.sub': 'Sub-dispatched',

  'unitType.city_government': 'City government',
  'unitType.office': "Mayor's phone office",
  'unitType.supervision_office': 'Supervision office',
  'unitType.district': 'County/district government',
  'unitType.development_zone': 'Development zone',
  'unitType.street': 'Street',
  'unitType.township': 'Township',
  'unitType.city_department': 'City department',
  'unitType.department_subunit': 'Department subunit',
  'unitType.district_department': 'District department',
  'unitType.provincial_department': 'Provincial/central department',
  'unitType.enterprise': 'Enterprise',

  'action.dispatch': 'Dispatch',
  'action.accept': 'Accept',
  'action.return': 'Return',
  'action.review-return': 'Review return',
  'action.report-disposal': 'Report disposal',
  'action.verify': 'Verify',
  'action.complete': 'Complete',
  'action.plan': 'Plan & promised date',
  'action.feedback': 'Feedback',
  'action.revisit': 'Revisit',
  'action.supervise': 'Supervise',
  'action.close-supervision': 'Close supervision',
  'event.register': 'Registered',
  'event.deadline-warning': 'Deadline warning',
  'event.overdue': 'Overdue',

  'field.unitId': 'Handling unit',
  'field.urgency': 'Urgency',
  'field.categoryCode': 'Category',
  'field.responsiblePerson': 'Responsible person',
  'field.reason': 'Reason',
  'field.reviewAccept': 'Accept the return?',
  'field.reviewAccept.yes': 'Accept and re-dispatch',
  'field.reviewAccept.no': 'Reject; the unit keeps it',
  'field.reviewReason': 'Decision note',
  'field.text': 'Text',
  'field.disposalText': 'Disposal on site',
  'field.verifyText': 'Verification',
  'field.result': 'Result',
  'field.plan': 'Solution plan',
  'field.promisedAt': 'Promised completion',
  'field.toComplainant': 'To the complainant',
  'field.toOffice': 'To the office',
  'field.outcome': 'Outcome',
  'field.note': 'Note',
  'field.notice': 'Supervision notice',
  'field.dueAt': 'Due',
  'field.decision': 'Decision',
  'field.accept': 'Accepted',
  'field.fromTo': 'Status',
  'field.channel': 'Channel',
  'field.channelRef': 'Channel reference',
  'field.completeDueAt': 'Complete by',
  'field.verifyDueAt': 'Verify by',
  'field.late': 'Completed late',
  'field.previousDueAt': 'Previous deadline',
  'field.attempt': 'Attempt',
  'field.provisionalCalendar': 'Provisional deadline (calendar not loaded)',

  'deadline.preview': 'Dispatched now, it must be completed by {at}',
  'deadline.previewProvisional': ' (calendar for that year not loaded yet: provisional)',

  'ticket.code': 'Ticket',
  'ticket.title': 'Title',
  'ticket.content': 'Request',
  'ticket.channel': 'Channel',
  'ticket.channelRef': 'Channel reference',
  'ticket.receivedAt': 'Received',
  'ticket.category': 'Category',
  'ticket.urgency': 'Urgency',
  'ticket.status': 'Status',
  'ticket.location': 'Location',
  'ticket.district': 'District',
  'ticket.leadUnit': 'Handling unit',
  'ticket.responsiblePerson': 'Responsible person',
  'ticket.deadline': 'Deadline',
  'ticket.complainant': 'Complainant',
  'ticket.complainant.name': 'Name',
  'ticket.complainant.phone': 'Phone',
  'ticket.complainant.idNumber': 'ID number',
  'ticket.complainant.address': 'Address',
  'ticket.masked': 'Masked',
  'ticket.unmasked': 'Unmasked (view audited)',
  'ticket.facts': 'Request',
  'ticket.units': 'Units',
  'ticket.deadlines': 'Deadlines',
  'ticket.verifyDueAt': 'Verify by',
  'ticket.completeDueAt': 'Complete by',
  'ticket.promisedAt': 'Promised by',
  'ticket.provisional': 'Calendar for that year not loaded: deadline is provisional',
  'ticket.overdue': 'Overdue',
  'ticket.timeline': 'Timeline',
  'ticket.timelineEmpty': 'No events yet',
  'ticket.nextStep': 'Next step',
  'ticket.noAction': 'Nothing for you to do on this ticket now.',
  'ticket.returnCount': 'Returns',
  'ticket.revisitAttempts': 'Revisit attempts',
  'ticket.revisitOutcome': 'Revisit outcome',
  'ticket.policyVersion': 'Policy version',
  'ticket.notFound': 'This ticket does not exist or you may not see it.',
  'ticket.back': 'Back',
  'ticket.actionDone': '{action}: saved',
  'ticket.timesHeader': 'Key times',
  'ticket.dispatchedAt': 'Dispatched',
  'ticket.acceptedAt': 'Accepted',
  'ticket.completedAt': 'Completed',
  'ticket.repliedAt': 'Replied',
  'ticket.archivedAt': 'Archived',

  'countdown.left': '{d} left',
  'countdown.overdue': 'Overdue {d}',
  'countdown.none': '—',
  'countdown.stopped': 'Clock stopped',

  'list.search': 'Search code, title or text',
  'list.allStatuses': 'All statuses',
  'list.allUrgencies': 'All urgencies',
  'list.overdueOnly': 'Overdue only',
  'list.total': '{n} tickets',
  'list.empty': 'No tickets match',
  'list.emptyQueue': 'Queue is empty — nothing to do',
  'list.handle': 'Handle',
  'list.open': 'Open',
  'list.revisitConfirm': 'Record the outcome "{outcome}"?',

  'queue.dispatch.hint': 'New requests: check category and urgency, then dispatch to a handling unit.',
  'queue.returns.hint': 'Returned by units: accept and re-dispatch, or reject so the unit keeps it.',
  'queue.inbox.hint': 'Sorted by deadline: red is overdue, orange is due soon.',
  'queue.revisit.hint': 'Replied tickets: call the complainant, pick the outcome and confirm.',
  'queue.supervision.hint': 'Unsatisfied or overdue tickets: issue a notice or close supervision.',
  'queue.all.hint': 'Find any ticket you are allowed to see.',

  'register.title': 'Register a request',
  'register.hint': "Record what the complainant says; then dispatch from the ticket's page.",
  'register.source': 'Source',
  'register.complainant': 'Complainant',
  'register.request': 'Request',
  'register.place': 'Place and category',
  'register.channel': 'Channel',
  'register.channelRef': 'Channel reference (registered once per channel)',
  'register.name': 'Name',
  'register.phone': 'Phone',
  'register.idNumber': 'ID number',
  'register.address': 'Address',
  'register.title.field': 'Title (defaults to the start of the text)',
  'register.content': 'Request',
  'register.district': 'District',
  'register.locationAddress': 'Where',
  'register.category': 'Category',
  'register.urgency': 'Urgency',
  'register.urgencyHint':
    'Urgent: outage of water, power or heating, pollution, public health or food safety, facility hazards, disasters (R3.1)',
  'register.submit': 'Register',
  'register.reset': 'Clear',
  'register.created': 'Registered as {code}',
  'register.duplicate': 'Already registered from this channel reference: opened {code}',
  'register.pick': 'Select',

  'overview.title': 'Overview',
  'overview.byStatus': 'Tickets by status',
  'overview.overdue': 'Overdue',
  'overview.total': 'All tickets',
  'overview.open': 'Open',
  'overview.count': 'Count',
};

// Compile-time check: every enum value has a label in the dictionary.
type EnumKeys =
  | `status.${TicketStatus}`
  | `urgency.${Urgency}`
  | `outcome.${RevisitOutcome}`
  | `role.${Role}`
  | `unitRole.${TicketUnitRole}`
  | `unitType.${UnitType}`
  | `action.${ActionName}`;
const _allEnumsLabelled: Record<EnumKeys, string> = zh;
void _allEnumsLabelled;

const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, vars) => {
    const s = dict[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : s;
  };
}

/** A label for a value that may not be in the dictionary (e.g. an event action added by a later issue). */
export function labelOr(t: Translate, key: string, fallback: string): string {
  return key in zh ? t(key as MessageKey) : fallback;
}

const LANG_KEY = 'jiesu.lang';

export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // Storage may be blocked; Chinese is the default.
  }
  return 'zh';
}

export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Not fatal: the choice just does not survive a reload.
  }
}

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang): void;
}

export const I18nContext = createContext<I18n>({ lang: 'zh', t: translator('zh'), setLang: () => {} });

export const useI18n = (): I18n => useContext(I18nContext);
