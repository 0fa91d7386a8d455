import type { AuditRequest, ChildToHost } from '../shared/ipc/host-protocol.ts';
import { ChildRequests } from './child-requests.ts';
import type { Supervisor } from './supervisor.ts';

type AuditAnswer = Extract<ChildToHost, { t: 'audit' }>;

/** A verification or an export of a large journal takes a while; past this the host stops waiting. */
export const AUDIT_DEADLINE_MS = 120_000;

/**
 * Asks the engine, the journal's only writer, to verify or export the audit log (the desktop
 * menu's items), and puts every outcome in a sentence for the trader: the engine's answer, or why
 * there was none.
 */
export class EngineAudit {
  private readonly engine: Supervisor;
  private readonly requests = new ChildRequests<AuditAnswer>();

  constructor(engine: Supervisor) {
    this.engine = engine;
    engine.onMessage((m) => {
      if (m.t === 'audit') this.requests.answer(m);
    });
  }

  async ask(request: AuditRequest, deadlineMs = AUDIT_DEADLINE_MS): Promise<{ ok: boolean; text: string }> {
    const child = this.engine.current;
    const { state } = this.engine.status();
    if (!child || state !== 'running')
      return {
        ok: false,
        text: `The engine is ${state}, so the audit log cannot be read now. Try again once it runs, or use quorum audit from a terminal.`,
      };
    const answer = await this.requests.ask(child, (requestId) => ({ t: 'audit', requestId, request }), deadlineMs);
    return answer
      ? { ok: answer.ok, text: answer.text }
      : {
          ok: false,
          text: `The engine did not answer within ${Math.round(deadlineMs / 1000)} s; the audit log was not ${request.op === 'verify' ? 'verified' : 'exported'}.`,
        };
  }
}
