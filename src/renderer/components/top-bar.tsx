import { useCallback, useEffect, useState } from 'react';
import { VenueDialog } from './venue-dialog.tsx';
import { SettingsDialog } from './settings-dialog.tsx';
import { SymbolSearch, useSymbolSearchShortcut } from './symbol-search.tsx';
import type { BrokerConnection } from '../../shared/contracts/system.contract.ts';
import { VENUE_BANNER } from '../../shared/domain/venue.ts';
import { useSession, type SystemInfo } from '../state/session-store.ts';
import { formatTime } from './format.ts';

/** The broker connection's state in two or three words (its detail says the rest, and what to do). */
const BROKER_WORDS: Record<BrokerConnection['state'], string> = {
  connecting: 'connecting…',
  'waiting-for-login': 'waiting for login',
  'client-id-in-use': 'client id in use',
  reconciling: 'reconciling…',
  connected: 'connected',
  'ib-servers-lost': 'servers lost',
  refused: 'account refused',
};
import { KillSwitch } from './kill-switch.tsx';
import { useBacktests } from '../state/backtest-store.ts';

/** The words the banner and the window title use: SIM, PAPER or LIVE, and the IB account. */
function bannerText(info: SystemInfo, broker: BrokerConnection | null): string {
  if (info.venueMode === 'sim') return `SIM · ${info.feed}`;
  const account = broker?.account ?? 'account not confirmed yet';
  return `${VENUE_BANNER[info.venueMode]} · Interactive Brokers ${account}`;
}

/** Always visible: who trades where, the connections, the trading state and the kill switch. */
export function TopBar() {
  const info = useSession((s) => s.info);
  const link = useSession((s) => s.link);
  const broker = useSession((s) => s.broker);
  const trading = useSession((s) => s.trading);
  const error = useSession((s) => s.error);
  const banner = info ? VENUE_BANNER[info.venueMode] : null;
  const [venueOpen, setVenueOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const openSearch = useCallback(() => setSearchOpen(true), []);
  useSymbolSearchShortcut(openSearch);
  useEffect(() => {
    document.title = banner ? `Quorum · ${banner}` : 'Quorum';
  }, [banner]);
  return (
    <header className="top-bar">
      <span className="brand">QUORUM</span>
      <button
        className={`mode-banner mode-${banner?.toLowerCase() ?? 'unknown'}`}
        data-testid="mode-banner"
        data-mode={info?.venueMode}
        title="Where this profile trades: switch between Simulated, IB paper and IB live"
        onClick={() => setVenueOpen(true)}
      >
        {info ? bannerText(info, broker) : 'connecting…'}
      </button>
      {venueOpen && <VenueDialog onClose={() => setVenueOpen(false)} />}
      <span className={`link link-${link.connection}`} data-testid="link-state" title={link.detail}>
        ● {link.connection === 'open' ? 'engine connected' : link.connection === 'connecting' ? 'connecting…' : 'disconnected'}
      </span>
      {broker && (
        <span
          className={`link broker-${broker.state}`}
          data-testid="broker-state"
          data-state={broker.state}
          title={`${broker.detail} (since ${formatTime(broker.since)})`}
        >
          ● IB {BROKER_WORDS[broker.state]}
          {broker.state !== 'connected' && <span className="broker-detail"> — {broker.detail}</span>}
          {broker.state === 'connected' && broker.marketDataHalted && (
            <span className="broker-detail" data-testid="market-data-halted" title={broker.marketDataHalted}>
              {' '}
              — no market data: another session of this login has it
            </span>
          )}
        </span>
      )}
      {error && (
        <span className="top-error" title={error}>
          {error}
        </span>
      )}
      <span className="spacer" />
      <button className="btn btn-small" data-testid="open-symbol-search" title="Find a symbol (Ctrl+K)" onClick={openSearch}>
        Symbol… <span className="note">Ctrl+K</span>
      </button>
      {searchOpen && <SymbolSearch onClose={() => setSearchOpen(false)} />}
      <button
        className="btn btn-small"
        data-testid="open-backtests"
        onClick={() => useBacktests.getState().patch({ open: !useBacktests.getState().open })}
      >
        Backtests
      </button>
      <button className="btn btn-small" data-testid="open-settings" onClick={() => setSettingsOpen(true)}>
        Settings
      </button>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
      <span className={`trading-state state-${trading?.state ?? 'unknown'}`} data-testid="trading-state" title={trading?.reason}>
        {trading?.state ?? '—'}
      </span>
      <KillSwitch />
    </header>
  );
}
