/**
 * TF-IDF weighting over a learned vocabulary, producing L2-normalised sparse vectors. The vocabulary and
 * the idf are part of the stored model, so a text is weighted at prediction exactly as in training.
 */

export interface TfidfOptions {
  /** Drop features seen in fewer than this many training documents (a feature seen once cannot generalise). */
  minDf: number;
  /**
   * Keep at most this many features, the most frequent (by document frequency): model size is features ×
   * labels, which matters when the labels are a city's hundreds of units.
   */
  maxFeatures: number;
  /** 1 + ln(tf) instead of tf: a word said ten times is not ten times the evidence. */
  sublinearTf: boolean;
}

export const DEFAULT_TFIDF_OPTIONS: TfidfOptions = { minDf: 2, maxFeatures: 50_000, sublinearTf: true };

export interface TfidfVocabulary {
  terms: string[];
  /** Smoothed inverse document frequency, ln((1 + n) / (1 + df)) + 1, one per term. */
  idf: number[];
  sublinearTf: boolean;
}

/** Sparse rows: entries of row i are at [rowStart[i], rowStart[i + 1]). */
export interface SparseRows {
  rowStart: Int32Array;
  column: Int32Array;
  value: Float64Array;
}

export function fitTfidf(documents: readonly (readonly string[])[], options: TfidfOptions): TfidfVocabulary {
  const df = new Map<string, number>();
  for (const doc of documents) {
    for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const n = documents.length;
  const byTerm = ([a]: [string, number], [b]: [string, number]) => (a < b ? -1 : a > b ? 1 : 0);
  let kept = [...df].filter(([, count]) => count >= options.minDf);
  if (kept.length > options.maxFeatures) {
    kept = kept.sort((a, b) => b[1] - a[1] || byTerm(a, b)).slice(0, options.maxFeatures);
  }
  // Sorted so that the same examples give the same model whatever the order they came in.
  kept.sort(byTerm);
  return {
    terms: kept.map(([term]) => term),
    idf: kept.map(([, count]) => Math.log((1 + n) / (1 + count)) + 1),
    sublinearTf: options.sublinearTf,
  };
}

export function termIndex(vocabulary: TfidfVocabulary): Map<string, number> {
  return new Map(vocabulary.terms.map((term, i) => [term, i]));
}

/** One document as (column, value) pairs, L2-normalised; unknown features are ignored. */
export function tfidfVector(
  vocabulary: TfidfVocabulary,
  index: ReadonlyMap<string, number>,
  tokens: readonly string[],
): { column: number[]; value: number[] } {
  const counts = new Map<number, number>();
  for (const token of tokens) {
    const j = index.get(token);
    if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
  }
  const column = [...counts.keys()].sort((a, b) => a - b);
  const value = column.map((j) => {
    const tf = counts.get(j) as number;
    return (vocabulary.sublinearTf ? 1 + Math.log(tf) : tf) * (vocabulary.idf[j] as number);
  });
  let squares = 0;
  for (const v of value) squares += v * v;
  const norm = Math.sqrt(squares);
  if (norm > 0) for (let k = 0; k < value.length; k++) value[k] = (value[k] as number) / norm;
  return { column, value };
}

export function tfidfRows(
  vocabulary: TfidfVocabulary,
  documents: readonly (readonly string[])[],
): SparseRows {
  const index = termIndex(vocabulary);
  const vectors = documents.map((doc) => tfidfVector(vocabulary, index, doc));
  const rowStart = new Int32Array(documents.length + 1);
  vectors.forEach((v, i) => (rowStart[i + 1] = (rowStart[i] as number) + v.column.length));
  const total = rowStart[documents.length] as number;
  const column = new Int32Array(total);
  const value = new Float64Array(total);
  vectors.forEach((v, i) => {
    column.set(v.column, rowStart[i]);
    value.set(v.value, rowStart[i]);
  });
  return { rowStart, column, value };
}
