/**
 * Suggests a label (category, unit, urgency — whatever the examples are labelled with) for a request from
 * its text, learned from past tickets (R3 Decision: "the system may suggest category, urgency and unit from
 * the text"). TF-IDF features and a linear model: trains in well under a second on CPU, predicts in a
 * fraction of a millisecond, and is a plain JSON object that can be stored in the database.
 *
 * Pure: tokens come in already extracted (server/classify/tokenizer.ts), so domain/ does no IO.
 */
import { fitTemperature, softmax } from './calibration.js';
import { stratifiedFolds } from './cross-validation.js';
import {
  fitComplementNaiveBayes,
  fitNearestCentroid,
  type LinearWeights,
  type TrainingSet,
} from './linear-models.js';
import {
  DEFAULT_TFIDF_OPTIONS,
  fitTfidf,
  termIndex,
  tfidfRows,
  tfidfVector,
  type TfidfOptions,
} from './tfidf.js';

export interface LabelledExample {
  tokens: string[];
  label: string;
  /** How much the example counts, 1 by default. */
  weight?: number;
}

export interface Prediction {
  label: string;
  /** Confidence in 0..1; the confidences of all labels add up to 1. */
  score: number;
}

/** Complement naive Bayes serves; nearest centroid is the baseline scripts/eval-classify.ts measures it against. */
export type Algorithm = 'complement-nb' | 'nearest-centroid';

export interface TrainOptions {
  algorithm: Algorithm;
  tfidf: TfidfOptions;
  /** Additive smoothing (complement naive Bayes). */
  alpha: number;
  /**
   * Fit the confidence temperature on 5-fold held-out scores of the training set (5 more fits); otherwise
   * a fixed per-learner temperature is used.
   */
  calibrate: boolean;
  /** Significant digits kept of each stored number: a model a third the size, the same ranking. */
  significantDigits: number;
}

/**
 * Chosen by cross-validation on the TipDM sample with seeds other than the reported one (see
 * scripts/eval-classify.ts): complement naive Bayes was as accurate as a linear SVM or logistic regression
 * there, and trains ten times faster (those two learners were removed since: nothing served them).
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  algorithm: 'complement-nb',
  tfidf: DEFAULT_TFIDF_OPTIONS,
  alpha: 0.1,
  calibrate: true,
  significantDigits: 6,
};

/** A trained classifier: plain JSON (JSON.stringify / JSON.parse give back an equivalent model). */
export interface ClassifierModel {
  format: 'jiesu.text-classifier';
  version: 1;
  algorithm: Algorithm;
  labels: string[];
  terms: string[];
  idf: number[];
  sublinearTf: boolean;
  /** Feature-major: weights[j * labels.length + c] is the weight of terms[j] for labels[c]. */
  weights: number[];
  bias: number[];
  /** Confidences are softmax(score / temperature). */
  temperature: number;
  examples: number;
}

export type TrainOptionsInput = Partial<Omit<TrainOptions, 'tfidf'>> & { tfidf?: Partial<TfidfOptions> };

export function resolveOptions(options: TrainOptionsInput = {}): TrainOptions {
  return {
    ...DEFAULT_TRAIN_OPTIONS,
    ...options,
    tfidf: { ...DEFAULT_TRAIN_OPTIONS.tfidf, ...options.tfidf },
  };
}

// Used without calibration: roughly what calibration finds on the TipDM sample.
const DEFAULT_TEMPERATURE: Record<Algorithm, number> = {
  'complement-nb': 0.003,
  'nearest-centroid': 0.05,
};

const CALIBRATION_FOLDS = 5;

export function trainClassifier(
  examples: readonly LabelledExample[],
  options?: TrainOptionsInput,
): ClassifierModel {
  const opts = resolveOptions(options);
  const model = fitModel(examples, opts);
  if (opts.calibrate) model.temperature = calibratedTemperature(examples, opts) ?? model.temperature;
  return model;
}

