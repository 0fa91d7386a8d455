import { auditContract } from '../../shared/contracts/audit.contract.ts';
import { marketContract } from '../../shared/contracts/market.contract.ts';
import { systemContract } from '../../shared/contracts/system.contract.ts';
import { tradingContract } from '../../shared/contracts/trading.contract.ts';
import { verifyChain } from '../store/chain.ts';
import { SIMULATED_INSTRUMENTS } from '../venues/simulated/sim-instruments.ts';
import type { Kernel } from '../engine/kernel.ts';

/** The engine side of shared/contracts: what the UI may ask. */
export function registerEngineServices(kernel: Kernel): void {
  const { services, store, clock } = kernel;

  services.register(systemContract, {
    info: () => ({
      version: kernel.options.version ?? '0.0.0',
      mode: kernel.options.mode,
      venue: 'simulated',
      feed: 'Simulated market (random walk)',
      seed: kernel.options.seed,
      sessionId: kernel.sessionId,
      dataFile: store.file,
      startedAt: kernel.startedAt,
      nativeBook: false,
    }),
    health: async () => ({ inference: await kernel.inference.check(), journalSeq: store.journal.headSeq }),
  });

  services.register(tradingContract, {
    getState: () => kernel.tradingState.current,
    halt: ({ reason, flatten }) => {
      const now = clock.now();
      kernel.dispatch({ type: 'HaltTrading', tsEvent: now, tsInit: now, source: 'trader', reason, flatten });
      return kernel.tradingState.current;
    },
    resume: ({ reason }) => {
      const now = clock.now();
      kernel.dispatch({ type: 'ResumeTrading', tsEvent: now, tsInit: now, source: 'trader', reason });
      return kernel.tradingState.current;
    },
  });

  services.register(marketContract, {
    instruments: () => SIMULATED_INSTRUMENTS.map((i) => i.instrument),
    bars: ({ instrumentId, limit }) => store.bars.latest(instrumentId, limit),
  });

  services.register(auditContract, {
    recent: ({ limit }) => store.journal.recent(limit),
    verify: () => verifyChain(store.journal.rows()),
  });
}
