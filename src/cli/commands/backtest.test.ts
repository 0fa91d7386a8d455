import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../agents/store/database.ts';
import { JournalBlocks } from '../../agents/store/journal-blocks.ts';
import { runCli } from '../run-cli.ts';
import { headlineModelBytes } from '../../agents/analysts/news/headline-model.test-helper.ts';

const dir = mkdtempSync(join(tmpdir(), 'quorum-backtest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SP500 = new URL('../../../resources/data/sp500-2000.csv', import.meta.url).pathname;
const NEWS = new URL('../../../resources/data/sp500-news-sample.jsonl', import.meta.url).pathname;
const DEFAULT_MODEL = new URL('../../../resources/models/quorum-default.onnx', import.meta.url).pathname;
const KEYS = [
  'totalReturn',
  'cagr',
  'volatility',
  'sharpe',
  'sortino',
  'maxDrawdown',
  'calmar',
  'trades',
  'hitRate',
  'turnover',
  'fees',
  'exposure',
];

describe('quorum backtest', () => {
  it('prints the specified JSON with a buy-and-hold benchmark, writes the report and the trades', () => {
    const report = join(dir, 'report.html');
    const trades = join(dir, 'trades.csv');
    const r = runCli([
      'backtest',
      '--input',
      SP500,
      '--from',
      '2003-01-01',
      '--to',
      '2007-12-31',
      '--json',
      '--report',
      report,
      '--trades',
      trades,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    for (const key of KEYS) {
      expect(json, key).toHaveProperty(key);
      expect(json.benchmark, key).toHaveProperty(key);
    }
    // Buy-and-hold from the file's own closes over the same dates.
    const rows = readFileSync(SP500, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .filter((l) => l >= '2003-01-01' && l < '2008-01-01');
    const first = Number(rows[0]!.split(',')[4]);
    const last = Number(rows.at(-1)!.split(',')[4]);
    expect(json.benchmark.totalReturn).toBeCloseTo(last / first - 1, 10);
    // Returns, not bars: the first bar has none.
    expect(json.run.periods).toBe(rows.length - 1);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<h2>Equity</h2>');
    expect(html).toContain('Monthly returns');
    const csv = readFileSync(trades, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('time,instrument,side,quantity,price,fee,order_id,decision_id');
    expect(json.run.fills).toBeGreaterThan(0);
    expect(csv.length - 1).toBe(json.run.fills);
    expect(r.stderr).toContain(`wrote the trades to ${trades}`);
  });

  it('prints a table against buy-and-hold by default', () => {
    const r = runCli(['backtest', '--input', SP500, '--from', '2010-01-01', '--to', '2011-12-31']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/metric\s+strategy\s+buy & hold/);
    expect(r.stdout).toMatch(/Sharpe/);
    expect(r.stdout).not.toMatch(/less than a year/);
    // Three days of bars: its annualised figures are flagged, and an astronomical CAGR keeps to its column.
    const shortReport = join(dir, 'three-days.html');
    const days = runCli(['backtest', '--input', SP500, '--from', '2020-03-23', '--to', '2020-03-25', '--report', shortReport]);
    expect(days.code, days.stderr).toBe(0);
    expect(days.stdout).toMatch(/less than a year of bars \(2 returns\): CAGR, volatility, turnover and Calmar are annualised/);
    const cagr = /^CAGR +(\S+ %) +(\S+ %)$/m.exec(days.stdout);
    expect(cagr?.[2]).toMatch(/^\d\.\de\+\d+ %$/);
    expect(readFileSync(shortReport, 'utf8')).toMatch(
      /<b>less than a year of bars \(2 returns\): CAGR, volatility, turnover and Calmar are annualised from it<\/b>/,
    );
  });

  it('says when a breaker restricted the run to reducing orders, and why', () => {
    // A second file whose bars stop for two weeks in June 2001 while a position in it is open.
    const [header, ...rows] = readFileSync(SP500, 'utf8').trim().split('\n');
    const gapped = join(dir, 'gapped.csv');
    writeFileSync(gapped, [header, ...rows.filter((r) => r < '2001-06-01' || r > '2001-06-15')].join('\n'));
    const report = join(dir, 'restricted.html');
    const r = runCli(['backtest', '--input', SP500, '--input', gapped, '--from', '2001-01-01', '--to', '2002-12-31', '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    // The report marks the moment on the equity and drawdown charts.
    expect(
      readFileSync(report, 'utf8').match(/<line [^>]*stroke="#f0883e"[^>]*\/><text [^>]*>REDUCING from 2001-06-\d\d<\/text>/g),
    ).toHaveLength(2);
    expect(r.stdout).toMatch(
      /^REDUCING from 2001-06-\d\dT00:00:00\.000Z: No price for REPLAY:GAPPED for \d+ s while a position is open \(after that, only orders that reduce a position\)$/m,
    );
    // A trader who checks every morning: the run resumes at the next day's first bar, journaled as a command.
    const config = join(dir, 'resume.json');
    writeFileSync(config, JSON.stringify({ resumeAfterBreaker: 'next-day' }));
    const db = join(dir, 'resumed.sqlite');
    const args = ['backtest', '--input', SP500, '--input', gapped, '--from', '2001-01-01', '--to', '2002-12-31', '--config', config];
    const resumedReport = join(dir, 'resumed.html');
    const resumed = runCli([...args, '--db', db, '--report', resumedReport]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const html = readFileSync(resumedReport, 'utf8');
    expect(html).toMatch(/<b>REDUCING first at 2001-06-\d\d.*<b>resumed \d+× at a new day's first bar/);
    expect(html).toMatch(/>REDUCING first at 2001-06-\d\d<\/text>/);
    expect(resumed.stdout).toMatch(/^REDUCING first at 2001-06-\d\dT00:00:00\.000Z: No price for REPLAY:GAPPED/m);
    expect(resumed.stdout).toMatch(/^resumed \d+ times?, each at a new day's first bar \(resumeAfterBreaker: next-day\)$/m);
    const json = JSON.parse(runCli([...args, '--json']).stdout);
    const kept = JSON.parse(runCli([...args.slice(0, -2), '--json']).stdout);
    expect(json.run.resumes).toBeGreaterThanOrEqual(1);
    expect(kept.run.resumes).toBe(0);
    expect(json.trades).toBeGreaterThan(kept.trades);
    const store = openDatabase(db, { readonly: true });
    const commands = [...JournalBlocks.read(store)!.records()].map((r) => r.record).filter((r) => r.type === 'ResumeTrading');
    store.close();
    expect(commands).toHaveLength(json.run.resumes);
    expect(commands.every((c) => c.source === 'backtest.policy')).toBe(true);
  });

  it('says what is wrong with bad input, and where', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5,abc,100\n');
    const malformed = runCli(['backtest', '--input', bad]);
    expect(malformed.stderr).toMatch(/bad\.csv: line 3, .*close/);
    expect(malformed.code).toBe(1);
    const missing = runCli(['backtest', '--input', join(dir, 'missing.csv')]);
    expect(missing.stderr).toMatch(/no such file/);
    expect(missing.code).toBe(2);
    expect(runCli(['backtest', '--input', SP500, '--from', '2010-13-45']).stderr).toMatch(/--from must be a date/);
    expect(runCli(['backtest', '--input', SP500, '--from', '2012-01-01', '--to', '2011-01-01']).stderr).toMatch(/is after --to/);
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ optimizer: { method: 'magic' } }));
    expect(runCli(['backtest', '--input', SP500, '--config', config]).stderr).toMatch(/config\.json: optimizer\.method: /);
    // Out-of-range numbers: one line naming the field (startingCash 1e308 had printed a page of stack).
    writeFileSync(config, JSON.stringify({ startingCash: 1e308 }));
    const huge = runCli(['backtest', '--input', SP500, '--config', config]);
    expect(huge.stderr).toMatch(/config\.json: startingCash: /);
    expect(huge.stderr.trim().split('\n')).toHaveLength(1);
    writeFileSync(config, JSON.stringify({ risk: { maxOrderNotional: 1e308 } }));
    expect(runCli(['backtest', '--input', SP500, '--config', config]).stderr).toMatch(/config\.json: risk\.maxOrderNotional: /);
    writeFileSync(config, JSON.stringify({ consensus: { minVoter: 2 } }));
    expect(runCli(['backtest', '--input', SP500, '--config', config]).stderr).toMatch(/config\.json: consensus: .*minVoter/);
    // A weight for an agent that does not vote is kept out of the run, and the trader hears of it.
    writeFileSync(config, JSON.stringify({ consensus: { weights: { 'analyst.technicl': 2, 'analyst.regime': 0.5 } } }));
    const typo = runCli(['backtest', '--input', SP500, '--from', '2020-01-01', '--config', config]);
    expect(typo.code, typo.stderr).toBe(0);
    expect(typo.stderr).toMatch(
      /warning: consensus\.weights names analyst\.technicl, which does not vote in this run \(the voters: analyst\.technical, analyst\.regime\)/,
    );
    expect(typo.stderr).not.toMatch(/names analyst\.regime/);
    writeFileSync(config, '{ not json');
    expect(runCli(['backtest', '--input', SP500, '--config', config]).stderr).toMatch(/config\.json: not JSON/);
    expect(runCli(['backtest']).stderr).toMatch(/usage: quorum backtest/);
    const db = join(dir, 'kept.sqlite');
    expect(runCli(['backtest', '--input', SP500, '--from', '2019-01-01', '--db', db]).code).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(runCli(['backtest', '--input', SP500, '--db', db]).stderr).toMatch(/exists; a backtest writes its journal into a new database/);
  });

  it("scores the headlines with --news-model in the lexicon's place: the news votes turn, and each says which model scored it", () => {
    const model = join(dir, 'contrarian.onnx');
    writeFileSync(model, headlineModelBytes());
    const votes = (extra: string[]) => {
      const db = join(dir, `news-${extra.length}.sqlite`);
      const r = runCli(['backtest', '--input', SP500, '--from', '2008-09-01', '--to', '2008-10-31', '--news', NEWS, '--db', db, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const journal = openDatabase(db);
      const rows = [...JournalBlocks.read(journal)!.records()].map((r) => r.record).filter((r) => r.type === 'DecisionMade');
      journal.close();
      type Vote = { agentId: string; signal: { direction: number; rationale: { summary: string } } };
      return rows.flatMap((row) =>
        (row as unknown as { decision: { votes: Vote[] } }).decision.votes.filter((v) => v.agentId === 'analyst.news'),
      );
    };
    const lexicon = votes([]);
    const contrarian = votes(['--news-model', model]);
    expect(lexicon.length).toBeGreaterThan(0);
    expect(contrarian.map((v) => Math.sign(v.signal.direction))).toEqual(lexicon.map((v) => -Math.sign(v.signal.direction)));
    expect(contrarian.every((v) => v.signal.rationale.summary.includes(' scored by contrarian@batch: '))).toBe(true);
    expect(lexicon.some((v) => v.signal.rationale.summary.includes('scored by'))).toBe(false);
    // Without --news, and with a model that scores bars, it says what is wrong.
    expect(runCli(['backtest', '--input', SP500, '--news-model', model]).stderr).toMatch(
      /--news-model scores the headlines of --news FILE: give --news too/,
    );
    const bars = runCli(['backtest', '--input', SP500, '--news', NEWS, '--news-model', DEFAULT_MODEL]);
    expect(bars.code).toBe(2);
    expect(bars.stderr).toMatch(/quorum-default\.onnx scores bars, not headlines .*: give it with --model/);
  });
});
