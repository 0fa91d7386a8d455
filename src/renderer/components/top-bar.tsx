import { useSession } from '../state/session-store.ts';
import { KillSwitch } from './kill-switch.tsx';
import { useBacktests } from '../state/backtest-store.ts';

const MODE_LABEL = { paper: 'PAPER', live: 'LIVE', backtest: 'BACKTEST' } as const;

/** Always visible: who trades where, the connection, the trading state and the kill switch. */
export function TopBar() {
  const info = useSession((s) => s.info);
  const link = useSession((s) => s.link);
  const trading = useSession((s) => s.trading);
  const error = useSession((s) => s.error);
  const venue = info ? (info.venue === 'simulated' ? 'SIMULATED MARKET' : info.venue.toUpperCase()) : '…';
  return (
    <header className="top-bar">
      <span className="brand">QUORUM</span>
      <span className={`mode-banner mode-${info?.mode ?? 'unknown'}`} data-testid="mode-banner">
        {venue} · {info ? MODE_LABEL[info.mode] : 'connecting'}
      </span>
      <span className={`link link-${link.connection}`} data-testid="link-state" title={link.detail}>
        ● {link.connection === 'open' ? 'engine connected' : link.connection === 'connecting' ? 'connecting…' : 'disconnected'}
      </span>
      {error && (
        <span className="top-error" title={error}>
          {error}
        </span>
      )}
      <span className="spacer" />
      <button
        className="btn btn-small"
        data-testid="open-backtests"
        onClick={() => useBacktests.getState().patch({ open: !useBacktests.getState().open })}
      >
        Backtests
      </button>
      <span className={`trading-state state-${trading?.state ?? 'unknown'}`} data-testid="trading-state" title={trading?.reason}>
        {trading?.state ?? '—'}
      </span>
      <KillSwitch />
    </header>
  );
}
