/**
 * A Gaussian hidden Markov model on a 1-D series (returns): fitted by Baum–Welch with scaled
 * forward–backward passes, then filtered forward online. States are ordered by variance, lowest
 * first, so state 0 is always the calmest.
 */
export interface HmmParams {
  initial: number[];
  /** transition[i][j] = P(next state j | state i). */
  transition: number[][];
  means: number[];
  variances: number[];
}

export interface HmmFit extends HmmParams {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

const MIN_VARIANCE = 1e-12;
/** A state whose variance is below this share of the data's is degenerate: no warm start from it. */
const DEGENERATE_VARIANCE_RATIO = 0.01;
const LOG_2PI = Math.log(2 * Math.PI);

function density(x: number, mean: number, variance: number): number {
  const d = x - mean;
  return Math.exp(-0.5 * (LOG_2PI + Math.log(variance) + (d * d) / variance));
}

/** Starting point: states spread over the quantiles of |x|, sticky transitions. */
function initialGuess(xs: readonly number[], states: number): HmmParams {
  const sorted = [...xs].map(Math.abs).sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variances = Array.from({ length: states }, (_, k) => {
    const q = sorted[Math.min(sorted.length - 1, Math.floor(((k + 0.5) / states) * sorted.length))]!;
    return Math.max(MIN_VARIANCE, q * q * 1.5);
  });
  const stay = 0.95;
  return {
    initial: Array.from({ length: states }, () => 1 / states),
    transition: Array.from({ length: states }, (_, i) =>
      Array.from({ length: states }, (_, j) => (i === j ? stay : (1 - stay) / (states - 1))),
    ),
    means: Array.from({ length: states }, () => mean),
    variances,
  };
}

function sampleVariance(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
}

/**
 * A previous fit as the starting point of the next: its means, variances and transitions,
 * with a uniform initial distribution (the new window starts elsewhere). Null when it cannot serve:
 * another number of states, a value that is not finite, or a degenerate fit that would trap the new
 * one (a state that collapsed to a sliver of the data's variance, or that is not a regime: left at
 * once, its self-transition under a half).
 */
function warmStart(start: HmmParams, states: number, variance: number): HmmParams | null {
  const values = [...start.means, ...start.variances, ...start.transition.flat()];
  if (start.means.length !== states || !values.every(Number.isFinite)) return null;
  if (start.variances.some((v) => v < DEGENERATE_VARIANCE_RATIO * variance)) return null;
  if (start.transition.some((row, i) => row[i]! < 0.5)) return null;
  return {
    initial: Array.from({ length: states }, () => 1 / states),
    transition: start.transition.map((row) => [...row]),
    means: [...start.means],
    variances: [...start.variances],
  };
}

/**
 * Fits by Baum–Welch until the log-likelihood gains less than `tolerance` (or `maxIterations`),
 * from `start` when given (a warm start: the previous window's fit) or else from a guess made from
 * the data's quantiles.
 */
export function fitGaussianHmm(
  xs: readonly number[],
  states: 2 | 3,
  options: { maxIterations?: number; tolerance?: number; start?: HmmParams } = {},
): HmmFit {
  if (xs.length < states * 10) throw new Error(`an HMM with ${states} states needs at least ${states * 10} observations, got ${xs.length}`);
  if (!xs.every(Number.isFinite)) throw new Error('the series has a non-finite value');
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-7;
  const work = new BaumWelch(Float64Array.from(xs), states);
  let p = (options.start && warmStart(options.start, states, sampleVariance(xs))) ?? initialGuess(xs, states);
  let previous = -Infinity;
  let logLikelihood = -Infinity;
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    work.emissions(p);
    logLikelihood = work.forward(p);
    work.backward();
    p = work.reestimate();
    if (logLikelihood - previous < tolerance) {
      converged = true;
      iterations++;
      break;
    }
    previous = logLikelihood;
  }
  return { ...orderByVariance(p), logLikelihood, iterations, converged };
}

/**
 * One Baum–Welch pass in steps over preallocated arrays (row t, state k at t·K + k). Kept as small
 * methods: one large function with nested loops runs as on-stack-replaced code that keeps bailing
 * out of its inner loops, several times slower.
 */
class BaumWelch {
  private readonly xs: Float64Array;
  private readonly T: number;
  private readonly K: number;
  private readonly alpha: Float64Array;
  private readonly beta: Float64Array;
  private readonly b: Float64Array;
  private readonly scale: Float64Array;
  /** w[t·K + j] = b_t(j) · β_t(j) / c_t, shared by the backward pass and the transitions' re-estimate. */
  private readonly w: Float64Array;
  /** The transition matrix of the pass, row-major. */
  private readonly A: Float64Array;

  constructor(xs: Float64Array, K: number) {
    this.xs = xs;
    this.T = xs.length;
    this.K = K;
    this.alpha = new Float64Array(this.T * K);
    this.beta = new Float64Array(this.T * K);
    this.b = new Float64Array(this.T * K);
    this.scale = new Float64Array(this.T);
    this.w = new Float64Array(this.T * K);
    this.A = new Float64Array(K * K);
  }

