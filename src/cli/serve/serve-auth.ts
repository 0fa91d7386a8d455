import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'quorum_token';

/** A fresh random token for one `quorum serve` run. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export type Verdict = { ok: true; viaQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

/**
 * Decides whether a request may reach the UI or the engine port: the Host must be this server on
 * loopback (no DNS rebinding), a browser's Origin must be this server, and the token must come in
 * the query string or the cookie set from it.
 */
export function checkRequest(req: IncomingMessage, token: string, port: number): Verdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? ''))
    return { ok: false, status: 403, reason: `Host "${req.headers.host}" is not this server` };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: `Origin "${origin}" is not allowed` };
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null && sameSecret(queryToken, token)) return { ok: true, viaQuery: true };
  const cookieToken = readCookie(req.headers.cookie, TOKEN_COOKIE);
  if (cookieToken !== null && sameSecret(cookieToken, token)) return { ok: true, viaQuery: false };
  return { ok: false, status: 401, reason: 'missing or wrong token: open the URL that `quorum serve` printed' };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}
