/**
 * Learners that all end in the same shape — one weight per (feature, label) and one bias per label, score
 * = bias + Σ weight × tf-idf — so that one stored model format and one prediction path serve them all.
 */
import type { SparseRows } from './tfidf.js';

export interface TrainingSet {
  rows: SparseRows;
  /** Label index of each row. */
  labels: Int32Array;
  labelCount: number;
  featureCount: number;
  /** How much each row counts (1 for an ordinary example). */
  rowWeights: Float64Array;
}

/** Weights are feature-major: the weight of feature j for label c is weights[j * labelCount + c]. */
export interface LinearWeights {
  weights: Float64Array;
  bias: Float64Array;
}

function columnSums(set: TrainingSet, include: (label: number, c: number) => boolean): Float64Array {
  const { rowStart, column, value } = set.rows;
  const L = set.labelCount;
  const sums = new Float64Array(set.featureCount * L);
  for (let i = 0; i < set.labels.length; i++) {
    const y = set.labels[i] as number;
    const w = set.rowWeights[i] as number;
    for (let k = rowStart[i] as number; k < (rowStart[i + 1] as number); k++) {
      const base = (column[k] as number) * L;
      for (let c = 0; c < L; c++) {
        if (include(y, c)) sums[base + c] = (sums[base + c] as number) + w * (value[k] as number);
      }
    }
  }
  return sums;
}

/**
 * Complement naive Bayes (Rennie et al. 2003) with normalised weights: each label is scored by how unlike
 * the other labels' texts the text is, which copes with unequal label sizes better than plain naive Bayes.
 */
export function fitComplementNaiveBayes(set: TrainingSet, options: { alpha: number }): LinearWeights {
  const L = set.labelCount;
  const V = set.featureCount;
  const complement = columnSums(set, (y, c) => y !== c);
  const weights = new Float64Array(V * L);
  for (let c = 0; c < L; c++) {
    let total = 0;
    for (let j = 0; j < V; j++) total += (complement[j * L + c] as number) + options.alpha;
    let l1 = 0;
    for (let j = 0; j < V; j++) {
      const w = Math.log(((complement[j * L + c] as number) + options.alpha) / total);
      weights[j * L + c] = w;
      l1 += Math.abs(w);
    }
    // Negated so that, like the other learners, a higher score means a better label.
    for (let j = 0; j < V; j++) weights[j * L + c] = -(weights[j * L + c] as number) / l1;
  }
  return { weights, bias: new Float64Array(L) };
}

/** Nearest centroid by cosine similarity: the baseline the others must beat. */
export function fitNearestCentroid(set: TrainingSet): LinearWeights {
  const L = set.labelCount;
  const V = set.featureCount;
  const weights = columnSums(set, (y, c) => y === c);
  for (let c = 0; c < L; c++) {
    let squares = 0;
    for (let j = 0; j < V; j++) squares += (weights[j * L + c] as number) ** 2;
    const norm = Math.sqrt(squares) || 1;
    for (let j = 0; j < V; j++) weights[j * L + c] = (weights[j * L + c] as number) / norm;
  }
  return { weights, bias: new Float64Array(L) };
}
