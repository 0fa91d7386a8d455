import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient, defineContract, RpcError, ServiceRegistry, wireName } from './index.ts';

const calc = defineContract('calc', {
  add: { input: z.object({ a: z.number(), b: z.number() }).strict(), output: z.number() },
  echo: { input: z.object({ text: z.string().min(1) }), output: z.object({ text: z.string() }) },
});

describe('service contracts', () => {
  it('generates wire names as <service>.<method>', () => {
    expect(wireName(calc, 'add')).toBe('calc.add');
    const registry = new ServiceRegistry();
    registry.register(calc, { add: ({ a, b }) => a + b, echo: (x) => x });
    expect(registry.names()).toEqual(['calc.add', 'calc.echo']);
  });

  it('throws when the same wire name is registered twice', () => {
    const registry = new ServiceRegistry();
    registry.register(calc, { add: ({ a, b }) => a + b, echo: (x) => x });
    expect(() => registry.register(calc, { add: () => 0, echo: (x) => x })).toThrow('service method registered twice: calc.add');
  });

  it('validates input on arrival and says which field is wrong', async () => {
    const registry = new ServiceRegistry();
    registry.register(calc, { add: ({ a, b }) => a + b, echo: (x) => x });
    const bad = await registry.call('calc.add', { a: 1, b: 'two' });
    expect(bad).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('b: ') } });
    expect(await registry.call('calc.nope', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await registry.call('calc.add', { a: 2, b: 3 })).toEqual({ ok: true, result: 5 });
  });

  it('reports a handler that returns the wrong shape as invalid output, and a throw as handler_failed', async () => {
    const registry = new ServiceRegistry();
    registry.register(calc, {
      add: () => 'five' as unknown as number,
      echo: () => {
        throw new Error('boom');
      },
    });
    expect(await registry.call('calc.add', { a: 2, b: 3 })).toMatchObject({ ok: false, error: { code: 'invalid_output' } });
    expect(await registry.call('calc.echo', { text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'handler_failed', message: 'calc.echo: boom' },
    });
  });

  it('builds a typed client whose calls go through any transport and are parsed on arrival', async () => {
    const registry = new ServiceRegistry();
    registry.register(calc, { add: ({ a, b }) => a + b, echo: (x) => x });
    const seen: string[] = [];
    const client = createClient(calc, async (method, params) => {
      seen.push(method);
      const r = await registry.call(method, params);
      if (!r.ok) throw new RpcError(r.error.code, r.error.message);
      return method === 'calc.echo' ? { text: 42 } : r.result;
    });
    expect(await client.add({ a: 40, b: 2 })).toBe(42);
    await expect(client.echo({ text: 'hi' })).rejects.toThrow('calc.echo: text:');
    expect(seen).toEqual(['calc.add', 'calc.echo']);
  });
});
