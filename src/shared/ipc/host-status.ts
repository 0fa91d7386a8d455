import { z } from 'zod';

export const ProcessStateSchema = z.enum(['starting', 'running', 'unresponsive', 'restarting', 'failed', 'stopped']);
export type ProcessState = z.infer<typeof ProcessStateSchema>;

/** One supervised process as its host sees it. `generation` counts launches, starting at 1. */
export const ProcessStatusSchema = z.object({
  name: z.string(),
  state: ProcessStateSchema,
  pid: z.number().int().nullable(),
  generation: z.number().int().nonnegative(),
  restarts: z.number().int().nonnegative(),
  heartbeatAgeMs: z.number().nonnegative().nullable(),
  lastExit: z.string().nullable(),
  since: z.number().int(),
});
export type ProcessStatus = z.infer<typeof ProcessStatusSchema>;

export const HostStatusSchema = z.object({
  host: z.enum(['electron', 'serve']),
  processes: z.array(ProcessStatusSchema),
});
export type HostStatus = z.infer<typeof HostStatusSchema>;
