import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../agents/store/store-fixtures.ts';
import { runCli } from '../run-cli.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);
const MODEL = new URL('../../../resources/models/quorum-default.onnx', import.meta.url).pathname;

describe('quorum model (no server running)', () => {
  it('refuses a file that is not a model without making a profile for it', () => {
    const data = join(tmp.dir, 'new-profile');
    const notModel = join(tmp.dir, 'bars.csv');
    writeFileSync(notModel, 'date,open,high,low,close,volume\n2020-01-02,1,2,0.5,1.5,100\n');
    const r = runCli(['model', 'import', notModel, '--data', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bars\.csv: not a valid ONNX/);
    expect(existsSync(join(data, 'quorum.sqlite'))).toBe(false);
    expect(runCli(['model', 'list', '--data', data]).stderr).toMatch(/no Quorum data in/);
  });

  it('registers a model in a new profile, lists it, and refuses the same file twice', () => {
    const data = join(tmp.dir, 'models');
    const first = runCli(['model', 'import', MODEL, '--name', 'spx', '--data', data]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/registered spx@1 \(sha256 [0-9a-f]{64}\).*loaded on cpu/);
    const listed = JSON.parse(runCli(['model', 'list', '--json', '--data', data]).stdout);
    expect(listed.map((m: { id: string }) => m.id)).toEqual(['spx@1']);
    const again = runCli(['model', 'import', MODEL, '--name', 'spx', '--data', data]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already registered as spx@1/);
    expect(JSON.parse(runCli(['model', 'list', '--json', '--data', data]).stdout)).toHaveLength(1);

    // Demote and promote are shadow and activate, journaled in the profile without a server.
    expect(runCli(['model', 'demote', 'spx@1', '--data', data]).stdout).toMatch(/spx@1 is now shadow/);
    expect(runCli(['model', 'promote', 'spx@1', '--data', data]).stdout).toMatch(/spx@1 is now active/);
    expect(JSON.parse(runCli(['model', 'list', '--json', '--data', data]).stdout)[0].status).toBe('active');
  });
});
