import { create } from 'zustand';
import type { JournalRow } from '../../shared/contracts/audit.contract.ts';
import type { BrokerConnection, InferenceHealth } from '../../shared/contracts/system.contract.ts';
import type { VenueMode } from '../../shared/domain/venue.ts';
import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import type { HostStatus } from '../../shared/ipc/host-status.ts';
import type { LinkState } from '../link/engine-link.ts';
import type { StoreFeed } from './store-feed.ts';

export interface SystemInfo {
  version: string;
  mode: 'backtest' | 'paper' | 'live';
  venueMode: VenueMode;
  venue: string;
  feed: string;
  seed: number;
  sessionId: string;
  dataFile: string;
  startedAt: number;
  nativeBook: boolean;
}

export interface SessionState {
  link: LinkState;
  host: HostStatus | null;
  info: SystemInfo | null;
  trading: TradingStatus | null;
  inference: InferenceHealth | null;
  /** The broker connection (IB sessions), as the engine last pushed it. */
  broker: BrokerConnection | null;
  journalSeq: number | null;
  journal: JournalRow[];
  /** The last thing that went wrong, said plainly; cleared by the next success. */
  error: string | null;
  patch(p: Partial<Omit<SessionState, 'patch'>>): void;
}

export const useSession = create<SessionState>((set) => ({
  link: { connection: 'connecting', epoch: 0, detail: 'connecting to the engine' },
  host: null,
  info: null,
  trading: null,
  inference: null,
  broker: null,
  journalSeq: null,
  journal: [],
  error: null,
  patch: (p) => set(p),
}));

/** Trading state, the journal's newest rows and the engine's health, as the engine pushes them. */
export const sessionFeed: StoreFeed = {
  views: {
    trading: { apply: (trading) => useSession.getState().patch({ trading }) },
    journal: { apply: (journal) => useSession.getState().patch({ journal }) },
    health: { apply: ({ inference, journalSeq, broker }) => useSession.getState().patch({ inference, journalSeq, broker }) },
  },
};

/** The last thing that went wrong, said plainly in the status bar. */
export function reportError(err: unknown): void {
  useSession.getState().patch({ error: err instanceof Error ? err.message : String(err) });
}
