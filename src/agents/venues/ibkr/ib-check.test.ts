import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { accountKind } from './ib-codes.ts';
import { checkIbConnection } from './ib-check.ts';
import { LiveClock } from '../../engine/live-clock.ts';
import { FAKE_SERVER_VERSION, FakeGateway, IB_TEXT } from './fake-gateway.ts';

const clock = new LiveClock();
let gateway: FakeGateway | null = null;
afterEach(async () => {
  await gateway?.stop();
  gateway = null;
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describe('checking the connection to TWS or IB Gateway', () => {
  it('reports the server version, the accounts (paper or live) and the data farms, then disconnects', async () => {
    gateway = await FakeGateway.start({ accounts: ['DU1234567', 'U7654321'], nextValidId: 17 });
    const r = await checkIbConnection({ host: '127.0.0.1', port: gateway.port, clientId: 900 }, clock, { settleMs: 200 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report).toMatchObject({
      serverVersion: FAKE_SERVER_VERSION,
      clientId: 900,
      accounts: [
        { id: 'DU1234567', kind: 'paper' },
        { id: 'U7654321', kind: 'live' },
      ],
    });
    expect(r.report.messages.map((m) => m.code)).toEqual([2104, 2106, 2158]);
    expect(r.report.messages[0]!.text).toBe(IB_TEXT[2104]);
    // The gateway saw the API started with our client id, and nothing else asked of it.
    expect(gateway.sessions[0]!.clientId).toBe(900);
    expect(gateway.sessions[0]!.received.map((f) => f[0])).toEqual(['71']);
  });

  it('says that nothing listens, and where, when no TWS or Gateway runs', async () => {
    const port = await closedPort();
    const r = await checkIbConnection({ host: '127.0.0.1', port, clientId: 900 }, clock);
    expect(r).toEqual({
      ok: false,
      code: 502,
      reason: `nothing is listening on 127.0.0.1:${port}: is TWS or IB Gateway running, with the API enabled on port ${port}?`,
    });
  });

  it('says the client id is taken, and how to choose another', async () => {
    gateway = await FakeGateway.start({ takenClientIds: [0] });
    const r = await checkIbConnection({ host: '127.0.0.1', port: gateway.port, clientId: 0 }, clock);
    expect(r).toMatchObject({
      ok: false,
      code: 326,
      reason: `client id 0 is already in use on 127.0.0.1:${gateway.port}: choose another (--client-id N)`,
    });
  });

  it('gives up on a Gateway that never answers (waiting for its login) and says to log in', async () => {
    gateway = await FakeGateway.start({ silent: true });
    const r = await checkIbConnection({ host: '127.0.0.1', port: gateway.port, clientId: 900 }, clock, { timeoutMs: 500 });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.reason).toMatch(
        /no answer from 127\.0\.0\.1:\d+ within 0\.5 s: if IB Gateway waits for its second-factor login, log in to IB Gateway/,
      );
  });

  it('tells paper accounts from live ones by the first letter of the id', () => {
    expect(['DU111', 'DF222', 'U333', 'F444'].map(accountKind)).toEqual(['paper', 'paper', 'live', 'live']);
  });
});
