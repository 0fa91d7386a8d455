import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import type { Supervisor } from '../../host/supervisor.ts';

/** What the metrics endpoint needs of the serve host: its supervised processes and the engine's own metrics. */
export interface MetricsSource {
  readonly engine: Supervisor;
  readonly inference: Supervisor;
  engineMetrics(timeoutMs?: number): Promise<string | null>;
}

/**
 * `quorum serve --metrics-port N`: Prometheus text on http://127.0.0.1:N/metrics (the host's
 * process metrics beside the engine's, both from prom-client registries) and `/healthz` (200 while
 * the engine and inference processes run, 503 otherwise, with their states as JSON).
 */
export async function startMetricsServer(source: MetricsSource, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const register = new Registry();
  const processes = () => [source.engine, source.inference].map((s) => s.status());
  new Gauge({
    name: 'quorum_process_up',
    help: 'Whether a supervised process (engine, inference) is running',
    labelNames: ['process'],
    registers: [register],
    collect() {
      for (const p of processes()) this.set({ process: p.name }, p.state === 'running' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'quorum_process_restarts',
    help: 'Restarts of a supervised process since the host started (a crash, a hang, a venue switch)',
    labelNames: ['process'],
    registers: [register],
    collect() {
      for (const p of processes()) this.set({ process: p.name }, p.restarts);
    },
  });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (path === '/healthz') {
      const list = processes();
      const ok = list.every((p) => p.state === 'running');
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok, processes: Object.fromEntries(list.map((p) => [p.name, p.state])) }));
    }
    if (path !== '/metrics') return void res.writeHead(404).end();
    void (async () => {
      const engine = await source.engineMetrics();
      const own = await register.metrics();
      res.writeHead(200, { 'content-type': register.contentType });
      res.end(own + (engine ?? "# the engine's metrics are missing: it is not running or did not answer within 1 s\n"));
    })().catch((err: Error) => res.writeHead(500).end(err.message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