function fitModel(examples: readonly LabelledExample[], opts: TrainOptions): ClassifierModel {
  if (examples.length === 0) throw new Error('trainClassifier: no examples');
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const docs = examples.map((e) => e.tokens);
  const vocabulary = fitTfidf(docs, opts.tfidf);
  const set: TrainingSet = {
    rows: tfidfRows(vocabulary, docs),
    labels: Int32Array.from(examples, (e) => labelIndex.get(e.label) as number),
    labelCount: labels.length,
    featureCount: vocabulary.terms.length,
    rowWeights: Float64Array.from(examples, (e) => e.weight ?? 1),
  };
  const fitted = fit(set, opts);
  const round = (x: number) => Number(x.toPrecision(opts.significantDigits));
  return {
    format: 'jiesu.text-classifier',
    version: 1,
    algorithm: opts.algorithm,
    labels,
    terms: vocabulary.terms,
    idf: vocabulary.idf.map(round),
    sublinearTf: vocabulary.sublinearTf,
    weights: Array.from(fitted.weights, round),
    bias: Array.from(fitted.bias, round),
    temperature: DEFAULT_TEMPERATURE[opts.algorithm],
    examples: examples.length,
  };
}

function fit(set: TrainingSet, opts: TrainOptions): LinearWeights {
  switch (opts.algorithm) {
    case 'complement-nb':
      return fitComplementNaiveBayes(set, opts);
    case 'nearest-centroid':
      return fitNearestCentroid(set);
  }
}

/** Temperature fitted on held-out scores; undefined when some label has too few examples to hold any out. */
function calibratedTemperature(examples: readonly LabelledExample[], opts: TrainOptions): number | undefined {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  if (counts.size < 2 || Math.min(...counts.values()) < 2) return undefined;
  const fold = stratifiedFolds(
    examples.map((e) => e.label),
    CALIBRATION_FOLDS,
    0,
  );
  const heldOut: number[][] = [];
  const truth: number[] = [];
  for (let f = 0; f < CALIBRATION_FOLDS; f++) {
    const model = fitModel(
      examples.filter((_, i) => fold[i] !== f),
      opts,
    );
    const index = new Map(model.labels.map((label, c) => [label, c]));
    examples.forEach((e, i) => {
      const c = index.get(e.label);
      // A label missing from this fold's training part cannot be scored; it cannot be calibrated either.
      if (fold[i] !== f || c === undefined) return;
      heldOut.push(scores(model, e.tokens));
      truth.push(c);
    });
  }
  return heldOut.length ? fitTemperature(heldOut, truth) : undefined;
}

// The term → column map is derived from the model once and cached; the model object itself stays plain.
const indexCache = new WeakMap<ClassifierModel, Map<string, number>>();

function indexOf(model: ClassifierModel): Map<string, number> {
  let index = indexCache.get(model);
  if (!index) {
    index = termIndex(model);
    indexCache.set(model, index);
  }
  return index;
}

/** Every label's raw score (bias + weights · tf-idf), in the order of model.labels; higher is better. */
export function scores(model: ClassifierModel, tokens: readonly string[]): number[] {
  const L = model.labels.length;
  const out = model.bias.slice();
  const { column, value } = tfidfVector(model, indexOf(model), tokens);
  for (let k = 0; k < column.length; k++) {
    const base = (column[k] as number) * L;
    const v = value[k] as number;
    for (let c = 0; c < L; c++) out[c] = (out[c] as number) + v * (model.weights[base + c] as number);
  }
  return out;
}

/** The k most likely labels, best first, with confidences that add up to 1 over all labels. */
export function predict(model: ClassifierModel, tokens: readonly string[], k = 3): Prediction[] {
  const confidence = softmax(scores(model, tokens), model.temperature);
  return model.labels
    .map((label, c) => ({ label, score: confidence[c] as number }))
    .sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1))
    .slice(0, k);
}
