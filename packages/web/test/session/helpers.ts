import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import web from '../../src/index.js';
import type { SessionParameters } from '../../src/session/parameters.js';
import type { Store } from '../../src/session/store.js';

/** A store factory for the session tests, and how to clean up after it. */
export interface StoreMaker {
  name: string;
  make: () => Promise<{
    store: Store;
    reopen?: () => Store | Promise<Store>;
    dispose: () => void | Promise<void>;
  }>;
  skip?: string;
  /** Sessions survive a restart (a new store over the same files or database). */
  persistent?: boolean;
}

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** Set session_parameters for one test; returns the function that puts them back. */
export function withParameters(changes: Partial<SessionParameters>): () => void {
  const saved = web.config.session_parameters;
  web.config.session_parameters = { ...saved, ...changes };
  return () => {
    web.config.session_parameters = saved;
  };
}

/** Start `app` on an ephemeral 127.0.0.1 port. */
export async function serve(
  app: ReturnType<typeof web.application>,
): Promise<{ base: string; close: () => Promise<void> }> {
  const server = await app.listen(0, '127.0.0.1', { static: false });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser-like cookie jar over fetch: keeps Set-Cookie values, does not follow redirects. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  async get(
    url: string,
    init: RequestInit = {},
  ): Promise<{ status: number; text: string; headers: Headers; setCookies: string[] }> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some(
        (a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now(),
      );
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
    return { status: res.status, text: await res.text(), headers: res.headers, setCookies };
  }
}

/** Capture what is written to stderr while `fn` runs. */
export async function captureStderr<T>(fn: () => Promise<T>): Promise<{ result: T; stderr: string }> {
  const original = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { result: await fn(), stderr };
  } finally {
    process.stderr.write = original;
  }
}

/**
 * A Session starts a cleanup of `store` in the background (a setImmediate after its first request).
 * Closing the store under it makes it fail and log; this tracks those cleanups, and the function it
 * returns waits until every one started so far is done, so the store can be closed quietly.
 */
export function trackCleanups(store: Store): () => Promise<void> {
  const started: Promise<unknown>[] = [];
  const cleanup = store.cleanup.bind(store);
  store.cleanup = (timeout) => {
    const done = Promise.resolve(cleanup(timeout));
    started.push(done);
    return done;
  };
  return async () => {
    await new Promise(setImmediate); // after the session's own setImmediate, which starts the cleanup
    await Promise.allSettled(started);
  };
}
