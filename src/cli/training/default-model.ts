import type { InstrumentId } from '../../shared/domain/instrument.ts';
import { FEATURE_SCHEMA_KEY, type FeatureSchema } from '../../shared/domain/models.ts';
import { FEATURE_DESCRIPTIONS, featureRows, type FeatureName } from '../../shared/features/feature-library.ts';
import { parseBarsCsv } from '../../shared/market-data/bars-csv.ts';
import { writeOnnxModel } from '../../agents/models/onnx/onnx-writer.ts';
import { fitLogistic, predictLogistic, type LogisticModel } from './logistic-regression.ts';
import { spearman } from './ranking.ts';

/** The default model's recipe: features, horizon, and which years train and which are held out. */
export const DEFAULT_MODEL_RECIPE = {
  features: [
    'ret_1',
    'ret_5',
    'ret_20',
    'vol_20',
    'volume_z20',
    'rsi14',
    'macd_hist',
    'bb_position',
    'atr_pct',
    'adx14',
    'stoch_k',
    'sma_gap',
  ] as FeatureName[],
  horizon: 5,
  trainTo: '2013-12-31',
  /** 2014 is left out entirely so that no 5-day label straddles training and testing. */
  testFrom: '2015-01-01',
  l2: 10,
};

export interface SplitMetrics {
  rows: number;
  from: string;
  to: string;
  accuracy: number;
  /** Always predicting the majority class of the training years ("up"). */
  baselineAccuracy: number;
  /** Spearman rank correlation of p_up with the realised forward return. */
  informationCoefficient: number;
  logLoss: number;
  baselineLogLoss: number;
  upRate: number;
}

export interface TrainingReport {
  model: string;
  data: string;
  recipe: typeof DEFAULT_MODEL_RECIPE;
  standardisation: { mean: number[]; std: number[] };
  weights: Record<string, number>;
  bias: number;
  iterations: number;
  train: SplitMetrics;
  heldOut: SplitMetrics;
}

const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);

/** Trains the default model on the bundled S&P 500 history and returns the ONNX bytes and the report. */
export function trainDefaultModel(csv: string, dataName: string): { onnx: Uint8Array; report: TrainingReport } {
  const parsed = parseBarsCsv(csv, 'SPX' as InstrumentId);
  if (!parsed.ok) throw new Error(`${dataName}: ${parsed.error}`);
  const bars = parsed.value.bars;
  const r = DEFAULT_MODEL_RECIPE;
  const { rows, barIndex } = featureRows(bars, r.features);
  const trainEnd = Date.parse(`${r.trainTo}T23:59:59Z`);
  const testStart = Date.parse(`${r.testFrom}T00:00:00Z`);
  type Sample = { x: Float64Array; y: number; forward: number; ts: number };
  const train: Sample[] = [];
  const test: Sample[] = [];
  rows.forEach((x, k) => {
    const i = barIndex[k]!;
    const j = i + r.horizon;
    if (j >= bars.length) return;
    const sample = { x, y: bars[j]!.close > bars[i]!.close ? 1 : 0, forward: bars[j]!.close / bars[i]!.close - 1, ts: bars[i]!.ts };
    // Training labels must end inside the training years.
    if (bars[j]!.ts <= trainEnd) train.push(sample);
    else if (sample.ts >= testStart) test.push(sample);
  });
  const d = r.features.length;
  const mean = Array.from({ length: d }, (_, j) => train.reduce((s, t) => s + t.x[j]!, 0) / train.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(train.reduce((s, t) => s + (t.x[j]! - mean[j]!) ** 2, 0) / train.length) || 1);
  const standardise = (x: Float64Array) => Array.from(x, (v, j) => (v - mean[j]!) / std[j]!);
  const model = fitLogistic(
    train.map((t) => standardise(t.x)),
    train.map((t) => t.y),
    r.l2,
  );
  const upRate = train.reduce((s, t) => s + t.y, 0) / train.length;
  const metrics = (set: Sample[]): SplitMetrics => {
    const p = set.map((t) => predictLogistic(model, standardise(t.x)));
    const clamp = (q: number) => Math.min(1 - 1e-12, Math.max(1e-12, q));
    const ll = (q: number, y: number) => -(y * Math.log(clamp(q)) + (1 - y) * Math.log(1 - clamp(q)));
    return {
      rows: set.length,
      from: day(set[0]!.ts),
      to: day(set.at(-1)!.ts),
      accuracy: set.filter((t, i) => (p[i]! > 0.5 ? 1 : 0) === t.y).length / set.length,
      baselineAccuracy: set.filter((t) => t.y === (upRate >= 0.5 ? 1 : 0)).length / set.length,
      informationCoefficient: spearman(
        p,
        set.map((t) => t.forward),
      ),
      logLoss: set.reduce((s, t, i) => s + ll(p[i]!, t.y), 0) / set.length,
      baselineLogLoss: set.reduce((s, t) => s + ll(upRate, t.y), 0) / set.length,
      upRate: set.reduce((s, t) => s + t.y, 0) / set.length,
    };
  };
  const report: TrainingReport = {
    model: 'quorum-default',
    data: dataName,
    recipe: r,
    standardisation: { mean, std },
    weights: Object.fromEntries(r.features.map((f, j) => [f, model.weights[j]!])),
    bias: model.bias,
    iterations: model.iterations,
    train: metrics(train),
    heldOut: metrics(test),
  };
  const schema: FeatureSchema = {
    features: r.features,
    window: 1,
    horizon: r.horizon,
    output: 'p_up',
    description: `Logistic regression on ${d} technical features: probability that the close is higher ${r.horizon} bars ahead. Trained on ${report.train.from}…${report.train.to}, held out ${report.heldOut.from}…${report.heldOut.to}.`,
  };
  return { onnx: logisticOnnx(model, mean, std, schema, report), report };
}

