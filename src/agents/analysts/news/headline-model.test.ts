import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../../shared/domain/market.ts';
import type { Headline } from '../../../shared/domain/news.ts';
import { InstrumentSchema } from '../../../shared/domain/instrument.ts';
import { HEADLINE_FEATURE_NAMES } from '../../../shared/features/headline-features.ts';
import { silentLogger } from '../../../shared/logger.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
import type { EventOf } from '../../../shared/messages/events.ts';
import { TestClock } from '../../engine/clock.ts';
import { MessageBus } from '../../engine/message-bus.ts';
import { InferenceHost } from '../../inference/inference-host.ts';
import { inferenceContract } from '../../../shared/contracts/inference.contract.ts';
import { createClient } from '../../../shared/contracts/rpc-client.ts';
import { ServiceRegistry } from '../../../shared/contracts/rpc-server.ts';
import { scoreHeadlinesWithModel } from '../../inference/headline-predictions.ts';
import { checkModelFile } from '../../models/model-check.ts';
import { headlineModelBytes } from './headline-model.test-helper.ts';
import { scoreHeadline } from './lexicon-scorer.ts';
import { NewsAnalyst, type HeadlineModels } from './news-analyst.ts';

const dir = mkdtempSync(join(tmpdir(), 'quorum-headline-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const acme = InstrumentSchema.parse({ id: 'REPLAY:ACME', symbol: 'ACME', venue: 'REPLAY', currency: 'USD', tickSize: 0.01, lotSize: 1 });
const headline = (id: string, ts: number, text: string): Headline => ({ id, ts, source: 'test', headline: text, symbols: ['ACME'] });
const BEAT = headline('h1', T0, 'Acme sharply beats estimates');

describe("the lexicon's feature vector", () => {
  it('counts what the lexicon counted: positive and negative sums, negated and intensified terms, words', () => {
    const s = scoreHeadline('Acme does not beat estimates as profits slightly fall');
    expect(Object.keys(s.features)).toEqual(HEADLINE_FEATURE_NAMES);
    const counted = s.terms.map((t) => t.counted);
    expect(s.features).toEqual({
      lexicon_score: s.score,
      positive: counted.filter((c) => c > 0).reduce((a, b) => a + b, 0),
      negative: -counted.filter((c) => c < 0).reduce((a, b) => a + b, 0),
      terms: s.terms.length,
      negated: 1,
      // "slightly" softens the word after it when one is rated ("fall"), else the one before: here both.
      intensified: 2,
      words: 9,
    });
  });
});

describe('a headline model', () => {
  it("passes the import checks when it takes the lexicon's features; others are refused, naming why", () => {
    expect(checkModelFile(headlineModelBytes())).toMatchObject({ ok: true, value: { schema: { input: 'headline' }, rowShape: [7] } });
    const refused = (schema: object) => {
      const r = checkModelFile(headlineModelBytes({ schema }));
      return r.ok ? 'accepted' : r.error;
    };
    expect(refused({ features: ['lexicon_score', 'rsi14'] })).toMatch(
      /^unknown headline feature\(s\) rsi14; the lexicon gives lexicon_score, positive/,
    );
    expect(refused({ window: 3 })).toBe('a headline model reads one headline at a time: its window must be 1, it is 3');
    expect(refused({ output: 'p_up' })).toBe('a headline model gives a score in [-1, 1]: its output must be "direction", it is "p_up"');
    // A bar model cannot name the lexicon's features.
    expect(refused({ input: 'bars' })).toMatch(/^unknown feature\(s\) lexicon_score, positive/);
  });

  it("scores in the lexicon's place as headlines arrive in a session (onnxruntime in process), and says so in the vote", async () => {
    const file = join(dir, 'contrarian.onnx');
    writeFileSync(file, headlineModelBytes());
    const registry = new ServiceRegistry();
    new InferenceHost('cpu').register(registry);
    const api = createClient(inferenceContract, registry.local);
    await api.load({ modelId: 'contrarian@1', path: file, rowShape: [7] });
    const models: HeadlineModels = {
      runner: { connected: true, predict: async (modelId, rows, data) => (await api.predict({ modelId, rows, data })).values },
      deadlineMs: 1_000,
      active: () => ({ id: 'contrarian@1', features: HEADLINE_FEATURE_NAMES }),
    };
    const bus = new MessageBus();
    const signals: EventOf<'SignalEmitted'>[] = [];
    bus.subscribe<EventOf<'SignalEmitted'>>('SignalEmitted', (e) => signals.push(e));
    const ctx = { bus, clock: new TestClock(T0), random: new SeededRandom(1), log: silentLogger, dispatch: () => {} };
    const analyst = new NewsAnalyst(ctx, [], [acme], { models });
    analyst.start();
    analyst.addHeadline(BEAT);
    await new Promise((r) => setTimeout(r, 200));
    const bar = { instrumentId: acme.id, intervalMs: DAY, ts: T0, open: 10, high: 10, low: 10, close: 10, volume: 1 } as Bar;
    bus.publish('BarClosed', { type: 'BarClosed', tsEvent: T0 + DAY, tsInit: T0 + DAY, source: 'test', bar });
    const lexicon = scoreHeadline(BEAT.headline).score;
    expect(lexicon).toBeGreaterThan(0.3);
    const signal = signals[0]!.signal;
    expect(signal.direction).toBeCloseTo(Math.tanh(-3 * lexicon), 6);
    expect(signal.rationale.summary).toMatch(/^1 headline scored by contrarian@1: "Acme sharply beats estimates" \(-0\.\d\d\)$/);
    expect(analyst.recent(acme.id, 10).headlines[0]!.score.scoredBy).toBe('contrarian@1');
  });

  it('keeps the lexicon score and alerts once when the model fails', async () => {
    const alerts: EventOf<'AlertRaised'>[] = [];
    const bus = new MessageBus();
    bus.subscribe<EventOf<'AlertRaised'>>('AlertRaised', (e) => alerts.push(e));
    const ctx = { bus, clock: new TestClock(T0), random: new SeededRandom(1), log: silentLogger, dispatch: () => {} };
    const models: HeadlineModels = {
      runner: { connected: true, predict: () => Promise.reject(new Error('no model broken@1 loaded')) },
      deadlineMs: 1_000,
      active: () => ({ id: 'broken@1', features: HEADLINE_FEATURE_NAMES }),
    };
    const analyst = new NewsAnalyst(ctx, [], [acme], { models });
    analyst.start();
    analyst.addHeadline(BEAT);
    analyst.addHeadline(headline('h2', T0 + 1, 'Acme misses estimates'));
    await new Promise((r) => setTimeout(r, 50));
    expect(analyst.view(acme.id, T0 + 1)!.moving.map((m) => m.scoredBy)).toEqual([undefined, undefined]);
    expect(alerts.map((a) => [a.code, a.message])).toEqual([
      ['NEWS_MODEL_FAILED', 'the headline model broken@1 failed (no model broken@1 loaded): the lexicon scores meanwhile'],
    ]);
  });

  it('scores every headline of a backtest up front, and refuses a model that scores bars', async () => {
    const file = join(dir, 'scaled.onnx');
    writeFileSync(file, headlineModelBytes({ name: 'scaled', weights: [0.5, 0, 0, 0, 0, 0, 0] }));
    const headlines = [BEAT, headline('h2', T0 + 1, 'Acme misses estimates')];
    const { modelId, scores } = await scoreHeadlinesWithModel(file, headlines);
    expect(modelId).toBe('scaled@batch');
    for (const h of headlines) expect(scores.get(h.id)).toBeCloseTo(Math.tanh(0.5 * scoreHeadline(h.headline).score), 6);
    const barModel = new URL('../../../../resources/models/quorum-default.onnx', import.meta.url).pathname;
    await expect(scoreHeadlinesWithModel(barModel, headlines)).rejects.toThrow(/scores bars, not headlines .*: give it with --model$/);
  });
});
