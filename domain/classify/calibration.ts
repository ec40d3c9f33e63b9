/**
 * Turning raw label scores into confidences people can read ("城乡建设 72%"): softmax(score / T), with the
 * temperature T that best predicts held-out labels (least log-loss). Complement naive Bayes scores differ
 * by thousandths and SVM margins by about one, so no single fixed T suits every learner.
 */

/** Confidences (adding up to 1) from raw scores. */
export function softmax(scores: readonly number[], temperature: number): number[] {
  const scaled = scores.map((s) => s / temperature);
  const max = Math.max(...scaled);
  const exp = scaled.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

function logLoss(
  scores: readonly (readonly number[])[],
  labels: readonly number[],
  inverseT: number,
): number {
  let loss = 0;
  scores.forEach((row, i) => {
    let max = -Infinity;
    for (const s of row) max = Math.max(max, s * inverseT);
    let sum = 0;
    for (const s of row) sum += Math.exp(s * inverseT - max);
    loss += max + Math.log(sum) - (row[labels[i] as number] as number) * inverseT;
  });
  return loss;
}

/**
 * The temperature minimising the log-loss of held-out scores. The loss is convex in 1/T, so a golden-section
 * search over ln(1/T) finds the minimum. T is searched within [1e-3, 1e2] × the scores' typical spread
 * (their mean max − min), because learners' scores differ in scale by orders of magnitude.
 */
export function fitTemperature(scores: readonly (readonly number[])[], labels: readonly number[]): number {
  let spread = 0;
  for (const row of scores) spread += Math.max(...row) - Math.min(...row);
  spread = spread / scores.length || 1;
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(1 / (1e2 * spread));
  let hi = Math.log(1 / (1e-3 * spread));
  const f = (u: number) => logLoss(scores, labels, Math.exp(u));
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 60; i++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = f(b);
    }
  }
  return 1 / Math.exp((lo + hi) / 2);
}
