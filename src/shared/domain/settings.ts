import { z } from 'zod';
import { ConsensusConfigSchema, OptimizerConfigSchema } from './consensus.ts';
import { AlgoSchema, ParentOrderSpecSchema } from './execution.ts';

/**
 * Which analysts vote and how. A weight left out is consensus's (`consensus.weights[id]`, else
 * `consensus.defaultWeight`); a model's weight stays under `consensus.weights['model.<name>']`.
 */
export const AgentRosterSchema = z
  .object({
    technical: z
      .object({ enabled: z.boolean().default(true), weight: z.number().min(0).max(100).optional() })
      .strict()
      .default({ enabled: true }),
    model: z
      .object({
        enabled: z.boolean().default(true),
        /** How long a model's vote may take before it is recorded as missing. */
        deadlineMs: z.number().int().min(10).max(60_000).default(250),
      })
      .strict()
      .default({ enabled: true, deadlineMs: 250 }),
    news: z
      .object({
        enabled: z.boolean().default(true),
        weight: z.number().min(0).max(100).optional(),
        /** How fast a headline's say fades. */
        halfLifeMs: z
          .number()
          .int()
          .min(60_000)
          .max(30 * 86_400_000)
          .default(86_400_000),
      })
      .strict()
      .default({ enabled: true, halfLifeMs: 86_400_000 }),
  })
  .strict();
export type AgentRoster = z.infer<typeof AgentRosterSchema>;

/**
 * A profile's settings: what `<data>/settings.json` may hold, layered under the environment and the
 * command line (see agents/settings). Unknown keys are refused at every depth.
 */
export const ProfileSettingsSchema = z
  .object({
    agents: AgentRosterSchema.default(AgentRosterSchema.parse({})),
    consensus: ConsensusConfigSchema.default(ConsensusConfigSchema.parse({})),
    optimizer: OptimizerConfigSchema.default(OptimizerConfigSchema.parse({})),
    /** The optimizer re-optimises every this many bars even when no decision changed. */
    rebalanceEveryBars: z.number().int().positive().max(100_000).default(20),
    /** The algorithm the Algo dialog starts with, and its parameters (the trader's usual choice). */
    execution: z
      .object({
        algo: AlgoSchema.default('twap'),
        durationMs: ParentOrderSpecSchema.shape.durationMs,
        slices: ParentOrderSpecSchema.shape.slices,
        participation: ParentOrderSpecSchema.shape.participation,
      })
      .strict()
      .default({ algo: 'twap', durationMs: 60_000, slices: 10, participation: 0.1 }),
    /** A model's inputs have drifted when a feature's population stability index passes this. */
    drift: z
      .object({ psiThreshold: z.number().gt(0).max(10).default(0.25) })
      .strict()
      .default({ psiThreshold: 0.25 }),
    session: z
      .object({
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .default(1),
        /** Bar length of a paper session's simulated market (a replay's and IB's bars are their own). */
        barIntervalMs: z.number().int().min(1_000).max(86_400_000).default(1_000),
        /** The instruments the agents trade (ids as the watchlist shows them); empty: all of the session's. */
        instruments: z.array(z.string().min(1)).default([]),
        /**
         * Trading live through IB, the agents get an instrument's delayed data (IB without a market
         * data subscription) only when this is on; it is shown, labelled DELAYED, either way.
         */
        delayedDataToAgents: z.boolean().default(false),
      })
      .strict()
      .default({ seed: 1, barIntervalMs: 1_000, instruments: [], delayedDataToAgents: false }),
  })
  .strict();
export type ProfileSettings = z.infer<typeof ProfileSettingsSchema>;

export const DEFAULT_PROFILE_SETTINGS: ProfileSettings = ProfileSettingsSchema.parse({});

/** Where a setting's value comes from, lowest first. */
export const SettingSourceSchema = z.enum(['default', 'file', 'env', 'flag']);
export type SettingSource = z.infer<typeof SettingSourceSchema>;

/** A problem with one setting: its dotted path and what is wrong. */
export interface SettingProblem {
  path: string;
  message: string;
}

/** Every problem of a settings object, each naming its field (an unknown key by its own path). */
export function settingsProblems(value: unknown): SettingProblem[] {
  const parsed = ProfileSettingsSchema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    // zod reports unknown keys on their parent; each is named as a field of its own.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'unknown setting' }));
    return [{ path: at.join('.') || '(top level)', message: issue.message }];
  });
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The leaves of a settings object as dotted paths (arrays and the weights record are leaves). */
export function settingLeaves(value: unknown, prefix = ''): [string, Json][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || prefix.endsWith('weights')) return [[prefix, value as Json]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => settingLeaves(v, prefix ? `${prefix}.${k}` : k));
}

/** A copy of `target` with the value at a dotted path set (objects made on the way); `undefined` removes it. */
export function withSetting(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (!head) throw new Error('a setting needs a name');
  const out = { ...target };
  if (rest.length === 0) {
    if (value === undefined) delete out[head];
    else out[head] = value;
    return out;
  }
  const inner = out[head];
  out[head] = withSetting(
    inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {},
    rest.join('.'),
    value,
  );
  return out;
}

/** What a setting is asked to become; `null` takes it out of the file (back to its default). */
export interface SettingEdit {
  path: string;
  value: unknown;
}

/** Edits applied to a settings file (nothing written). */
export function editedFile(file: Record<string, unknown>, edits: readonly SettingEdit[]): Record<string, unknown> {
  return edits.reduce((out, e) => withSetting(out, e.path, e.value === null ? undefined : e.value), file);
}

/** The value at a dotted path, or undefined. */
export function settingAt(value: unknown, path: string): unknown {
  let at = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * A value typed at a terminal or in an environment variable: JSON when it parses (numbers, booleans,
 * arrays), else the text itself.
 */
export function parseSettingValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
