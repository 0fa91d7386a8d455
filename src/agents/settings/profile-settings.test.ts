import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_SETTINGS, settingsProblems } from '../../shared/domain/settings.ts';
import { Store } from '../store/store.ts';
import { tempDir } from '../store/store-fixtures.ts';
import { verifyChain } from '../store/chain.ts';
import { envLayer, flagLayer, loadProfileSettings, resolveSettings } from './profile-settings.ts';
import { journalHandEdits, saveSettings, settingsDiff } from './settings-changes.ts';

const tmp = tempDir('quorum-settings-');
afterAll(() => tmp.cleanup());

let n = 0;
function profile(file?: unknown): string {
  const dir = join(tmp.dir, `p${++n}`);
  mkdirSync(dir);
  Store.open(join(dir, 'quorum.sqlite')).close();
  if (file !== undefined) writeFileSync(join(dir, 'settings.json'), typeof file === 'string' ? file : JSON.stringify(file));
  return dir;
}

describe('profile settings', () => {
  it('layers defaults < file < environment < flags and says where each value comes from', () => {
    const dir = profile({ consensus: { buyThreshold: 0.2, sellThreshold: 0.3 }, session: { seed: 5 } });
    const env = { QUORUM_SET_consensus__sellThreshold: '0.4', QUORUM_SET_agents__news__enabled: 'false', OTHER: 'x' };
    const loaded = loadProfileSettings(dir, ['session.seed=9'], env);
    if (!loaded.ok) throw new Error(loaded.error);
    const { settings, sources } = loaded.value;
    expect(settings.consensus.buyThreshold).toBe(0.2);
    expect(settings.consensus.sellThreshold).toBe(0.4);
    expect(settings.agents.news.enabled).toBe(false);
    expect(settings.session.seed).toBe(9);
    expect(settings.optimizer).toEqual(DEFAULT_PROFILE_SETTINGS.optimizer);
    expect(sources).toMatchObject({
      'consensus.buyThreshold': 'file',
      'consensus.sellThreshold': 'env',
      'agents.news.enabled': 'env',
      'session.seed': 'flag',
      'consensus.minVoters': 'default',
    });
  });

  it('refuses unknown keys at every depth, naming each with the layer that set it', () => {
    expect(settingsProblems({ agents: { news: { wieght: 1 } }, optimiser: {}, consensus: { weights: { a: -1 } } })).toEqual([
      { path: 'agents.news.wieght', message: 'unknown setting' },
      { path: 'consensus.weights.a', message: expect.stringMatching(/>=0/) },
      { path: 'optimiser', message: 'unknown setting' },
    ]);
    const r = resolveSettings({ file: { session: { barIntervalMs: 10 } }, env: envLayer({ QUORUM_SET_rebalanceEvery: '3' }), flag: {} });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.source])).toEqual([
      ['session.barIntervalMs', 'file'],
      ['rebalanceEvery', 'env'],
    ]);
  });

  it('takes the execution defaults the Algo dialog starts with, and refuses an algorithm that does not exist', () => {
    const flag = flagLayer(['execution.algo=vwap', 'execution.durationMs=300000']);
    if (!flag.ok) throw new Error(flag.error);
    const ok = resolveSettings({ file: {}, env: {}, flag: flag.value });
    expect(ok.ok && ok.settings.execution).toEqual({ algo: 'vwap', durationMs: 300_000, slices: 10, participation: 0.1 });
    expect(settingsProblems({ execution: { algo: 'iceberg' } })).toEqual([
      { path: 'execution.algo', message: expect.stringMatching(/Invalid option/) },
    ]);
  });

  it('names the file when it is not JSON, and a flag without a value', () => {
    const dir = profile('{"consensus": ');
    const loaded = loadProfileSettings(dir, [], {});
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error).toMatch(/settings\.json: not JSON/);
    expect(flagLayer(['consensus.buyThreshold'])).toEqual({
      ok: false,
      error: expect.stringMatching(/--set consensus.buyThreshold: expected PATH=VALUE/),
    });
    expect(flagLayer(['session.instruments=["SIM:ALPHA"]', 'agents.news.enabled=false', 'optimizer.method=max-sharpe'])).toEqual({
      ok: true,
      value: { session: { instruments: ['SIM:ALPHA'] }, agents: { news: { enabled: false } }, optimizer: { method: 'max-sharpe' } },
    });
  });
});

describe('settings changes', () => {
  it('journals a change and writes the file; a bad one changes nothing', () => {
    const dir = profile({ consensus: { buyThreshold: 0.2 } });
    const store = Store.open(join(dir, 'quorum.sqlite'));
    const ok = saveSettings(
      dir,
      [
        { path: 'agents.news.weight', value: 0.5 },
        { path: 'consensus.buyThreshold', value: null },
      ],
      'cli',
      1_000,
      (e) => store.record(e),
    );
    expect(ok).toMatchObject({
      saved: true,
      changes: [
        { path: 'agents.news.weight', from: null, to: '0.5' },
        { path: 'consensus.buyThreshold', from: '0.2', to: null },
      ],
    });
    const file = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(JSON.parse(file)).toEqual({ agents: { news: { weight: 0.5 } }, consensus: {} });

    const bad = saveSettings(
      dir,
      [
        { path: 'agents.news.weight', value: 'heavy' },
        { path: 'agents.rsi', value: 1 },
      ],
      'cli',
      2_000,
      (e) => store.record(e),
    );
    expect(bad).toEqual({
      saved: false,
      problems: [
        { path: 'agents.news.weight', message: expect.stringMatching(/expected number/) },
        { path: 'agents.rsi', message: 'unknown setting' },
      ],
    });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(file);
    expect(store.journal.headSeq).toBe(1);
    store.close();
  });

  it('journals a hand edit once, when the next session starts', () => {
    const dir = profile();
    const store = Store.open(join(dir, 'quorum.sqlite'));
    expect(journalHandEdits(store, dir, 1)).toBeNull();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ optimizer: { method: 'risk-parity' } }));
    expect(journalHandEdits(store, dir, 2)?.changes).toEqual([{ path: 'optimizer.method', from: null, to: '"risk-parity"' }]);
    expect(journalHandEdits(store, dir, 3)).toBeNull();
    expect(verifyChain(store.journal.rows()).ok).toBe(true);
    expect(store.journal.headSeq).toBe(1);
    store.close();
  });

  it('diffs leaves by path (a weights record as one value)', () => {
    expect(
      settingsDiff({ consensus: { weights: { 'model.a': 1 } } }, { consensus: { weights: { 'model.a': 2 } }, rebalanceEveryBars: 5 }),
    ).toEqual([
      { path: 'consensus.weights', from: '{"model.a":1}', to: '{"model.a":2}' },
      { path: 'rebalanceEveryBars', from: null, to: '5' },
    ]);
  });
});
