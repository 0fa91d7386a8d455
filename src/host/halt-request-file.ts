import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A kill switch the engine has not confirmed yet, kept on disk in the profile so that it holds
 * whatever happens next: an engine that is starting, hung, crash-looping or not running at all, and
 * a host that itself restarts. Every engine launch applies it (`--start-halted`); it is removed only
 * once an engine has answered HALTED for it.
 */
export const HaltRequestSchema = z
  .object({
    id: z.string().min(1),
    reason: z.string(),
    flatten: z.boolean(),
    requestedAt: z.number(),
  })
  .strict();
export type HaltRequest = z.infer<typeof HaltRequestSchema>;

export const HALT_REQUEST_FILE = 'halt-request.json';

export function readHaltRequest(dataDir: string): HaltRequest | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, HALT_REQUEST_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = HaltRequestSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: a damaged file still means "halt"
  }
  // Unreadable content must not silently cancel a halt: treat it as a halt without flatten.
  return {
    id: 'damaged-halt-request',
    reason: `a halt request whose file could not be read (${HALT_REQUEST_FILE})`,
    flatten: false,
    requestedAt: 0,
  };
}

/**
 * Records a new halt in the profile and returns it. A flatten asked for by an earlier unconfirmed
 * halt stays asked for: a second, plainer halt must not drop it.
 */
export function requestHalt(dataDir: string, reason: string, flatten: boolean): HaltRequest {
  const request = { id: randomUUID(), reason, flatten: flatten || (readHaltRequest(dataDir)?.flatten ?? false), requestedAt: Date.now() };
  writeHaltRequest(dataDir, request);
  return request;
}

/** Written to a temporary file, flushed, then renamed: a crash leaves the old request or the new one. */
export function writeHaltRequest(dataDir: string, request: HaltRequest): void {
  const file = join(dataDir, HALT_REQUEST_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(request));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/** Removes the request, but only the one with this id (a newer request stays until it is confirmed). */
export function clearHaltRequest(dataDir: string, id: string): void {
  if (readHaltRequest(dataDir)?.id === id) rmSync(join(dataDir, HALT_REQUEST_FILE), { force: true });
}
