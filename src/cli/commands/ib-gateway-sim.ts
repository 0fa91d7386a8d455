import { FakeGateway } from '../../agents/venues/ibkr/fake-gateway.ts';
import type { HistoryBar } from '../../agents/venues/ibkr/ib-history-plan.ts';
import { SeededRandom } from '../../shared/math/seeded-random.ts';
import { CliError } from '../cli-error.ts';
import { VenueSettingsSchema } from '../../shared/domain/venue.ts';
import { intOption, parseOptions } from '../cli-options.ts';

/** Where each simulated stock starts. */
const START_PRICE = 100;

/**
 * `quorum ib gateway-sim`: a stand-in IB Gateway on 127.0.0.1 speaking the TWS wire protocol (the
 * one the tests use), with a random-walk market in each symbol that fills orders at its quotes — to
 * try the IB modes without an IB account, and for the kill-switch benchmark. Runs until Ctrl+C.
 */
export async function runGatewaySim(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    port: { type: 'string' },
    account: { type: 'string' },
    symbols: { type: 'string' },
    seed: { type: 'string' },
    'tick-ms': { type: 'string' },
  });
  const account = values.account ?? 'DU1234567';
  if (!VenueSettingsSchema.shape.account.safeParse(account).success)
    throw new CliError(`--account: "${account}" does not look like an IB account id (DU1234567)`);
  const symbols = (values.symbols ?? 'AAPL,MSFT,SPY').split(',').map((s) => s.trim().toUpperCase());
  const gateway = await FakeGateway.start({ accounts: [account], port: intOption(values.port, 'port', 4002, 0, 65_535) }).catch(
    (err: NodeJS.ErrnoException) => {
      throw new CliError(err.code === 'EADDRINUSE' ? `port ${values.port ?? 4002} is in use; pass --port N` : err.message);
    },
  );
  gateway.history.generate(symbols, simulatedHistory);
  const stop = startRandomMarket(gateway, symbols, {
    seed: intOption(values.seed, 'seed', 1, 0, 2 ** 31 - 1),
    tickMs: intOption(values['tick-ms'], 'tick-ms', 250, 10, 60_000),
  });
  console.log(`simulated IB Gateway on 127.0.0.1:${gateway.port} · account ${account} (paper) · ${symbols.join(', ')}`);
  console.log('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  stop();
  await gateway.stop();
  return 0;
}

const BAR_MS: Record<string, number> = { '1 day': 86_400_000, '1 hour': 3_600_000, '5 mins': 300_000, '1 min': 60_000 };

/**
 * Bars for `quorum data download` against the simulator: regular hours (14:30–21:00 UTC) on
 * weekdays, a random walk drawn from the symbol and the bar's time alone, so every request for the
 * same bar gets the same one.
 */
export function simulatedHistory(symbol: string, barSize: string, fromMs: number, toMs: number): HistoryBar[] {
  const step = BAR_MS[barSize];
  if (!step) return [];
  const bars: HistoryBar[] = [];
  const seed = [...symbol].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const round = (x: number) => Math.round(x * 100) / 100;
  for (let ts = Math.ceil(fromMs / step) * step; ts < toMs; ts += step) {
    const day = new Date(ts).getUTCDay();
    const minute = (ts % 86_400_000) / 60_000;
    if (day === 0 || day === 6 || (step < 86_400_000 && (minute < 870 || minute >= 1_260))) continue;
    // A slow drift from the time, and each bar's own noise from the symbol and its time.
    const level = START_PRICE * Math.exp(0.3 * Math.sin(ts / 86_400_000 / 90 + seed) + 0.02 * Math.sin(ts / 3_600_000 / 7 + seed));
    const random = new SeededRandom((seed ^ Math.floor(ts / 60_000)) >>> 0);
    const open = level * (1 + random.normal() * 0.002);
    const close = level * (1 + random.normal() * 0.002);
    bars.push({
      ts,
      open: round(open),
      high: round(Math.max(open, close) * (1 + Math.abs(random.normal()) * 0.001)),
      low: round(Math.min(open, close) * (1 - Math.abs(random.normal()) * 0.001)),
      close: round(close),
      volume: 1_000 + random.int(0, 99_000),
    });
  }
  return bars;
}

/** Quotes each symbol a cent wide around a random walk, 200 deep, every `tickMs`; a print now and then. */
export function startRandomMarket(gateway: FakeGateway, symbols: readonly string[], o: { seed: number; tickMs: number }): () => void {
  const random = new SeededRandom(o.seed);
  const mid = new Map(symbols.map((s) => [s, START_PRICE]));
  const tick = () => {
    for (const s of symbols) {
      const next = Math.max(1, mid.get(s)! * (1 + random.normal() * 0.0008));
      mid.set(s, next);
      const bid = Math.round(next * 100 - 0.5) / 100;
      gateway.quote(s, bid, Math.round(bid * 100 + 1) / 100, 200);
      if (random.next() < 0.3) gateway.print(s, random.next() < 0.5 ? bid : Math.round(bid * 100 + 1) / 100, 1 + random.int(0, 99));
    }
  };
  tick();
  const timer = setInterval(tick, o.tickMs);
  return () => clearInterval(timer);
}
