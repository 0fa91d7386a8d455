import { cpus } from 'node:os';

/**
 * Runs in the page before its own scripts: every long task (a main-thread task over 50 ms) and the
 * gap between animation frames, so a test can report them.
 */
export const WATCH_MAIN_THREAD = `
  window.longTasks = [];
  window.frames_ = [];
  window.longFrames = [];
  new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
  // What a long animation frame spent its time on (scripts with their callers, style and layout, render), for the report.
  new PerformanceObserver((list) => window.longFrames.push(...list.getEntries().map((e) => ({
    at: Math.round(e.startTime), ms: Math.round(e.duration), blockingMs: Math.round(e.blockingDuration),
    renderMs: Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0),
    styleAndLayoutMs: Math.round(e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0),
    scripts: e.scripts.map((s) => ({ ms: Math.round(s.duration), invoker: s.invoker, fn: s.sourceFunctionName, at: s.sourceURL.split('/').pop() + ':' + s.sourceCharPosition, layoutMs: Math.round(s.forcedStyleAndLayoutDuration) })),
  })))).observe({ type: 'long-animation-frame', buffered: true });
  let last = performance.now();
  const frame = (now) => { window.frames_.push(now - last); last = now; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
`;

/** CPU time of the whole machine so far (ms): busy and total, summed over its cores. */
export const machineCpu = () =>
  cpus().reduce(
    (acc, { times: t }) => ({
      busy: acc.busy + t.user + t.nice + t.sys + t.irq,
      total: acc.total + t.user + t.nice + t.sys + t.irq + t.idle,
    }),
    { busy: 0, total: 0 },
  );

export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0;
};
