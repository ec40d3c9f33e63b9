/**
 * Limited-memory BFGS for the smooth convex objectives of the linear classifiers. Deterministic: no random
 * start, no sampling, so the same examples always give the same model.
 */

/** Writes the gradient at x into `gradient` and returns the objective's value. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** History pairs kept. */
  memory: number;
  /** Stop when the relative decrease of the objective over one iteration falls below this. */
  tolerance: number;
}

export const DEFAULT_LBFGS_OPTIONS: LbfgsOptions = { maxIterations: 200, memory: 10, tolerance: 1e-6 };

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export function minimise(
  objective: Objective,
  start: Float64Array,
  options = DEFAULT_LBFGS_OPTIONS,
): LbfgsResult {
  const size = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(size);
  let value = objective(x, g);
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const direction = new Float64Array(size);
  const alpha = new Array<number>(options.memory);
  let iterations = 0;

  while (iterations < options.maxIterations) {
    iterations++;
    // Two-loop recursion: direction = -H g.
    direction.set(g);
    for (let k = sHistory.length - 1; k >= 0; k--) {
      const a = (rhoHistory[k] as number) * dot(sHistory[k] as Float64Array, direction);
      alpha[k] = a;
      const y = yHistory[k] as Float64Array;
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) - a * (y[i] as number);
    }
    if (sHistory.length > 0) {
      const last = sHistory.length - 1;
      const y = yHistory[last] as Float64Array;
      const gamma = dot(sHistory[last] as Float64Array, y) / dot(y, y);
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) * gamma;
    } else {
      const gNorm = Math.sqrt(dot(g, g));
      if (gNorm === 0) break;
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) / gNorm;
    }
    for (let k = 0; k < sHistory.length; k++) {
      const b = (rhoHistory[k] as number) * dot(yHistory[k] as Float64Array, direction);
      const s = sHistory[k] as Float64Array;
      const a = alpha[k] as number;
      for (let i = 0; i < size; i++) direction[i] = (direction[i] as number) + (a - b) * (s[i] as number);
    }
    for (let i = 0; i < size; i++) direction[i] = -(direction[i] as number);

    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sHistory.length = yHistory.length = rhoHistory.length = 0;
      for (let i = 0; i < size; i++) direction[i] = -(g[i] as number);
      slope = dot(g, direction);
      if (slope === 0) break;
    }

    // Backtracking line search with the Armijo condition.
    let step = 1;
    const nextX = new Float64Array(size);
    const nextG = new Float64Array(size);
    let nextValue = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < size; i++) nextX[i] = (x[i] as number) + step * (direction[i] as number);
      nextValue = objective(nextX, nextG);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextValue < value)) break;

    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = (nextX[i] as number) - (x[i] as number);
      y[i] = (nextG[i] as number) - (g[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (sHistory.length === options.memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    const decrease = value - nextValue;
    x = nextX;
    g = nextG;
    value = nextValue;
    if (decrease <= options.tolerance * Math.max(1, Math.abs(value))) break;
  }
  return { x, value, iterations };
}
