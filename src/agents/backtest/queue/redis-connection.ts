import { Redis } from 'ioredis';

/** The queue all sweeps share on a Redis server; each sweep's job ids carry its own key. */
export const SWEEP_QUEUE = 'quorum-sweep';

/** `redis://[:PASSWORD@]HOST[:PORT][/DB]` as connection options, or an error that shows the form. */
/** Where the queue's Redis is, in the form both ioredis and BullMQ take. */
export interface RedisAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  maxRetriesPerRequest: null;
}

export function redisOptions(url: string): RedisAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--queue ${url}: expected redis://HOST:PORT (e.g. redis://127.0.0.1:6379)`);
  }
  if (u.protocol !== 'redis:' || !u.hostname) throw new Error(`--queue ${url}: expected redis://HOST:PORT (e.g. redis://127.0.0.1:6379)`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0)
    throw new Error(`--queue ${url}: the database after the / must be a number, not "${u.pathname.slice(1)}"`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    // BullMQ's workers block on Redis; their commands must wait for a reconnection, not fail.
    maxRetriesPerRequest: null,
  };
}

/**
 * A connection to the queue's Redis, opened once before anything is queued so that a wrong address
 * or a server that is down is said at once, instead of BullMQ retrying in silence.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const options = redisOptions(url);
  const probe = new Redis({ ...options, lazyConnect: true, connectTimeout: 5_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // ioredis reports why a connection failed as an event; the promise only says it closed.
  let why: Error | undefined;
  probe.on('error', (err: Error) => (why ??= err));
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    probe.disconnect();
    throw new Error(`cannot reach Redis at ${url}: ${(why ?? (err as Error)).message}`, { cause: err });
  }
  probe.disconnect();
  const redis = new Redis(options);
  redis.on('error', () => {});
  return redis;
}
