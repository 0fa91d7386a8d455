import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../shared/domain/market.ts';
import { ParentOrderSpecSchema } from '../../shared/domain/execution.ts';
import { apportion, povPreview, twapSchedule, volumeProfile, vwapSchedule } from './schedules.ts';

const spec = (over: object) =>
  ParentOrderSpecSchema.parse({ instrumentId: 'SIM:ALPHA', side: 'buy', quantity: 1000, algo: 'twap', ...over });

describe('child-order schedules', () => {
  it('apportions whole units, exactly the total, in proportion', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(100, [1, 3])).toEqual([25, 75]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (total, w) => {
          const parts = apportion(total, w);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
          expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
        },
      ),
    );
  });

  it('TWAP: equal slices at equal intervals', () => {
    expect(twapSchedule(spec({ quantity: 1000, durationMs: 60_000, slices: 4 }), 1_000)).toEqual([
      { at: 1_000, quantity: 250 },
      { at: 16_000, quantity: 250 },
      { at: 31_000, quantity: 250 },
      { at: 46_000, quantity: 250 },
    ]);
  });

  it('VWAP: sizes slices by the volume seen at the same time of day on earlier days, flat without history', () => {
    const DAY = 86_400_000;
    const start = 10 * DAY + 3_600_000;
    const history: Bar[] = [];
    for (let d = 1; d <= 3; d++) {
      for (let m = 0; m < 4; m++) history.push({ ts: (10 - d) * DAY + 3_600_000 + m * 15_000, volume: m === 0 ? 300 : 100 } as Bar);
    }
    expect(volumeProfile(history, start, 60_000, 4)).toEqual([300, 100, 100, 100]);
    expect(vwapSchedule(spec({ algo: 'vwap', quantity: 600, durationMs: 60_000, slices: 4 }), start, history)).toEqual({
      profile: 'historical',
      schedule: [
        { at: start, quantity: 300 },
        { at: start + 15_000, quantity: 100 },
        { at: start + 30_000, quantity: 100 },
        { at: start + 45_000, quantity: 100 },
      ],
    });
    expect(vwapSchedule(spec({ algo: 'vwap', quantity: 600, durationMs: 60_000, slices: 4 }), start, []).profile).toBe('flat');
  });

  it('POV: estimates checks from the recent volume rate', () => {
    const p = povPreview(spec({ algo: 'pov', quantity: 250, participation: 0.1 }), 0, 1, 1_000);
    expect(p).toEqual([
      { at: 1_000, quantity: 100 },
      { at: 2_000, quantity: 100 },
      { at: 3_000, quantity: 50 },
    ]);
  });

  it('rejects a limit algo without a price, and absurd parameters', () => {
    expect(ParentOrderSpecSchema.safeParse({ instrumentId: 'X', side: 'buy', quantity: 10, algo: 'limit' }).success).toBe(false);
    expect(ParentOrderSpecSchema.safeParse({ instrumentId: 'X', side: 'buy', quantity: 10, algo: 'pov', participation: 0.9 }).success).toBe(
      false,
    );
  });
});
