/**
 * 受理渠道 — the ten channels named in Art. 2 (R2.1), in the order the regulation lists them.
 * Codes are stable: tickets store them. More channels can be added by an administrator.
 */
import type { ChannelSeed } from './types.js';

export const CHANNELS: readonly ChannelSeed[] = [
  {
    code: 'gov_internet_plus',
    nameZh: '国务院互联网+督查',
    nameEn: 'State Council Internet Plus Inspection',
    sort: 1,
  },
  {
    code: 'people_daily_board',
    nameZh: '人民网领导留言板',
    nameEn: "People's Daily Online Leaders' Message Board",
    sort: 2,
  },
  { code: 'hotline_96118', nameZh: '省长热线96118', nameEn: "Governor's Hotline 96118", sort: 3 },
  {
    code: 'governor_mailbox',
    nameZh: '省政府省长信箱',
    nameEn: "Provincial Government Governor's Mailbox",
    sort: 4,
  },
  { code: 'hotline_12345', nameZh: '12345便民服务热线', nameEn: '12345 Citizen Service Hotline', sort: 5 },
  {
    code: 'mayor_mailbox',
    nameZh: '市政府网站市长信箱',
    nameEn: "Mayor's Mailbox on the City Government Website",
    sort: 6,
  },
  {
    code: 'web_window',
    nameZh: '市政府网站民生诉求窗口',
    nameEn: "Citizens' Requests Window on the City Government Website",
    sort: 7,
  },
  { code: 'mayor_letter', nameZh: '市长信件', nameEn: 'Letters to the Mayor', sort: 8 },
  {
    code: 'office_letter',
    nameZh: '市长电话室群众来信',
    nameEn: "Citizens' Letters to the Mayor's Phone Office",
    sort: 9,
  },
  { code: 'online_opinion', nameZh: '今日网络舆情', nameEn: "Today's Online Public Opinion", sort: 10 },
];
