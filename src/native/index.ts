import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { NativeOrderBook, type NativeBinding } from './native-order-book.ts';
import type { OrderBook } from './order-book.ts';
import { TsOrderBook } from './ts-order-book.ts';

export * from './order-book.ts';
export { TsOrderBook } from './ts-order-book.ts';
export { NativeOrderBook } from './native-order-book.ts';

/**
 * The only door to the native module (DESIGN.md §6). Loads the Rust book if its binary was built
 * (`npm run build:native`), else falls back to the TypeScript twin with identical semantics and
 * says so once. `QUORUM_NATIVE=off` forces the fallback; `QUORUM_NATIVE_PATH` points elsewhere.
 */
export const NATIVE_BINARY = fileURLToPath(new URL('./build/quorum_native.node', import.meta.url));

export interface OrderBookFactory {
  readonly impl: 'native' | 'ts';
  /** Why the fallback is in use, when it is. */
  readonly reason: string | null;
  create(): OrderBook;
}

let cached: { binding: NativeBinding | null; reason: string | null } | null = null;

export function loadNativeBinding(): { binding: NativeBinding | null; reason: string | null } {
  if (cached) return cached;
  const path = process.env['QUORUM_NATIVE_PATH'] ?? NATIVE_BINARY;
  if (process.env['QUORUM_NATIVE'] === 'off') cached = { binding: null, reason: 'QUORUM_NATIVE=off' };
  else if (!existsSync(path))
    cached = { binding: null, reason: `no native binary at ${path} (run npm run build:native with cargo installed)` };
  else {
    try {
      const exports = createRequire(import.meta.url)(path) as Partial<NativeBinding>;
      // The module registers nothing when the host does not export the Node-API functions it looks up.
      cached =
        typeof exports.createBook === 'function'
          ? { binding: exports as NativeBinding, reason: null }
          : { binding: null, reason: `the native binary at ${path} registered no functions (the host's Node-API symbols were not found)` };
    } catch (err) {
      cached = { binding: null, reason: `the native binary at ${path} failed to load: ${(err as Error).message}` };
    }
  }
  return cached;
}

/** Which order book a new factory would use, in words: "native (quorum_native 0.1.0)" or "TypeScript (why)". */
export function describeOrderBook(): string {
  const { binding, reason } = loadNativeBinding();
  return binding ? `native (${binding.version()})` : `TypeScript (${reason})`;
}

let warned = false;

/** Order books of the best available implementation; `prefer` forces one (tests, benchmarks). */
export function orderBooks(prefer?: 'native' | 'ts', warn: (msg: string) => void = (m) => console.warn(m)): OrderBookFactory {
  const { binding, reason } = loadNativeBinding();
  if (prefer === 'native' && !binding) throw new Error(`the native order book is not available: ${reason}`);
  if (binding && prefer !== 'ts') return { impl: 'native', reason: null, create: () => new NativeOrderBook(binding) };
  if (!prefer && !warned) {
    warned = true;
    warn(`order book: using the TypeScript implementation (${reason})`);
  }
  return { impl: 'ts', reason: prefer === 'ts' ? 'asked for' : reason, create: () => new TsOrderBook() };
}
