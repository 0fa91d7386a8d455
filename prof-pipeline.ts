import { BacktestConfigSchema } from './src/agents/backtest/backtest-config.ts';
import { runBacktest } from './src/agents/backtest/run-backtest.ts';
import { replayInstrument } from './src/agents/venues/simulated/paper-market.ts';
import { syntheticBars } from './src/cli/bench/analysts-bench.ts';
import { BarColumns } from './src/shared/market-data/bar-columns.ts';
const series = Array.from({ length: 10 }, (_, k) => {
  const instrument = replayInstrument(`BENCH${k}`);
  return { name: `b${k}`, instrument, bars: BarColumns.fromBars(syntheticBars(10000, 42 + k, instrument.id as never)) };
});
for (let r = 0; r < 4; r++) {
  const t0 = performance.now();
  runBacktest({ series, config: BacktestConfigSchema.parse({ seed: 42 }) });
  console.log(((100000 / (performance.now() - t0)) * 1000).toFixed(0), 'bars/s');
}
