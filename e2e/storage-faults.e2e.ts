import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.ts';
import { removeDir, startServe, until, type ServeProcess } from './serve-process.ts';
import { WsClient } from './ws-client.ts';

// Issue 15, item 5: a profile that is empty, not a database, damaged or cut short is refused with
// one sentence (no new profile in its place, no trading on it, no restart loop), and a full disk is
// said plainly.

const work = mkdtempSync(join(tmpdir(), 'quorum-storage-'));
let healthy = '';

/** The engine's status once the host has given up on it or it runs, with what it said. */
async function engineOutcome(
  dataDir: string,
): Promise<{ state: string; lastExit: string | null; generations: number; serve: ServeProcess }> {
  const serve = await startServe([], { dataDir });
  const client = await WsClient.open(serve);
  const engine = await until(() => (client.engine()?.state === 'failed' ? client.engine() : null), 'the engine refused', 30_000);
  await new Promise((r) => setTimeout(r, 1_500));
  const generations = client.engine()!.generation;
  client.close();
  return { state: engine.state, lastExit: engine.lastExit, generations, serve };
}

beforeAll(async () => {
  // A real profile with a journal: a short session.
  const serve = await startServe();
  const client = await WsClient.open(serve);
  await until(() => client.engine()?.state === 'running', 'engine running');
  await until(async () => (await client.api.audit.recent({ limit: 5 })).length >= 2, 'journal rows');
  // Past the first checkpoint, which also records the journal's head beside the database.
  await new Promise((r) => setTimeout(r, 6_000));
  client.close();
  expect(await serve.stop()).toBe(0);
  healthy = serve.dataDir;
});

afterAll(() => {
  removeDir(work);
  removeDir(healthy);
});

function profileCopy(name: string, damage: (file: string) => void): string {
  const dir = join(work, name);
  mkdirSync(dir);
  for (const f of readdirSync(healthy)) if (f.startsWith('quorum.sqlite')) copyFileSync(join(healthy, f), join(dir, f));
  damage(join(dir, 'quorum.sqlite'));
  return dir;
}

describe('a broken profile is refused with one sentence, and nothing in it changes', () => {
  const cases: [string, (file: string) => void, RegExp][] = [
    ['empty', (f) => writeFileSync(f, ''), /is empty \(0 bytes\): the profile was truncated/],
    [
      'not-a-database',
      (f) => writeFileSync(f, 'this is not a database\n'.repeat(400)),
      /is not a Quorum profile \(not a SQLite database\)/,
    ],
    [
      'edited-row',
      (f) => {
        const db = new Database(f);
        db.prepare("UPDATE journal SET payload = replace(payload, 'paper', 'PAPER') WHERE seq = 1").run();
        db.close();
      },
      /the journal in .* is broken at seq 1: hash does not match/,
    ],
    [
      'tail-cut',
      (f) => {
        const db = new Database(f);
        db.prepare('DELETE FROM journal WHERE seq > (SELECT MAX(seq) - 2 FROM journal)').run();
        db.close();
      },
      /rows were removed from its end|does not contain its recorded head/,
    ],
  ];
  for (const [name, damage, message] of cases) {
    it(`${name}: refused, said once, not restarted in a loop, file untouched`, async () => {
      const dir = profileCopy(name, damage);
      const before = statSync(join(dir, 'quorum.sqlite')).size;
      const { state, lastExit, generations, serve } = await engineOutcome(dir);
      // The server stops whatever the outcome: a failed expectation must not leave it running
      // (one did, an hour long, and loaded the machine for the tests after it).
      let code: number | null;
      try {
        expect(state).toBe('failed');
        expect(lastExit).toMatch(message);
        expect(generations).toBe(1);
        expect(statSync(join(dir, 'quorum.sqlite')).size).toBe(before);
      } finally {
        code = await serve.stop();
      }
      expect(code).toBe(0);
    });
  }

  it('audit verify names a malformed file in one line, without a stack trace', () => {
    const dir = profileCopy('verify-garbage', (f) => writeFileSync(f, 'garbage'.repeat(1000)));
    const r = runCli(['audit', 'verify', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a Quorum profile/);
  });

  it('audit verify sees rows cut from the journal end', () => {
    const dir = profileCopy('verify-tail', (f) => {
      const db = new Database(f);
      db.prepare('DELETE FROM journal WHERE seq > (SELECT MAX(seq) - 2 FROM journal)').run();
      db.close();
    });
    const r = runCli(['audit', 'verify', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/rows were removed from its end|does not contain its recorded head/);
  });
});

describe('a full disk', () => {
  const isRoot = process.getuid?.() === 0;
  it.runIf(isRoot)('says "disk full" once, does not restart in a loop, and keeps what was journaled', async () => {
    const mount = join(work, 'small-disk');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount]);
    try {
      const serve = await startServe([], { dataDir: mount });
      const client = await WsClient.open(serve);
      await until(() => client.engine()?.state === 'running', 'engine running');
      // Leave a few hundred kilobytes: the session's bars and journal fill them within seconds.
      const free = Number(execFileSync('df', ['--output=avail', '-B1', mount]).toString().split('\n')[1]);
      writeFileSync(join(mount, 'filler'), Buffer.alloc(Math.max(0, free - 200_000)));
      const engine = await until(() => (client.engine()?.state === 'failed' ? client.engine() : null), 'the engine to stop', 60_000);
      expect(engine.lastExit).toMatch(/^disk full: no space left to write .*quorum\.sqlite/);
      const generation = engine.generation;
      await new Promise((r) => setTimeout(r, 2_000));
      expect(client.engine()!.generation).toBe(generation);
      client.close();
      expect(await serve.stop()).toBe(0);
      rmSync(join(mount, 'filler'));
      const verify = runCli(['audit', 'verify', '--data', mount]);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    } finally {
      execFileSync('umount', ['-l', mount]);
    }
  });
});
