/** Strings of the phone workbench: the drawer, on-site reporting, drafts and the offline queue. */
import { pageDictionary } from '../i18n';

const zh = {
  'm.menu': '菜单',
  'm.photos': '现场照片',
  'm.takePhoto': '拍照 / 选择照片',
  'm.photoHint': '大于 1600 像素的照片在手机上缩小后上传，附在本工单的附件中。',
  'm.shrinking': '正在压缩 {name}',
  'm.uploading': '正在上传 {name}',
  'm.uploaded': '已附上 {name}',
  'm.photoOffline': '当前没有网络：照片须联网后上传，文字可以先保存待发。',
  'm.location': '记录现场位置',
  'm.locationHint': '经您同意后读取手机定位，随本次报送保存在工单时间线中，不保存在别处。',
  'm.locating': '正在定位……',
  'm.located': '位置：{lat}, {lng}（误差约 {acc} 米）',
  'm.locationFailed': '未能取得位置：{reason}',
  'm.draftRestored': '已恢复未提交的草稿',
  'm.queued': '当前无法连接服务器，操作已保存，联网后自动发送。',
  'm.waiting': '{n} 项操作等待联网发送',
  'm.sending': '正在发送等待的操作……',
  'm.delivered': '{code} · {action}：已送达',
  'm.refused': '{code} · {action} 未被接受：{reason}',
  'm.refusedTitle': '联网后送达时被拒绝的操作',
  'm.dismiss': '知道了',
  'm.open': '打开工单',
  'm.sendNow': '立即重试',
  'm.offline': '离线',
};

const en: Record<keyof typeof zh, string> = {
  'm.menu': 'Menu',
  'm.photos': 'Photos on site',
  'm.takePhoto': 'Take or choose photos',
  'm.photoHint': 'Photos over 1600 px are shrunk on the phone before upload and attached to this ticket.',
  'm.shrinking': 'Shrinking {name}',
  'm.uploading': 'Uploading {name}',
  'm.uploaded': 'Attached {name}',
  'm.photoOffline': 'No connection: photos upload once online; the text can be saved to send later.',
  'm.location': 'Record where I am',
  'm.locationHint':
    "With your consent the phone's position is read and kept with this report on the ticket's timeline only.",
  'm.locating': 'Locating…',
  'm.located': 'Position: {lat}, {lng} (within about {acc} m)',
  'm.locationFailed': 'No position: {reason}',
  'm.draftRestored': 'Your unsent draft was restored',
  'm.queued': 'No connection: the action is saved and will be sent when the connection returns.',
  'm.waiting': '{n} action(s) waiting for a connection',
  'm.sending': 'Sending the waiting actions…',
  'm.delivered': '{code} · {action}: delivered',
  'm.refused': '{code} · {action} was refused: {reason}',
  'm.refusedTitle': 'Refused when it arrived',
  'm.dismiss': 'Dismiss',
  'm.open': 'Open ticket',
  'm.sendNow': 'Retry now',
  'm.offline': 'Offline',
};

export const useFieldT = pageDictionary(zh, en);
