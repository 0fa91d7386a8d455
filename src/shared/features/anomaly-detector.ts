import { RollingWindow } from '../indicators/rolling-window.ts';

export interface AnomalyReading {
  returnZ: number | null;
  volumeZ: number | null;
  anomalous: boolean;
}

/**
 * Flags bars whose return or log volume lies more than `threshold` standard deviations from its
 * rolling distribution over the previous `window` bars (the bar itself is not in its own window).
 */
export class AnomalyDetector {
  private readonly returns: RollingWindow;
  private readonly volumes: RollingWindow;
  private readonly threshold: number;
  private prevClose: number | null = null;

  constructor(window = 60, threshold = 4) {
    this.returns = new RollingWindow(window);
    this.volumes = new RollingWindow(window);
    this.threshold = threshold;
  }

  update(close: number, volume: number): AnomalyReading {
    const r = this.prevClose === null ? null : Math.log(close / this.prevClose);
    const v = Math.log1p(volume);
    const returnZ = r === null ? null : zScore(this.returns, r);
    const volumeZ = volume > 0 ? zScore(this.volumes, v) : null;
    if (r !== null) this.returns.push(r);
    if (volume > 0) this.volumes.push(v);
    this.prevClose = close;
    const anomalous = Math.abs(returnZ ?? 0) > this.threshold || Math.abs(volumeZ ?? 0) > this.threshold;
    return { returnZ, volumeZ, anomalous };
  }
}

function zScore(window: RollingWindow, x: number): number | null {
  if (!window.full) return null;
  const sd = Math.sqrt((window.variance * window.count) / (window.count - 1));
  return sd > 0 ? (x - window.mean) / sd : null;
}
