/**
 * Chinese text → classifier features: jieba's words (with the hotline's own vocabulary added) plus
 * character n-grams. The segmenter is loaded once, on first use (about 0.2 s for the dictionary), and is
 * synchronous: about a millisecond for a typical request.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import {
  DEFAULT_FEATURE_OPTIONS,
  requestFeatures,
  type FeatureOptions,
} from '../../domain/classify/features.js';

/**
 * Words of the hotline that jieba's general dictionary splits (占道|经营, 停|暖, 燃气|泄漏 …). In jieba's
 * dictionary format: word, frequency, part of speech. Search mode (cutForSearch) still yields the parts.
 */
export const DOMAIN_WORDS: readonly string[] = [
  '下水井',
  '下水道',
  '化粪池',
  '井盖',
  '占道经营',
  '噪音扰民',
  '停水',
  '停电',
  '停暖',
  '停热',
  '停气',
  '燃气泄漏',
  '漏气',
  '爆管',
  '暖气不热',
  '供暖费',
  '物业费',
  '违章建筑',
  '违建',
  '私搭乱建',
  '乱搭乱建',
  '乱停乱放',
  '渣土车',
  '油烟扰民',
  '广场舞',
  '棚户区',
  '棚改',
  '拆迁款',
  '公积金',
  '社保',
  '医保',
  '低保',
  '养老保险',
  '拖欠工资',
  '欠薪',
  '网约车',
  '共享单车',
  '校外培训',
  '食物中毒',
];

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_WORDS.map((w) => `${w} 2000 n`).join('\n') + '\n'));
  }
  return jieba;
}

/** jieba words in search mode: compound words and their parts (噪音扰民, 噪音, 扰民). */
export function segment(text: string): string[] {
  return segmenter().cutForSearch(text, true);
}

/**
 * The features the text classifier learns from (domain/classify/features.ts): of the request's content and,
 * when there is one, its title, which counts extra. Training and prediction must use the same options.
 */
export function tokenize(
  content: string,
  title?: string | null,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): string[] {
  return requestFeatures({ content, title }, segment, options);
}

/** jieba words in precise mode: each stretch of text once, as its longest known word (a search query's words). */
export function segmentPrecise(text: string): string[] {
  return segmenter().cut(text, true);
}
