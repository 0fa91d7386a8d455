import type { MetricsReader } from '../engine/metrics-summary.ts';
import type { Kernel } from '../engine/kernel.ts';
import { registerBacktestServices } from './backtest-services.ts';
import { registerConsensusServices } from './consensus-services.ts';
import { registerEngineServices } from './engine-services.ts';
import { registerModelServices } from './model-services.ts';
import { registerNewsServices } from './news-services.ts';
import { registerExecutionServices, registerOrderServices } from './order-services.ts';
import { registerRiskServices } from './risk-services.ts';
import { registerVenueServices } from './venue-services.ts';
import { registerInstrumentServices } from './instrument-services.ts';
import { registerSettingsServices } from './settings-services.ts';
import { registerAgentServices } from './agent-services.ts';
import { registerCostServices } from './cost-services.ts';
import { registerDriftServices } from './drift-services.ts';
import { resolveSettings, type Resolved } from '../settings/profile-settings.ts';

/**
 * The engine side of shared/contracts, registered on a kernel by whoever runs it as a session (the
 * engine process's entry, tests that speak to it as the UI does). The kernel itself knows no service:
 * services sit above it, so nothing below can import them back (no import cycle).
 */
export function registerServices(
  kernel: Kernel,
  options: {
    backtestWorkers?: number;
    restartEngine?: (reason: string) => void;
    /** The settings the session was built with (defaults when not given: a test's kernel). */
    settings?: Extract<Resolved, { ok: true }>;
    /** The engine's metrics read for the Health panel (`metricsReader`); none in a test's kernel. */
    metrics?: MetricsReader;
  } = {},
): ServiceSignals {
  const backtestListeners = new Set<() => void>();
  registerEngineServices(kernel, options.metrics ?? null);
  registerOrderServices(kernel);
  registerExecutionServices(kernel);
  registerRiskServices(kernel);
  registerModelServices(kernel);
  registerConsensusServices(kernel);
  registerNewsServices(kernel);
  registerAgentServices(kernel);
  registerCostServices(kernel);
  registerVenueServices(kernel, options.restartEngine ?? null);
  if (kernel.options.mode !== 'backtest') registerInstrumentServices(kernel, options.restartEngine ?? null);
  const defaults = resolveSettings({ file: {}, env: {}, flag: {} });
  if (!defaults.ok) throw new Error('the default settings do not validate');
  const settings = options.settings ?? defaults;
  registerSettingsServices(kernel, settings, options.restartEngine ?? null);
  registerDriftServices(kernel, settings.settings.drift.psiThreshold);
  if (kernel.options.mode !== 'backtest') {
    registerBacktestServices(kernel, options.backtestWorkers ?? 1, () => {
      for (const l of backtestListeners) l();
    });
  }
  return {
    onBacktestsChanged: (listener) => {
      backtestListeners.add(listener);
      return () => backtestListeners.delete(listener);
    },
  };
}

/** Changes the services see that are not engine events, for the views pushed to the UI. */
export interface ServiceSignals {
  /** Backtest runs or downloads from IB changed (the Backtests view's two pushed views). */
  onBacktestsChanged(listener: () => void): () => void;
}
