import type { Bar } from '../../shared/domain/market.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inferenceContract } from '../../shared/contracts/inference.contract.ts';
import { createClient } from '../../shared/contracts/rpc-client.ts';
import { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';
import type { InstrumentId } from '../../shared/domain/instrument.ts';
import type { ModelRecord } from '../../shared/domain/models.ts';
import { parseBarsCsv } from '../../shared/market-data/bars-csv.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import type { EngineEvent, EventOf } from '../../shared/messages/events.ts';
import { silentLogger } from '../../shared/logger.ts';
import type { AgentContext } from '../engine/agent.ts';
import { describeAgentContract } from '../engine/agent-contract.test-helper.ts';
import { TestClock } from '../engine/clock.ts';
import { MessageBus } from '../engine/message-bus.ts';
import { checkModelFile } from '../models/model-check.ts';
import { InferenceHost } from '../inference/inference-host.ts';
import { ModelAnalyst } from './model/model-analyst.ts';
import { batchPredict } from '../inference/batch-predictions.ts';
import { RegimeWatcher } from './regime/regime-watcher.ts';
import { TechnicalAnalyst } from './technical/technical-analyst.ts';

const MODEL_FILE = new URL('../../../resources/models/quorum-default.onnx', import.meta.url).pathname;
const parsed = parseBarsCsv(
  readFileSync(new URL('../../../resources/data/sp500-2000.csv', import.meta.url), 'utf8'),
  'SPX' as InstrumentId,
);
if (!parsed.ok) throw new Error(parsed.error);
const BARS = parsed.value.bars;
const barEvent = (i: number): EventOf<'BarClosed'> => ({
  type: 'BarClosed',
  tsEvent: BARS[i]!.ts,
  tsInit: BARS[i]!.ts,
  source: 'test',
  bar: BARS[i]!,
});

function world() {
  const bus = new MessageBus();
  const clock = new TestClock(BARS[0]!.ts);
  const seen: EngineEvent[] = [];
  bus.subscribe<EngineEvent>('*', (e) => seen.push(e));
  const ctx = (id: string): AgentContext => ({ bus, clock, random: new SeededRandom(id.length), log: silentLogger, dispatch: () => {} });
  return { bus, clock, seen, ctx };
}

describeAgentContract({
  name: 'TechnicalAnalyst',
  create: (ctx) => new TechnicalAnalyst('analyst.technical', ctx),
  step: (w, i) => w.bus.publish('BarClosed', barEvent(i)),
});

describeAgentContract({
  name: 'RegimeWatcher',
  create: (ctx) => new RegimeWatcher('analyst.regime', ctx, { trainWindow: 20, refitEvery: 10 }),
  step: (w, i) => w.bus.publish('BarClosed', barEvent(i)),
});

describe('technical analyst', () => {
  it('signals once its indicators are warm, with the indicator values behind each signal', () => {
    const w = world();
    const agent = new TechnicalAnalyst('analyst.technical', w.ctx('analyst.technical'));
    agent.start();
    for (let i = 0; i < 300; i++) w.bus.publish('BarClosed', barEvent(i));
    const signals = w.seen.filter((e): e is EventOf<'SignalEmitted'> => e.type === 'SignalEmitted');
    expect(signals.length).toBe(300 - 33); // MACD's signal line is the slowest: first at bar 33
    const s = signals.at(-1)!.signal;
    expect(s.direction).toBeGreaterThanOrEqual(-1);
    expect(s.direction).toBeLessThanOrEqual(1);
    expect(s.rationale.observations['rsi14']).toBeCloseTo(agent.indicators('SPX')!.get('rsi14'), 12);
    expect(s.rationale.summary).toMatch(/ADX \d+.*RSI \d+/);
    expect(new Set(signals.map((e) => Math.sign(e.signal.direction))).size).toBe(
      3 - (signals.some((e) => e.signal.direction === 0) ? 0 : 1),
    );
  });
});

describe('regime watcher', () => {
  it('labels the 2008 crash turbulent and the calm of 2017 calm on the real S&P 500', () => {
    const w = world();
    const agent = new RegimeWatcher('analyst.regime', w.ctx('analyst.regime'));
    agent.start();
    const labelAt = new Map<string, string>();
    let current = '';
    for (let i = 0; i < BARS.length; i++) {
      w.bus.publish('BarClosed', barEvent(i));
      const changed = w.seen.at(-1);
      if (changed?.type === 'RegimeChanged') current = changed.to;
      labelAt.set(new Date(BARS[i]!.ts).toISOString().slice(0, 10), current);
    }
    expect(labelAt.get('2008-10-15')).toBe('turbulent');
    expect(labelAt.get('2017-07-14')).toBe('calm');
    const changes = w.seen.filter((e) => e.type === 'RegimeChanged');
    expect(changes.length).toBeGreaterThan(5);
    expect(w.seen.filter((e) => e.type === 'RegimeEstimated').length).toBe(BARS.length - 250); // first estimate when the 250th return arrives
    expect(agent.probabilities('SPX')!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('raises an anomaly alert on an extreme bar', () => {
    const w = world();
    new RegimeWatcher('analyst.regime', w.ctx('analyst.regime')).start();
    for (let i = 0; i < BARS.length; i++) w.bus.publish('BarClosed', barEvent(i));
    const alerts = w.seen.filter((e): e is EventOf<'AlertRaised'> => e.type === 'AlertRaised' && e.code === 'MARKET_ANOMALY');
    expect(alerts.some((a) => new Date(a.tsEvent).toISOString().startsWith('2020-03'))).toBe(true);
  });
});

describe('model analyst with the default model in a real onnxruntime session', () => {
  async function setup(deadlineMs: number, recorded: readonly Bar[] = []) {
    const registry = new ServiceRegistry();
    const host = new InferenceHost('cpu');
    host.register(registry);
    const inference = createClient(inferenceContract, registry.local);
    const checked = checkModelFile(new Uint8Array(readFileSync(MODEL_FILE)));
    if (!checked.ok) throw new Error(checked.error);
    await inference.load({ modelId: 'quorum-default@1', path: MODEL_FILE, rowShape: checked.value.rowShape });
    const record: ModelRecord = {
      id: 'quorum-default@1',
      name: 'quorum-default',
      version: 1,
      sha256: 'a'.repeat(64),
      fileName: 'x.onnx',
      sizeBytes: 1,
      schema: checked.value.schema,
      status: 'active',
      importedAt: 0,
    };
    const w = world();
    const agent = new ModelAnalyst('analyst.model', w.ctx('analyst.model'), {
      runner: {
        connected: true,
        predict: async (id, rows, data, deadline) => {
          const answer = inference.predict({ modelId: id, rows, data }).then((r) => r.values);
          const timeout = new Promise<never>((_, reject) => w.clock.after(deadline, () => reject(new Error('timeout'))));
          return Promise.race([answer, timeout]);
        },
      },
      regime: { probabilities: () => null },
      deadlineMs,
      recordedBars: () => (recorded.length ? { [recorded[0]!.instrumentId]: recorded } : {}),
    });
    agent.setModels([record]);
    agent.start();
    return { w, agent, record, inference };
  }

  it('emits signals carrying the model id and hash, and scores its hit rate after the horizon', async () => {
    const { w, agent, inference } = await setup(1_000);
    // Which bars consensus would expect the model's vote on: only once its feature window is full.
    const expectedOn: number[] = [];
    for (let i = 0; i < 120; i++) {
      if (agent.voters(BARS[i]!.instrumentId).includes('model.quorum-default')) expectedOn.push(i);
      w.bus.publish('BarClosed', barEvent(i));
      await new Promise((r) => setImmediate(r));
    }
    const signals = w.seen.filter((e): e is EventOf<'SignalEmitted'> => e.type === 'SignalEmitted');
    expect(signals.length).toBe(120 - 33);
    // The first vote comes on bar 33; from bar 34 on the model is expected (a model warming up is not missing).
    expect(expectedOn[0]).toBe(34);
    expect(expectedOn).toHaveLength(120 - 34);
    expect(agent.voters('OTHER')).toEqual([]);
    expect(signals[0]!.signal.rationale.model).toEqual({ id: 'quorum-default@1', hash: 'a'.repeat(64) });
    expect(signals[0]!.signal.agentId).toBe('model.quorum-default');
    const p = signals[0]!.signal.rationale.observations['p_up']!;
    expect(signals[0]!.signal.direction).toBeCloseTo(2 * p - 1, 12);
    const [stats] = agent.stats();
    expect(stats).toMatchObject({ calls: 87, signals: 87, missing: 0, errors: 0, degraded: false });
    expect(stats!.scored).toBeGreaterThan(70);
    expect(stats!.hitRate).toBeGreaterThan(0);
    expect((await inference.status({})).models[0]).toMatchObject({ id: 'quorum-default@1', provider: 'cpu', runs: 87 });
  });

  it('after a restart, rebuilds its window from the recorded bars and votes on the next bar as if never stopped (it had waited 33 bars)', async () => {
    const whole = await setup(1_000);
    for (let i = 0; i < 90; i++) {
      whole.w.bus.publish('BarClosed', barEvent(i));
      await new Promise((r) => setImmediate(r));
    }
    const restarted = await setup(1_000, BARS.slice(0, 80));
    for (let i = 80; i < 90; i++) {
      restarted.w.bus.publish('BarClosed', barEvent(i));
      await new Promise((r) => setImmediate(r));
    }
    const directions = (seen: unknown[]) =>
      seen.filter((e): e is EventOf<'SignalEmitted'> => (e as { type: string }).type === 'SignalEmitted').map((e) => e.signal.direction);
    expect(directions(restarted.w.seen)).toHaveLength(10);
    expect(directions(restarted.w.seen)).toEqual(directions(whole.w.seen).slice(-10));
  });

  it('records a vote as missing when the deadline passes first', async () => {
    const { w, agent } = await setup(5);
    for (let i = 0; i < 40; i++) {
      w.bus.publish('BarClosed', barEvent(i));
      w.clock.advanceBy(10); // the deadline fires before onnxruntime answers
      await new Promise((r) => setImmediate(r));
    }
    expect(agent.stats()[0]).toMatchObject({ calls: 7, signals: 0, missing: 7 });
    expect(w.seen.some((e) => e.type === 'SignalEmitted')).toBe(false);
  });

  it('votes the same in batch mode (predictions computed up front) as bar by bar through inference', async () => {
    const { w } = await setup(1_000);
    const bars = 400;
    for (let i = 0; i < bars; i++) {
      w.bus.publish('BarClosed', barEvent(i));
      await new Promise((r) => setImmediate(r));
    }
    const live = w.seen.filter((e): e is EventOf<'SignalEmitted'> => e.type === 'SignalEmitted').map((e) => e.signal);

    const batch = await batchPredict(MODEL_FILE, 'active', [BARS.slice(0, bars)]);
    const b = world();
    const agent = new ModelAnalyst('analyst.model', b.ctx('analyst.model'), {
      runner: { connected: false, predict: () => Promise.reject(new Error('batch mode never calls inference')) },
      regime: { probabilities: () => null },
      lookup: (_, instrumentId, ts) => batch.values.get(instrumentId)?.get(ts),
    });
    agent.setModels([{ ...batch.record, id: 'quorum-default@1', sha256: 'a'.repeat(64), fileName: 'x.onnx', sizeBytes: 1 }]);
    agent.start();
    for (let i = 0; i < bars; i++) b.bus.publish('BarClosed', barEvent(i));
    const batched = b.seen.filter((e): e is EventOf<'SignalEmitted'> => e.type === 'SignalEmitted').map((e) => e.signal);
    expect(batch.rows).toBe(bars - 33);
    expect(batched.length).toBe(live.length);
    expect(batched).toEqual(live);
  });
});
