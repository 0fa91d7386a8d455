import type { Contract, HandlersOf, MethodSpec } from './contract.ts';
import { wireName } from './contract.ts';
import { describeIssues, RpcError, type RpcErrorBody } from './rpc-errors.ts';
import type { RpcCall } from './rpc-client.ts';

export type RpcResult = { ok: true; result: unknown } | { ok: false; error: RpcErrorBody };

interface Route {
  spec: MethodSpec;
  handler: (input: unknown) => unknown;
}

/**
 * Serves contracts: routes `<service>.<method>` to a handler, parses the input on arrival and the
 * output on the way out (a wrong output is our bug and is reported as such). Registering the same
 * wire name twice throws at start-up.
 */
export class ServiceRegistry {
  private readonly routes = new Map<string, Route>();

  register<C extends Contract>(contract: C, handlers: HandlersOf<C>): void {
    for (const [method, spec] of Object.entries(contract.methods)) {
      const name = wireName(contract, method);
      if (this.routes.has(name)) throw new Error(`service method registered twice: ${name}`);
      const handler = (handlers as Record<string, (input: unknown) => unknown>)[method];
      if (typeof handler !== 'function') throw new Error(`no handler for ${name}`);
      this.routes.set(name, { spec, handler });
    }
  }

  has(name: string): boolean {
    return this.routes.has(name);
  }

  names(): string[] {
    return [...this.routes.keys()].sort();
  }

  /** A transport for `createClient` in the same process: no port, the same parsing and errors. */
  readonly local: RpcCall = async (name, params) => {
    const r = await this.call(name, params);
    if (!r.ok) throw new RpcError(r.error.code, r.error.message);
    return r.result;
  };

  async call(name: string, params: unknown): Promise<RpcResult> {
    const route = this.routes.get(name);
    if (!route) return { ok: false, error: { code: 'unknown_method', message: `unknown method: ${name}` } };
    const input = route.spec.input.safeParse(params);
    if (!input.success) {
      return { ok: false, error: { code: 'invalid_input', message: `${name}: ${describeIssues(input.error.issues)}` } };
    }
    let raw: unknown;
    try {
      raw = await route.handler(input.data);
    } catch (err) {
      return { ok: false, error: { code: 'handler_failed', message: `${name}: ${(err as Error).message}` } };
    }
    const output = route.spec.output.safeParse(raw);
    if (!output.success) {
      return { ok: false, error: { code: 'invalid_output', message: `${name}: ${describeIssues(output.error.issues)}` } };
    }
    return { ok: true, result: output.data };
  }
}
