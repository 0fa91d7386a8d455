import { z } from 'zod';

/**
 * Messages between a host (Electron main or the CLI) and the processes it supervises. Ports are
 * either transferred (Electron) or relayed by the host under a `portId` (child_process).
 */
export const PortRoleSchema = z.enum(['renderer', 'inference', 'engine']);
export type PortRole = z.infer<typeof PortRoleSchema>;

/** What the host's kill switch did at the broker with its own connection (`host/emergency`). */
export const BrokerEmergencyReportSchema = z.object({
  globalCancelSent: z.boolean(),
  flattening: z.array(z.object({ symbol: z.string(), action: z.enum(['BUY', 'SELL']), quantity: z.number(), orderId: z.number().int() })),
  /**
   * The executions of those orders IB reported on the host's connection (with their commission)
   * before it closed: the engine journals them, so its positions follow IB's. One that came later
   * is left to the next reconciliation (a mismatch: REDUCING).
   */
  fills: z
    .array(
      z.object({
        orderId: z.number().int(),
        execId: z.string(),
        symbol: z.string(),
        action: z.enum(['BUY', 'SELL']),
        shares: z.number().positive(),
        price: z.number().positive(),
        commission: z.number().nonnegative(),
      }),
    )
    .default([]),
  openAfter: z.number().int(),
  error: z.string().nullable(),
});
export type BrokerEmergencyReport = z.infer<typeof BrokerEmergencyReportSchema>;

export const AuditRequestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('verify') }),
  z.object({ op: z.literal('export'), format: z.enum(['csv', 'jsonl']), path: z.string().min(1) }),
]);
export type AuditRequest = z.infer<typeof AuditRequestSchema>;

export const HostToChildSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ping'), seq: z.number().int() }),
  z.object({
    t: z.literal('attach'),
    role: PortRoleSchema,
    portId: z.string(),
    relayed: z.boolean(),
    /** Instead of relaying, a direct local socket between two children: one listens, one connects. */
    socket: z.object({ path: z.string().min(1), listen: z.boolean() }).optional(),
  }),
  z.object({ t: z.literal('relay'), portId: z.string(), data: z.unknown() }),
  z.object({ t: z.literal('detach'), portId: z.string() }),
  z.object({ t: z.literal('shutdown') }),
  /** The host's kill switch: halt, cancel all, flatten if asked; answered by `halted`. */
  z.object({ t: z.literal('halt'), requestId: z.number().int(), reason: z.string(), flatten: z.boolean() }),
  /** What the host did at the broker on its own while the engine hung: the engine journals it. */
  z.object({ t: z.literal('broker-emergency'), report: BrokerEmergencyReportSchema }),
  /** The host's metrics endpoint was scraped: the engine's metrics in Prometheus text, answered by `metrics`. */
  z.object({ t: z.literal('metrics'), requestId: z.number().int() }),
  /** The host's supervisor gave up on another process (it kept crashing): the engine journals an alert. */
  z.object({ t: z.literal('process-failed'), name: z.string(), reason: z.string() }),
  /** The desktop menu's "Verify audit log" and "Export audit log…": answered by `audit`. */
  z.object({ t: z.literal('audit'), requestId: z.number().int(), request: AuditRequestSchema }),
]);
export type HostToChild = z.infer<typeof HostToChildSchema>;

export const BrokerEndpointSchema = z.object({ host: z.string(), port: z.number().int(), clientId: z.number().int() });
export type BrokerEndpoint = z.infer<typeof BrokerEndpointSchema>;

export const ChildToHostSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('pong'), seq: z.number().int() }),
  z.object({
    t: z.literal('ready'),
    name: z.string(),
    pid: z.number().int(),
    /** The engine applied the host's pending halt (`--halt-id`) as it started: what came of it. */
    startedHalted: z
      .object({ haltId: z.string(), state: z.string(), canceled: z.number().int(), flattening: z.number().int() })
      .nullable()
      .optional(),
    /** Where the engine trades at a broker (IB): the host's kill switch goes there itself when the engine hangs. */
    broker: BrokerEndpointSchema.nullable().optional(),
    /** What the process runs on, for the About box: SQLite and the order book (engine), onnxruntime (inference). */
    versions: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ t: z.literal('relay'), portId: z.string(), data: z.unknown() }),
  z.object({ t: z.literal('detach'), portId: z.string() }),
  /** The child is about to exit so as to come back at once, rebuilt (the trader switched the venue): restart it now, not as a crash. */
  z.object({ t: z.literal('restart'), reason: z.string() }),
  /** The child is about to exit on a fault a restart cannot cure (a full disk, a broken profile): do not restart it at once. */
  z.object({ t: z.literal('fatal'), reason: z.string() }),
  z.object({
    t: z.literal('halted'),
    requestId: z.number().int(),
    state: z.string(),
    canceled: z.number().int(),
    flattening: z.number().int(),
  }),
  /** The engine's metrics in Prometheus text (null: the engine does not count them). */
  z.object({ t: z.literal('metrics'), requestId: z.number().int(), text: z.string().nullable() }),
  /** What came of an `audit` request, in a sentence for the trader. */
  z.object({ t: z.literal('audit'), requestId: z.number().int(), ok: z.boolean(), text: z.string() }),
]);
export type ChildToHost = z.infer<typeof ChildToHostSchema>;
