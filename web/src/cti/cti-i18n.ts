/** Strings of the screen pop (来电弹屏) and the partner API keys page. */
import { pageDictionary } from '../i18n';

const zh = {
  'pop.title': '来电弹屏',
  'pop.caller': '来电号码',
  'pop.callId': '来电编号',
  'pop.at': '来电时间',
  'pop.earlier': '近 90 天的诉求（{n} 件）',
  'pop.none': '近 90 天没有该号码的诉求。',
  'pop.registered': '已由此来电登记：',
  'pop.register': '登记新诉求',
  'pop.failed': '来电信息加载失败：{error}',
  'pop.banner': '来电 {callId}：号码已填入，登记后电话系统的录音将附加到该工单。',

  'keys.title': '对接方 API 密钥',
  'keys.hint':
    '为 Open311 客户端、电话系统等对接方签发密钥：限定一个受理渠道和可调用的操作，按密钥限流，每次调用都留审计记录。密钥只在签发或轮换时显示一次。',
  'keys.issue': '签发密钥',
  'keys.name': '名称',
  'keys.channel': '受理渠道',
  'keys.operations': '可调用的操作',
  'keys.rate': '每分钟请求上限',
  'keys.prefix': '密钥前缀',
  'keys.createdAt': '签发时间',
  'keys.lastUsedAt': '最近使用',
  'keys.status': '状态',
  'keys.active': '有效',
  'keys.revoked': '已吊销',
  'keys.rotate': '轮换',
  'keys.revoke': '吊销',
  'keys.confirmRotate': '轮换后旧密钥立即失效，确定？',
  'keys.confirmRevoke': '吊销后该密钥立即失效且不能恢复，确定？',
  'keys.secretTitle': '请立即复制密钥',
  'keys.secretHint': '密钥只显示这一次，关闭后无法再查看；遗失请轮换。',
  'keys.close': '我已复制',
  'keys.empty': '还没有签发任何密钥。',
};

const en: Record<keyof typeof zh, string> = {
  'pop.title': 'Incoming call',
  'pop.caller': 'Caller',
  'pop.callId': 'Call id',
  'pop.at': 'Time',
  'pop.earlier': 'Requests of the last 90 days ({n})',
  'pop.none': 'No requests from this number in the last 90 days.',
  'pop.registered': 'Registered from this call:',
  'pop.register': 'Register a new request',
  'pop.failed': 'The call could not be loaded: {error}',
  'pop.banner':
    'Call {callId}: the number is filled in; the phone system’s recording will be attached to the ticket.',

  'keys.title': 'Partner API keys',
  'keys.hint':
    'Keys for Open311 clients, the phone system and other partners: scoped to one intake channel and to operations, rate-limited per key, every use audited. A key is shown once, when issued or rotated.',
  'keys.issue': 'Issue a key',
  'keys.name': 'Name',
  'keys.channel': 'Intake channel',
  'keys.operations': 'Operations',
  'keys.rate': 'Requests per minute',
  'keys.prefix': 'Key prefix',
  'keys.createdAt': 'Issued',
  'keys.lastUsedAt': 'Last used',
  'keys.status': 'Status',
  'keys.active': 'Active',
  'keys.revoked': 'Revoked',
  'keys.rotate': 'Rotate',
  'keys.revoke': 'Revoke',
  'keys.confirmRotate': 'The old key stops working at once. Rotate?',
  'keys.confirmRevoke': 'The key stops working at once and cannot be restored. Revoke?',
  'keys.secretTitle': 'Copy the key now',
  'keys.secretHint': 'It is shown this once and cannot be read again; rotate it if lost.',
  'keys.close': 'I have copied it',
  'keys.empty': 'No keys issued yet.',
};

export const useCtiT = pageDictionary(zh, en);
