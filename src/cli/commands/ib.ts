import { LiveClock } from '../../agents/engine/live-clock.ts';
import { checkIbConnection } from '../../agents/venues/ibkr/ib-check.ts';
import { IB_CONNECTION_CODES } from '../../agents/venues/ibkr/ib-codes.ts';
import { CliError } from '../cli-error.ts';
import { parseOptions } from '../cli-options.ts';
import { runGatewaySim } from './ib-gateway-sim.ts';

const USAGE =
  'usage: quorum ib check [--host H] [--port P] [--client-id N] [--timeout S] [--json] | quorum ib gateway-sim [--port 4002] [--account DU1234567] [--symbols AAPL,MSFT,SPY] [--seed N] [--tick-ms N]';

/** IB Gateway's paper port; TWS uses 7497 (paper) and 7496 (live), the Gateway 4001 live. */
export const DEFAULT_IB_PORT = 4002;
/** A client id of its own, so a check never takes the engine's connection (nor 0, TWS's manual orders). */
export const CHECK_CLIENT_ID = 900;

/**
 * `quorum ib check`: connects to TWS or IB Gateway, prints the server version, the accounts (paper
 * or live) and the data farms' status, and disconnects; exit 1 with a one-line reason when nothing
 * listens, the client id is taken, the API refuses or nothing answers.
 */
export async function runIb(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'gateway-sim') return runGatewaySim(rest);
  if (sub !== 'check') throw new CliError(USAGE);
  const { values, positionals } = parseOptions(rest, {
    host: { type: 'string' },
    port: { type: 'string' },
    'client-id': { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length) throw new CliError(USAGE);
  const port = whole('--port', values.port, DEFAULT_IB_PORT, 1, 65_535);
  const clientId = whole('--client-id', values['client-id'], CHECK_CLIENT_ID, 0, 2 ** 31 - 1);
  const timeoutS = whole('--timeout', values.timeout, 10, 1, 600);
  const endpoint = { host: values.host ?? '127.0.0.1', port, clientId };
  const result = await checkIbConnection(endpoint, new LiveClock(), { timeoutMs: timeoutS * 1_000 });
  if (!result.ok) throw new CliError(result.reason, 1);
  const r = result.report;
  if (values.json) {
    console.log(JSON.stringify(r));
    return 0;
  }
  console.log(`connected to ${r.host}:${r.port} as client ${r.clientId} · server version ${r.serverVersion} · ${r.connectionTime}`);
  console.log(`accounts: ${r.accounts.map((a) => `${a.id} (${a.kind})`).join(', ') || 'none listed'}`);
  for (const m of r.messages)
    console.log(`  ${m.code}  ${m.text}${IB_CONNECTION_CODES[m.code] ? `  (${IB_CONNECTION_CODES[m.code]})` : ''}`);
  return 0;
}

function whole(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}
