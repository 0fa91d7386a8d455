import { auditContract } from '../../shared/contracts/audit.contract.ts';
import { createClient } from '../../shared/contracts/rpc-client.ts';
import { marketContract } from '../../shared/contracts/market.contract.ts';
import { systemContract } from '../../shared/contracts/system.contract.ts';
import { tradingContract } from '../../shared/contracts/trading.contract.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { HostStatus } from '../../shared/ipc/host-status.ts';
import type { EngineEvent } from '../../shared/messages/events.ts';
import type { EngineLink } from '../link/engine-link.ts';
import { useMarket } from './market-store.ts';
import { useSession } from './session-store.ts';

export type EngineApi = ReturnType<typeof createApi>;

function createApi(link: EngineLink) {
  return {
    system: createClient(systemContract, link.call),
    trading: createClient(tradingContract, link.call),
    market: createClient(marketContract, link.call),
    audit: createClient(auditContract, link.call),
  };
}

/**
 * Moves engine state into the stores. Events are buffered and applied once per animation frame
 * (DESIGN.md §7); every new engine port (epoch) triggers a full resync of the snapshots.
 */
export function startEngineSync(link: EngineLink): EngineApi {
  const api = createApi(link);
  let bars: Bar[] = [];
  let host: HostStatus | null = null;
  let tradingChanged = false;
  let frame = 0;

  const flush = () => {
    frame = 0;
    if (bars.length) useMarket.getState().appendBars(bars);
    if (host) useSession.getState().patch({ host });
    if (tradingChanged) void refreshTradingAndJournal();
    bars = [];
    host = null;
    tradingChanged = false;
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(flush);
  };

  const refreshTradingAndJournal = async () => {
    try {
      const [trading, journal] = await Promise.all([api.trading.getState({}), api.audit.recent({ limit: 60 })]);
      useSession.getState().patch({ trading, journal });
    } catch (err) {
      reportError(err);
    }
  };

  const resync = async () => {
    try {
      const [info, instruments] = await Promise.all([api.system.info({}), api.market.instruments({})]);
      useSession.getState().patch({ info, error: null });
      useMarket.getState().setInstruments(instruments);
      await Promise.all([loadSelectedBars(api), refreshTradingAndJournal(), refreshHealth()]);
    } catch (err) {
      reportError(err);
    }
  };

  const refreshHealth = async () => {
    try {
      const health = await api.system.health({});
      useSession.getState().patch({ inference: health.inference, journalSeq: health.journalSeq });
    } catch (err) {
      reportError(err);
    }
  };

  link.onEvent((event: EngineEvent) => {
    if (event.type === 'BarClosed') bars.push(event.bar);
    else if (event.type === 'TradingStateChanged') tradingChanged = true;
    schedule();
  });
  link.onHostStatus((status) => {
    host = status;
    schedule();
  });
  link.onState((state) => {
    useSession.getState().patch({ link: state });
    if (state.connection === 'open') void resync();
  });
  useMarket.subscribe((s, prev) => {
    if (s.selected !== prev.selected) void loadSelectedBars(api);
  });
  window.setInterval(() => {
    if (useSession.getState().link.connection === 'open') void refreshHealth();
  }, 2_000);
  link.start();
  return api;
}

async function loadSelectedBars(api: EngineApi): Promise<void> {
  const id = useMarket.getState().selected;
  if (!id) return;
  const bars = await api.market.bars({ instrumentId: id, limit: 1_000 });
  useMarket.getState().replaceBars(id, bars);
}

export function reportError(err: unknown): void {
  useSession.getState().patch({ error: err instanceof Error ? err.message : String(err) });
}
