import { describe, expect, it } from 'vitest';
import { describeDenial } from './describe-denial.ts';

describe('describeDenial', () => {
  it('names the check, the order and the numbers that failed', () => {
    expect(
      describeDenial({
        reasonCode: 'MAX_ORDER_QUANTITY',
        detail: { check: 'order quantity', instrumentId: 'SIM:ALPHA', side: 'buy', quantity: 50_000, limit: 10_000 },
      }),
    ).toBe('Order denied by the order quantity check (MAX_ORDER_QUANTITY): buy 50000 SIM:ALPHA; limit 10000.');
    expect(
      describeDenial({
        reasonCode: 'PRICE_BAND',
        detail: { check: 'price band', instrumentId: 'SIM:ALPHA', side: 'sell', quantity: 5, lastPrice: 100.123456, distancePercent: 7.5 },
      }),
    ).toBe('Order denied by the price band check (PRICE_BAND): sell 5 SIM:ALPHA; lastPrice 100.1235, distancePercent 7.5.');
  });
});
