import { createServer } from 'node:net';
import { EventName, IBApi } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../engine/clock.ts';
import { FakeGateway } from './fake-gateway.ts';
import { IbConnection } from './ib-connection.ts';

let gateway: FakeGateway | null = null;
let link: IbConnection | null = null;
afterEach(async () => {
  link?.stop();
  link = null;
  await gateway?.stop();
  gateway = null;
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string): Promise<void> {
  for (const end = Date.now() + 5_000; !check(); await wait(10)) if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

/** A supervisor on a real client, its timers on a clock the test moves (no retry fires unless asked). */
function supervise(port: number, clientId = 7) {
  const clock = new TestClock(Date.UTC(2026, 11, 3, 15));
  const alerts: string[] = [];
  const ib = new IBApi({ host: '127.0.0.1', port });
  ib.on(EventName.error, () => {});
  link = new IbConnection(ib, {
    endpoint: { host: '127.0.0.1', port, clientId },
    expect: { kind: 'paper' },
    clock,
    alert: (a) => alerts.push(a.code),
    restored: () => {},
  });
  ib.on(EventName.nextValidId, () => link!.opened());
  return { link, clock, alerts };
}

describe('the IB connection supervisor', () => {
  it('says the client id is taken and what to do, and does not call it connecting', async () => {
    gateway = await FakeGateway.start({ accounts: ['DU1'], takenClientIds: [7] });
    const s = supervise(gateway.port);
    s.link.start();
    await until(() => s.link.state === 'client-id-in-use', 'the refusal');
    expect(s.link.detail).toMatch(/client id 7 is already in use on 127\.0\.0\.1:\d+: choose another/);
    expect(s.link.up).toBe(false);
  });

  it('says nothing listens, and asks whether TWS or IB Gateway runs with the API on that port', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    const s = supervise(port);
    s.link.start();
    await until(() => /nothing is listening/.test(s.link.detail), 'the explanation');
    expect(s.link.snapshot()).toMatchObject({ state: 'connecting' });
    expect(s.link.detail).toContain(`is TWS or IB Gateway running, with the API enabled on port ${port}?`);
  });

  it('tells a gateway waiting for its second-factor login from one that answers', async () => {
    gateway = await FakeGateway.start({ silent: true });
    const s = supervise(gateway.port);
    s.link.start();
    await until(() => gateway!.sessions.length === 1, 'the socket accepted');
    s.clock.advanceBy(9_000);
    expect(s.link.state).toBe('connecting');
    s.clock.advanceBy(1_000);
    expect(s.link.snapshot()).toMatchObject({ state: 'waiting-for-login', detail: expect.stringContaining('log in to IB Gateway') });
    expect(s.alerts).toEqual([]);
  });

  it('refuses a live login in a paper session once, with an alert, and stays refused', async () => {
    gateway = await FakeGateway.start({ accounts: ['U222'] });
    const s = supervise(gateway.port);
    s.link.start();
    await until(() => s.link.state === 'refused', 'the refusal');
    expect(s.link.detail).toContain('account U222 is a live account');
    expect(s.alerts).toEqual(['ib-account-refused']);
    expect(s.link.opened()).toBe('refused');
  });
});
