import type { HostStatus } from '../shared/ipc/host-status.ts';
import type { Supervisor } from './supervisor.ts';

/**
 * Joins the status of a host's supervisors into one HostStatus and calls `publish` on every change,
 * at most once per `minIntervalMs` (heartbeat ages change on every beat).
 */
export function feedHostStatus(
  host: HostStatus['host'],
  supervisors: readonly Supervisor[],
  publish: (status: HostStatus) => void,
  minIntervalMs = 250,
): () => HostStatus {
  const snapshot = (): HostStatus => ({ host, processes: supervisors.map((s) => s.status()) });
  let last = 0;
  let pending: NodeJS.Timeout | null = null;
  const flush = () => {
    pending = null;
    last = Date.now();
    publish(snapshot());
  };
  for (const s of supervisors) {
    s.onStatus(() => {
      if (pending) return;
      const wait = Math.max(0, minIntervalMs - (Date.now() - last));
      pending = setTimeout(flush, wait);
    });
  }
  return snapshot;
}
