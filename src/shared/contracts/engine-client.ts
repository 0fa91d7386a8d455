import { auditContract } from './audit.contract.ts';
import { backtestsContract } from './backtests.contract.ts';
import { consensusContract } from './consensus.contract.ts';
import type { ClientOf } from './contract.ts';
import { executionContract } from './execution.contract.ts';
import { marketContract } from './market.contract.ts';
import { modelsContract } from './models.contract.ts';
import { newsContract } from './news.contract.ts';
import { ordersContract } from './orders.contract.ts';
import { portfolioContract } from './portfolio.contract.ts';
import { riskContract } from './risk.contract.ts';
import { createClient, type RpcCall } from './rpc-client.ts';
import { systemContract } from './system.contract.ts';
import { traceContract } from './trace.contract.ts';
import { tradingContract } from './trading.contract.ts';
import { uploadsContract } from './uploads.contract.ts';
import { venueContract } from './venue.contract.ts';
import { settingsContract } from './settings.contract.ts';
import { agentsContract } from './agents.contract.ts';
import { costsContract } from './costs.contract.ts';
import { driftContract } from './drift.contract.ts';
import { instrumentsContract } from './instruments.contract.ts';

/** Every contract the engine serves to a UI port (the inference contract is the engine's own client). */
export const ENGINE_CONTRACTS = {
  system: systemContract,
  trading: tradingContract,
  market: marketContract,
  audit: auditContract,
  orders: ordersContract,
  risk: riskContract,
  execution: executionContract,
  trace: traceContract,
  portfolio: portfolioContract,
  models: modelsContract,
  consensus: consensusContract,
  backtests: backtestsContract,
  uploads: uploadsContract,
  venue: venueContract,
  news: newsContract,
  settings: settingsContract,
  agents: agentsContract,
  costs: costsContract,
  drift: driftContract,
  instruments: instrumentsContract,
} as const;

export type EngineClient = { [K in keyof typeof ENGINE_CONTRACTS]: ClientOf<(typeof ENGINE_CONTRACTS)[K]> };

/**
 * The one typed client of the engine's wire, over any transport: the renderer's link, the CLI's
 * WebSocket, the e2e tests' client, or a registry in the same process. Method names and result
 * types come from the contracts; nothing is typed by hand.
 */
export function createEngineClient(call: RpcCall): EngineClient {
  const client: Record<string, unknown> = {};
  for (const [key, contract] of Object.entries(ENGINE_CONTRACTS)) client[key] = createClient(contract, call);
  return client as EngineClient;
}
