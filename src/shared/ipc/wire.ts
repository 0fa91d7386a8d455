import { KillOutcomeSchema } from './kill-outcome.ts';
import { z } from 'zod';
import { EngineEventSchema } from '../messages/events.ts';
import { HostStatusSchema } from './host-status.ts';
import { ViewUpdateSchema } from '../contracts/views.ts';

/** What travels on an engine port (renderer ⇄ engine, engine ⇄ inference). */
export const WireRequestSchema = z.object({ t: z.literal('req'), id: z.number().int(), method: z.string(), params: z.unknown() });
export const WireResponseSchema = z.object({
  t: z.literal('res'),
  id: z.number().int(),
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export const WireEventSchema = z.object({ t: z.literal('evt'), event: EngineEventSchema });
/** A view of the engine's state, pushed when it changed (contracts/views.ts); never polled for. */
export const WireViewSchema = ViewUpdateSchema.extend({ t: z.literal('view') });
/** Sent by a host (main or `quorum serve`), never by the engine: process health. */
export const WireHostSchema = z.object({ t: z.literal('host'), status: HostStatusSchema });

/** The host's answer to a kill-switch request (`{ t: 'kill', id, flatten }`). */
export const WireKillResultSchema = KillOutcomeSchema.extend({
  t: z.literal('kill-result'),
  id: z.number().int(),
});
export type WireKillResult = z.infer<typeof WireKillResultSchema>;

export const WireMessageSchema = z.discriminatedUnion('t', [
  WireRequestSchema,
  WireResponseSchema,
  WireEventSchema,
  WireViewSchema,
  WireHostSchema,
  WireKillResultSchema,
]);
export type WireRequest = z.infer<typeof WireRequestSchema>;
export type WireResponse = z.infer<typeof WireResponseSchema>;
export type WireMessage = z.infer<typeof WireMessageSchema>;
