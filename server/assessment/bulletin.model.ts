/**
 * What the monthly bulletin (通报, R7.2) says, independent of the file format: title, period, summary, ranking
 * tables per peer group, units listed for a formal talk (R7.3), definitions. Units and figures only — no
 * complainant, no request content (R9.1).
 */
import type { MonthFigures, Rates, TalksView, UnitFigures } from '../../shared/schemas/assessment.js';
import { PEER_GROUP_ZH, REVISION_STATUS_ZH, type RevisionStatus } from '../../shared/schemas/assessment.js';
import { monthEnd, monthStart, monthZh, type Month } from '../../domain/assessment/month.js';
import { BOTTOM_COUNT } from '../../domain/assessment/ranking.js';

export const ISSUER = '吉林市人民政府市长公开电话办公室';

export interface BulletinRow {
  rank: string;
  unit: string;
  volume: number;
  urgentVolume: number;
  feedback: string;
  satisfaction: string;
  onTime: string;
  urgentSatisfaction: string;
  composite: string;
  /** For charts: 0..100, null when unranked. */
  score: number | null;
  bottomThree: boolean;
}

export interface BulletinGroup {
  name: string;
  rows: BulletinRow[];
  /** Units without a score this month (no ticket to judge). */
  unranked: string[];
}

export interface BulletinModel {
  title: string;
  /** e.g. 第 2 版 · 已发布 */
  edition: string;
  draft: boolean;
  issuer: string;
  period: string;
  dateLine: string;
  correction: string | null;
  summary: string[];
  groups: BulletinGroup[];
  talksIntro: string;
  talks: { unit: string; group: string; months: string }[];
  notes: string[];
}

export const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const score = (s: number | null): string => (s === null ? '—' : s.toFixed(2));

const dayZh = (d: Date): string => {
  const s = new Date(d.getTime() + 8 * 3_600_000);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
};

export function bulletinTitle(month: Month): string {
  return `吉林市民生诉求接诉即办工作通报（${monthZh(month)}）`;
}

const row = (u: UnitFigures): BulletinRow => ({
  rank: u.rank === null ? '—' : String(u.rank),
  unit: u.name,
  volume: u.volume,
  urgentVolume: u.urgentVolume,
  feedback: pct(u.rates.feedback),
  satisfaction: pct(u.rates.satisfaction),
  onTime: pct(u.rates.onTime),
  urgentSatisfaction: pct(u.urgentRates.satisfaction),
  composite: score(u.composite),
  score: u.composite,
  bottomThree: u.bottomThree,
});

const rateLine = (r: Rates) =>
  `反馈率 ${pct(r.feedback)}，满意度 ${pct(r.satisfaction)}，按时办结率 ${pct(r.onTime)}`;

export function buildBulletin(input: {
  month: Month;
  revision: number;
  status: RevisionStatus;
  computedAt: Date;
  publishedAt: Date | null;
  note: string | null;
  figures: MonthFigures;
  talks: TalksView;
}): BulletinModel {
  const { month, figures } = input;
  const s = figures.summary;
  const w = figures.weights;
  const draft = input.status !== 'published';
  const groups: BulletinGroup[] = Object.entries(PEER_GROUP_ZH)
    .map(([key, name]) => {
      const units = figures.units.filter((u) => u.peerGroup === key);
      return {
        name,
        rows: units.filter((u) => u.rank !== null).map(row),
        unranked: units.filter((u) => u.rank === null).map((u) => u.name),
      };
    })
    .filter((g) => g.rows.length > 0 || g.unranked.length > 0);
  const lastDay = new Date(monthEnd(month).getTime() - 1);
  return {
    title: bulletinTitle(month),
    edition: `第 ${input.revision} 版 · ${REVISION_STATUS_ZH[input.status]}${draft ? '（未发布稿，仅供审核）' : ''}`,
    draft,
    issuer: ISSUER,
    period: `统计周期：${dayZh(monthStart(month))}至${dayZh(lastDay)}（北京时间）`,
    dateLine: `${ISSUER}\u3000${dayZh(input.publishedAt ?? input.computedAt)}`,
    correction:
      input.revision > 1
        ? `本通报为第 ${input.revision} 版，更正此前发布的版本${input.note ? `。更正说明：${input.note}` : '。'}`
        : null,
    summary: [
      `本月全市承办单位共受理民生诉求 ${s.volume} 件，其中紧急类 ${s.urgentVolume} 件、一般类 ${s.general.received} 件。`,
      `全市${rateLine(s.rates)}（紧急类诉求按 ${figures.urgentWeight} 倍权重计入），综合得分 ${score(s.composite)}。`,
      `紧急类诉求：${rateLine(s.urgentRates)}。`,
      `退单 ${s.general.returns + s.urgent.returns} 件次，超期 ${s.general.overdue + s.urgent.overdue} 件次，督办 ${
        s.general.supervisions + s.urgent.supervisions
      } 次，督办立案 ${s.general.supervisionCases + s.urgent.supervisionCases} 件，重新办理 ${
        s.general.reopenings + s.urgent.reopenings
      } 件。`,
      `参加考核单位 ${s.assessedUnits} 个，其中参加排名 ${s.rankedUnits} 个。`,
    ],
    groups,
    talksIntro:
      input.talks.unpublishedMonths.length > 0
        ? `连续三个月（${input.talks.months.map(monthZh).join('、')}）排名均在本组后${BOTTOM_COUNT}位的单位，由市政府办公室约谈（R7.3）。其中${input.talks.unpublishedMonths
            .filter((m) => m !== month)
            .map(monthZh)
            .join('、')}考核结果未发布，本月不列约谈单位。`
        : `连续三个月（${input.talks.months.map(monthZh).join('、')}）排名均在本组后${BOTTOM_COUNT}位的单位，由市政府办公室约谈（R7.3）：`,
    talks: input.talks.units.map((t) => ({
      unit: t.name,
      group: PEER_GROUP_ZH[t.peerGroup] ?? t.peerGroup,
      months: t.months
        .map((m) => `${monthZh(m.month)}第 ${m.rank}/${m.groupSize} 名（${m.composite.toFixed(2)} 分）`)
        .join('；'),
    })),
    notes: [
      `综合得分 = 100 ×（${w.feedback} × 反馈率 + ${w.satisfaction} × 满意度 + ${w.onTime} × 按时办结率），各项比率中紧急类诉求按 ${figures.urgentWeight} 倍计（R7.1）；某项比率本月无可考核诉求时不计入，其余各项按权重折算。`,
      '受理量：本月转办给本单位（含退单改派、协调决定转办）的诉求件数；市直部门下属单位、区级部门及企业分支机构的诉求计入其上级单位。',
      '反馈率：办结时限在本月到期的诉求中，于时限内完成结果反馈的比例。满意度：回访联系上的诉求中，满意和基本满意的比例（未联系上不计入）。按时办结率：本月办结的诉求中，在时限内办结的比例。',
      `排名按同组综合得分由高到低；得分相同时依次比较满意度、受理量，再按单位编码排序。同组参加排名单位不少于 ${BOTTOM_COUNT + 1} 个时，末 ${BOTTOM_COUNT} 位列入后三位。`,
    ],
  };
}
