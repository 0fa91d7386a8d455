import { z } from 'zod';
import { InstrumentIdSchema } from '../domain/instrument.ts';
import type { EngineClient } from './engine-client.ts';
import { auditContract } from './audit.contract.ts';
import { backtestsContract } from './backtests.contract.ts';
import { consensusContract } from './consensus.contract.ts';
import { executionContract } from './execution.contract.ts';
import { marketContract } from './market.contract.ts';
import { modelsContract } from './models.contract.ts';
import { ordersContract } from './orders.contract.ts';
import { portfolioContract } from './portfolio.contract.ts';
import { newsContract } from './news.contract.ts';
import { riskContract } from './risk.contract.ts';
import { systemContract } from './system.contract.ts';
import { tradingContract } from './trading.contract.ts';
import { agentsContract } from './agents.contract.ts';
import { costsContract } from './costs.contract.ts';
import { driftContract } from './drift.contract.ts';

/** How many journal rows, fills and alerts a pushed view carries, and the ladder's depth. */
export const VIEW_LIMITS = { journal: 60, fills: 500, alerts: 50, depthLevels: 12, headlines: 200 } as const;

/** The ladder's view of one instrument's book (the view is keyed by instrument). */
export const DepthViewSchema = marketContract.methods.depth.output.extend({ instrumentId: InstrumentIdSchema });

/**
 * Views: what the UI shows of the engine's derived state, pushed by the engine when the events that
 * change them happen (at most once per `minIntervalMs`), and read through the same service methods a
 * caller would use, so a pushed view and an answer to a call are the same thing. The renderer never
 * polls: it gets every view once when it connects, then each time it changes.
 */
export const VIEW_SPECS = {
  trading: { output: tradingContract.methods.getState.output, minIntervalMs: 0, read: (c: EngineClient) => c.trading.getState({}) },
  orders: {
    output: z.object({
      open: ordersContract.methods.open.output,
      fills: ordersContract.methods.fills.output,
      parents: executionContract.methods.parents.output,
    }),
    minIntervalMs: 100,
    read: async (c: EngineClient) => {
      const [open, fills, parents] = await Promise.all([
        c.orders.open({}),
        c.orders.fills({ limit: VIEW_LIMITS.fills }),
        c.execution.parents({}),
      ]);
      return { open, fills, parents };
    },
  },
  depth: {
    output: DepthViewSchema,
    minIntervalMs: 100,
    read: async (c: EngineClient, instrumentId: string) => ({
      instrumentId,
      ...(await c.market.depth({ instrumentId, levels: VIEW_LIMITS.depthLevels })),
    }),
  },
  consensus: { output: consensusContract.methods.snapshot.output, minIntervalMs: 500, read: (c: EngineClient) => c.consensus.snapshot({}) },
  models: { output: modelsContract.methods.list.output, minIntervalMs: 500, read: (c: EngineClient) => c.models.list({}) },
  // `requires`: a view whose service a session may not have (a backtest's kernel has no backtest services) is not sent there.
  backtests: {
    output: backtestsContract.methods.runs.output,
    minIntervalMs: 500,
    requires: 'backtests.runs',
    read: (c: EngineClient) => c.backtests.runs({}),
  },
  downloads: {
    output: backtestsContract.methods.downloads.output,
    minIntervalMs: 250,
    requires: 'backtests.downloads',
    read: (c: EngineClient) => c.backtests.downloads({}),
  },
  journal: {
    output: auditContract.methods.recent.output,
    minIntervalMs: 1_000,
    read: (c: EngineClient) => c.audit.recent({ limit: VIEW_LIMITS.journal }),
  },
  risk: {
    output: z.object({
      limits: riskContract.methods.limits.output,
      usage: riskContract.methods.usage.output,
      alerts: riskContract.methods.alerts.output,
      portfolio: portfolioContract.methods.snapshot.output,
      portfolioVar: riskContract.methods.portfolioVar.output,
    }),
    minIntervalMs: 1_000,
    read: async (c: EngineClient) => {
      const [limits, usage, alerts, portfolio, portfolioVar] = await Promise.all([
        c.risk.limits({}),
        c.risk.usage({}),
        c.risk.alerts({ limit: VIEW_LIMITS.alerts }),
        c.portfolio.snapshot({}),
        c.risk.portfolioVar({ level: 0.99, method: 'historical', horizonBars: 1 }),
      ]);
      return { limits, usage, alerts, portfolio, portfolioVar };
    },
  },
  health: { output: systemContract.methods.health.output, minIntervalMs: 2_000, read: (c: EngineClient) => c.system.health({}) },
  news: {
    output: newsContract.methods.recent.output,
    minIntervalMs: 1_000,
    read: (c: EngineClient) => c.news.recent({ limit: VIEW_LIMITS.headlines }),
  },
  // Measured from the recorded bars: at most every 10 s however fast bars come.
  drift: { output: driftContract.methods.models.output, minIntervalMs: 10_000, read: (c: EngineClient) => c.drift.models({}) },
  costs: { output: costsContract.methods.report.output, minIntervalMs: 5_000, read: (c: EngineClient) => c.costs.report({}) },
  memory: { output: agentsContract.methods.list.output, minIntervalMs: 0, read: (c: EngineClient) => c.agents.list({}) },
  // The engine's counters, latencies and event-loop lag: re-read on a timer, at most every 5 s.
  metrics: { output: systemContract.methods.metrics.output, minIntervalMs: 5_000, read: (c: EngineClient) => c.system.metrics({}) },
} as const;

export type ViewName = keyof typeof VIEW_SPECS;
export const VIEW_NAMES = Object.keys(VIEW_SPECS) as [ViewName, ...ViewName[]];
export type ViewData<V extends ViewName> = z.output<(typeof VIEW_SPECS)[V]['output']>;

/** One pushed view: its data, or why it could not be read (`key` names the instrument of a keyed view). */
export const ViewUpdateSchema = z.object({
  view: z.enum(VIEW_NAMES),
  key: z.string().optional(),
  data: z.unknown().optional(),
  error: z.string().optional(),
});
export type ViewUpdate = z.infer<typeof ViewUpdateSchema>;

/** Parses a pushed view's data by its view's schema (it crossed a process boundary). */
export function parseViewData<V extends ViewName>(view: V, data: unknown): ViewData<V> {
  return VIEW_SPECS[view].output.parse(data) as ViewData<V>;
}
