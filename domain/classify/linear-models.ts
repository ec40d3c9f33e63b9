/**
 * Learners that all end in the same shape — one weight per (feature, label) and one bias per label, score
 * = bias + Σ weight × tf-idf — so that one stored model format and one prediction path serve them all.
 */
import { minimise, DEFAULT_LBFGS_OPTIONS } from './lbfgs.js';
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

export interface RegularisedOptions {
  /** Inverse regularisation strength, as in liblinear / scikit-learn: larger fits the training set harder. */
  c: number;
  /** Weigh each example by n / (labels × examples of its label), so rare labels are not drowned. */
  balanced: boolean;
  maxIterations: number;
}

function exampleWeights(set: TrainingSet, balanced: boolean): Float64Array {
  const n = set.labels.length;
  const w = Float64Array.from(set.rowWeights);
  if (!balanced) return w;
  const counts = new Float64Array(set.labelCount);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const y = set.labels[i] as number;
    counts[y] = (counts[y] as number) + (w[i] as number);
    total += w[i] as number;
  }
  for (let i = 0; i < n; i++) {
    w[i] = ((w[i] as number) * total) / (set.labelCount * (counts[set.labels[i] as number] as number));
  }
  return w;
}

/** Scores of row i for every label into `out`. */
function rowScores(set: TrainingSet, params: Float64Array, i: number, out: Float64Array): void {
  const { rowStart, column, value } = set.rows;
  const L = set.labelCount;
  const biasAt = set.featureCount * L;
  for (let c = 0; c < L; c++) out[c] = params[biasAt + c] as number;
  for (let k = rowStart[i] as number; k < (rowStart[i + 1] as number); k++) {
    const base = (column[k] as number) * L;
    const v = value[k] as number;
    for (let c = 0; c < L; c++) out[c] = (out[c] as number) + v * (params[base + c] as number);
  }
}

/** Adds factor × row i into the gradient of label c's weights (and bias). */
function addRow(set: TrainingSet, grad: Float64Array, i: number, residual: Float64Array): void {
  const { rowStart, column, value } = set.rows;
  const L = set.labelCount;
  const biasAt = set.featureCount * L;
  for (let c = 0; c < L; c++) grad[biasAt + c] = (grad[biasAt + c] as number) + (residual[c] as number);
  for (let k = rowStart[i] as number; k < (rowStart[i + 1] as number); k++) {
    const base = (column[k] as number) * L;
    const v = value[k] as number;
    for (let c = 0; c < L; c++) grad[base + c] = (grad[base + c] as number) + v * (residual[c] as number);
  }
}

/** Adds the L2 penalty (not on the biases) and returns its value. */
function addPenalty(params: Float64Array, grad: Float64Array, weightCount: number, lambda: number): number {
  let squares = 0;
  for (let j = 0; j < weightCount; j++) {
    const p = params[j] as number;
    squares += p * p;
    grad[j] = (grad[j] as number) + lambda * p;
  }
  return 0.5 * lambda * squares;
}

function fitSmooth(
  set: TrainingSet,
  options: RegularisedOptions,
  exampleLoss: (scores: Float64Array, label: number, residual: Float64Array) => number,
): LinearWeights {
  const n = set.labels.length;
  const L = set.labelCount;
  const weightCount = set.featureCount * L;
  const lambda = 1 / (options.c * n);
  const ew = exampleWeights(set, options.balanced);
  const scores = new Float64Array(L);
  const residual = new Float64Array(L);
  const objective = (params: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      rowScores(set, params, i, scores);
      const w = (ew[i] as number) / n;
      loss += w * exampleLoss(scores, set.labels[i] as number, residual);
      for (let c = 0; c < L; c++) residual[c] = (residual[c] as number) * w;
      addRow(set, grad, i, residual);
    }
    return loss + addPenalty(params, grad, weightCount, lambda);
  };
  const { x } = minimise(objective, new Float64Array(weightCount + L), {
    ...DEFAULT_LBFGS_OPTIONS,
    maxIterations: options.maxIterations,
  });
  return { weights: x.slice(0, weightCount), bias: x.slice(weightCount) };
}

/** Multinomial logistic regression (softmax, cross-entropy); its scores are log-odds. */
export function fitLogisticRegression(set: TrainingSet, options: RegularisedOptions): LinearWeights {
  return fitSmooth(set, options, (scores, label, residual) => {
    let max = -Infinity;
    for (const s of scores) max = Math.max(max, s);
    let sum = 0;
    for (let c = 0; c < scores.length; c++) sum += Math.exp((scores[c] as number) - max);
    for (let c = 0; c < scores.length; c++) {
      residual[c] = Math.exp((scores[c] as number) - max) / sum - (c === label ? 1 : 0);
    }
    return max + Math.log(sum) - (scores[label] as number);
  });
}

/** One-vs-rest linear SVM with the squared hinge loss (liblinear's default), which is smooth. */
export function fitLinearSvm(set: TrainingSet, options: RegularisedOptions): LinearWeights {
  return fitSmooth(set, options, (scores, label, residual) => {
    let loss = 0;
    for (let c = 0; c < scores.length; c++) {
      const y = c === label ? 1 : -1;
      const gap = 1 - y * (scores[c] as number);
      if (gap > 0) {
        loss += gap * gap;
        residual[c] = -2 * y * gap;
      } else {
        residual[c] = 0;
      }
    }
    return loss;
  });
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
