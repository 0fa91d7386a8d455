import { LiveClock } from '../../agents/engine/live-clock.ts';
import { InstrumentStore } from '../../agents/store/instrument-store.ts';
import { resolveStock, searchSymbols } from '../../agents/venues/ibkr/ib-contracts.ts';
import { openIbApi } from '../../agents/venues/ibkr/ib-open.ts';
import { CliError } from '../cli-error.ts';
import { DATABASE_FILE, parseOptions, resolveDataDir } from '../cli-options.ts';
import { IB_ENDPOINT_OPTIONS, ibEndpointFor } from '../ib-endpoint.ts';
import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import type { InstrumentDetails } from '../../shared/domain/instrument-details.ts';

const USAGE =
  'usage: quorum instruments search TEXT | add SYMBOL [--exchange SMART] [--currency USD] | list [--json] [--host H] [--port P] [--client-id N] [--data DIR]';

/**
 * `quorum instruments`: IB's symbol search, and a stock resolved through IB (contract id, exchanges,
 * currency, minimum tick, trading hours and time zone) kept in the profile for its sessions; `list`
 * shows those kept.
 */
export async function runInstruments(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseOptions(rest, {
    exchange: { type: 'string' },
    currency: { type: 'string' },
    json: { type: 'boolean' },
    ...IB_ENDPOINT_OPTIONS,
  });
  const dataDir = resolveDataDir(values.data);
  if (sub === 'list') return list(dataDir, values.json === true);
  if ((sub !== 'search' && sub !== 'add') || positionals.length !== 1) throw new CliError(USAGE);
  const clock = new LiveClock();
  const opened = await openIbApi(ibEndpointFor(values), clock);
  if (!opened.ok) throw new CliError(opened.reason, 1);
  try {
    if (sub === 'search') {
      const found = await searchSymbols(opened.ib, positionals[0]!, clock);
      if (!found.ok) throw new CliError(found.error, 1);
      if (values.json) console.log(JSON.stringify(found.value));
      else if (found.value.length === 0) console.log(`IB knows nothing that matches "${positionals[0]}"`);
      else
        for (const m of found.value)
          console.log(
            `${m.symbol.padEnd(8)} ${m.secType.padEnd(4)} ${m.primaryExchange.padEnd(8)} ${m.currency}  ${m.description}  (conId ${m.conId})`,
          );
      return 0;
    }
    const resolved = await resolveStock(
      opened.ib,
      { symbol: positionals[0]!, exchange: values.exchange ?? 'SMART', currency: values.currency ?? 'USD' },
      clock,
    );
    if (!resolved.ok) throw new CliError(resolved.error, 1);
    mkdirSync(dataDir, { recursive: true });
    const store = InstrumentStore.besideJournal(join(dataDir, DATABASE_FILE));
    store.save(resolved.value);
    store.close();
    const d = resolved.value;
    console.log(
      `${d.id}: ${d.longName} · conId ${d.conId} · ${d.primaryExchange} ${d.currency} · tick ${d.minTick} · ${d.timeZone} — kept for the profile's IB sessions`,
    );
    return 0;
  } finally {
    opened.ib.disconnect();
  }
}

function list(dataDir: string, json: boolean): number {
  const journal = join(dataDir, DATABASE_FILE);
  let all: InstrumentDetails[] = [];
  if (existsSync(InstrumentStore.fileBeside(journal))) {
    const store = InstrumentStore.besideJournal(journal);
    all = store.list();
    store.close();
  }
  if (json) console.log(JSON.stringify(all));
  else if (all.length === 0) console.log('no instruments resolved yet: quorum instruments add SYMBOL');
  else
    for (const d of all)
      console.log(
        `${d.id.padEnd(10)} conId ${String(d.conId).padEnd(10)} ${d.primaryExchange.padEnd(8)} ${d.currency} tick ${d.minTick}  ${d.timeZone}  ${d.longName}`,
      );
  return 0;
}
