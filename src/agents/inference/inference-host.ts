import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { inferenceContract, type ExecutionProviderSetting, type LoadedModel } from '../../shared/contracts/inference.contract.ts';
import type { ServiceRegistry } from '../../shared/contracts/rpc-server.ts';
import type { Clock } from '../engine/clock.ts';
import { LiveClock } from '../engine/live-clock.ts';
import { LatencyStats } from '../models/latency-stats.ts';
import { openSession, runRows } from './onnx-session.ts';

interface Loaded {
  session: ort.InferenceSession;
  path: string;
  rowShape: number[];
  provider: string;
  fallbacks: string[];
  latency: LatencyStats;
  rows: number;
  errors: number;
}

// onnxruntime's own log would print every failed provider attempt; the fallbacks are reported instead.
ort.env.logLevel = 'fatal';

/** The onnxruntime-node package's version (its native library's). */
export function onnxruntimeVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common;
}

/**
 * The onnxruntime side of Quorum, in the inference process so that a crashing native model cannot
 * take the engine down: model sessions, the execution provider setting, per-model latency.
 */
export class InferenceHost {
  private readonly sessions = new Map<string, Loaded>();
  private setting: ExecutionProviderSetting;
  private readonly clock: Clock;

  constructor(setting: ExecutionProviderSetting = 'auto', clock: Clock = new LiveClock()) {
    this.setting = setting;
    this.clock = clock;
  }

  register(registry: ServiceRegistry): void {
    registry.register(inferenceContract, {
      status: () => ({
        runtime: 'onnxruntime-node',
        version: onnxruntimeVersion(),
        backends: ort.listSupportedBackends().map((b) => (b.bundled ? b.name : `${b.name} (not installed)`)),
        providerSetting: this.setting,
        models: [...this.sessions].map(([id, s]) => this.describe(id, s)),
      }),
      probe: (input) => this.probe(input.path, input.rowShape),
      load: async (input) => {
        const opened = await openSession(readFileSync(input.path), this.setting);
        await this.sessions.get(input.modelId)?.session.release();
        this.sessions.set(input.modelId, {
          ...opened,
          path: input.path,
          rowShape: input.rowShape,
          latency: new LatencyStats(),
          rows: 0,
          errors: 0,
        });
        return { provider: opened.provider, fallbacks: opened.fallbacks };
      },
      unload: async ({ modelId }) => {
        const s = this.sessions.get(modelId);
        this.sessions.delete(modelId);
        await s?.session.release();
        return { unloaded: s !== undefined };
      },
      predict: async ({ modelId, rows, data }) => {
        const s = this.sessions.get(modelId);
        if (!s) throw new Error(`model ${modelId} is not loaded`);
        const t0 = this.clock.monotonic();
        try {
          const out = await runRows(s.session, Float32Array.from(data), rows, s.rowShape);
          const ms = this.clock.monotonic() - t0;
          s.latency.add(ms);
          s.rows += rows;
          return { values: Array.from(out.subarray(0, rows), (v) => (Number.isFinite(v) ? v : null)), ms };
        } catch (err) {
          s.errors++;
          throw err;
        }
      },
      setProvider: async ({ setting }) => {
        this.setting = setting;
        const reloaded: { id: string; provider: string }[] = [];
        for (const [id, s] of this.sessions) {
          const opened = await openSession(readFileSync(s.path), setting);
          await s.session.release();
          this.sessions.set(id, { ...s, ...opened });
          reloaded.push({ id, provider: opened.provider });
        }
        return { reloaded };
      },
    });
  }

  async probe(path: string, rowShape: number[]): Promise<{ provider: string; fallbacks: string[]; sample: number[] }> {
    const opened = await openSession(readFileSync(path), this.setting);
    try {
      const width = rowShape.reduce((a, b) => a * b, 1);
      const out = await runRows(opened.session, new Float32Array(2 * width), 2, rowShape);
      if (out.length < 2) throw new Error(`the model returned ${out.length} value(s) for 2 rows; one per row is needed`);
      const sample = Array.from(out.subarray(0, 2));
      if (!sample.every(Number.isFinite))
        throw new Error(`the model returned a non-finite value (${sample.join(', ')}) for a row of zeros`);
      return { provider: opened.provider, fallbacks: opened.fallbacks, sample };
    } finally {
      await opened.session.release();
    }
  }

  private describe(id: string, s: Loaded): LoadedModel {
    return {
      id,
      provider: s.provider,
      fallbacks: s.fallbacks,
      runs: s.latency.count,
      rows: s.rows,
      errors: s.errors,
      p50Ms: s.latency.percentile(50),
      p99Ms: s.latency.percentile(99),
    };
  }
}
