import { cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { RpcError } from '../../shared/contracts/rpc-errors.ts';
import { ApiContext } from '../components/api-context.ts';
import type { EngineLink } from '../link/engine-link.ts';
import { createApi, type EngineApi } from '../state/engine-sync.ts';

export interface FakeEngine {
  api: EngineApi;
  /** Every call the components made, in order: wire name and parameters. */
  calls: { method: string; params: unknown }[];
}

/**
 * The real typed client over a transport that answers from `answers` (by wire name) and records
 * every call: a component test sees what the UI sends and gets answers the contracts accept (an
 * answer that does not parse fails the call, as it would from the engine).
 */
export function fakeEngine(answers: Record<string, (params: unknown) => unknown> = {}): FakeEngine {
  const calls: FakeEngine['calls'] = [];
  const link: EngineLink = {
    kind: 'websocket',
    call: async (method, params) => {
      calls.push({ method, params });
      const answer = answers[method];
      if (!answer) throw new RpcError('unknown_method', `the test's engine does not answer ${method}`);
      return answer(params);
    },
    onEvent: () => () => {},
    onView: () => () => {},
    onHostStatus: () => () => {},
    onState: () => () => {},
    killSwitch: () => Promise.reject(new Error('no kill switch in a component test')),
    start: () => {},
  };
  return { api: createApi(link), calls };
}

/** Renders `ui` with `engine`'s client in context; unmounted by `cleanup` after each test. */
export function renderWithEngine(ui: ReactElement, engine: FakeEngine) {
  return render(<ApiContext.Provider value={engine.api}>{ui}</ApiContext.Provider>);
}

/**
 * happy-dom lays nothing out (every box is 0 × 0), so a virtualised table would show no row: give
 * every element a 1200 × 600 box, as a panel on a desktop screen has.
 */
export function giveEveryBoxASize(): void {
  Element.prototype.getBoundingClientRect = function () {
    return { x: 0, y: 0, top: 0, left: 0, right: 1200, bottom: 600, width: 1200, height: 600, toJSON: () => ({}) } as DOMRect;
  };
  for (const [key, value] of [
    ['clientWidth', 1200],
    ['clientHeight', 600],
    ['offsetWidth', 1200],
    ['offsetHeight', 600],
  ] as const) {
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
  }
}

export { cleanup };
