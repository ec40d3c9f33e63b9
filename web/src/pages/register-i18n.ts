/** Strings of the registration helpers (suggestions while typing, likely duplicates), bundled with the page. */
import { pageDictionary } from '../i18n';

const zh = {
  'assist.title': '登记助手',
  'assist.hint': '根据诉求内容给出的建议，点击即可填入表单；最终以话务员判断为准。',
  'assist.typing': '输入诉求内容后显示分类、紧急程度和承办单位建议。',
  'assist.loading': '正在分析……',
  'assist.failed': '暂时无法给出建议：{error}',
  'assist.category': '事项分类',
  'assist.urgency': '紧急程度',
  'assist.units': '承办单位',
  'assist.apply': '采用',
  'assist.applied': '已采用',
  'assist.applyAll': '全部采用',
  'assist.noCategory': '暂无分类建议',
  'assist.noUnit': '暂无承办单位建议',
  'assist.signals': '紧急词：{words}',
  'assist.suggested': '建议：{value}',
  'assist.dispatchTo': '登记后转办给此单位',
  'assist.appliedToast': '已填入建议',

  'register.dispatchUnit': '登记后直接转办给',
  'register.dispatchUnitHint': '不选则登记后在工单页转办。',
  'register.dispatched': '已登记并转办，工单编号 {code}',
  'register.dispatchFailed': '已登记为 {code}，但转办未成功：{error}',
  'register.merged': '已登记为 {code}，并入主工单 {parent}',
  'register.mergeFailed': '已登记为 {code}，但合并未成功：{error}',

  'dup.title': '可能重复：发现 {n} 件相近诉求',
  'dup.checking': '正在检查是否重复……',
  'dup.none': '未发现重复诉求',
  'dup.hint':
    '请与诉求人核对是否为同一事项。可打开原工单查看，也可登记后并入原工单（随原工单办理，办理结果反馈给每位诉求人）。',
  'dup.reason.same-phone': '同一来电号码（30 日内）',
  'dup.reason.similar-text': '同一区域内容相近（7 日内）',
  'dup.registeredAt': '登记于 {at}',
  'dup.open': '打开原工单',
  'dup.mergeInto': '登记并并入此工单',
  'dup.registerAnyway': '仍然登记为新工单',
  'dup.modalTitle': '登记前请核对可能重复的诉求',
  'dup.cancel': '返回修改',
};

export type RegisterKey = keyof typeof zh;

const en: Record<RegisterKey, string> = {
  'assist.title': 'Registration assistant',
  'assist.hint': 'Suggestions from the text of the request; click to fill the form. The operator decides.',
  'assist.typing': 'Type the request to see category, urgency and handling unit suggestions.',
  'assist.loading': 'Analysing…',
  'assist.failed': 'No suggestions right now: {error}',
  'assist.category': 'Category',
  'assist.urgency': 'Urgency',
  'assist.units': 'Handling unit',
  'assist.apply': 'Apply',
  'assist.applied': 'Applied',
  'assist.applyAll': 'Apply all',
  'assist.noCategory': 'No category suggestion',
  'assist.noUnit': 'No unit suggestion',
  'assist.signals': 'Urgent words: {words}',
  'assist.suggested': 'Suggested: {value}',
  'assist.dispatchTo': 'Dispatch to this unit on registering',
  'assist.appliedToast': 'Suggestion applied',

  'register.dispatchUnit': 'Dispatch right after registering to',
  'register.dispatchUnitHint': "Leave empty to dispatch from the ticket's page.",
  'register.dispatched': 'Registered and dispatched as {code}',
  'register.dispatchFailed': 'Registered as {code}, but the dispatch failed: {error}',
  'register.merged': 'Registered as {code} and merged into {parent}',
  'register.mergeFailed': 'Registered as {code}, but the merge failed: {error}',

  'dup.title': 'Possible duplicate: {n} similar requests',
  'dup.checking': 'Checking for duplicates…',
  'dup.none': 'No duplicates found',
  'dup.hint':
    'Check with the complainant whether it is the same matter. Open the existing ticket, or register and merge into it (handled with it; every complainant is told the result).',
  'dup.reason.same-phone': 'Same phone number (within 30 days)',
  'dup.reason.similar-text': 'Similar text in the same district (within 7 days)',
  'dup.registeredAt': 'registered {at}',
  'dup.open': 'Open existing ticket',
  'dup.mergeInto': 'Register and merge into it',
  'dup.registerAnyway': 'Register as a new ticket anyway',
  'dup.modalTitle': 'Check the possible duplicates before registering',
  'dup.cancel': 'Back to the form',
};

export const useRegisterT = pageDictionary(zh, en);
