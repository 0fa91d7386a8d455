import type { JournalRow } from '../../shared/contracts/audit.contract.ts';
import type { EngineCommand } from '../../shared/messages/commands.ts';
import type { EngineEvent, EventOf } from '../../shared/messages/events.ts';
import type { TradingStatus } from '../../shared/contracts/trading.contract.ts';
import { openDatabase, type Db } from './database.ts';
import { Journal, type Journalable } from './journal.ts';
import { isKnownClientOrderId, project, readTradingState } from './projections.ts';
import { readFill } from './order-projections.ts';
import type { Fill } from '../../shared/domain/orders.ts';
import { BarStore } from './bar-store.ts';
import { CheckpointStore } from './checkpoint-store.ts';
import { decodeBlock, type BlockChainWriter, type JournalBlock } from './block-chain.ts';
import { JournalBlocks } from './journal-blocks.ts';

/**
 * The engine's one door to its SQLite file (DESIGN.md §5): the journal, the projections it drives,
 * recorded bars and agent checkpoints. The engine is the only writer.
 */
export class Store {
  readonly db: Db;
  readonly journal: Journal;
  readonly bars: BarStore;
  readonly checkpoints: CheckpointStore;
  readonly file: string;
  private readonly recordTx;
  /** A backtest's journal: records in chained blocks instead of one row each (`useBlockJournal`). */
  private blocks: BlockChainWriter | null = null;
  /** With a block journal, the client order ids submitted so far (its projections wait for `projectJournal`). */
  private readonly submittedOrderIds = new Set<string>();

  private constructor(db: Db, file: string) {
    this.db = db;
    this.file = file;
    this.journal = new Journal(db);
    this.bars = new BarStore(db);
    this.checkpoints = new CheckpointStore(db);
    this.recordTx = db.transaction((messages: readonly Journalable[]) => this.apply(messages));
  }

  static open(file: string): Store {
    return new Store(openDatabase(file), file);
  }

  /** The SQLite library's version (better-sqlite3 bundles its own). */
  sqliteVersion(): string {
    return this.db.prepare('SELECT sqlite_version()').pluck().get() as string;
  }

  /**
   * Journals messages and applies their projections, all in one transaction — or inside the caller's,
   * when one is open (a backtest commits its steps in batches; a savepoint per message would cost
   * more than the message). A block journal writes nothing per message (its blocks are inserted as
   * they close), so it needs no transaction to be asked about: that question had been 3 % of a
   * backtest.
   */
  record(...messages: (EngineEvent | EngineCommand)[]): void {
    if (this.blocks || this.db.inTransaction) this.apply(messages);
    else this.rollingBack(() => this.recordTx(messages));
  }

  private apply(messages: readonly Journalable[]): void {
    const blocks = this.blocks;
    if (blocks)
      for (const m of messages) {
        blocks.append(m);
        if (m.type === 'OrderSubmitted') this.submittedOrderIds.add((m as EventOf<'OrderSubmitted'>).order.clientOrderId);
      }
    else for (const m of messages) project(this.db, m, this.journal.append(m).seq);
  }

  /** Restores an exported chain into an empty journal and rebuilds the projections from it. */
  importRows(rows: readonly JournalRow[]): void {
    if (this.journal.headSeq !== 0) throw new Error(`the journal in ${this.file} is not empty; import needs a new profile`);
    this.db.transaction(() => {
      for (const row of rows) {
        this.journal.appendRow(row);
        project(this.db, JSON.parse(row.payload) as Journalable, row.seq);
      }
    })();
  }

  /** A new account's starting cash (a backtest sets its own before its first event). */
  setStartingCash(cash: number): void {
    this.db.prepare('UPDATE account SET starting_cash = ?, cash = ? WHERE id = 1').run(cash, cash);
  }

