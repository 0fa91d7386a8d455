import type { z } from 'zod';

/** One method of a service: what it takes and what it gives back, both as zod schemas. */
export interface MethodSpec {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
}

export type MethodTable = Record<string, MethodSpec>;

/** A named group of methods the UI (or another process) may call. */
export interface Contract<N extends string = string, M extends MethodTable = MethodTable> {
  readonly name: N;
  readonly methods: M;
}

/** Declares a service contract. Wire names are `<name>.<method>`, generated, never hand-typed. */
export function defineContract<const N extends string, const M extends MethodTable>(name: N, methods: M): Contract<N, M> {
  if (!/^[a-z][a-zA-Z]*$/.test(name)) throw new Error(`contract name must be camelCase letters: "${name}"`);
  return { name, methods };
}

export function wireName(contract: Contract, method: string): string {
  return `${contract.name}.${method}`;
}

/** What a caller sees: one async function per method, typed from the schemas. */
export type ClientOf<C extends Contract> = {
  [K in keyof C['methods']]: (input: z.input<C['methods'][K]['input']>) => Promise<z.output<C['methods'][K]['output']>>;
};

/** What a server implements: one function per method, receiving parsed input. */
export type HandlersOf<C extends Contract> = {
  [K in keyof C['methods']]: (
    input: z.output<C['methods'][K]['input']>,
  ) => z.input<C['methods'][K]['output']> | Promise<z.input<C['methods'][K]['output']>>;
};
