import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestRuns } from '../../agents/store/backtest-runs.ts';
import { Store } from '../../agents/store/store.ts';
import { tempDir } from '../../agents/store/store-fixtures.ts';
import { runCli } from '../run-cli.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

function profileWith(rows: number, name: string): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  const store = Store.open(join(dir, 'quorum.sqlite'));
  for (let i = 0; i < rows; i++) {
    const [from, to] = i % 2 === 0 ? (['ACTIVE', 'HALTED'] as const) : (['HALTED', 'ACTIVE'] as const);
    store.record({ type: 'TradingStateChanged', tsEvent: i, tsInit: i, source: 'test', from, to, reason: `row ${i + 1}` });
  }
  store.close();
  return dir;
}

describe('quorum audit', () => {
  it('verify exits 0 on an intact chain', () => {
    const dir = profileWith(5, 'intact');
    const r = runCli(['audit', 'verify', '--data', dir]);
    expect(r.stdout).toContain('journal ok: 5 rows, chain intact');
    expect(r.code).toBe(0);
  });

  it('verify exits 1 and names the first bad seq after one stored byte is edited', () => {
    const dir = profileWith(6, 'tampered');
    const store = Store.open(join(dir, 'quorum.sqlite'));
    store.db.prepare("UPDATE journal SET payload = replace(payload, 'row 4', 'row X') WHERE seq = 4").run();
    store.close();
    const r = runCli(['audit', 'verify'], { QUORUM_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('journal BROKEN at seq 4: hash does not match the row contents');
  });

  it("verifies a backtest's journal in blocks (--db): the head the backtest reported, every run the same; an edited byte is named; exports its records", () => {
    const SP500 = new URL('../../../resources/data/sp500-2000.csv', import.meta.url).pathname;
    const heads = ['sp-a.sqlite', 'sp-b.sqlite'].map((name) => {
      const db = join(tmp.dir, name);
      const run = runCli(['backtest', '--input', SP500, '--from', '2008-01-01', '--to', '2009-12-31', '--db', db, '--json']);
      expect(run.code, run.stderr).toBe(0);
      const { journalHead, journalRows } = JSON.parse(run.stdout).run as { journalHead: string; journalRows: number };
      const verified = runCli(['audit', 'verify', '--db', db]);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(new RegExp(`^journal ok: ${journalRows} records in 1 blocks, chain intact, head ${journalHead}`));
      return journalHead;
    });
    expect(heads[1]).toBe(heads[0]);
    // The decision card of a fill, from the blocks: decision, targets, order, risk, fill, validation.
    const trades = join(tmp.dir, 'sp-trades.csv');
    const again = join(tmp.dir, 'sp-c.sqlite');
    expect(
      runCli(['backtest', '--input', SP500, '--from', '2008-01-01', '--to', '2009-12-31', '--db', again, '--trades', trades]).code,
    ).toBe(0);
    const orderId = readFileSync(trades, 'utf8').split('\n')[1]!.split(',')[6]!;
    const card = runCli(['trace', '--db', again, orderId]);
    expect(card.code, card.stderr).toBe(0);
    for (const step of ['DecisionMade (consensus.engine)', 'TargetsSet', 'OrderApproved (risk.manager)', 'OrderFilled', 'validate'])
      expect(card.stdout).toContain(step);
    // Its records, decoded: the decisions with their votes, in order.
    const out = join(tmp.dir, 'sp-a.jsonl');
    expect(runCli(['audit', 'export', '--db', join(tmp.dir, 'sp-a.sqlite'), '--format', 'jsonl', '--out', out]).code).toBe(0);
    const records = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; block: number; type: string; payload: string });
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    const decision = records.find((r) => r.type === 'DecisionMade')!;
    expect(JSON.parse(decision.payload).decision.votes.length).toBeGreaterThan(0);
    // One byte of the block changed: named.
    const store = Store.open(join(tmp.dir, 'sp-b.sqlite'));
    const bytes = Buffer.from(store.db.prepare('SELECT bytes FROM journal_blocks WHERE idx = 1').pluck().get() as Uint8Array);
    bytes[100]! ^= 1;
    store.db.prepare('UPDATE journal_blocks SET bytes = ? WHERE idx = 1').run(bytes);
    store.close();
    const broken = runCli(['audit', 'verify', '--db', join(tmp.dir, 'sp-b.sqlite')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("journal BROKEN at seq 1: block 1: hash does not match the block's contents");
    expect(runCli(['audit', 'verify', '--db', join(tmp.dir, 'none.sqlite')]).stderr).toContain('no such file');
    expect(runCli(['audit', 'verify', '--db', 'x', '--data', tmp.dir]).stderr).toContain('not both');
  });

  it('export writes CSV and JSONL, and import restores the same chain into a new profile', () => {
    const dir = profileWith(4, 'exported');
    const jsonl = join(tmp.dir, 'j.jsonl');
    const csv = join(tmp.dir, 'j.csv');
    expect(runCli(['audit', 'export', '--format', 'jsonl', '--out', jsonl, '--data', dir]).stdout).toContain('exported 4 rows');
    expect(runCli(['audit', 'export', '--format', 'csv', '--out', csv, '--data', dir]).code).toBe(0);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(5);
    const restored = join(tmp.dir, 'restored');
    const imported = runCli(['audit', 'import', '--in', jsonl, '--data', restored]);
    expect(imported.stdout).toContain('imported 4 rows');
    expect(runCli(['audit', 'export', '--format', 'jsonl', '--out', join(tmp.dir, 'again.jsonl'), '--data', restored]).code).toBe(0);
    expect(readFileSync(join(tmp.dir, 'again.jsonl'), 'utf8')).toBe(readFileSync(jsonl, 'utf8'));
    // Without --format, the file's extension says which.
    expect(runCli(['audit', 'export', '--out', join(tmp.dir, 'named.jsonl'), '--data', dir]).code).toBe(0);
    expect(readFileSync(join(tmp.dir, 'named.jsonl'), 'utf8')).toBe(readFileSync(jsonl, 'utf8'));
    expect(runCli(['audit', 'export', '--out', join(tmp.dir, 'named.CSV'), '--data', dir]).code).toBe(0);
    expect(readFileSync(join(tmp.dir, 'named.CSV'), 'utf8')).toBe(readFileSync(csv, 'utf8'));
    expect(runCli(['audit', 'export', '--out', join(tmp.dir, 'named.txt'), '--data', dir]).stderr).toContain(
      'named.txt: name a .csv or .jsonl file, or say --format csv|jsonl',
    );
  });

  it('says clearly what is wrong with bad input, and imports nothing from a broken file', () => {
    expect(runCli(['audit', 'verify', '--data', join(tmp.dir, 'nowhere')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no journal at'),
    });
    const dir = profileWith(1, 'fmt');
    expect(runCli(['audit', 'export', '--format', 'xml', '--out', 'x', '--data', dir]).stderr).toContain('--format must be csv or jsonl');
    const broken = join(tmp.dir, 'broken.jsonl');
    writeFileSync(broken, '{"seq":1}\n');
    const target = join(tmp.dir, 'untouched');
    const r = runCli(['audit', 'import', '--in', broken, '--data', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 1:');
    expect(r.stderr).toContain('nothing was imported');
    // A SQLite file with no journal: the runs' store, pointed to what verifies its kept decisions.
    const runsFile = join(tmp.dir, 'backtests.sqlite');
    BacktestRuns.open(runsFile).close();
    expect(runCli(['audit', 'verify', '--db', runsFile])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`${runsFile} is where sweeps and backtests are listed (backtests.sqlite), not a journal`),
    });
    expect(runCli(['nonsense']).stderr).toContain('unknown command "nonsense"');
    expect(runCli(['--help']).stdout).toContain('Usage: quorum <command>');
    // A command's own help, however it is asked for: its entries and nothing else, exit 0.
    for (const args of [
      ['sweep', '--help'],
      ['sweep', '-h'],
      ['help', 'sweep'],
    ]) {
      const help = runCli(args);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toContain('sweep --input FILE.csv');
      expect(help.stdout).not.toContain('serve [--port N]');
    }
    expect(runCli(['bench', '--help']).stdout).toMatch(/bench backtest[\s\S]*bench sweep/);
    expect(runCli(['nonsense', '--help'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "nonsense"') });
  });
});
