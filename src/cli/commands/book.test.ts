import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../agents/store/store-fixtures.ts';
import { loadNativeBinding } from '../../native/index.ts';
import { runCli } from '../run-cli.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
const impls = loadNativeBinding().binding ? (['ts', 'native'] as const) : (['ts'] as const);

function replay(csv: string, impl: string, name = `ops-${impl}.csv`) {
  const input = join(tmp.dir, name);
  const out = join(tmp.dir, `${name}.trades.csv`);
  writeFileSync(input, csv);
  const r = runCli(['book', 'replay', '--input', input, '--out', out, '--impl', impl]);
  return { ...r, out, trades: existsSync(out) ? readFileSync(out, 'utf8') : null };
}

const SAMPLE = `OP,Id,Side,Price,Qty
add,1,sell,100.5,10
add,2,sell,100.25,5
add,3,buy,100.5,12
cancel,9,,,
modify,1,,100.50,2
market,4,buy,,3
modify,77,,101,1
add,5,buy,99,1
`;

describe.each(impls)('quorum book replay (--impl %s)', (impl) => {
  it('writes one row per trade, in order, with the 1-based seq of the operation that caused it', () => {
    const r = replay(SAMPLE, impl);
    expect(r.code).toBe(0);
    expect(r.trades).toBe('seq,taker_id,maker_id,price,qty\n3,3,2,100.25,5\n3,3,1,100.50,7\n6,4,1,100.50,2\n');
    expect(r.stdout).toContain('8 operations, 3 trades, 2 skipped; 1 orders resting');
  });

  it('reports and skips a cancel or modify of an unknown id, naming the line', () => {
    const r = replay(SAMPLE, impl);
    expect(r.stderr).toContain('line 5: cancel of unknown id 9: skipped');
    expect(r.stderr).toContain('line 8: modify of unknown id 77: skipped');
  });

  it.each([
    ['add,1,buy,NaN,5', 'line 2, price: "NaN" is not a positive decimal number'],
    ['add,1,buy,100,-5', 'line 2, qty: "-5" is not a positive decimal number'],
    ['add,1,buy,100,0', 'line 2, qty: must be greater than zero, got "0"'],
    ['add,1,hold,100,5', 'line 2, side: "hold" is not buy or sell'],
    ['replace,1,buy,100,5', 'line 2, op: "replace" is not one of add, cancel, modify, market'],
    ['add,x,buy,100,5', 'line 2, id: "x" is not a whole number ≥ 0'],
    ['market,1,buy,,', 'line 2, qty: "" is not a positive decimal number'],
  ])('stops at a malformed line and writes nothing: %s', (line, message) => {
    const r = replay(`op,id,side,price,qty\n${line}\nadd,2,sell,1,1\n`, impl, `bad-${impl}.csv`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('nothing was written');
    expect(r.trades).toBeNull();
  });

  it('refuses a file without the expected header', () => {
    const r = replay('foo,bar\n1,2\n', impl, `header-${impl}.csv`);
    expect(r.stderr).toContain('line 1: the header must name the columns op,id,side,price,qty');
  });
});

describe('both implementations', () => {
  it.skipIf(impls.length < 2)('write byte-identical trades for a long random file', () => {
    const lines = ['op,id,side,price,qty'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 1; i <= 20_000; i++) {
      const roll = rnd();
      const side = rnd() < 0.5 ? 'buy' : 'sell';
      const price = (100 + Math.floor(rnd() * 40) / 8).toFixed(3);
      if (roll < 0.6) lines.push(`add,${i},${side},${price},${1 + Math.floor(rnd() * 50)}`);
      else if (roll < 0.8) lines.push(`cancel,${Math.floor(rnd() * i)},,,`);
      else if (roll < 0.9) lines.push(`modify,${Math.floor(rnd() * i)},,${price},${1 + Math.floor(rnd() * 50)}`);
      else lines.push(`market,${i},${side},,${1 + Math.floor(rnd() * 80)}`);
    }
    const csv = lines.join('\n');
    const native = replay(csv, 'native', 'long.csv');
    const ts = replay(csv, 'ts', 'long.csv');
    expect(native.code).toBe(0);
    expect(native.trades!.split('\n').length).toBeGreaterThan(1000);
    expect(native.trades).toBe(ts.trades);
  });

  it('quorum bench book prints JSON with both implementations and the same trades', () => {
    const r = runCli(['bench', 'book', '--ops', '20000', '--runs', '1', '--json']);
    const result = JSON.parse(r.stdout);
    expect(result.ops).toBe(20000);
    expect(result.ts.batchOpsPerSec).toBeGreaterThan(0);
    if (impls.length === 2) {
      expect(result.native.batchOpsPerSec).toBeGreaterThan(0);
      expect(result.sameTrades).toBe(true);
      expect(typeof result.nativeOverTs).toBe('number');
    }
  });
});
