import { afterAll, describe, expect, it } from 'vitest';
import { Store } from './store.ts';
import { tempDir } from './store-fixtures.ts';

const tmp = tempDir();
afterAll(tmp.cleanup);

describe('broker order ids', () => {
  it('never gives an id out twice, across a restart, whatever the broker proposes', () => {
    const file = tmp.file('ids.sqlite');
    const store = Store.open(file);
    // The broker's nextValidId (100) is the floor; each reservation is above every earlier one.
    expect([100, 100, 50, 300].map((c, i) => store.reserveBrokerOrderId('ibkr:DU1:11', c, `o${i}`))).toEqual([100, 101, 102, 300]);
    // Another connection (client id) counts apart.
    expect(store.reserveBrokerOrderId('ibkr:DU1:12', 1, 'p1')).toBe(1);
    store.close();
    // After a restart, a broker that proposes an old id (its nextValidId can lag) does not get it.
    const again = Store.open(file);
    expect(again.reserveBrokerOrderId('ibkr:DU1:11', 100, 'o4')).toBe(301);
    again.close();
  });
});
