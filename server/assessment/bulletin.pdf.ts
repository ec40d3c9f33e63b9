/**
 * The bulletin as PDF (pdfkit): Chinese text in an embedded CJK font, ranking tables per peer group and a bar
 * chart of composite scores drawn as vector shapes.
 */
import PDFDocument from 'pdfkit';
import { cjkFont } from './cjk-font.js';
import type { BulletinGroup, BulletinModel } from './bulletin.model.js';

const MARGIN = 50;
const FONT = 'cjk';

interface Column {
  title: string;
  width: number;
  value: (r: BulletinGroup['rows'][number]) => string;
  align?: 'left' | 'center' | 'right';
}

const COLUMNS: Column[] = [
  { title: '名次', width: 28, value: (r) => r.rank, align: 'center' },
  { title: '单位', width: 175, value: (r) => r.unit, align: 'left' },
  { title: '受理量', width: 42, value: (r) => String(r.volume) },
  { title: '紧急', width: 34, value: (r) => String(r.urgentVolume) },
  { title: '反馈率', width: 50, value: (r) => r.feedback },
  { title: '满意度', width: 50, value: (r) => r.satisfaction },
  { title: '按时办结率', width: 58, value: (r) => r.onTime },
  { title: '综合得分', width: 50, value: (r) => r.composite },
];

export async function renderBulletinPdf(model: BulletinModel): Promise<Buffer> {
  const font = cjkFont();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: model.title, Author: model.issuer, Subject: model.period },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT, font.path, font.family);
  doc.font(FONT);
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.6).fontSize(13).fillColor('#000').text(text, MARGIN, doc.y);
    doc.moveDown(0.3);
  };
  const paragraph = (text: string, size = 10.5) => {
    doc.fontSize(size).fillColor('#000').text(text, MARGIN, doc.y, { width, lineGap: 3 });
  };

  // Head
  doc.fontSize(18).fillColor('#b00000').text(model.title, MARGIN, MARGIN, { width, align: 'center' });
  doc.moveDown(0.4);
  doc
    .fontSize(10)
    .fillColor(model.draft ? '#b00000' : '#333')
    .text(model.edition, { width, align: 'center' });
  doc.fillColor('#333').text(model.period, { width, align: 'center' });
  doc.moveDown(0.3);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .lineWidth(1.2)
    .strokeColor('#b00000')
    .stroke();
  doc.moveDown(0.6);
  if (model.correction) paragraph(model.correction, 10);

  heading('一、总体情况');
  for (const s of model.summary) paragraph(s);

  heading('二、各组排名');
  model.groups.forEach((g, i) => {
    ensure(60);
    doc
      .fontSize(11.5)
      .fillColor('#000')
      .text(`（${'一二三四五六七八九十'[i] ?? i + 1}）${g.name}`, MARGIN, doc.y);
    doc.moveDown(0.3);
    if (g.rows.length > 0) table(doc, g);
    if (g.unranked.length > 0) paragraph(`本月无可考核诉求、未参加排名：${g.unranked.join('、')}。`, 9);
    chart(doc, g, width, ensure);
  });

  heading('三、约谈单位');
  paragraph(model.talksIntro);
  if (model.talks.length === 0) paragraph('本月无列入约谈的单位。');
  for (const t of model.talks) paragraph(`${t.unit}（${t.group}）：${t.months}。`);

  heading('四、说明');
  for (const n of model.notes) paragraph(n, 9);
  doc.moveDown(1.2);
  paragraph(model.dateLine);

  doc.end();
  return done;
}

function table(doc: PDFKit.PDFDocument, g: BulletinGroup): void {
  const rowH = 15;
  const x0 = MARGIN;
  const bottom = doc.page.height - MARGIN;
  const tableWidth = COLUMNS.reduce((s, c) => s + c.width, 0);
  const header = () => {
    let x = x0;
    const y = doc.y;
    doc.rect(x0, y, tableWidth, rowH).fill('#e8eef7');
    doc.fontSize(8.5).fillColor('#000');
    for (const c of COLUMNS) {
      doc.text(c.title, x + 2, y + 4, { width: c.width - 4, align: 'center', lineBreak: false });
      x += c.width;
    }
    doc.y = y + rowH;
  };
  header();
  for (const r of g.rows) {
    if (doc.y + rowH > bottom) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    if (r.bottomThree) doc.rect(x0, y, tableWidth, rowH).fill('#fbe9e9');
    doc
      .moveTo(x0, y + rowH)
      .lineTo(x0 + tableWidth, y + rowH)
      .lineWidth(0.4)
      .strokeColor('#c8c8c8')
      .stroke();
    let x = x0;
    doc.fontSize(8).fillColor('#000');
    for (const c of COLUMNS) {
      doc.text(c.value(r), x + 2, y + 4, {
        width: c.width - 4,
        align: c.align ?? 'right',
        lineBreak: false,
        ellipsis: true,
      });
      x += c.width;
    }
    doc.y = y + rowH;
  }
  doc.x = MARGIN;
  doc.moveDown(0.4);
}

/** Horizontal bars of the composite score (0–100), one per ranked unit. */
function chart(doc: PDFKit.PDFDocument, g: BulletinGroup, width: number, ensure: (h: number) => void): void {
  const rows = g.rows.filter((r) => r.score !== null);
  if (rows.length === 0) return;
  const barH = 9;
  const gap = 3;
  const labelW = 150;
  const valueW = 40;
  const plotW = width - labelW - valueW;
  ensure(30 + Math.min(rows.length, 10) * (barH + gap));
  doc.fontSize(9).fillColor('#333').text(`${g.name}综合得分`, MARGIN, doc.y, { width, align: 'center' });
  doc.moveDown(0.3);
  const x = MARGIN + labelW;
  let y = doc.y;
  for (const r of rows) {
    if (y + barH + gap > doc.page.height - MARGIN) {
      doc.addPage();
      y = doc.y;
    }
    const score = r.score ?? 0;
    doc.fontSize(7.5).fillColor('#000');
    doc.text(r.unit, MARGIN, y + 1, { width: labelW - 6, align: 'right', lineBreak: false, ellipsis: true });
    doc.rect(x, y, plotW, barH).fill('#f3f3f3');
    doc
      .rect(x, y, (plotW * Math.max(0, Math.min(100, score))) / 100, barH)
      .fill(r.bottomThree ? '#d9534f' : '#3b73b9');
    doc
      .fillColor('#000')
      .text(score.toFixed(2), x + plotW + 4, y + 1, { width: valueW - 4, lineBreak: false });
    y += barH + gap;
  }
  // Scale: 0, 50, 100.
  doc.fontSize(6.5).fillColor('#666');
  for (const v of [0, 50, 100]) {
    const vx = x + (plotW * v) / 100;
    doc
      .moveTo(vx, y)
      .lineTo(vx, y + 3)
      .lineWidth(0.5)
      .strokeColor('#666')
      .stroke();
    doc.text(String(v), vx - 10, y + 4, { width: 20, align: 'center', lineBreak: false });
  }
  doc.x = MARGIN;
  doc.y = y + 14;
  doc.moveDown(0.4);
}
