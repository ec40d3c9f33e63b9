/**
 * Words that make a request urgent (紧急类, R3.1): sudden outage of water, power or heating, environmental
 * pollution, public-health safety, food safety, hazards of public facilities, disasters. A hint for the
 * operator, who confirms the urgency; plain substring matching, so it is predictable and explainable.
 */

/** The urgent kinds of R3.1, as the regulation names them. */
export type UrgentReason =
  | '突发性停水'
  | '突发性停电'
  | '突发性停热'
  | '环境污染'
  | '公共卫生安全'
  | '食品安全'
  | '公共设施隐患'
  | '灾情灾害';

export interface UrgentWord {
  word: string;
  reason: UrgentReason;
  /** Longer phrases containing the word that are not urgent (噪音污染 is noise, a general matter, R3.2). */
  except?: readonly string[];
}

const w = (reason: UrgentReason, words: string[], except?: string[]): UrgentWord[] =>
  words.map((word) => (except ? { word, reason, except } : { word, reason }));

export const URGENT_WORDS: readonly UrgentWord[] = [
  ...w('突发性停水', ['停水', '断水', '爆管', '水管爆裂', '水管破裂', '自来水管爆']),
  ...w('突发性停电', ['停电', '断电', '电线起火', '电线裸露', '漏电'], ['不断电']),
  ...w('突发性停热', ['停暖', '停热', '断暖', '停止供暖', '暖气管爆裂']),
  ...w('公共设施隐患', ['停气', '燃气泄漏', '煤气泄漏', '天然气泄漏', '漏气', '燃气味']),
  ...w('环境污染', ['污染', '偷排', '直排', '污水外溢', '化工厂异味'], ['噪音污染', '噪声污染', '光污染']),
  ...w('公共卫生安全', ['疫情', '传染病', '集体中毒', '一氧化碳中毒', '煤气中毒', '狂犬病']),
  ...w('食品安全', ['食物中毒', '食品安全', '地沟油', '过期食品', '变质食品', '病死猪']),
  ...w('公共设施隐患', [
    '井盖丢失',
    '井盖缺失',
    '井盖被盗',
    '没有井盖',
    '井盖破损',
    '塌陷',
    '坍塌',
    '倒塌',
    '危房',
  ]),
  ...w('灾情灾害', [
    '火灾',
    '着火',
    '起火',
    '失火',
    '洪水',
    '内涝',
    '山体滑坡',
    '滑坡',
    '泥石流',
    '地震',
    '被困',
  ]),
];

/**
 * R3.1 is about a sudden outage: water or power cut off by the property manager over an unpaid fee is a
 * 物业 dispute (general), not an outage of the supply.
 */
const OUTAGE_DISPUTE =
  /(物业费|欠费|没交|未交|未缴|拖欠|欠缴|先交费).{0,15}(停水|停电|断水|断电|停暖)|(停水|停电|断水|断电|停暖).{0,15}(物业费|欠费|没交|未交|未缴|欠缴)/;
const OUTAGE_REASONS: ReadonlySet<UrgentReason> = new Set(['突发性停水', '突发性停电', '突发性停热']);
/** A cut announced in advance (计划停水, 检修) or already over (已恢复) is a question or a claim, not sudden. */
// A notice only counts when there was one: "没看到停水通知" is the mark of a sudden cut, not a planned one.
const NOT_SUDDEN = /计划停|检修|已经恢复|已恢复|恢复了|几点到几点/;

/**
 * Why a supply cut named in the text is not an urgent outage (R3.1), or null when nothing says so: a fee
 * dispute with the property manager, or a cut announced in advance or already over.
 */
export function outageContext(text: string): 'fee-dispute' | 'not-sudden' | null {
  const t = text.normalize('NFKC');
  if (OUTAGE_DISPUTE.test(t)) return 'fee-dispute';
  if (NOT_SUDDEN.test(t)) return 'not-sudden';
  return null;
}

/**
 * The urgent words found in a text, each once, in the order of URGENT_WORDS. A word inside one of its
 * `except` phrases does not count (污染 in 噪音污染).
 */
export function urgentSignals(text: string): { word: string; reason: UrgentReason }[] {
  const t = text.normalize('NFKC');
  const dispute = outageContext(t) !== null;
  const found: { word: string; reason: UrgentReason }[] = [];
  const seen = new Set<string>();
  for (const { word, reason, except = [] } of URGENT_WORDS) {
    if (seen.has(word)) continue;
    if (dispute && OUTAGE_REASONS.has(reason)) continue;
    const rest = except.reduce((s, phrase) => s.split(phrase).join('\u0000'), t);
    if (rest.includes(word)) {
      seen.add(word);
      found.push({ word, reason });
    }
  }
  return found;
}
