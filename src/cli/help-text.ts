/** The `quorum` command's help: every command with its options, one entry each. */
export const HELP = `quorum — a trading workstation where a team of local agents trades for you

Usage: quorum <command> [options]

Commands:
  start                       open the desktop app; where Electron is not installed, serve the UI instead
  serve [--port N] [--data DIR] [--seed N] [--bar-ms N] [--set PATH=VALUE …] [--feed simulator|random-walk]
        [--replay FILE.csv [--replay-speed N]] [--news FILE.jsonl|FILE.csv|DIR] [--metrics-port N]
        [--venue sim|ib-paper|ib-live] [--ib-host H] [--ib-port P] [--ib-client-id N] [--ib-account ID]
        [--ib-symbols AAPL,MSFT] [--confirm-live ACCOUNT] [--carry-positions]
                              run the engine headless and serve the workstation on http://127.0.0.1;
                              --venue switches the profile (kept: a restart comes back in it, agents off);
                              --metrics-port serves Prometheus /metrics and /healthz on 127.0.0.1
  status [--data DIR] [--json]
                              the running profile at a glance: mode, venue, trading state, processes
                              and restarts, positions, open orders, the day's P&L, each instrument's
                              last bar, the journal head
  config show [--set PATH=VALUE …] [--json] | validate [--file FILE] | set PATH=VALUE … | unset PATH … [--data DIR]
                              the profile's settings (<data>/settings.json < QUORUM_SET_a__b=… < --set),
                              each with where it comes from; set/unset check the whole file, journal the
                              change and write it (a running serve restarts its engine on it)
  agents list [--json] | checkpoint AGENT | restore AGENT --checkpoint ID | reset AGENT [--data DIR]
                              the agents' memory (consensus's hit rates, the optimizer's returns): take a
                              checkpoint, restore one of the last 10, or wipe it; only while the agents
                              are not trading; journaled; applied at once through a running serve
  alerts [--limit N] [--waiting] [--json] | ack SEQ [--data DIR]
                              the journal's alerts, newest first (--waiting: warnings and critical ones not
                              yet acknowledged); ack journals an acknowledgement through the running server
  trace CLIENT_ORDER_ID | --fill FILL_ID [--json] [--data DIR | --db FILE]
                              the decision card: an order back to its decision, the optimizer's plan, the
                              checks and fills, and the decision judged after its horizon (--db: a
                              backtest's kept journal, its blocks decoded)
  costs [--from DATE] [--to DATE] [--json] [--data DIR]
                              what trading cost: fees, slippage against the decision price and the
                              arrival price, implementation shortfall, per agent (by vote share), per
                              decision and parent order; --json adds every order
  halt [--flatten] [--reason TEXT] [--data DIR]
                              the kill switch: halt the running server's engine, cancel every order
                              (and flatten positions); if the engine does not answer, it is killed
  risk var --input FILE.csv [--level 0.99] [--method historical|parametric|montecarlo] [--horizon N] [--json]
                              value at risk and expected shortfall of the returns in a bars or date,return CSV
  indicators --input FILE.csv --out FILE.csv [--lenient]
                              technical indicators (SMA, EMA, RSI, MACD, Bollinger, ATR, ADX, OBV,
                              stochastic; TA-Lib conventions) of a bars CSV, one row per bar
  instruments search TEXT | add SYMBOL [--exchange SMART] [--currency USD] | list [--json]
                              IB's symbol search; a stock resolved through IB (conId, exchanges, currency,
                              minimum tick, hours, time zone) kept for the profile's IB sessions
  data download --symbol AAPL [--exchange SMART] [--currency USD] --bar 1d|1h|5m|1m --from DATE --to DATE
                [--what TRADES|MIDPOINT|ADJUSTED_LAST] --out FILE.csv [--host H] [--port P] [--client-id N]
                              bars from Interactive Brokers into a bars CSV for backtests, paged within
                              IB's limits and pacing, with progress; run again, it resumes; the endpoint
                              is the profile's IB settings unless given (client id 901)
  backtest --input FILE.csv [--input FILE2.csv …] [--config FILE.json] [--from DATE] [--to DATE]
           [--json] [--report FILE.html] [--trades FILE.csv] [--db FILE.sqlite] [--model FILE.onnx …] [--default-model]
           [--news FILE.jsonl|FILE.csv [--news-model FILE.onnx]]
                              the agents over recorded bars (same kernel as paper trading); metrics
                              against buy-and-hold, an HTML report, the fills as CSV, the journal
  sweep --input FILE.csv [--input …] [--config FILE.json] [--grid PATH=V1,V2 …]
        [--walk-forward TRAIN,TEST] [--from DATE] [--to DATE] [--workers N | --queue redis://HOST:PORT]
        [--keep-decisions] [--data DIR] [--json]
                              a parameter grid and/or walk-forward windows (fit on TRAIN bars, trade
                              the next TEST) as a job graph on worker threads, or on the workers of a
                              Redis queue; stored for comparison (with each point's journal when
                              --keep-decisions is given)
  worker --queue redis://HOST:PORT [--concurrency N] [--cache DIR] [--lock-seconds N]
                              run sweep jobs from a Redis queue (BullMQ) on this machine; datasets are
                              fetched once by hash into the cache; Ctrl+C finishes the jobs held
  runs list | compare ID [ID …] | show ID [--decisions FILE.csv|FILE.jsonl] [--data DIR] [--json]
                              stored runs, and their metrics side by side; a run's kept decisions
                              (votes, targets, orders, fills) exported after its chains verify
  replay --session ID [--data DIR] [--json]
                              run a recorded session's decisions again from its journal and bars;
                              exit 1 and list every decision that differs
  model import FILE.onnx [--name NAME] [--data DIR]
                              check an ONNX model against its feature schema, load it, store it
                              by SHA-256 and register a new version (through the server if one runs)
  model list [--json]         registered models, versions, status and hashes
  model activate|promote|shadow|demote|deactivate ID
                              shadow: the model votes with weight zero while its hit rate is tracked
  model drift [--json]        each active and shadow model's inputs against its reference window (PSI per
                              feature), its live information coefficient; asked of the running server
  model train-default [--input FILE.csv] [--out DIR]
                              retrain the shipped default model and its training report
  audit verify [--data DIR | --db FILE]
                              walk the journal's hash chain (a profile's, or a backtest's --db);
                              exit 1 and name the first bad seq
  audit export --out FILE.csv|FILE.jsonl [--format csv|jsonl] [--data DIR | --db FILE]
                              write the journal to a file
  audit import --in FILE.jsonl --data DIR
                              restore an exported journal into a new, empty profile
  ib check [--host H] [--port P] [--client-id N] [--timeout S] [--json]
                              connect to TWS or IB Gateway (default 127.0.0.1:4002, client id 900): server
                              version, accounts (paper or live), data farms; exit 1 with the reason if not
  ib gateway-sim [--port 4002] [--account DU1234567] [--symbols AAPL,MSFT,SPY] [--seed N] [--tick-ms N]
                              a simulated IB Gateway on 127.0.0.1 (the tests' TWS protocol, a random-walk
                              market filling at its quotes): try --venue ib-paper without an IB account
  book replay --input ops.csv --out trades.csv [--impl native|ts]
                              replay order-book operations (op,id,side,price,qty) and write the trades
  bench book [--ops N] [--seed N] [--runs N] [--json]
                              order book throughput and latency, native against TypeScript
  bench killswitch [--iterations N] [--orders N] [--venue sim|ib-paper] [--json]
                              time from the kill switch to every resting order canceled
  bench analysts [--bars N] [--calls N] [--rows N] [--runs N] [--json]
                              technical analyst bars/s, model round trip, batch inference rows/s
  bench backtest [--instruments N] [--bars N] [--runs N] [--rss-bars N] [--json]
                              the whole backtest pipeline in bars/s; the S&P 500 backtest's wall time
  bench trace [--rows N] [--orders N] [--samples N] [--json]
                              the decision card's lookup on a large journal, against the scan it replaced
  bench latency [--bars N] [--bar-ms N] [--calls N] [--json]
                              a paper session: bar close to decision and to our order accepted; round trip vs echo
  bench sweep [--runs N] [--json]
                              a 16-point sweep on one worker thread, on two, and through Redis to two
                              \`quorum worker\` processes; the cores one worker keeps busy
  help                        this text

The data directory is --data DIR, else $QUORUM_DATA_DIR, else the app's data directory
(~/.config/Quorum on Linux). Its journal is quorum.sqlite.`;

/**
 * One command's entries of the help (`serve`, or every `bench …`), with the note on the data
 * directory; null for a word that is not a command.
 */
export function commandHelp(command: string): string | null {
  const entries: string[][] = [];
  let inside = false;
  for (const line of HELP.split('\n')) {
    if (line === 'Commands:') inside = true;
    else if (inside && line === '') break;
    else if (inside && /^ {2}\S/.test(line)) entries.push([line]);
    else if (inside) entries.at(-1)?.push(line);
  }
  if (command === 'help') return HELP;
  const mine = entries.filter((e) => e[0]!.slice(2).split(' ')[0] === command);
  if (!mine.length) return null;
  const footer = HELP.slice(HELP.lastIndexOf('\n\n') + 2);
  return `Usage:\n${mine.map((e) => e.join('\n')).join('\n')}\n\n${footer}`;
}
