import { formatTime } from './format.ts';
import { useRisk } from '../state/risk-store.ts';

/** The last alert that needs the trader's eyes (a breaker, a kill switch result), until dismissed. */
export function AlertBanner() {
  const banner = useRisk((s) => s.banner);
  if (!banner) return null;
  return (
    <div className={`alert-banner alert-${banner.severity}`} role="alert" data-testid="alert-banner">
      <span>
        {formatTime(banner.ts)} · {banner.message}
      </span>
      <button className="btn btn-small" onClick={() => useRisk.getState().patch({ banner: null })}>
        dismiss
      </button>
    </div>
  );
}
