/** Strings of the account dialogs (password change) and the ticket attachments, bundled with them. */
import { pageDictionary } from '../i18n';

const zh = {
  'pw.button': '修改密码',
  'pw.title': '修改密码',
  'pw.required.title': '请先修改密码',
  'pw.required.hint':
    '您的密码由管理员设置或重置。为了账号安全，请先设置只有您自己知道的新密码，然后才能继续使用。',
  'pw.current': '当前密码',
  'pw.new': '新密码',
  'pw.confirm': '再次输入新密码',
  'pw.rule': '至少 10 个字符，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。',
  'pw.mismatch': '两次输入的新密码不一致',
  'pw.empty': '请输入',
  'pw.submit': '确认修改',
  'pw.done': '密码已修改。其他设备上的登录已退出。',
  'att.title': '附件',
  'att.upload': '上传附件',
  'att.hint': '照片、扫描件、PDF、Word/Excel 文档、录音（单个不超过 10 MB）。按文件内容检查类型。',
  'att.empty': '暂无附件',
  'att.name': '文件',
  'att.size': '大小',
  'att.by': '上传人',
  'att.at': '上传时间',
  'att.download': '下载',
  'att.restricted': '附件可能含有个人信息，仅承办人员可打开',
  'att.uploading': '正在上传 {name}',
  'att.uploaded': '已上传 {name}',
  'att.failed': '上传失败',
};

const en: Record<keyof typeof zh, string> = {
  'pw.button': 'Change password',
  'pw.title': 'Change password',
  'pw.required.title': 'Please change your password first',
  'pw.required.hint':
    'Your password was set or reset by an administrator. Choose a new one that only you know before you continue.',
  'pw.current': 'Current password',
  'pw.new': 'New password',
  'pw.confirm': 'New password again',
  'pw.rule':
    'At least 10 characters, with three of: upper case, lower case, digits, symbols; must not contain the username.',
  'pw.mismatch': 'The two new passwords differ',
  'pw.empty': 'Required',
  'pw.submit': 'Change',
  'pw.done': 'Password changed. Sessions on other devices were signed out.',
  'att.title': 'Attachments',
  'att.upload': 'Upload',
  'att.hint':
    'Photos, scans, PDF, Word/Excel documents, recordings (up to 10 MB each). The type is checked by content.',
  'att.empty': 'No attachments',
  'att.name': 'File',
  'att.size': 'Size',
  'att.by': 'Uploaded by',
  'att.at': 'Uploaded at',
  'att.download': 'Download',
  'att.restricted': 'May hold personal data: only the handling staff may open it',
  'att.uploading': 'Uploading {name}',
  'att.uploaded': 'Uploaded {name}',
  'att.failed': 'Upload failed',
};

export const useAccountT = pageDictionary(zh, en);