  /** Each observation's density under each state's Gaussian (floored above zero). */
  emissions(p: HmmParams): void {
    const { xs, T, K, b } = this;
    for (let k = 0; k < K; k++) {
      const mean = p.means[k]!;
      const variance = p.variances[k]!;
      const constant = -0.5 * (LOG_2PI + Math.log(variance));
      const halfPrecision = 0.5 / variance;
      for (let t = 0; t < T; t++) {
        const d = xs[t]! - mean;
        b[t * K + k] = Math.max(1e-300, Math.exp(constant - d * d * halfPrecision));
      }
    }
  }

  /** Forward, scaled so each alpha row sums to 1; returns the log-likelihood. Takes the pass's transitions. */
  forward(p: HmmParams): number {
    const { T, K, alpha, b, A, scale } = this;
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) A[i * K + j] = p.transition[i]![j]!;
    let logLikelihood = 0;
    for (let t = 0; t < T; t++) {
      let sum = 0;
      for (let j = 0; j < K; j++) {
        let a = 0;
        if (t === 0) a = p.initial[j]!;
        else for (let i = 0; i < K; i++) a += alpha[(t - 1) * K + i]! * A[i * K + j]!;
        a *= b[t * K + j]!;
        alpha[t * K + j] = a;
        sum += a;
      }
      scale[t] = sum;
      for (let j = 0; j < K; j++) alpha[t * K + j]! /= sum;
    }
    for (let t = 0; t < T; t++) logLikelihood += Math.log(scale[t]!);
    return logLikelihood;
  }

  /** Backward with the forward pass's scales. */
  backward(): void {
    const { T, K, beta, b, A, scale, w } = this;
    for (let k = 0; k < K; k++) beta[(T - 1) * K + k] = 1;
    for (let t = T - 1; t > 0; t--) {
      const inverseScale = 1 / scale[t]!;
      for (let j = 0; j < K; j++) w[t * K + j] = b[t * K + j]! * beta[t * K + j]! * inverseScale;
      for (let i = 0; i < K; i++) {
        let s = 0;
        for (let j = 0; j < K; j++) s += A[i * K + j]! * w[t * K + j]!;
        beta[(t - 1) * K + i] = s;
      }
    }
  }

  /** Each sum over t runs in a loop of its own with local accumulators (V8 keeps them in registers). */
  reestimate(): HmmParams {
    const { xs, T, K, alpha, beta, A, w } = this;
    const gammaSum = new Float64Array(K);
    const means: number[] = [];
    const variances: number[] = [];
    for (let k = 0; k < K; k++) {
      let total = 0;
      let first = 0;
      let second = 0;
      for (let t = 0; t < T; t++) {
        const g = alpha[t * K + k]! * beta[t * K + k]!;
        const x = xs[t]!;
        total += g;
        first += g * x;
        second += g * x * x;
      }
      gammaSum[k] = total;
      const mean = first / total;
      means.push(mean);
      // E[x²] − mean², in the same pass (returns' means are small beside their spread: no cancellation to speak of).
      variances.push(Math.max(MIN_VARIANCE, second / total - mean * mean));
    }
    // Expected transitions i → j: A(i, j) · Σ_{t < T−1} α_t(i) · w_{t+1}(j), over the time spent in i before the end.
    const transition: number[][] = [];
    for (let i = 0; i < K; i++) {
      const leaving = gammaSum[i]! - alpha[(T - 1) * K + i]! * beta[(T - 1) * K + i]!;
      const row: number[] = [];
      for (let j = 0; j < K; j++) {
        let sum = 0;
        for (let t = 0; t < T - 1; t++) sum += alpha[t * K + i]! * w[(t + 1) * K + j]!;
        row.push((A[i * K + j]! * sum) / leaving);
      }
      transition.push(row);
    }
    const initial = Array.from({ length: K }, (_, k) => alpha[k]! * beta[k]!);
    return { initial, transition, means, variances };
  }
}

function orderByVariance(p: HmmParams): HmmParams {
  const order = p.variances
    .map((v, k) => [v, k] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, k]) => k);
  return {
    initial: order.map((k) => p.initial[k]!),
    transition: order.map((i) => order.map((j) => p.transition[i]![j]!)),
    means: order.map((k) => p.means[k]!),
    variances: order.map((k) => p.variances[k]!),
  };
}

/** The forward filter, one observation at a time: P(state | everything seen so far). */
export class HmmFilter {
  private readonly params: HmmParams;
  private probs: number[] | null = null;

  constructor(params: HmmParams) {
    this.params = params;
  }

  /** The new probabilities, a new array each time (the one before is not changed). */
  update(x: number): number[] {
    const { initial, transition, means, variances } = this.params;
    const K = means.length;
    const before = this.probs;
    // Plain loops, the same sums in the same order (three arrays and closures per bar had made this
    // the regime watcher's second cost after its refits).
    const post = new Array<number>(K);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      let prior = initial[k]!;
      if (before) {
        prior = 0;
        for (let i = 0; i < K; i++) prior += before[i]! * transition[i]![k]!;
      }
      post[k] = prior * Math.max(1e-300, density(x, means[k]!, variances[k]!));
      sum += post[k]!;
    }
    for (let k = 0; k < K; k++) post[k] = post[k]! / sum;
    this.probs = post;
    return post;
  }

  get probabilities(): number[] | null {
    return this.probs;
  }
}

/** Labels by volatility rank: calm < normal < turbulent. */
export function regimeLabels(states: number): string[] {
  return states === 2 ? ['calm', 'turbulent'] : ['calm', 'normal', 'turbulent'];
}
