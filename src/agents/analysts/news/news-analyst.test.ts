import { describe, expect, it } from 'vitest';
import { BarColumns } from '../../../shared/market-data/bar-columns.ts';
import type { Bar } from '../../../shared/domain/market.ts';
import type { Headline } from '../../../shared/domain/news.ts';
import { InstrumentSchema, type InstrumentId } from '../../../shared/domain/instrument.ts';
import { silentLogger } from '../../../shared/logger.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
import type { EventOf } from '../../../shared/messages/events.ts';
import { BacktestConfigSchema } from '../../backtest/backtest-config.ts';
import { runBacktest } from '../../backtest/run-backtest.ts';
import { TestClock } from '../../engine/clock.ts';
import { MessageBus } from '../../engine/message-bus.ts';
import { Store } from '../../store/store.ts';
import { JournalBlocks } from '../../store/journal-blocks.ts';
import { tempDir } from '../../store/store-fixtures.ts';
import { scoreHeadline } from './lexicon-scorer.ts';
import { NEWS_AGENT_ID, NewsAnalyst } from './news-analyst.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2024, 0, 1);
const acme = InstrumentSchema.parse({ id: 'REPLAY:ACME', symbol: 'ACME', venue: 'REPLAY', currency: 'USD', tickSize: 0.01, lotSize: 1 });
const other = InstrumentSchema.parse({ id: 'REPLAY:OTHER', symbol: 'OTHER', venue: 'REPLAY', currency: 'USD', tickSize: 0.01, lotSize: 1 });

let n = 0;
const headline = (ts: number, text: string, symbols = ['ACME']): Headline => ({
  id: `h${n++}`,
  ts,
  source: 'test',
  headline: text,
  symbols,
});

function analyst(headlines: Headline[], halfLifeMs = DAY) {
  const bus = new MessageBus();
  const signals: EventOf<'SignalEmitted'>[] = [];
  bus.subscribe<EventOf<'SignalEmitted'>>('SignalEmitted', (e) => signals.push(e));
  const ctx = { bus, clock: new TestClock(T0), random: new SeededRandom(1), log: silentLogger, dispatch: () => {} };
  const a = new NewsAnalyst(ctx, headlines, [acme, other], { halfLifeMs });
  a.start();
  const close = (ts: number, instrumentId = acme.id) => {
    const bar = { instrumentId, intervalMs: DAY, ts, open: 10, high: 10, low: 10, close: 10, volume: 1 } as Bar;
    bus.publish('BarClosed', { type: 'BarClosed', tsEvent: ts + DAY, tsInit: ts + DAY, source: 'test', bar });
  };
  return { a, signals, close };
}

describe('the news analyst', () => {
  it('weighs a headline by its age, halving every half-life, and forgets it after four', () => {
    const h = headline(T0, 'Acme beats estimates');
    const { a } = analyst([h]);
    const s = scoreHeadline(h.headline).score;
    expect(a.view(acme.id, T0)).toMatchObject({ score: s, weight: 1, count: 1 });
    expect(a.view(acme.id, T0 + DAY)!.weight).toBeCloseTo(0.5, 12);
    // A newer, negative headline at full weight outweighs the older positive one at a half.
    const { a: two } = analyst([h, headline(T0 + DAY, 'Acme misses estimates')]);
    const v = two.view(acme.id, T0 + DAY)!;
    const miss = scoreHeadline('Acme misses estimates').score;
    expect(v.score).toBeCloseTo((0.5 * s + miss) / 1.5, 12);
    expect(v.moving[0]!.headline.headline).toBe('Acme misses estimates');
    expect(a.view(acme.id, T0 + 4 * DAY)).not.toBeNull();
    expect(a.view(acme.id, T0 + 4 * DAY + 1)).toBeNull();
    expect(a.view(other.id, T0)).toBeNull();
  });

  it('is surer when more recent headlines agree, less when they disagree', () => {
    const { a: agree } = analyst([headline(T0, 'Acme beats estimates'), headline(T0, 'Acme raises guidance')]);
    const { a: split } = analyst([headline(T0, 'Acme beats estimates'), headline(T0, 'Acme misses on revenue')]);
    const { a: one } = analyst([headline(T0, 'Acme beats estimates')]);
    const conf = (a: NewsAnalyst) => {
      const v = a.view(acme.id, T0)!;
      return v.agreement * (1 - 0.5 ** v.weight);
    };
    expect(conf(agree)).toBeGreaterThan(conf(one));
    expect(conf(split)).toBeLessThan(conf(one));
  });

  it('never sees a headline published after the bar closed: one second later it votes on the next bar', () => {
    const barClose = T0 + DAY;
    const { a, signals, close } = analyst([headline(barClose + 1_000, 'Acme files for bankruptcy')]);
    expect(a.votersFor(acme.id, barClose)).toEqual([]);
    close(T0);
    expect(signals).toEqual([]);
    expect(a.votersFor(acme.id, barClose + DAY)).toEqual([NEWS_AGENT_ID]);
    close(T0 + DAY);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.signal).toMatchObject({ agentId: NEWS_AGENT_ID, ts: barClose + DAY, horizonMs: DAY });
    expect(signals[0]!.signal.direction).toBeLessThan(0);
    expect(signals[0]!.signal.rationale.summary).toContain('"Acme files for bankruptcy" (-0.61)');
  });

  it('reads a headline about "*" as about every instrument, and one about a symbol or an id as about that one', () => {
    const { a } = analyst([headline(T0, 'Markets rally', ['*']), headline(T0, 'Other gains', ['REPLAY:OTHER'])]);
    expect(a.view(acme.id, T0)!.count).toBe(1);
    expect(a.view(other.id, T0)!.count).toBe(2);
  });
});

describe('a backtest with news', () => {
  it('puts the news analyst’s vote on the decision of each bar it has news for, and no headline before it is published', () => {
    const id = 'REPLAY:ACME' as InstrumentId;
    const bars = Array.from({ length: 60 }, (_, i) => {
      const close = 100 + Math.sin(i / 3) * 5 + i * 0.1;
      return { instrumentId: id, intervalMs: DAY, ts: T0 + i * DAY, open: close, high: close + 1, low: close - 1, close, volume: 1e6 };
    }) as unknown as Bar[];
    // Bar 40 closes at T0 + 41 days; the headline comes one second after.
    const late = T0 + 41 * DAY + 1_000;
    const dir = tempDir('quorum-news-');
    const file = dir.file('news.sqlite');
    runBacktest({
      series: [{ name: 'acme.csv', instrument: acme, bars: BarColumns.fromBars(bars) }],
      config: BacktestConfigSchema.parse({}),
      databaseFile: file,
      news: { headlines: [headline(late, 'Acme files for bankruptcy')] },
    });
    const store = Store.open(file);
    const decisions = [...JournalBlocks.read(store.db)!.records()]
      .filter((r) => r.record.type === 'DecisionMade')
      .map((r) => (r.record as EventOf<'DecisionMade'>).decision);
    store.close();
    dir.cleanup();
    const newsVote = (ts: number) => decisions.find((d) => d.ts === ts)?.votes.find((v) => v.agentId === NEWS_AGENT_ID);
    expect(decisions.find((d) => d.ts === T0 + 41 * DAY)).toBeDefined();
    expect(newsVote(T0 + 41 * DAY)).toBeUndefined();
    expect(newsVote(T0 + 42 * DAY)?.signal).toMatchObject({
      direction: expect.any(Number),
      rationale: { summary: expect.stringContaining('bankruptcy') },
    });
    expect(newsVote(T0 + 42 * DAY)!.signal!.direction).toBeLessThan(0);
  });
});
