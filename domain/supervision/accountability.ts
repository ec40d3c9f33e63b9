/**
 * 追究责任建议 (R6.2): evidence of shirking or of a problem still unsolved after supervision, read from the
 * ticket's timeline, and the draft text the supervision office edits and issues. Pure.
 */

export interface TimelineEvent {
  at: Date;
  action: string;
  actorUnitId: string | null;
  data: Record<string, unknown>;
}

export type EvidenceKind =
  'rejected-return' | 'missed-deadline' | 'unsatisfied' | 'supervision-notice' | 'reopened';

export interface Evidence {
  kind: EvidenceKind;
  at: Date;
  text: string;
}

const LABEL: Record<EvidenceKind, string> = {
  'rejected-return': '退单被市长电话室驳回（推诿）',
  'missed-deadline': '超过办结时限',
  unsatisfied: '群众回访不满意',
  'supervision-notice': '经督办',
  reopened: '归档后问题复发',
};

/** Decision under R6.2: shirking is evidenced by the record — rejected returns, missed deadlines, ratings. */
export function collectEvidence(events: readonly TimelineEvent[]): Evidence[] {
  const out: Evidence[] = [];
  for (const e of events) {
    const d = e.data;
    if (e.action === 'review-return' && d.accept === false) {
      out.push({
        kind: 'rejected-return',
        at: e.at,
        text: `${LABEL['rejected-return']}；审定意见：${String(d.reason ?? '')}`,
      });
    } else if (e.action === 'overdue') {
      out.push({
        kind: 'missed-deadline',
        at: e.at,
        text: `${LABEL['missed-deadline']}（时限 ${shanghai(String(d.completeDueAt ?? ''))}）`,
      });
    } else if (e.action === 'revisit' && d.outcome === 'unsatisfied') {
      out.push({
        kind: 'unsatisfied',
        at: e.at,
        text: `${LABEL.unsatisfied}${d.note ? `：${String(d.note)}` : ''}`,
      });
    } else if (e.action === 'supervise') {
      out.push({
        kind: 'supervision-notice',
        at: e.at,
        text: `${LABEL['supervision-notice']}：${String(d.notice ?? '')}（限 ${shanghai(String(d.dueAt ?? ''))}）`,
      });
    } else if (e.action === 'reopen') {
      out.push({ kind: 'reopened', at: e.at, text: `${LABEL.reopened}：${String(d.reason ?? '')}` });
    }
  }
  return out;
}

/** Whether the record supports a proposal: still unsolved after supervision, or shirking. */
export function warrantsProposal(evidence: readonly Evidence[], unsolved: boolean): boolean {
  const count = (k: EvidenceKind) => evidence.filter((e) => e.kind === k).length;
  return (
    (unsolved && count('supervision-notice') > 0) ||
    count('rejected-return') > 0 ||
    count('missed-deadline') >= 2 ||
    count('unsatisfied') >= 2
  );
}

export function draftText(p: {
  ticketCode: string;
  title: string;
  unitName: string;
  evidence: readonly Evidence[];
}): string {
  const lines = p.evidence.map((e, i) => `${i + 1}. ${shanghai(e.at.toISOString())} ${e.text}`);
  return [
    `关于对${p.unitName}追究责任的建议`,
    '',
    `工单 ${p.ticketCode}「${p.title}」办理过程中，${p.unitName}存在以下情形：`,
    ...lines,
    '',
    `依据《吉林市民生诉求接诉即办管理办法（试行）》第六条，经督办仍未解决或承办单位推诿扯皮、不作为的，提出追究责任建议。建议对${p.unitName}相关责任人予以约谈并通报批评，责令限期整改。`,
  ].join('\n');
}

/** An instant as Asia/Shanghai wall time, e.g. 2026-11-12 18:00. */
export function shanghai(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
}
