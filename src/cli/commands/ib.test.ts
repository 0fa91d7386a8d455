import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGateway } from '../../agents/venues/ibkr/fake-gateway.ts';
import { runCli, runCliAsync } from '../run-cli.ts';

let gateway: FakeGateway;
let taken: FakeGateway;
beforeAll(async () => {
  gateway = await FakeGateway.start({ accounts: ['DU1234567'] });
  taken = await FakeGateway.start({ takenClientIds: [900] });
});
afterAll(async () => {
  await gateway.stop();
  await taken.stop();
});

describe('quorum ib check', () => {
  it('prints the server version, the accounts and the farms, exit 0', async () => {
    const r = await runCliAsync(['ib', 'check', '--port', String(gateway.port)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^connected to 127\\.0\\.0\\.1:${gateway.port} as client 900 · server version 193`));
    expect(r.stdout).toMatch(/accounts: DU1234567 \(paper\)/);
    expect(r.stdout).toMatch(/2104 {2}Market data farm connection is OK:usfarm {2}\(a market data farm is connected\)/);
    const json = JSON.parse((await runCliAsync(['ib', 'check', '--port', String(gateway.port), '--json'])).stdout);
    expect(json).toMatchObject({ serverVersion: 193, accounts: [{ id: 'DU1234567', kind: 'paper' }] });
  });

  it('exits 1 with one line that says why: a taken client id, a bad flag', async () => {
    const r = await runCliAsync(['ib', 'check', '--port', String(taken.port)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`quorum: client id 900 is already in use on 127.0.0.1:${taken.port}: choose another (--client-id N)\n`);
    const bad = runCli(['ib', 'check', '--port', 'seventy']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port must be a whole number from 1 to 65535, not "seventy"/);
  });
});
