/**
 * English for the Chinese messages the server and the shared schemas produce, so an answer follows the
 * reader's language (server: `Accept-Language`; web: the UI language) while Chinese stays the source text.
 * Exact messages first, then the shapes the schema helpers build ("X不能为空"), then a per-code fallback so an
 * English reader never gets a Chinese sentence.
 */
import { OWN_ROLES_MESSAGE, ROLES_CONFLICT_MESSAGE } from './capabilities.js';
import { CONTENT_HINT_ZH, CONTENT_MIN_PUBLIC, PHONE_HINT_ZH } from './phone.js';

const EXACT: Record<string, string> = {
  [ROLES_CONFLICT_MESSAGE]:
    'The system administrator and the auditor cannot hold any other role (separation of duties, GB/T 22239 8.1.4.2).',
  [OWN_ROLES_MESSAGE]: 'You cannot change your own roles: another administrator must.',
  '日期须为 1900–2999 年间真实存在的日期': 'The date must be a real day between the years 1900 and 2999',
  '日期格式应为 YYYY-MM-DD': 'A date is written YYYY-MM-DD',
  短信状态不正确: 'The SMS status is not valid',
  退订记录编号不正确: 'The opt-out entry id is not valid',
  请填写电话号码: 'Enter a phone number',
  单位编号不正确: 'The unit id is not valid',
  工单编号不正确: 'The ticket id is not valid',
  '不能含有“..”路径': 'must not contain a “..” path',
  含有不允许的控制字符: 'contains control characters that are not allowed',
  '含有无效的字符（不成对的代理项）': 'contains invalid characters (a lone surrogate)',
  含有不允许的文字方向控制字符: 'contains bidirectional control characters that are not allowed',
  [`嵌套不能超过 32 层`]: 'must not be nested more than 32 levels deep',
  [PHONE_HINT_ZH]:
    'Enter a number we can call back: a mobile has 11 digits (e.g. 13812345678), a landline needs its area code (e.g. 0432-62345678)',
  [CONTENT_HINT_ZH]: `Describe the request in at least ${CONTENT_MIN_PUBLIC} characters: what happened, where, and what you ask for`,
  请填写联系电话: 'Enter a contact phone number',
  来电编号格式不正确: 'The call id is not valid',
  '三项权重之和应为 1': 'The three weights must add up to 1',
  '动态口令为 6 位数字': 'The one-time code has 6 digits',
  同意退单时须指定新的承办单位: 'Accepting a return needs the new handling unit',
  '年份不能早于 2000': 'The year cannot be before 2000',
  '年份不能晚于 2100': 'The year cannot be after 2100',
  '月份格式应为 YYYY-MM，例如 2026-11': 'A month is written YYYY-MM, e.g. 2026-11',
  没有要修改的内容: 'Nothing to change',
  '用户名只能包含小写字母、数字、点、下划线和连字符':
    'A user name has only lower-case letters, digits, dots, underscores and hyphens',
  '用户名至少 2 个字符': 'A user name has at least 2 characters',
  至少要有一个角色: 'Give at least one role',
  角色不能重复: 'A role cannot be given twice',
  请至少选择一个协办单位: 'Choose at least one assisting unit',
  请说明修订理由: 'Say why the policy is revised',
  请输入密码: 'Enter the password',
  请输入当前密码: 'Enter the current password',
  请输入新密码: 'Enter the new password',
  请输入用户名: 'Enter the user name',
  请选择下属单位: 'Choose a subordinate unit',
  请选择承办单位: 'Choose the handling unit',
  '单位编码只能包含大写字母、数字、连字符和下划线':
    'A unit code has only capital letters, digits, hyphens and underscores',
  电话必须是文本: 'The phone number must be text',
  请选择受理渠道: 'Choose the intake channel',
  '身份证号应为 18 位，最后一位可以是 X': 'An ID number has 18 characters; the last may be X',
  请选择日期和时间: 'Choose a date and time',
  '时间格式不正确，请重新选择日期和时间': 'The time is not valid: choose a date and time again',
  '督办时限必须晚于当前时间。': 'The supervision deadline must be later than now.',
  工单编号格式不正确: 'The ticket id is not valid',
  '请求内容过大。': 'The request is too large.',
  '不支持的内容类型，请使用 application/json。': 'Unsupported content type: use application/json.',
  '请求内容不是合法的 JSON。': 'The request is not valid JSON.',
  '请求过于频繁，请稍后再试。': 'Too many requests: please try again later.',
  '服务器内部错误，请稍后再试。': 'Internal server error: please try again later.',
  '用户名或密码错误。': 'Wrong user name or password.',
  '动态口令不正确或已使用。': 'The one-time code is wrong or was already used.',
  '动态口令不正确或已使用，请输入验证器中的新口令。':
    'The one-time code is wrong or was already used: enter the new code from your authenticator.',
  '登录失败次数过多，账号已临时锁定，请 5 分钟后再试。':
    'Too many failed log-ins: the account is locked for 5 minutes.',
  '请输入动态口令（6 位数字）。': 'Enter the one-time code (6 digits).',
  '请先登录。': 'Please log in first.',
  '当前密码不正确。': 'The current password is wrong.',
  '没有找到该诉求：请核对查询编号和手机号。':
    'No request found: check the tracking reference and the phone number.',
  '评价链接无效、已使用或已过期。': 'This rating link is invalid, used or expired.',
  '工单不存在。': 'The ticket does not exist.',
  '工单不存在或无权查看。': 'The ticket does not exist or you may not see it.',
  '该工单已被他人更新，请刷新后再操作。': 'Someone else changed this ticket: reload it and try again.',
  '该 Idempotency-Key 已用于另一操作，请为新操作生成新的键。':
    'This Idempotency-Key was used for another action: send a new key with a new action.',
  'Idempotency-Key 须为 8–100 个字母、数字、- 或 _。':
    'The Idempotency-Key must be 8–100 letters, digits, - or _.',
  纬度须为数字: 'The latitude must be a number',
  经度须为数字: 'The longitude must be a number',
  定位精度须为数字: 'The accuracy must be a number',
  '单位不存在。': 'The unit does not exist.',
  '承办单位不存在或已停用。': 'The handling unit does not exist or is disabled.',
  '验证已过期，请刷新页面后重新提交。': 'The check expired: reload the page and submit again.',
  '人机验证未通过，请刷新页面后重试。': 'The security check failed: reload the page and try again.',
  '开始时间必须早于结束时间。': 'The start must be before the end.',
  请至少引用一篇知识库文章: 'Cite at least one knowledge article',
  '请至少引用一篇知识库文章。': 'Cite at least one knowledge article.',
  知识库文章编号不正确: 'The article id is not valid',
  诉求类型不正确: 'The request type is not valid',
  '知识库文章不存在。': 'The article does not exist.',
};