  /**
   * The next order id for a broker connection (`venue`: e.g. `ibkr:<account>:<client id>`): at
   * least `candidate` and above every id given out before, written before it is returned, so an id
   * sent to the broker is never given out again, whatever happens to the process after.
   */
  reserveBrokerOrderId(venue: string, candidate: number, clientOrderId: string): number {
    let id = candidate;
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT highest FROM broker_order_ids WHERE venue = ?').get(venue) as { highest: number } | undefined;
      id = Math.max(candidate, (row?.highest ?? -1) + 1);
      this.db
        .prepare('INSERT INTO broker_order_ids (venue, highest) VALUES (?, ?) ON CONFLICT (venue) DO UPDATE SET highest = excluded.highest')
        .run(venue, id);
      this.db.prepare('INSERT INTO broker_orders (venue, broker_order_id, client_order_id) VALUES (?, ?, ?)').run(venue, id, clientOrderId);
    })();
    return id;
  }

  /** Whether a fill is journaled (its projection row exists): a broker's execution is published once. */
  /** A journaled fill as it stands now (a broker's corrections applied), or null. */
  journaledFill(fillId: string): Fill | null {
    return readFill(this.db, fillId);
  }

  isCorrectionJournaled(correctionId: string): boolean {
    return this.db.prepare('SELECT 1 FROM fill_corrections WHERE correction_id = ?').get(correctionId) !== undefined;
  }

  /** For a database thrown away after the run: no durability, no WAL (a backtest's scratch journal). */
  useScratchMode(): void {
    this.db.pragma('journal_mode = MEMORY');
    this.db.pragma('synchronous = OFF');
  }

  /**
   * A backtest journals in blocks from here on (issue 19, decision 1): each record is encoded into
   * the open block, blocks are chained and written as they fill; `flush` the writer at the run's
   * end, inside its last transaction. A paper or live session never calls this: its journal stays
   * one chained row per event.
   *
   * Its projections (orders, fills, holdings, …) are not written as the records come but by
   * `projectJournal` at the end, when the database is kept, or never, when it is thrown away.
   * Nothing in a running backtest reads them but whether a client order id is known
   * (`isKnownClientOrderId`), which is then answered from memory. One to three statements a record
   * had been a tenth of a backtest's time.
   */
  useBlockJournal(): BlockChainWriter {
    if (this.journal.headSeq !== 0) throw new Error(`${this.file} already holds a journal of rows`);
    this.blocks = JournalBlocks.create(this.db).writer();
    return this.blocks;
  }

  /** Whether an order with this client order id was ever submitted (the pre-trade check refuses it again). */
  isKnownClientOrderId(id: string): boolean {
    return this.blocks ? this.submittedOrderIds.has(id) : isKnownClientOrderId(this.db, id);
  }

  /**
   * Writes the projections of every record in the block journal, each with its seq, as they would
   * have been written as it came (a backtest whose database is kept). After
   * the writer's last `flush`, inside the run's last transaction.
   */
  projectJournal(): void {
    for (const b of JournalBlocks.read(this.db)?.eachApart() ?? [])
      decodeBlock(b.bytes).forEach((r, i) => project(this.db, r, b.firstSeq + i));
  }

  /** The blocks of a backtest's journal as written so far (after the writer's last `flush`, all of them). */
  journalBlocks(): JournalBlock[] {
    return [...(JournalBlocks.read(this.db)?.all() ?? [])];
  }

  /**
   * Runs `work` in one transaction (a backtest commits its steps in batches). On failure it rolls
   * back and takes the journal's head from the file again, so the chain continues from what was committed.
   */
  transaction(work: () => void): void {
    this.rollingBack(() => this.db.transaction(work)());
  }

  /** Runs a transaction; if it rolls back, the journal's head is taken from the file again. */
  private rollingBack(run: () => void): void {
    try {
      run();
    } catch (err) {
      this.journal.reload();
      throw err;
    }
  }

  /** Opens a batch that `commitBatch` ends; for a loop whose steps are not one function. */
  beginBatch(): void {
    this.db.exec('BEGIN');
  }

  commitBatch(): void {
    this.db.exec('COMMIT');
  }

  tradingState(): TradingStatus {
    return readTradingState(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
