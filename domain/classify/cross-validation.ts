/**
 * Honest figures for a classifier: stratified k-fold cross-validation and top-k accuracy on held-out
 * examples. Pure: training and prediction are passed in (so the caller can time them), randomness is seeded.
 */
import { seededRandom, shuffled } from './seeded-random.js';
import type { LabelledExample, Prediction } from './text-classifier.js';

export interface Evaluation {
  n: number;
  /** Share of examples whose true label is the first suggestion. */
  top1: number;
  /** Share of examples whose true label is among the first three suggestions. */
  top3: number;
  /** Mean confidence of the first suggestion: close to top1 when confidences can be taken at their word. */
  meanTop1Score: number;
  /** Per true label: how many, and the share found first. */
  perLabel: Record<string, { n: number; recall: number }>;
  /** confusion[true][predicted] counts of the first suggestion. */
  confusion: Record<string, Record<string, number>>;
}

/**
 * Fold number (0..k-1) of each example: every label is spread as evenly as possible over the folds, so each
 * fold sees every label in about its overall share. The same seed gives the same folds.
 */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`stratifiedFolds: k must be an integer ≥ 2, got ${k}`);
  const random = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => byLabel.set(label, [...(byLabel.get(label) ?? []), i]));
  const fold = new Array<number>(labels.length).fill(0);
  let position = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const i of shuffled(byLabel.get(label) as number[], random)) fold[i] = position++ % k;
  }
  return fold;
}

/** Top-1/top-3 accuracy of predictions against the true labels (predictions best first). */
export function evaluate(
  truth: readonly string[],
  predictions: readonly (readonly Prediction[])[],
): Evaluation {
  const perLabel: Record<string, { n: number; recall: number }> = {};
  const confusion: Record<string, Record<string, number>> = {};
  let hits1 = 0;
  let hits3 = 0;
  let scoreSum = 0;
  truth.forEach((label, i) => {
    const ranked = (predictions[i] ?? []).map((p) => p.label);
    scoreSum += predictions[i]?.[0]?.score ?? 0;
    const first = ranked[0] ?? '';
    const entry = (perLabel[label] ??= { n: 0, recall: 0 });
    entry.n++;
    if (first === label) {
      hits1++;
      entry.recall++;
    }
    if (ranked.slice(0, 3).includes(label)) hits3++;
    const row = (confusion[label] ??= {});
    row[first] = (row[first] ?? 0) + 1;
  });
  for (const entry of Object.values(perLabel)) entry.recall = entry.n ? entry.recall / entry.n : 0;
  const n = truth.length;
  const share = (x: number) => (n ? x / n : 0);
  return { n, top1: share(hits1), top3: share(hits3), meanTop1Score: share(scoreSum), perLabel, confusion };
}

export interface CrossValidation<M> {
  folds: number;
  seed: number;
  /** Added to every fold's training part and never tested on (e.g. the category tree's names). */
  extraTraining?: readonly LabelledExample[];
  train: (examples: LabelledExample[]) => M;
  predict: (model: M, tokens: string[]) => Prediction[];
}

/** k-fold cross-validation: the overall evaluation on all out-of-fold predictions, and each fold's own. */
export function crossValidate<M>(
  examples: readonly LabelledExample[],
  cv: CrossValidation<M>,
): Evaluation & { perFold: Evaluation[] } {
  const fold = stratifiedFolds(
    examples.map((e) => e.label),
    cv.folds,
    cv.seed,
  );
  const predictions = new Array<Prediction[]>(examples.length);
  const perFold: Evaluation[] = [];
  for (let f = 0; f < cv.folds; f++) {
    const trainSet = examples.filter((_, i) => fold[i] !== f).concat(cv.extraTraining ?? []);
    const testIdx = examples.flatMap((_, i) => (fold[i] === f ? [i] : []));
    const model = cv.train(trainSet);
    for (const i of testIdx) predictions[i] = cv.predict(model, (examples[i] as LabelledExample).tokens);
    perFold.push(
      evaluate(
        testIdx.map((i) => (examples[i] as LabelledExample).label),
        testIdx.map((i) => predictions[i] as Prediction[]),
      ),
    );
  }
  return {
    ...evaluate(
      examples.map((e) => e.label),
      predictions,
    ),
    perFold,
  };
}
