import type { Instrument, InstrumentId } from '../../../shared/domain/instrument.ts';

/** The instruments of the simulated market, with the prices their random walk starts from. */
export const SIMULATED_INSTRUMENTS: readonly { instrument: Instrument; startPrice: number }[] = [
  { instrument: simulated('SIM:ALPHA', 'ALPHA', 0.01), startPrice: 100 },
  { instrument: simulated('SIM:BRAVO', 'BRAVO', 0.01), startPrice: 42.5 },
  { instrument: simulated('SIM:CHARLIE', 'CHARLIE', 0.05), startPrice: 250 },
];

function simulated(id: string, symbol: string, tickSize: number): Instrument {
  return { id: id as InstrumentId, symbol, venue: 'SIM', currency: 'USD', tickSize, lotSize: 1 };
}
