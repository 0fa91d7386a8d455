import { Worker } from 'node:worker_threads';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * A fixed set of worker threads running one module; `exec` sends a task to an idle worker (or
 * queues it) and resolves with its answer. A worker that dies is replaced and its task fails.
 */
export class WorkerPool<T, R> {
  private readonly url: URL;
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  private readonly queue: { task: T; pending: Pending }[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private closed = false;

  constructor(url: URL, size: number) {
    this.url = url;
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  get size(): number {
    return this.all.size;
  }

  exec(task: T): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ task, pending: { resolve: resolve as (v: unknown) => void, reject } });
      this.next();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.all.clear();
  }

  private spawn(): Worker {
    // Backtests allocate fast and briefly: a young generation of 48 MB (V8's semi-spaces of 16 MB, as
    // bin/quorum.js gives the batch commands) instead of one that grows to 128 MB per thread.
    const worker = new Worker(this.url, { resourceLimits: { maxYoungGenerationSizeMb: 48 } });
    this.all.add(worker);
    worker.on('message', (m: { ok: boolean; result?: unknown; error?: string }) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (m.ok) pending?.resolve(m.result);
      else pending?.reject(new Error(m.error ?? 'the worker failed'));
      this.next();
    });
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, new Error(`a worker exited with code ${code}`)));
    return worker;
  }

  private lost(worker: Worker, err: Error): void {
    if (!this.all.delete(worker)) return;
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    pending?.reject(err);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
    if (!this.closed) {
      this.idle.push(this.spawn());
      this.next();
    }
  }

  private next(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.shift()!;
      const { task, pending } = this.queue.shift()!;
      this.busy.set(worker, pending);
      worker.postMessage(task);
    }
  }
}