/** The fitted model as an ONNX graph: (x − mean) / std → MatMul → Add → Sigmoid. */
export function logisticOnnx(
  model: LogisticModel,
  mean: number[],
  std: number[],
  schema: FeatureSchema,
  report: TrainingReport,
): Uint8Array {
  const d = mean.length;
  return writeOnnxModel({
    producer: 'quorum',
    graphName: 'quorum_default_logistic',
    opset: 17,
    inputs: [{ name: 'features', shape: ['batch', d] }],
    outputs: [{ name: 'p_up', shape: ['batch', 1] }],
    initializers: [
      { name: 'mean', dims: [d], values: mean },
      { name: 'std', dims: [d], values: std },
      { name: 'weights', dims: [d, 1], values: model.weights },
      { name: 'bias', dims: [1], values: [model.bias] },
    ],
    nodes: [
      { op: 'Sub', inputs: ['features', 'mean'], outputs: ['centred'] },
      { op: 'Div', inputs: ['centred', 'std'], outputs: ['scaled'] },
      { op: 'MatMul', inputs: ['scaled', 'weights'], outputs: ['logit0'] },
      { op: 'Add', inputs: ['logit0', 'bias'], outputs: ['logit'] },
      { op: 'Sigmoid', inputs: ['logit'], outputs: ['p_up'] },
    ],
    metadata: {
      [FEATURE_SCHEMA_KEY]: JSON.stringify(schema),
      'quorum.training': JSON.stringify({ train: report.train, heldOut: report.heldOut, data: report.data }),
    },
    docString: schema.description ?? '',
  });
}

/** The training report as Markdown, numbers stated as they are. */
export function reportMarkdown(report: TrainingReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  const row = (name: string, m: SplitMetrics) =>
    `| ${name} | ${m.from} … ${m.to} | ${m.rows} | ${pct(m.accuracy)} | ${pct(m.baselineAccuracy)} | ${m.informationCoefficient.toFixed(4)} | ${m.logLoss.toFixed(4)} | ${m.baselineLogLoss.toFixed(4)} |`;
  const lift = report.heldOut.accuracy - report.heldOut.baselineAccuracy;
  return [
    '# quorum-default — training report',
    '',
    `Generated by \`quorum model train-default\` from \`${report.data}\` (real S&P 500 daily bars). Do not edit by hand.`,
    '',
    `Logistic regression (L2 = ${report.recipe.l2}, Newton's method, ${report.iterations} iterations) on the features ${report.recipe.features.map((f) => `\`${f}\``).join(', ')}, standardised with the training years' mean and deviation. Output \`p_up\`: the probability that the close is higher ${report.recipe.horizon} trading days later. Training labels all end by ${report.recipe.trainTo}; 2014 is skipped; the held-out years start ${report.recipe.testFrom}.`,
    '',
    '| split | dates | rows | accuracy | baseline (always up) | IC (Spearman) | log loss | baseline log loss |',
    '|---|---|---|---|---|---|---|---|',
    row('train', report.train),
    row('held out', report.heldOut),
    '',
    `**Honest reading.** On the held-out years the model's accuracy is ${pct(report.heldOut.accuracy)} against ${pct(report.heldOut.baselineAccuracy)} for always predicting "up" (${lift >= 0 ? '+' : ''}${(lift * 100).toFixed(2)} points), with an information coefficient of ${report.heldOut.informationCoefficient.toFixed(4)}. ${Math.abs(report.heldOut.informationCoefficient) < 0.05 ? 'That is weak: treat this model as a working example of the model pipeline and one modest vote among several, not as an edge.' : 'A modest signal: one vote among several, not an edge on its own.'}`,
    '',
    '## Weights (on standardised features)',
    '',
    '| feature | meaning | weight |',
    '|---|---|---|',
    ...Object.entries(report.weights).map(([f, w]) => `| \`${f}\` | ${FEATURE_DESCRIPTIONS[f as FeatureName]} | ${w.toFixed(4)} |`),
    `| (bias) | | ${report.bias.toFixed(4)} |`,
    '',
  ].join('\n');
}
