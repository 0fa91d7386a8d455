import type { ClientOf, Contract } from './contract.ts';
import { wireName } from './contract.ts';
import { describeIssues, RpcError } from './rpc-errors.ts';

/** Sends one call over some transport and resolves with the raw result or rejects with RpcError. */
export type RpcCall = (method: string, params: unknown) => Promise<unknown>;

/**
 * The generic proxy: builds a typed client for a contract on top of any transport. Results are
 * parsed on arrival, because they crossed a process boundary.
 */
export function createClient<C extends Contract>(contract: C, call: RpcCall): ClientOf<C> {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [method, spec] of Object.entries(contract.methods)) {
    const name = wireName(contract, method);
    client[method] = async (input: unknown) => {
      const raw = await call(name, input);
      const parsed = spec.output.safeParse(raw);
      if (!parsed.success) throw new RpcError('invalid_output', `${name}: ${describeIssues(parsed.error.issues)}`);
      return parsed.data;
    };
  }
  return client as ClientOf<C>;
}
