/**
 * The full statistics of a month as .xlsx (exceljs): ranking, every counter per unit and urgency, the talk
 * list, and how each figure is defined. Rates are numbers with a percent format, so they can be recomputed.
 */
import ExcelJS from 'exceljs';
import type { MonthFigures, TalksView } from '../../shared/schemas/assessment.js';
import { FIGURES, FIGURE_ZH, PEER_GROUP_ZH, REVISION_STATUS_ZH } from '../../shared/schemas/assessment.js';
import type { RevisionStatus } from '../../shared/schemas/assessment.js';
import { monthZh, type Month } from '../../domain/assessment/month.js';
import { ISSUER, bulletinTitle, type BulletinModel } from './bulletin.model.js';

const TIE_ZH = { satisfaction: '满意度', volume: '受理量', code: '单位编码' } as const;

export async function renderStatisticsXlsx(input: {
  month: Month;
  revision: number;
  status: RevisionStatus;
  lastEventId: number;
  policyVersion: number;
  figures: MonthFigures;
  talks: TalksView;
  model: BulletinModel;
}): Promise<Buffer> {
  const { figures } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = ISSUER;
  wb.title = `${bulletinTitle(input.month)}统计表`;

  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 18 }, { width: 110 }];
  about.addRows([
    ['标题', `${bulletinTitle(input.month)}统计表`],
    ['版本', `第 ${input.revision} 版（${REVISION_STATUS_ZH[input.status]}）`],
    ['统计周期', input.model.period],
    ['政策版本', input.policyVersion],
    ['事件范围', `工单事件编号 ≤ ${input.lastEventId}`],
    [
      '综合得分权重',
      `反馈率 ${figures.weights.feedback}，满意度 ${figures.weights.satisfaction}，按时办结率 ${figures.weights.onTime}；紧急类权重 ${figures.urgentWeight}`,
    ],
    ...input.model.notes.map((n, i) => [`说明 ${i + 1}`, n]),
  ]);
  about.getColumn(1).font = { bold: true };
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  const rank = wb.addWorksheet('排名');
  rank.columns = [
    { header: '组别', key: 'group', width: 26 },
    { header: '名次', key: 'rank', width: 6 },
    { header: '同组排名单位数', key: 'size', width: 8 },
    { header: '单位编码', key: 'code', width: 16 },
    { header: '单位', key: 'name', width: 40 },
    { header: '受理量', key: 'volume', width: 9 },
    { header: '紧急受理量', key: 'urgentVolume', width: 9 },
    { header: '反馈率', key: 'feedback', width: 9 },
    { header: '满意度', key: 'satisfaction', width: 9 },
    { header: '按时办结率', key: 'onTime', width: 10 },
    { header: '紧急反馈率', key: 'uFeedback', width: 10 },
    { header: '紧急满意度', key: 'uSatisfaction', width: 10 },
    { header: '紧急按时办结率', key: 'uOnTime', width: 12 },
    { header: '综合得分', key: 'composite', width: 9 },
    { header: '后三位', key: 'bottom', width: 7 },
    { header: '同分比较', key: 'tie', width: 10 },
  ];
  for (const u of figures.units) {
    rank.addRow({
      group: u.peerGroup ? (PEER_GROUP_ZH[u.peerGroup] ?? u.peerGroup) : '',
      rank: u.rank,
      size: u.groupSize,
      code: u.code,
      name: u.name,
      volume: u.volume,
      urgentVolume: u.urgentVolume,
      feedback: u.rates.feedback,
      satisfaction: u.rates.satisfaction,
      onTime: u.rates.onTime,
      uFeedback: u.urgentRates.feedback,
      uSatisfaction: u.urgentRates.satisfaction,
      uOnTime: u.urgentRates.onTime,
      composite: u.composite,
      bottom: u.bottomThree ? '是' : '',
      tie: u.tieBreak ? TIE_ZH[u.tieBreak] : '',
    });
  }
  for (const key of ['feedback', 'satisfaction', 'onTime', 'uFeedback', 'uSatisfaction', 'uOnTime'])
    rank.getColumn(key).numFmt = '0.0%';
  rank.getColumn('composite').numFmt = '0.00';
  styleHeader(rank);

  const detail = wb.addWorksheet('单位明细');
  detail.columns = [
    { header: '单位编码', key: 'code', width: 16 },
    { header: '单位', key: 'name', width: 40 },
    { header: '组别', key: 'group', width: 26 },
    { header: '类别', key: 'urgency', width: 8 },
    ...FIGURES.map((f) => ({ header: FIGURE_ZH[f], key: f, width: 10 })),
    { header: '计入的下属单位', key: 'includes', width: 60 },
  ];
  for (const u of figures.units) {
    for (const [label, c] of [
      ['一般', u.general],
      ['紧急', u.urgent],
    ] as const) {
      detail.addRow({
        code: u.code,
        name: u.name,
        group: u.peerGroup ? (PEER_GROUP_ZH[u.peerGroup] ?? u.peerGroup) : '',
        urgency: label,
        ...c,
        includes: u.includesUnits.map((i) => i.name).join('、'),
      });
    }
  }
  styleHeader(detail);

  const talks = wb.addWorksheet('约谈名单');
  talks.columns = [
    { header: '单位', key: 'name', width: 40 },
    { header: '组别', key: 'group', width: 26 },
    ...input.talks.months.map((m, i) => ({ header: `${monthZh(m)}名次/得分`, key: `m${i}`, width: 20 })),
  ];
  for (const t of input.talks.units) {
    talks.addRow({
      name: t.name,
      group: PEER_GROUP_ZH[t.peerGroup] ?? t.peerGroup,
      ...Object.fromEntries(
        t.months.map((m, i) => [`m${i}`, `${m.rank}/${m.groupSize}（${m.composite.toFixed(2)}）`]),
      ),
    });
  }
  if (input.talks.units.length === 0) talks.addRow({ name: '本月无列入约谈的单位' });
  styleHeader(talks);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function styleHeader(ws: ExcelJS.Worksheet): void {
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}
