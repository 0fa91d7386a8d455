import type { Supervisor } from './supervisor.ts';

/**
 * Tells the engine when a supervisor gives up on another process (inference), so that the engine
 * journals an alert: the host keeps no journal of its own. A give-up while the engine is down is
 * told once the engine is running again. (The engine's own give-up reaches its journal through the
 * next engine's `--restarted-after`.)
 */
export function reportGiveUps(watched: Supervisor, engine: Supervisor): void {
  let pending: { name: string; reason: string } | null = null;
  let failed = false;
  const deliver = () => {
    const child = engine.current;
    if (!pending || !child || engine.status().state !== 'running') return;
    child.send({ t: 'process-failed', ...pending });
    pending = null;
  };
  watched.onStatus((s) => {
    if (s.state === 'failed' && !failed) pending = { name: s.name, reason: s.lastExit ?? 'it kept failing' };
    failed = s.state === 'failed';
    deliver();
  });
  engine.onReady(() => deliver());
}
