/**
 * Turning a request's text into the bag of features the classifier learns from: character n-grams (robust
 * to unknown words and segmentation mistakes) plus the words of a segmenter (jieba, in server/), kept apart
 * by a prefix so that the word 停水 and the character bigram 停水 are two features. Pure: the segmenter's
 * output is passed in.
 */

export interface FeatureOptions {
  /** Shortest and longest character n-gram (inclusive); 0 for maxN turns character n-grams off. */
  charMinN: number;
  charMaxN: number;
  /** Keep segmenter words of at least this many characters (single characters are already n-grams). */
  wordMinLength: number;
  /** Replace each run of digits by one '0': ticket numbers, dates and house numbers say nothing of the kind. */
  foldDigits: boolean;
  /**
   * The title's features are added again, prefixed `t:`, this many times: a citizen's one-line summary says
   * more about the kind of request than any line of the story.
   */
  titleRepeat: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  charMinN: 1,
  charMaxN: 2,
  wordMinLength: 2,
  foldDigits: true,
  titleRepeat: 2,
};

export const WORD_PREFIX = 'w:';
export const TITLE_PREFIX = 't:';

/** A word segmenter, e.g. jieba's (server/classify/tokenizer.ts). */
export type Segmenter = (text: string) => string[];

const DIGITS = /\p{Nd}+/gu;
// Letters and digits make a run; punctuation and spaces end it, and n-grams never cross a run boundary.
const RUN = /[\p{L}\p{N}]+/gu;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Full-width to half-width, one case, folded digits: the same word written two ways is one feature. */
export function normaliseText(text: string, foldDigits = DEFAULT_FEATURE_OPTIONS.foldDigits): string {
  const t = text.normalize('NFKC').toLowerCase();
  return foldDigits ? t.replace(DIGITS, '0') : t;
}

/** Character n-grams of every length in [minN, maxN], within runs of letters and digits. */
export function charNgrams(text: string, minN: number, maxN: number): string[] {
  const out: string[] = [];
  if (maxN < 1) return out;
  for (const match of text.matchAll(RUN)) {
    const chars = Array.from(match[0]);
    for (let i = 0; i < chars.length; i++) {
      let gram = '';
      for (let n = 1; n <= maxN && i + n <= chars.length; n++) {
        gram += chars[i + n - 1];
        if (n >= minN) out.push(gram);
      }
    }
  }
  return out;
}

/**
 * The features of one text: its character n-grams and the segmenter's words (prefixed with `w:`).
 * `words` is the segmentation of the same text; its words are normalised here the same way as the text.
 */
export function textFeatures(
  text: string,
  words: readonly string[],
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): string[] {
  const out = charNgrams(normaliseText(text, options.foldDigits), options.charMinN, options.charMaxN);
  for (const word of words) {
    const w = normaliseText(word.trim(), options.foldDigits);
    if (Array.from(w).length >= options.wordMinLength && HAS_LETTER_OR_DIGIT.test(w))
      out.push(WORD_PREFIX + w);
  }
  return out;
}

/** A request as the classifier sees it: an optional one-line title and the content. */
export interface RequestText {
  title?: string | null;
  content: string;
}

/** Features of a whole request: title and content together, then the title's own features again. */
export function requestFeatures(
  request: RequestText,
  segment: Segmenter,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): string[] {
  const title = request.title?.trim() ?? '';
  const text = title ? `${title}\n${request.content}` : request.content;
  const out = textFeatures(text, segment(text), options);
  if (title && options.titleRepeat > 0) {
    const titleFeatures = textFeatures(title, segment(title), options).map((f) => TITLE_PREFIX + f);
    for (let r = 0; r < options.titleRepeat; r++) out.push(...titleFeatures);
  }
  return out;
}
