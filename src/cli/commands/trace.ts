import { tracePhase } from '../../shared/contracts/trace.contract.ts';
import { traceFill, traceOrder } from '../../agents/store/order-trace.ts';
import { CliError } from '../cli-error.ts';
import { journalFile, parseOptions, requireJournalFile } from '../cli-options.ts';
import { openReadable } from '../open-readable.ts';
import { JournalBlocks } from '../../agents/store/journal-blocks.ts';

/**
 * `quorum trace CLIENT_ORDER_ID | --fill FILL_ID [--json]`: the decision card at a terminal, from the
 * profile's journal (read-only), or a backtest's (`--db FILE`, its blocks decoded): each step
 * labelled observe · reason, plan, act, then validate.
 */
export function runTrace(args: string[]): number {
  const { values, positionals } = parseOptions(args, {
    data: { type: 'string' },
    db: { type: 'string' },
    fill: { type: 'string' },
    json: { type: 'boolean' },
  });
  const orderId = positionals[0];
  if (!orderId === !values.fill)
    throw new CliError("usage: quorum trace CLIENT_ORDER_ID | --fill FILL_ID [--json] [--data DIR | --db FILE (a backtest's)]");
  const file = journalFile(values);
  requireJournalFile(file, values);
  const db = openReadable(file);
  try {
    JournalBlocks.read(db)?.decodeIntoTempJournal();
    let trace;
    try {
      trace = values.fill ? traceFill(db, values.fill) : traceOrder(db, orderId!);
    } catch (err) {
      throw new CliError((err as Error).message, 1);
    }
    if (values.json) {
      console.log(JSON.stringify(trace, null, 2));
      return 0;
    }
    console.log(
      `order ${trace.clientOrderId} · decision ${trace.decisionId ?? 'none (the trader or an algorithm)'} · algorithm ${trace.parentId ?? 'none'}`,
    );
    for (const s of trace.steps)
      console.log(
        `${tracePhase(s.type).padEnd(17)} ${new Date(s.ts).toISOString().replace('T', ' ').slice(0, 19)}  ${s.type} (${s.source})\n${' '.repeat(18)}${s.summary}`,
      );
    const v = trace.validation;
    if (v)
      console.log(
        `${'validate'.padEnd(17)} ${v.verdict}: ${v.movePercent === null ? 'no bar past the horizon yet' : `${v.decisionPrice} → ${v.priceAfter} (${v.movePercent.toFixed(2)} %)`}; slippage ${v.slippageBps === null ? '—' : `${v.slippageBps.toFixed(1)} bp`} against the decision price`,
      );
    return 0;
  } finally {
    db.close();
  }
}
