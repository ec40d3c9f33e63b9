/**
 * Figures for the text classifier (domain/classify): top-1 / top-3 accuracy, training time and latency of
 * one suggestion, next to the nearest-centroid baseline measured in the same run.
 *
 *   tsx scripts/eval-classify.ts --train <tsv> [--test <tsv>] [--folds 5] [--seed 42]
 *       [--taxonomy <tsv> | --no-taxonomy] [--algorithm complement-nb|nearest-centroid] [--alpha N]
 *
 * Files: tab-separated with the header `id subject received_at detail label` (the TipDM sample's format):
 * subject is the request's title, detail its content. Without --test: stratified k-fold cross-validation
 * on --train. The category tree (`一级分类 二级分类 三级分类`; by default taxonomy.tsv beside --train) adds
 * one training example per path whose first level is a label of --train; it is never tested on.
 * Prints one JSON object.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { categoryExamples } from '../domain/classify/category-examples.js';
import { crossValidate, evaluate, type Evaluation } from '../domain/classify/cross-validation.js';
import {
  DEFAULT_FEATURE_OPTIONS,
  requestFeatures,
  type FeatureOptions,
} from '../domain/classify/features.js';
import {
  predict,
  resolveOptions,
  trainClassifier,
  type Algorithm,
  type LabelledExample,
  type TrainOptionsInput,
} from '../domain/classify/text-classifier.js';
import { segment, tokenize } from '../server/classify/tokenizer.js';

export interface Row {
  title: string;
  content: string;
  label: string;
}

function readTable(path: string): { header: string[]; rows: string[][] } {
  const [header = '', ...lines] = readFileSync(path, 'utf8').split(/\r?\n/);
  return { header: header.split('\t'), rows: lines.filter((l) => l.trim() !== '').map((l) => l.split('\t')) };
}

/** Labelled requests from a TSV with the columns subject, detail and label (others ignored). */
export function readRequests(path: string): Row[] {
  const { header, rows } = readTable(path);
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column "${name}" in the header`);
    return i;
  };
  const [subject, detail, label] = [at('subject'), at('detail'), at('label')];
  return rows.map((c) => ({
    title: c[subject] ?? '',
    content: c[detail] ?? '',
    label: (c[label] ?? '').trim(),
  }));
}

/** The category tree's paths below the labels that occur in `labels`, as training examples. */
export function readTaxonomyExamples(
  path: string,
  labels: ReadonlySet<string>,
  features: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): LabelledExample[] {
  const paths = readTable(path)
    .rows.filter((c) => labels.has(c[0] ?? ''))
    .map(([label = '', ...names]) => ({ label, names }));
  return categoryExamples(paths, (text) => tokenize(text, null, features));
}

// jieba is the slow part and the same for every feature set and fold: segment each text once.
const segmentCache = new Map<string, string[]>();
function cachedSegment(text: string): string[] {
  let words = segmentCache.get(text);
  if (!words) segmentCache.set(text, (words = segment(text)));
  return words;
}

export function toExamples(rows: readonly Row[], features = DEFAULT_FEATURE_OPTIONS): LabelledExample[] {
  return rows.map((r) => ({ label: r.label, tokens: requestFeatures(r, cachedSegment, features) }));
}

export interface EvalRun {
  train: readonly Row[];
  test?: readonly Row[];
  extraTraining?: readonly LabelledExample[];
  features?: FeatureOptions;
  training?: TrainOptionsInput;
  folds?: number;
  seed?: number;
}

/** Cross-validation (or train/test) of one configuration, with each training's duration. */
export function runEvaluation(run: EvalRun): Evaluation & { perFold: Evaluation[]; trainMs: number[] } {
  const trainMs: number[] = [];
  const train = (examples: LabelledExample[]) => {
    const start = performance.now();
    const model = trainClassifier(examples, run.training);
    trainMs.push(performance.now() - start);
    return model;
  };
  const features = run.features ?? DEFAULT_FEATURE_OPTIONS;
  const examples = toExamples(run.train, features);
  if (run.test) {
    const model = train(examples.concat(run.extraTraining ?? []));
    const test = toExamples(run.test, features);
    const result = evaluate(
      test.map((e) => e.label),
      test.map((e) => predict(model, e.tokens)),
    );
    return { ...result, perFold: [], trainMs };
  }
  const cv = crossValidate(examples, {
    folds: run.folds ?? 5,
    seed: run.seed ?? 42,
    extraTraining: run.extraTraining ?? [],
    train,
    predict: (model, tokens) => predict(model, tokens),
  });
  return { ...cv, trainMs };
}

const BASELINE_FEATURES: FeatureOptions = {
  charMinN: 2,
  charMaxN: 2,
  wordMinLength: Infinity,
  foldDigits: false,
  titleRepeat: 0,
};
const BASELINE_TRAINING: TrainOptionsInput = {
  algorithm: 'nearest-centroid',
  tfidf: { minDf: 1, sublinearTf: false },
  calibrate: false,
};

const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const summary = (e: Evaluation) => ({ n: e.n, top1: round(e.top1), top3: round(e.top3) });

/** Median and 99th percentile, in microseconds, of one suggestion: features (jieba included) and ranking. */
function latency(rows: readonly Row[], train: LabelledExample[], training: TrainOptionsInput) {
  const model = trainClassifier(train, training);
  const total: number[] = [];
  const rankOnly: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    for (const row of rows) {
      const start = performance.now();
      const tokens = tokenize(row.content, row.title);
      const mid = performance.now();
      predict(model, tokens);
      const end = performance.now();
      if (rep === 0) continue; // warm-up
      total.push((end - start) * 1000);
      rankOnly.push((end - mid) * 1000);
    }
  }
  const stats = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return { median: round(quantile(xs, 0.5), 1), p99: round(quantile(xs, 0.99), 1) };
  };
  return {
    perTicketUs: stats(total),
    predictOnlyUs: stats(rankOnly),
    modelFeatures: model.terms.length,
    modelJsonBytes: JSON.stringify(model).length,
    temperature: model.temperature,
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      train: { type: 'string' },
      test: { type: 'string' },
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '42' },
      taxonomy: { type: 'string' },
      'no-taxonomy': { type: 'boolean', default: false },
      algorithm: { type: 'string' },
      alpha: { type: 'string' },
    },
  });
  if (!values.train)
    throw new Error('usage: eval-classify --train <tsv> [--test <tsv>] [--folds 5] [--seed N]');
  const train = readRequests(values.train);
  const test = values.test ? readRequests(values.test) : undefined;
  const folds = Number(values.folds);
  const seed = Number(values.seed);
  const training: TrainOptionsInput = {
    ...(values.algorithm ? { algorithm: values.algorithm as Algorithm } : {}),
    ...(values.alpha ? { alpha: Number(values.alpha) } : {}),
  };
  const besideTrain = join(dirname(values.train), 'taxonomy.tsv');
  const taxonomyPath = values['no-taxonomy']
    ? undefined
    : (values.taxonomy ?? (existsSync(besideTrain) ? besideTrain : undefined));
  const taxonomy = taxonomyPath ? readTaxonomyExamples(taxonomyPath, new Set(train.map((r) => r.label))) : [];
  const base: EvalRun = { train, test, extraTraining: taxonomy, training, folds, seed };

  const result = runEvaluation(base);
  const baseline = runEvaluation({
    ...base,
    extraTraining: [],
    features: BASELINE_FEATURES,
    training: BASELINE_TRAINING,
  });
  const ablation = {
    withoutTaxonomy: summary(runEvaluation({ ...base, extraTraining: [] })),
    withoutTitleRepeat: summary(
      runEvaluation({ ...base, features: { ...DEFAULT_FEATURE_OPTIONS, titleRepeat: 0 } }),
    ),
  };
  const trainMs = result.trainMs.slice().sort((a, b) => a - b);

  console.log(
    JSON.stringify(
      {
        ...summary(result),
        mode: test ? 'train/test' : `${folds}-fold stratified cross-validation, seed ${seed}`,
        model: { ...resolveOptions(training), features: DEFAULT_FEATURE_OPTIONS },
        taxonomy: taxonomyPath ? { path: taxonomyPath, examples: taxonomy.length } : null,
        perFold: result.perFold.map((e, f) => ({
          ...summary(e),
          trainMs: round(result.trainMs[f] ?? NaN, 1),
        })),
        baseline: {
          what: 'TF-IDF character bigrams, nearest centroid (cosine), no taxonomy',
          ...summary(baseline),
        },
        ablation,
        trainMs: { median: round(quantile(trainMs, 0.5), 1), max: round(trainMs.at(-1) ?? NaN, 1) },
        calibration: { meanTop1Confidence: round(result.meanTop1Score), top1: round(result.top1) },
        ...latency(test ?? train, toExamples(train).concat(taxonomy), training),
        perLabel: Object.fromEntries(
          Object.entries(result.perLabel).map(([label, e]) => [label, { n: e.n, recall: round(e.recall) }]),
        ),
        confusion: result.confusion,
      },
      null,
      2,
    ),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
