// The import table of DESIGN.md §2 and the package rules under it, as data. The ESLint rule in
// layers-rule.js enforces exactly this; change the design and this file together.

/** Which layers each layer may import (by relative path). */
export const LAYER_IMPORTS = {
  shared: ['shared'],
  native: ['shared', 'native'],
  agents: ['shared', 'native', 'agents'],
  host: ['shared', 'host'],
  main: ['shared', 'host', 'main'],
  preload: ['shared', 'preload'],
  renderer: ['shared', 'renderer'],
  cli: ['shared', 'native', 'agents', 'host', 'cli'],
};

/** Packages only some folders may import (prefix of the path below src/). */
export const PACKAGE_HOMES = {
  electron: ['main/', 'preload/'],
  'better-sqlite3': ['agents/store/'],
  msgpackr: ['agents/store/'],
  'onnxruntime-node': ['agents/inference/'],
  '@stoqey/ib': ['agents/venues/ibkr/', 'host/emergency'],
  bullmq: ['agents/backtest/queue/'],
  ioredis: ['agents/backtest/queue/'],
  'prom-client': ['agents/engine/engine-metrics', 'cli/serve/metrics-server'],
  'afinn-165-financialmarketnews': ['agents/analysts/news/'],
  'pino-roll': ['main/desktop-log'],
  react: ['renderer/'],
  'react-dom': ['renderer/'],
  zustand: ['renderer/'],
  'lightweight-charts': ['renderer/'],
};

/** Layers where Node's built-in modules do not exist. */
export const NO_NODE_BUILTINS = ['shared', 'renderer'];
