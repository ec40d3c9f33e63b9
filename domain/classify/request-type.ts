/**
 * 诉求类型 suggested from the request's text: a few general keyword rules in the order of
 * GB/T 33358-2016's types, each match giving its reason. The operator confirms or changes the type; nothing here
 * is final. Pure: no IO.
 */
import type { RequestType } from '../../shared/enums.js';

interface Rule {
  type: RequestType;
  /** Words that point to the type; the first found becomes the reason. */
  words: readonly string[];
}

/** Order matters: praise and report are specific; consultation (questions) comes after the complaint words. */
const RULES: readonly Rule[] = [
  { type: 'praise', words: ['表扬', '感谢', '致谢', '锦旗', '点赞', '谢谢'] },
  { type: 'report', words: ['举报', '检举', '揭发', '违法', '偷排', '非法', '骗保', '诈骗'] },
  { type: 'suggestion', words: ['建议', '希望能', '能否增设', '提议', '意见建议', '呼吁'] },
  { type: 'complaint', words: ['投诉', '不作为', '态度恶劣', '扰民', '乱收费', '拖欠', '不满意', '刁难'] },
  {
    type: 'help',
    words: ['求助', '帮忙', '救助', '困难', '被困', '急需', '停水', '停电', '停暖', '不热', '漏水', '堵塞'],
  },
  {
    type: 'consultation',
    words: [
      '咨询',
      '请问',
      '怎么办理',
      '如何办理',
      '需要什么',
      '在哪里',
      '哪里办',
      '找谁',
      '找哪个部门',
      '是否可以',
      '多少钱',
      '什么时候',
      '吗？',
      '吗?',
    ],
  },
];

export interface RequestTypeSuggestion {
  type: RequestType;
  /** Why: the words found, in the text's language (Chinese). Empty for `other`. */
  reasons: string[];
}

export function suggestRequestType(text: string): RequestTypeSuggestion {
  const t = text.replace(/\s+/g, '');
  let best: { rule: Rule; found: string[] } | undefined;
  for (const rule of RULES) {
    const found = rule.words.filter((w) => t.includes(w));
    if (found.length === 0) continue;
    // The most words wins; on a tie the earlier rule (the more specific type).
    if (!best || found.length > best.found.length) best = { rule, found };
  }
  if (!best) return { type: 'other', reasons: [] };
  return { type: best.rule.type, reasons: best.found.map((w) => `含「${w.replace(/[？?]$/, '')}」`) };
}
