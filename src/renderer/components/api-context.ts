import { createContext, useContext } from 'react';
import type { EngineApi } from '../state/engine-sync.ts';

export const ApiContext = createContext<EngineApi | null>(null);

/** The typed engine API (one client per service contract). */
export function useApi(): EngineApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}