const LABELS: Record<string, string> = {
  中文名称: 'Chinese name',
  主要领导: 'Principal leader',
  具体负责人: 'Person responsible',
  分管领导: 'Leader in charge',
  办理结果: 'Result',
  办结决定: 'Decision',
  协调建议: 'Coordination proposal',
  向市长电话室回复内容: 'Reply to the office',
  向诉求人反馈内容: 'Reply to the complainant',
  处置情况: 'Disposal',
  姓名: 'Name',
  审定意见: 'Ruling',
  建议文本: 'Proposal',
  核实情况: 'Verification',
  督办意见: 'Supervision opinion',
  督办理由: 'Reason for supervision',
  解决方案: 'Solution',
  诉求人姓名: 'Complainant’s name',
  诉求内容: 'Request',
  超期说明: 'Explanation of the delay',
  督办时限: 'Supervision deadline',
  身份证号: 'ID number',
  退单理由: 'Reason for returning',
  重新办理理由: 'Reason for re-opening',
  需要协助的事项: 'What help is needed',
  答复内容: 'Answer',
  文章标题: 'Title',
  文章正文: 'Body',
  模板名称: 'Template name',
  模板内容: 'Template text',
};

const label = (zh: string): string => LABELS[zh] ?? zh;

const SHAPES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^请选择(.+)$/, (m) => `Choose the ${label(m[1] ?? '').toLowerCase()}`],
  [
    /^(.+)格式不正确，请重新选择日期和时间$/,
    (m) => `${label(m[1] ?? '')} is not valid: choose a date and time again`,
  ],
  [/^(.+)不能为空$/, (m) => `${label(m[1] ?? '')} is required`],
  [/^(.+)不能超过 (\d+) 个字符$/, (m) => `${label(m[1] ?? '')} must be at most ${m[2]} characters`],
  [
    /^(.+)：日期须为 1900–2999 年间真实存在的日期$/,
    (m) => `${label(m[1] ?? '')}: the date must be a real day between the years 1900 and 2999`,
  ],
  [/^文件名不合法：(.+)$/, (m) => `The file name is not valid: ${englishOf(m[1] ?? '') ?? ''}`],
  [/^(.+)必须是文本$/, (m) => `${label(m[1] ?? '')} must be text`],
  [
    /^(.+)含有不允许的字符（控制字符、不成对的代理项或文字方向控制字符）$/,
    (m) =>
      `${label(m[1] ?? '')} contains characters that are not allowed (control, lone surrogate or bidi control)`,
  ],
  [/^请求过于频繁，请 (\d+) 秒后再试。$/, (m) => `Too many requests: try again in ${m[1]} seconds.`],
  [
    /^该编号查询失败次数过多，请 (\d+) 秒后再试。$/,
    (m) => `Too many failed look-ups of this reference: try again in ${m[1]} seconds.`,
  ],
  [/^没有这个地址：(.+)$/, (m) => `No such address: ${m[1]}`],
  [
    /^日历文件有 (\d+) 处错误，未导入任何内容。(?:第 (\d+) 行：.*)?$/,
    (m) =>
      `The calendar file has ${m[1]} errors; nothing was imported.${m[2] ? ` The first is on line ${m[2]}.` : ''}`,
  ],
];

