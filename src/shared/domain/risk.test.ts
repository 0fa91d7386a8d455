import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS, RiskLimitsSchema } from './risk.ts';

describe('risk limits', () => {
  it('refuse values no real limit reaches, naming the field (1e308 had been accepted)', () => {
    for (const [field, value] of [
      ['maxOrderNotional', 1e308],
      ['maxGrossExposure', Infinity],
      ['maxOrdersPerSecond', 1e9],
      ['staleDataMs', 1e308],
    ] as const) {
      const r = RiskLimitsSchema.safeParse({ ...DEFAULT_RISK_LIMITS, [field]: value });
      expect(r.success, field).toBe(false);
      expect(r.error?.issues[0]?.path, field).toEqual([field]);
    }
    expect(RiskLimitsSchema.safeParse(DEFAULT_RISK_LIMITS).success).toBe(true);
  });
});
