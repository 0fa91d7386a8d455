import { FakeGateway } from '../../agents/venues/ibkr/fake-gateway.ts';
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