/** Generic English for a code whose message has no translation yet. */
const BY_CODE: Record<string, string> = {
  'REQUEST.INVALID': 'The request is not valid.',
  'AUTH.FORBIDDEN': 'You are not allowed to do this.',
  'AUTH.UNAUTHENTICATED': 'Please log in first.',
  'AUTH.CROSS_SITE': 'The request came from another website and was refused. Act from within the platform.',
  'AUTH.LOCKED': 'Too many failed logins: the account is locked for 5 minutes.',
  NOT_FOUND: 'Not found.',
  'TICKET.NOT_FOUND': 'The ticket does not exist or you may not see it.',
  'APIKEY.MISSING': 'An API key is required.',
  'APIKEY.INVALID': 'The API key is not valid, or it was revoked or rotated.',
  'APIKEY.SCOPE': 'This API key may not call this operation.',
  'APIKEY.NOT_FOUND': 'The API key does not exist.',
  'CTI.CALL_NOT_FOUND': 'No such call.',
  'CTI.NO_TICKET': 'No request has been registered from this call yet.',
  'TICKET.INVALID_TRANSITION': 'This action is not possible in the ticket’s current state.',
  'TICKET.CONFLICT': 'Conflicting change: please try again.',
  INTERNAL: 'Internal server error: please try again later.',
  'KNOWLEDGE.NOT_FOUND': 'The article does not exist.',
  'KNOWLEDGE.INVALID_STATE': 'This is not possible in the article’s current state.',
  'KNOWLEDGE.FOUR_EYES':
    'An article is published by a second office user, never by its author or last editor.',
  'KNOWLEDGE.NOT_PUBLISHED': 'Only published articles in force can be cited in an answer.',
  'TEMPLATE.NOT_FOUND': 'The template does not exist.',
  'SMS.SIGNATURE_INVALID': 'The signature or its timestamp is not valid.',
  'SMS.TEMPLATE_INVALID': 'The SMS template uses a placeholder this kind does not have, or is too long.',
  'SMS.NOT_FOUND': 'No such SMS entry.',
  'PARTNER.NOT_FOUND': 'No partner connector with this code is enabled.',
  'PARTNER.SIGNATURE_INVALID':
    'The signature is missing or wrong: send X-Jiesu-Timestamp and X-Jiesu-Signature = sha256=HMAC-SHA256(secret, timestamp + "." + body).',
  'PARTNER.TIMESTAMP_STALE':
    'The timestamp is outside the 5-minute window: sign the request again with the current time.',
  'PARTNER.REPLAYED': 'This signed request was already received: sign a retry again with a new timestamp.',
  'PARTNER.MAPPING_INVALID': 'The partner’s request does not map onto a registration.',
  'INTEGRATION.NOT_FOUND': 'The connector or subscription does not exist.',
  'INTEGRATION.CODE_TAKEN': 'Another connector has this code.',
  'DELIVERY.NOT_FOUND': 'The delivery does not exist.',
  'DELIVERY.NOT_DEAD': 'Only a dead-lettered delivery can be replayed.',
};

const HAN = /\p{Script=Han}/u;

/** The English of a Chinese message, or null when there is none. Text without Chinese is returned as is. */
export function englishOf(message: string): string | null {
  if (!HAN.test(message)) return message;
  const exact = EXACT[message];
  if (exact) return exact;
  for (const [re, make] of SHAPES) {
    const m = re.exec(message);
    if (m) {
      const out = make(m);
      if (!HAN.test(out)) return out;
    }
  }
  return null;
}

/** A message in the given language: English when known, else the code's generic English, else as written. */
export function localizeMessage(message: string, lang: 'zh' | 'en', code?: string): string {
  if (lang === 'zh') return message;
  // A field's message without a translation stays as written (more useful than a generic word).
  return englishOf(message) ?? (code ? (BY_CODE[code] ?? 'The request failed.') : message);
}

/** `en` when the reader's first language (Accept-Language) is English; Chinese otherwise (the default). */
export function languageOf(acceptLanguage: string | undefined): 'zh' | 'en' {
  const first = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: (tag ?? '').toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.tag && x.tag !== '*')
    .sort((a, b) => b.q - a.q)[0];
  return first?.tag.startsWith('en') ? 'en' : 'zh';
}
