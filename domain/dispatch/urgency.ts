/**
 * Urgency with its context (R3.1, R3.2): urgent when the text names an urgent kind — a sudden outage, a leak,
 * pollution, a hazard — or the matter read from it is one; general otherwise. Context can undo a word: 停水
 * because the owner did not pay the property fee is a 物业 dispute, a cut announced in advance or already
 * restored is not sudden, noise from a night construction site is an environmental matter of the general
 * kind. Every answer says why. Pure.
 */
import type { Urgency } from '../../shared/enums.js';
import { outageContext, urgentSignals } from '../classify/urgent-words.js';

export interface UrgencyAssessment {
  suggested: Urgency;
  /** The words that make it urgent, each with the R3.1 kind it names. */
  signals: { word: string; reason: string }[];
  /** Why a word that looks urgent is not (R3.1 context). */
  notes: string[];
}

export interface ReadMatter {
  code: string;
  words: readonly string[];
  defaultUrgency: Urgency;
  /** The R3.1 kind the matter belongs to (its urgent ancestor's name), when it is one. */
  urgentKind: string | null;
}

const SUPPLY_WORDS = /停水|停电|断水|断电|停暖|停气|水给停|电给断|电给停|水给断/;
const NOISE_FROM_SITE = 'C040203';

export function assessUrgency(text: string, matter: ReadMatter | null): UrgencyAssessment {
  const signals = urgentSignals(text).map((s) => ({ word: s.word, reason: s.reason as string }));
  const notes: string[] = [];
  const context = outageContext(text);
  if (context === 'fee-dispute' || (context === null && /物业费|欠费/.test(text) && SUPPLY_WORDS.test(text)))
    notes.push('因欠费被停水停电：是物业（收费）纠纷，不是突发停水停电（R3.1），按一般类办理');
  else if (context === 'not-sudden' && SUPPLY_WORDS.test(text))
    notes.push('计划停水停电或已恢复：不是突发事件（R3.1），按一般类办理');
  if (matter?.code === NOISE_FROM_SITE)
    notes.push('施工噪声：环境噪声，属一般类（R3.2），由生态环境部门查处');
  if (matter?.urgentKind && notes.length === 0) {
    const word = matter.words[0] ?? matter.urgentKind;
    if (!signals.some((s) => s.word === word)) signals.unshift({ word, reason: matter.urgentKind });
  }
  const urgent = signals.length > 0 || (matter?.defaultUrgency === 'urgent' && notes.length === 0);
  return { suggested: urgent ? 'urgent' : 'general', signals: urgent ? signals : [], notes };
}
