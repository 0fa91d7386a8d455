import { z } from 'zod';

/**
 * What the kill switch did, as the host saw it. `confirmed` is true only when an engine answered
 * HALTED; the text the trader reads (`describeKillOutcome`) says nothing more than that.
 * - acknowledged: the running engine halted at once;
 * - engine-killed: it did not answer in time, was killed, and its successor started HALTED;
 * - engine-starting: an engine was starting or restarting; it halted as soon as it was ready;
 * - engine-down: no engine runs and none is being started (the halt is kept for the next one).
 */
export const KillOutcomeSchema = z.object({
  outcome: z.enum(['acknowledged', 'engine-killed', 'engine-starting', 'engine-down']),
  confirmed: z.boolean(),
  state: z.string(),
  canceled: z.number().int(),
  flattening: z.number().int(),
  elapsedMs: z.number(),
  /** What the host did at the broker itself (engine hung or starting while it trades at IB). */
  broker: z
    .object({ globalCancelSent: z.boolean(), flattening: z.number().int(), openAfter: z.number().int(), error: z.string().nullable() })
    .optional(),
});
export type KillOutcome = z.infer<typeof KillOutcomeSchema>;

/** One paragraph for the trader: what was confirmed, and what was not. */
export function describeKillOutcome(r: KillOutcome, flatten: boolean): string {
  return describeAtEngine(r, flatten) + describeAtBroker(r);
}

function describeAtBroker(r: KillOutcome): string {
  const b = r.broker;
  if (!b) return '';
  if (b.error) return ` At Interactive Brokers the host could not finish: ${b.error}; check TWS for open orders and positions.`;
  return ` At Interactive Brokers the host sent the global cancel${b.flattening ? ` and ${b.flattening} flattening market order(s)` : ''}; ${b.openAfter} order(s) still open there.`;
}

function describeAtEngine(r: KillOutcome, flatten: boolean): string {
  const ms = `${Math.round(r.elapsedMs)} ms`;
  const what = `${r.canceled} open order(s) canceled${flatten ? `, ${r.flattening} position(s) being flattened` : ''}`;
  if (r.outcome === 'acknowledged') return `HALTED (acknowledged in ${ms}): ${what}. Checking in 3 s that nothing is left open.`;
  if (r.outcome === 'engine-down')
    return 'NOT CONFIRMED: no engine is running and none is being started, so nothing trades now; the halt is kept and the engine will start HALTED.';
  const before =
    r.outcome === 'engine-killed' ? 'the engine did not answer within the deadline and the host killed it' : 'the engine was starting';
  if (!r.confirmed)
    return `NOT CONFIRMED after ${ms}: ${before}, and no engine has confirmed the halt yet. The halt is kept: any engine that starts, starts HALTED${flatten ? ' and flattens' : ''}.`;
  return `HALTED (confirmed in ${ms}): ${before}; the new engine started HALTED, ${what}, and closed what the journal showed open.`;
}
