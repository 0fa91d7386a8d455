import { describe, expect, it } from 'vitest';
import { checkJobGraph, runJobGraph, type Job } from './job-graph.ts';

const job = (id: string, needs: string[] = []): Job<string> => ({ id, needs, payload: id });

describe('runJobGraph', () => {
  it('starts a job as soon as what it needs is done, never more than the concurrency, and hands it the results', async () => {
    const started: string[] = [];
    let running = 0;
    let peak = 0;
    const gates = new Map<string, () => void>();
    const jobs = [job('a'), job('b'), job('c', ['a']), job('d', ['c', 'b'])];
    const done = runJobGraph(
      jobs,
      (j, inputs) =>
        new Promise<string>((resolve) => {
          started.push(j.id);
          peak = Math.max(peak, ++running);
          gates.set(j.id, () => {
            running--;
            resolve(`${j.id}(${[...inputs.values()].join(',')})`);
          });
        }),
      2,
    );
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    gates.get('a')!();
    await new Promise((r) => setImmediate(r));
    // c needed only a: it starts while b still runs.
    expect(started).toEqual(['a', 'b', 'c']);
    gates.get('c')!();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c']);
    gates.get('b')!();
    await new Promise((r) => setImmediate(r));
    gates.get('d')!();
    const outcomes = await done;
    expect(peak).toBe(2);
    expect(outcomes.get('d')).toEqual({ ok: true, result: 'd(c(a()),b())' });
  });

  it('skips what depends on a failed job, and reports progress', async () => {
    const progress: string[] = [];
    const outcomes = await runJobGraph(
      [job('a'), job('b', ['a']), job('c')],
      async (j) => {
        if (j.id === 'a') throw new Error('bad data');
        return j.id;
      },
      4,
      (p) => progress.push(`${p.jobId}:${p.status}:${p.done}/${p.total}`),
    );
    expect(outcomes.get('a')).toEqual({ ok: false, error: 'bad data' });
    expect(outcomes.get('b')).toEqual({ ok: false, error: 'skipped: a failed' });
    expect(outcomes.get('c')).toEqual({ ok: true, result: 'c' });
    expect(progress).toContain('b:skipped:2/3');
  });
});

describe('checkJobGraph', () => {
  it('names a cycle, an unknown need and a repeated id', () => {
    expect(() => checkJobGraph([job('a', ['b']), job('b', ['a'])])).toThrow(/cycle: a → b → a/);
    expect(() => checkJobGraph([job('a', ['x'])])).toThrow(/a needs x, which does not exist/);
    expect(() => checkJobGraph([job('a'), job('a')])).toThrow(/defined twice/);
  });
});
