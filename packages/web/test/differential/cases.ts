/**
 * The differential corpus: each case is a web.py 0.62 app (apps/<dir>/app.py), its webts port
 * (apps/<dir>/app.ts, line for line) and the requests sent to both. docs/differential.md.
 */
import type { Case } from './harness.js';

export const CASES: Case[] = [
  {
    name: 'hello world',
    dir: 'hello',
    steps: [
      { path: '/', expect: { status: 200, body: 'Hello, world!' } },
      { path: '/hello/', expect: { body: 'Hello, World!' } },
      { path: '/hello/Bob' },
      { path: '/hello/caf%C3%A9%20au%20lait' },
      { path: '/go', expect: { status: 303 } },
      { path: '/old/x?a=1', expect: { status: 301 } },
      { path: '/nowhere', expect: { status: 404 } },
    ],
  },
];

/** Cases that use a name webts does not have yet; each must still differ (so it cannot pass unnoticed). */
export const PENDING_FEATURES: readonly { case: string; missing: string }[] = [];

/** Cases where webts differs from web.py and should not; each must still differ. */
export const KNOWN_BUGS: readonly { case: string; bug: string }[] = [];
