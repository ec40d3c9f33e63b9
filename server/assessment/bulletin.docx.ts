/**
 * The bulletin as .docx (docx): the same content as the PDF; the chart of composite scores is a table of bars
 * drawn with block characters, which Word shows everywhere without images or chart parts.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { BulletinGroup, BulletinModel } from './bulletin.model.js';

const BODY_FONT = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '仿宋' };
const HEAD_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体' };

const p = (text: string, opts: { size?: number; bold?: boolean; color?: string; align?: 'center' } = {}) =>
  new Paragraph({
    alignment: opts.align === 'center' ? AlignmentType.CENTER : undefined,
    spacing: { after: 120, line: 360 },
    children: [
      new TextRun({ text, size: opts.size ?? 24, bold: opts.bold, color: opts.color, font: BODY_FONT }),
    ],
  });

const heading = (text: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, size: 28, bold: true, font: HEAD_FONT, color: '000000' })],
  });

function cell(text: string, o: { header?: boolean; width?: number; shade?: string; align?: 'left' } = {}) {
  return new TableCell({
    width: o.width ? { size: o.width, type: WidthType.PERCENTAGE } : undefined,
    shading: o.header ? { fill: 'E8EEF7' } : o.shade ? { fill: o.shade } : undefined,
    children: [
      new Paragraph({
        alignment: o.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [new TextRun({ text, size: 18, bold: o.header, font: BODY_FONT })],
      }),
    ],
  });
}

const HEADERS: [string, number][] = [
  ['名次', 6],
  ['单位', 34],
  ['受理量', 9],
  ['紧急', 7],
  ['反馈率', 10],
  ['满意度', 10],
  ['按时办结率', 12],
  ['综合得分', 12],
];

function rankingTable(g: BulletinGroup): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: HEADERS.map(([t, w]) => cell(t, { header: true, width: w })),
      }),
      ...g.rows.map((r) => {
        const shade = r.bottomThree ? 'FBE9E9' : undefined;
        return new TableRow({
          children: [
            cell(r.rank, { shade }),
            cell(r.unit, { shade, align: 'left' }),
            cell(String(r.volume), { shade }),
            cell(String(r.urgentVolume), { shade }),
            cell(r.feedback, { shade }),
            cell(r.satisfaction, { shade }),
            cell(r.onTime, { shade }),
            cell(r.composite, { shade }),
          ],
        });
      }),
    ],
  });
}

/** One row per ranked unit: name, a bar of ▇ (one per 2.5 points), the score. */
function chartTable(g: BulletinGroup): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: g.rows
      .filter((r) => r.score !== null)
      .map(
        (r) =>
          new TableRow({
            children: [
              cell(r.unit, { width: 34, align: 'left' }),
              new TableCell({
                width: { size: 54, type: WidthType.PERCENTAGE },
                children: [
                  new Paragraph({
                    children: [
                      new TextRun({
                        text: '▇'.repeat(Math.round(Math.max(0, Math.min(100, r.score ?? 0)) / 2.5)) || ' ',
                        size: 14,
                        color: r.bottomThree ? 'D9534F' : '3B73B9',
                      }),
                    ],
                  }),
                ],
              }),
              cell(r.composite, { width: 12 }),
            ],
          }),
      ),
  });
}

export async function renderBulletinDocx(model: BulletinModel): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [new TextRun({ text: model.title, size: 36, bold: true, color: 'B00000', font: HEAD_FONT })],
    }),
    p(model.edition, { size: 20, align: 'center', color: model.draft ? 'B00000' : '333333' }),
    p(model.period, { size: 20, align: 'center' }),
  ];
  if (model.correction) children.push(p(model.correction, { size: 21 }));
  children.push(heading('一、总体情况'), ...model.summary.map((s) => p(s)));
  children.push(heading('二、各组排名'));
  model.groups.forEach((g, i) => {
    children.push(p(`（${'一二三四五六七八九十'[i] ?? i + 1}）${g.name}`, { bold: true }));
    if (g.rows.length > 0) children.push(rankingTable(g));
    if (g.unranked.length > 0)
      children.push(p(`本月无可考核诉求、未参加排名：${g.unranked.join('、')}。`, { size: 20 }));
    if (g.rows.some((r) => r.score !== null)) {
      children.push(p(`${g.name}综合得分（每格 2.5 分）`, { size: 20, align: 'center' }), chartTable(g));
    }
  });
  children.push(heading('三、约谈单位'), p(model.talksIntro));
  if (model.talks.length === 0) children.push(p('本月无列入约谈的单位。'));
  for (const t of model.talks) children.push(p(`${t.unit}（${t.group}）：${t.months}。`));
  children.push(heading('四、说明'), ...model.notes.map((n) => p(n, { size: 20 })));
  children.push(p(model.dateLine));
  const doc = new Document({
    creator: model.issuer,
    title: model.title,
    description: model.period,
    sections: [{ properties: {}, children }],
  });
  return Packer.toBuffer(doc);
}
