import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../shared/messages/events.ts';
import { closeBar, makeWorld, publishDecision } from '../engine/agent-contract.test-helper.ts';
import { ALERT_QUIET_MS } from '../engine/agent.ts';
import { SessionWatch } from './session-watch.ts';

const world = () => {
  const w = makeWorld({ name: 'watch', create: (ctx) => new SessionWatch(ctx, { barIntervalMs: 1_000 }), step: () => {} });
  w.agent.start();
  return w;
};
const alerts = (w: ReturnType<typeof world>) =>
  (w.outputs as EventOf<'AlertRaised'>[]).filter((o) => o.type === 'AlertRaised').map((a) => [a.code, a.message]);
const decide = (w: ReturnType<typeof world>) => publishDecision(w, 'SIM:ALPHA', `d${w.clock.now()}`);

describe('the session watch', () => {
  it('says once when an instrument’s bars stop, and when they come again', () => {
    const w = world();
    closeBar(w, 'SIM:ALPHA', w.clock.now(), 1_000, 100);
    w.clock.advanceBy(10_000);
    expect(alerts(w)).toEqual([]);
    w.clock.advanceBy(30_000);
    expect(alerts(w)).toEqual([
      ['STALE_DATA', expect.stringMatching(/^SIM:ALPHA: no bar for 1[0-5] s \(the market may be closed, or the feed stopped\)$/)],
    ]);
    closeBar(w, 'SIM:ALPHA', w.clock.now(), 1_000, 100);
    expect(alerts(w).map((a) => a[0])).toEqual(['STALE_DATA', 'DATA_RESUMED']);
  });

  it('says when a decision comes late after its bar, holding back repeats for a minute', () => {
    const w = world();
    for (let i = 0; i < 5; i++) {
      closeBar(w, 'SIM:ALPHA', w.clock.now(), 1_000, 100);
      w.clock.advanceBy(i === 0 ? 500 : 2_500);
      decide(w);
    }
    // The first was in time; the next four were slow: one said, three held back.
    expect(alerts(w)).toEqual([['DECISION_SLOW', 'SIM:ALPHA: the decision came 2.5 s after its bar (more than 2 s)']]);
    w.clock.advanceBy(ALERT_QUIET_MS);
    closeBar(w, 'SIM:ALPHA', w.clock.now(), 1_000, 100);
    w.clock.advanceBy(3_000);
    decide(w);
    expect(alerts(w).at(-1)).toEqual([
      'DECISION_SLOW',
      'SIM:ALPHA: the decision came 3.0 s after its bar (more than 2 s) (3 more like it held back in the last 60 s)',
    ]);
  });
});
