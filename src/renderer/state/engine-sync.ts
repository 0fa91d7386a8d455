import { createEngineClient } from '../../shared/contracts/engine-client.ts';
import { sendUpload } from '../../shared/contracts/send-upload.ts';
import { parseViewData, type ViewName, type ViewUpdate } from '../../shared/contracts/views.ts';
import type { HostStatus } from '../../shared/ipc/host-status.ts';
import { ENGINE_EVENT_TYPES, type EngineEvent, type EngineEventType } from '../../shared/messages/events.ts';
import type { EngineLink } from '../link/engine-link.ts';
import { analysisFeed } from './analysis-store.ts';
import { backtestFeed } from './backtest-store.ts';
import { consensusFeed } from './consensus-store.ts';
import { newsFeed } from './news-store.ts';
import { operationsFeed } from './operations-store.ts';
import { marketFeed, useMarket } from './market-store.ts';
import { ordersFeed } from './orders-store.ts';
import { riskFeed } from './risk-store.ts';
import { reportError, sessionFeed, useSession } from './session-store.ts';
import type { StoreFeed, ViewHandler } from './store-feed.ts';

export type EngineApi = ReturnType<typeof createApi>;

/** The typed client over a link, with uploads and the host's kill switch. */
export function createApi(link: EngineLink) {
  return {
    ...createEngineClient(link.call),
    /** Sends a file in chunks; the upload id is what models.import and backtests.importData take. */
    upload: (fileName: string, bytes: Uint8Array, onProgress?: (sent: number, total: number) => void) =>
      sendUpload(link.call, fileName, bytes, onProgress),
    /** The kill switch goes through the host, not the engine: it must work when the engine hangs. */
    killSwitch: (flatten: boolean) => link.killSwitch(flatten),
  };
}

/** The shortest time between two applies of what the engine sent. */
const APPLY_EVERY_MS = 100;

/** Every store that takes something from the engine. */
const FEEDS: readonly StoreFeed[] = [
  marketFeed,
  analysisFeed,
  ordersFeed,
  riskFeed,
  sessionFeed,
  consensusFeed,
  backtestFeed,
  newsFeed,
  operationsFeed,
];

/**
 * Moves engine state into the stores (DESIGN.md §7). Each store applies its own events and views
 * (`StoreFeed`); they are buffered and applied at most once per 100 ms, events in a fixed type order
 * (bars before what refers to them), then the newest of each view. Nothing is polled: the engine
 * pushes every view when the renderer connects and again when it changes; calls are made only for
 * what the trader does (choosing an instrument, a button) and, on each new engine port, for the
 * snapshots no view carries (the engine's info, the instruments, the chart's bars and the tape).
 */
export function startEngineSync(link: EngineLink): EngineApi {
  const api = createApi(link);
  let events = new Map<EngineEventType, EngineEvent[]>();
  let views = new Map<string, ViewUpdate>();
  let host: HostStatus | null = null;

  const flush = () => {
    const [batch, updates] = [events, views];
    events = new Map();
    views = new Map();
    if (host) useSession.getState().patch({ host });
    host = null;
    for (const type of ENGINE_EVENT_TYPES) {
      const list = batch.get(type);
      if (!list) continue;
      for (const feed of FEEDS) (feed.events?.[type] as ((e: EngineEvent[]) => void) | undefined)?.(list);
    }
    for (const update of updates.values()) applyView(update);
  };
  // At most one apply per APPLY_EVERY_MS: a replay at 50 bars a second then costs the page ten
  // renders a second, not sixty. The apply (and React's render) is a task of its own, not part of an
  // animation frame: the layout and paint it causes come in the next frame, so the two never add up
  // to one long task.
  let lastFlush = 0;
  let timer = 0;
  const schedule = () => {
    if (timer) return;
    const wait = Math.max(0, lastFlush + APPLY_EVERY_MS - performance.now());
    timer = window.setTimeout(() => {
      timer = 0;
      lastFlush = performance.now();
      flush();
    }, wait);
  };

  link.onEvent((event) => {
    const list = events.get(event.type);
    if (list) list.push(event);
    else events.set(event.type, [event]);
    schedule();
  });
  link.onView((update) => {
    views.set(update.key === undefined ? update.view : `${update.view}:${update.key}`, update);
    schedule();
  });
  link.onHostStatus((status) => {
    host = status;
    schedule();
  });
  link.onState((state) => {
    useSession.getState().patch({ link: state });
    if (state.connection === 'open') void resync(api);
  });
  useMarket.subscribe((s, prev) => {
    if (s.selected !== prev.selected) void loadSelected(api);
    // The broker's history of the instrument on the chart was recorded: the chart reads its bars again.
    else if (s.selected && s.backfilled[s.selected] !== prev.backfilled[s.selected]) void loadSelected(api, true);
  });
  link.start();
  return api;
}

/** Hands a pushed view to the stores that apply it; a view that failed is said where its store shows problems. */
function applyView(update: ViewUpdate): void {
  const handlers = FEEDS.flatMap((f) => (f.views?.[update.view] ? [f.views[update.view] as ViewHandler<ViewName>] : []));
  if (update.error !== undefined) {
    const failing = handlers.filter((h) => h.fail);
    if (failing.length === 0) reportError(`${update.view}: ${update.error}`);
    for (const h of failing) h.fail!(update.error, update.key);
    return;
  }
  let data;
  try {
    data = parseViewData(update.view, update.data);
  } catch (err) {
    reportError(`the engine sent a malformed ${update.view} view: ${(err as Error).message}`);
    return;
  }
  for (const h of handlers) h.apply(data, update.key);
}

/** What no pushed view carries, asked for on every new engine port. */
async function resync(api: EngineApi): Promise<void> {
  try {
    const [info, instruments] = await Promise.all([api.system.info({}), api.market.instruments({})]);
    useSession.getState().patch({ info, error: null });
    const before = useMarket.getState().selected;
    useMarket.getState().setInstruments(instruments);
    // A first selection loads through the subscription below; the same one is loaded again here.
    if (useMarket.getState().selected === before) await loadSelected(api, true);
  } catch (err) {
    reportError(err);
  }
}

/** The chart's bars and the tape of the instrument the trader chose (the tape once; prints then arrive as events). */
async function loadSelected(api: EngineApi, reload = false): Promise<void> {
  const id = useMarket.getState().selected;
  if (!id) return;
  try {
    const [bars, tape] = await Promise.all([
      api.market.bars({ instrumentId: id, limit: 1_000 }),
      useMarket.getState().tape[id] && !reload ? Promise.resolve(null) : api.market.trades({ instrumentId: id, limit: 100 }),
    ]);
    useMarket.getState().replaceBars(id, bars);
    if (tape) useMarket.getState().setTape(id, tape);
  } catch (err) {
    reportError(err);
  }
}
