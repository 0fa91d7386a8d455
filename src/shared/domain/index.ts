export * from './branded.ts';
export * from './instrument.ts';
export * from './market.ts';
export * from './orders.ts';
export * from './portfolio.ts';
export * from './signals.ts';
export * from './risk.ts';
export * from './consensus.ts';
