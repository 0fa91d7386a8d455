import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS } from '../../../shared/domain/risk.ts';
import { silentLogger } from '../../../shared/logger.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
import type { EngineEvent, EventOf } from '../../../shared/messages/events.ts';
import { Kernel } from '../../engine/kernel.ts';
import { buildIbMarket } from './ib-market.ts';
import { registerServices } from '../../services/register-services.ts';
import { verifyChain } from '../../store/chain.ts';
import { Store } from '../../store/store.ts';
import { tempDir } from '../../store/store-fixtures.ts';
import { FakeGateway } from './fake-gateway.ts';
import type { IbVenue } from './ib-venue.ts';

const profile = tempDir('quorum-ib-drops-');
afterAll(profile.cleanup);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DISCONNECTS = 50;
const CLIENT_ID = 7;

// The venue-level test (ib-disconnects.test.ts) counts messages; this one runs a whole paper session
// on IB — risk gate, journal, portfolio — through the same 50 drops, and checks the books.
describe(`a paper session on IB through ${DISCONNECTS} dropped connections`, () => {
  it('journals every execution once, holds what the gateway holds, and its journal verifies', { timeout: 150_000 }, async () => {
    const gateway = await FakeGateway.start({ accounts: ['DU555'] });
    gateway.quote('AAPL', 99.99, 100.01, 0);
    const store = Store.open(profile.file('drops.sqlite'));
    const kernel = new Kernel({
      mode: 'paper',
      store,
      seed: 5,
      log: silentLogger,
      barIntervalMs: 1_000,
      ibMarket: buildIbMarket,
      feed: {
        kind: 'ib',
        endpoint: { host: '127.0.0.1', port: gateway.port, clientId: CLIENT_ID },
        account: { kind: 'paper' },
        symbols: ['AAPL'],
      },
    });
    registerServices(kernel);
    const events: EngineEvent[] = [];
    kernel.bus.subscribe<EngineEvent>('*', (e) => events.push(e));
    const venue = kernel.market.venue as unknown as IbVenue;
    try {
      kernel.start();
      const sessions = () => gateway.sessions.filter((s) => s.clientId === CLIENT_ID).length;
      for (let i = 0; i < 500 && !(venue.isConnected() && kernel.portfolio.mark('IB:AAPL')); i++) await wait(10);
      // The default limits would (rightly) stop a stream this fast.
      await kernel.services.call('risk.setLimits', { ...DEFAULT_RISK_LIMITS, maxOrdersPerSecond: 1_000, maxOrdersPerMinute: 10_000 });
      const random = new SeededRandom(17);
      let submitted = 0;
      for (let drop = 0; drop < DISCONNECTS; drop++) {
        const steps = 2 + Math.floor(random.next() * 4);
        const dropAt = Math.floor(random.next() * steps);
        for (let step = 0; step < steps; step++) {
          if (step === dropAt) gateway.dropClient(CLIENT_ID);
          const side = random.next() < 0.5 ? 'buy' : 'sell';
          const r = (await kernel.services.call('orders.submit', {
            instrumentId: 'IB:AAPL',
            side,
            type: 'limit',
            quantity: 1 + Math.floor(random.next() * 5),
            limitPrice: side === 'buy' ? 100.01 : 99.99,
            timeInForce: 'gtc',
          })) as { ok: boolean };
          if (r.ok) submitted++;
          // Someone takes the other side now and then.
          if (random.next() < 0.6) (side === 'buy' ? gateway.offer : gateway.bid).call(gateway, 'AAPL', side === 'buy' ? 100.01 : 99.99, 5);
          await wait(random.next() * 15);
        }
        // Back, and done reconciling (its report in), before the next round: the client paces its
        // messages (5 per 100 ms), so orders sent while the reconnect's requests queue would only
        // die in the next drop, which tests the pacing, not the books.
        const reported = () => events.filter((e) => e.type === 'BrokerReconciled').length;
        const back = () => sessions() === drop + 2 && venue.isConnected() && reported() === drop + 2;
        for (let i = 0; i < 1_500 && !back(); i++) await wait(10);
        expect(back(), `reconnected and reconciled after drop ${drop + 1}`).toBe(true);
        await wait(150);
      }
      // Quiet: every answer in.
      for (let last = -1, quiet = 0; quiet < 3; await wait(100)) {
        const now = events.length;
        quiet = now === last ? quiet + 1 : 0;
        last = now;
      }

      const fills = events.filter((e): e is EventOf<'OrderFilled'> => e.type === 'OrderFilled').map((e) => e.fill);
      expect(new Set(fills.map((f) => f.fillId)).size).toBe(fills.length);
      expect(fills.length).toBe(gateway.executions.length);
      expect((store.db.prepare('SELECT COUNT(*) AS n FROM fills').get() as { n: number }).n).toBe(gateway.executions.length);
      // No order id twice at the gateway; the book holds what IB holds.
      const placed = gateway.sessions.flatMap((s) => s.received).filter((f) => f[0] === '3' && Number(f[1]) >= 0);
      expect(new Set(placed.map((f) => f[1])).size).toBe(placed.length);
      expect(kernel.portfolio.holding('IB:AAPL').quantity).toBe(gateway.positions.get('AAPL') ?? 0);
      expect(verifyChain(store.journal.rows())).toMatchObject({ ok: true });
      // Every connection reconciled, never found the book and IB apart, and the last report has IB's
      // position equal to the book's.
      const reports = events.filter((e): e is EventOf<'BrokerReconciled'> => e.type === 'BrokerReconciled');
      expect(reports.length).toBe(DISCONNECTS + 1);
      expect(reports.at(-1)!.positions['IB:AAPL']).toBe(kernel.portfolio.holding('IB:AAPL').quantity);
      expect(events.some((e) => e.type === 'AlertRaised' && e.code === 'BROKER_POSITION_MISMATCH')).toBe(false);
      console.log(
        JSON.stringify({
          reconciliations: reports.length,
          refused: events.filter((e) => e.type === 'OrderDenied' || e.type === 'OrderRejected').length,
          submitted,
          placedAtGateway: placed.length,
          executions: fills.length,
          position: gateway.positions.get('AAPL') ?? 0,
        }),
      );
    } finally {
      kernel.stop();
      store.close();
      await gateway.stop();
    }
  });
});
