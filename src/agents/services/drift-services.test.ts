import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../shared/contracts/rpc-client.ts';
import { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';
import { driftContract } from '../../shared/contracts/drift.contract.ts';
import { InstrumentSchema } from '../../shared/domain/instrument.ts';
import type { ModelRecord } from '../../shared/domain/models.ts';
import type { Headline } from '../../shared/domain/news.ts';
import { HEADLINE_FEATURE_NAMES } from '../../shared/features/headline-features.ts';
import { silentLogger } from '../../shared/logger.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import { NewsAnalyst } from '../analysts/news/news-analyst.ts';
import { TestClock } from '../engine/clock.ts';
import type { Kernel } from '../engine/kernel.ts';
import { MessageBus } from '../engine/message-bus.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import { registerDriftServices } from './drift-services.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const acme = InstrumentSchema.parse({ id: 'REPLAY:ACME', symbol: 'ACME', venue: 'REPLAY', currency: 'USD', tickSize: 0.01, lotSize: 1 });
const headlineModel = {
  id: 'tone@1',
  name: 'tone',
  version: 1,
  sha256: 'b'.repeat(64),
  fileName: 'tone.onnx',
  sizeBytes: 1,
  schema: { features: [...HEADLINE_FEATURE_NAMES], window: 1, horizon: 1, output: 'direction', input: 'headline' },
  status: 'active',
  importedAt: 0,
} as ModelRecord;

// The news of a calm year, then of a bad one: each story two days apart, so none is the same story again.
const CALM = ['Acme reports results in line with estimates', 'Acme beats estimates', 'Acme holds annual meeting', 'Acme opens a plant'];
const BAD = ['Acme plunges after profit warning', 'Acme cuts guidance sharply as losses mount', 'Acme misses estimates and slumps'];
const stories = (texts: readonly string[], n: number, from: number, seed: number): Headline[] => {
  const random = new SeededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `s${seed}-${i}`,
    ts: from + i * 2 * DAY,
    source: 'test',
    headline: texts[Math.floor(random.next() * texts.length)]!,
    symbols: ['ACME'],
  }));
};

function paperSession(headlines: Headline[]) {
  const clock = new TestClock(T0 + 1_000 * DAY);
  const bus = new MessageBus();
  const store = Store.open(tmp.file(`drift-${headlines.length}.sqlite`));
  const news = new NewsAnalyst({ bus, clock, random: new SeededRandom(1), log: silentLogger, dispatch: () => {} }, headlines, [acme]);
  const services = new ServiceRegistry();
  const alerts: EventOf<'AlertRaised'>[] = [];
  bus.subscribe<EventOf<'AlertRaised'>>('AlertRaised', (e) => alerts.push(e));
  const kernel = {
    services,
    store,
    models: { list: () => [headlineModel] },
    market: { instruments: [acme] },
    clock,
    bus,
    options: { mode: 'paper' },
    onStop: () => {},
    news,
  } as unknown as Kernel;
  registerDriftServices(kernel);
  return { news, clock, store, alerts, drift: createClient(driftContract, services.local) };
}

describe("a headline model's drift", () => {
  it('has no reference until the session has read 100 headlines', async () => {
    const s = paperSession(stories(CALM, 60, T0, 1));
    const [d] = await s.drift.models({});
    expect(d).toMatchObject({ modelId: 'tone@1', reference: null, features: [], drifted: false });
    s.store.close();
  });

  it('takes the first headlines read as its reference, and alerts once the news turns', async () => {
    const s = paperSession(stories(CALM, 150, T0, 2));
    const [first] = await s.drift.models({});
    expect(first!.reference).toMatchObject({
      rows: 150,
      source: expect.stringMatching(/^headlines read up to \d{4}-\d\d-\d\d \d\d:\d\d UTC$/),
    });
    // The same headlines against themselves: nothing moved.
    expect(first!.rows).toBe(150);
    expect(Math.max(...first!.features.map((f) => f.psi))).toBe(0);
    expect(first!.drifted).toBe(false);

    for (const h of stories(BAD, 300, T0 + 400 * DAY, 3)) s.news.addHeadline(h);
    const [turned] = await s.drift.models({});
    // The recent window is the last 500 headlines read: here all 450, 150 calm and 300 bad.
    expect(turned!.rows).toBe(450);
    expect(turned!.drifted).toBe(true);
    expect(turned!.features.map((f) => f.feature)).toContain('negative');
    expect(turned!.features.find((f) => f.feature === 'negative')!.psi).toBeGreaterThan(0.25);
    // It scored none itself (no inference here): no outputs, and no hit rate of its own.
    expect(turned).toMatchObject({ outputs: { count: 0 }, hitRate: null, informationCoefficient: null });

    s.clock.advanceBy(30_000);
    expect(s.alerts.map((a) => [a.code, a.detail.modelId])).toEqual([['MODEL_DRIFT', 'tone@1']]);
    s.clock.advanceBy(30_000);
    expect(s.alerts).toHaveLength(1);
    s.store.close();
  });
});
