import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../shared/domain/instrument.ts';
import { ticketUnits } from './order-ticket.ts';

const instrument = { id: 'SIM:ALPHA', symbol: 'ALPHA', venue: 'SIM', currency: 'USD', tickSize: 0.01, lotSize: 1 } as Instrument;
const lot100 = { ...instrument, id: 'SIM:LOTS', lotSize: 100 } as Instrument;

describe('a trader ticket in the instrument units', () => {
  it('refuses a quantity that is not a whole number of lots, naming the field (0.5 had been approved as 0)', () => {
    expect(ticketUnits(instrument, 0.5)).toEqual({
      ok: false,
      error: 'quantity: 0.5 is not a whole number of lots (lot size 1) for SIM:ALPHA',
    });
    expect(ticketUnits(lot100, 150)).toMatchObject({ ok: false, error: expect.stringContaining('lot size 100') });
    expect(ticketUnits(lot100, 300)).toEqual({ ok: true, quantity: 300 });
  });

  it('refuses a limit price that rounding would turn into Infinity or 0', () => {
    expect(ticketUnits(instrument, 10, { limitPrice: 1e308 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^limitPrice: 1e\+308 is above/),
    });
    expect(ticketUnits(instrument, 10, { limitPrice: 0.001 })).toMatchObject({
      ok: false,
      error: 'limitPrice: 0.001 rounds to 0 at the tick size 0.01',
    });
    expect(ticketUnits(instrument, 10, { limitPrice: 101.234 })).toEqual({ ok: true, quantity: 10, limitPrice: 101.23 });
  });

  it('rounds and checks a stop price as it does a limit price, naming the field', () => {
    expect(ticketUnits(instrument, 10, { stopPrice: 0.004 })).toMatchObject({
      ok: false,
      error: 'stopPrice: 0.004 rounds to 0 at the tick size 0.01',
    });
    expect(ticketUnits(instrument, 10, { limitPrice: 101.5, stopPrice: 101.204 })).toEqual({
      ok: true,
      quantity: 10,
      limitPrice: 101.5,
      stopPrice: 101.2,
    });
  });
});
