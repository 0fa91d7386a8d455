import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.ts';
import type { EventOf } from '../../shared/messages/events.ts';
import type { Headline } from '../../shared/domain/news.ts';
import { AgentRosterSchema } from '../../shared/domain/settings.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import type { TestClock } from './clock.ts';
import { Kernel, type KernelOptions } from './kernel.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
let n = 0;
const START = 1_700_000_000_000;

/** A backtest-clocked session on the simulator for four minutes of one-second bars; its decisions and orders. */
function session(over: Partial<KernelOptions>) {
  const store = Store.open(tmp.file(`r${n++}.sqlite`));
  const kernel = new Kernel({ mode: 'backtest', store, seed: 5, log: silentLogger, barIntervalMs: 1_000, startMs: START, ...over });
  const decisions: EventOf<'DecisionMade'>[] = [];
  const orders: EventOf<'OrderSubmitted'>[] = [];
  kernel.bus.subscribe<EventOf<'DecisionMade'>>('DecisionMade', (e) => decisions.push(e));
  kernel.bus.subscribe<EventOf<'OrderSubmitted'>>('OrderSubmitted', (e) => orders.push(e));
  const alerts: EventOf<'AlertRaised'>[] = [];
  kernel.bus.subscribe<EventOf<'AlertRaised'>>('AlertRaised', (e) => alerts.push(e));
  kernel.start();
  (kernel.clock as TestClock).advanceBy(240_000);
  kernel.stop();
  store.close();
  return { kernel, decisions, orders, alerts };
}

const headline: Headline = {
  id: 'h1',
  ts: START + 1_000,
  source: 'test',
  headline: 'ALPHA beats estimates, shares surge',
  symbols: ['ALPHA'],
};

describe('the agent roster', () => {
  it('runs the analysts it names with their starting weights', () => {
    const { kernel, decisions } = session({
      roster: AgentRosterSchema.parse({ technical: { weight: 3 }, news: { weight: 0.5 } }),
      news: { headlines: [headline] },
    });
    expect(kernel.news).not.toBeNull();
    const first = decisions.find((d) => d.decision.votes.some((v) => v.agentId === 'analyst.technical'))!;
    expect(first.decision.votes.find((v) => v.agentId === 'analyst.technical')!.weight).toBe(3);
    const news = decisions.flatMap((d) => d.decision.votes).find((v) => v.agentId === 'analyst.news');
    expect(news?.weight).toBe(0.5);
  });

  it('leaves out an analyst it turns off, even with headlines given', () => {
    const { kernel, decisions } = session({
      roster: AgentRosterSchema.parse({ technical: { enabled: false }, news: { enabled: false } }),
      news: { headlines: [headline] },
    });
    expect(kernel.news).toBeNull();
    const voters = new Set(decisions.flatMap((d) => d.decision.votes.map((v) => v.agentId)));
    expect(voters.has('analyst.technical')).toBe(false);
    expect(voters.has('analyst.news')).toBe(false);
  });

  it('orders only the instruments the agents trade', () => {
    const all = session({});
    expect(new Set(all.orders.map((o) => o.order.instrumentId)).size).toBeGreaterThan(1);
    const one = session({ tradedInstruments: ['SIM:BRAVO'] });
    expect(one.orders.length).toBeGreaterThan(0);
    expect(new Set(one.orders.map((o) => o.order.instrumentId))).toEqual(new Set(['SIM:BRAVO']));
    // Every instrument is still voted on.
    expect(new Set(one.decisions.map((d) => d.decision.instrumentId)).size).toBe(3);
  });

  it('says so when the settings name an instrument the session does not have', () => {
    const { orders, alerts } = session({ tradedInstruments: ['SIM:BRAVO', 'SIM:ZULU'] });
    expect(alerts.filter((a) => a.code.startsWith('SETTINGS')).map((a) => [a.code, a.message])).toEqual([
      ['SETTINGS_UNKNOWN_INSTRUMENT', expect.stringMatching(/names SIM:ZULU, which this session does not have/)],
    ]);
    expect(new Set(orders.map((o) => o.order.instrumentId))).toEqual(new Set(['SIM:BRAVO']));
  });
});
