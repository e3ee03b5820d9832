/**
 * The `webts port` corpus: web.py apps written for the porter's tests (corpus/<dir>/app.py, with
 * their templates and static files), each with the requests sent to the original and to its port.
 * Unlike the differential corpus, no TypeScript is written by hand: the port is the porter's output.
 */
import type { Case } from '../differential/harness.js';

/** One app of the corpus: where it is, which file starts it, and its cases. */
export interface CorpusApp {
  dir: string;
  /** The module that starts the app (default app.py). */
  main?: string;
  cases: Case[];
}

const TUTORIAL_STEPS: Case['steps'] = [];

export const CORPUS: CorpusApp[] = [
  {
    dir: 'hello',
    cases: [
      {
        name: 'hello: index and a URL group',
        dir: 'hello',
        steps: [
          { path: '/', expect: { status: 200, body: 'Hello, world!' } },
          { path: '/greet/Ann', expect: { body: 'Hello, Ann! (3 letters)' } },
          { path: '/greet/', expect: { body: 'Hello, everybody! (9 letters)' } },
          { path: '/greet/caf%C3%A9' },
          { path: '/nowhere', expect: { status: 404 } },
        ],
      },
    ],
  },
  {
    dir: 'input',
    cases: [
      {
        name: 'input: defaults, lists, required names',
        dir: 'input',
        steps: [
          { path: '/search', expect: { body: 'nothing to search for' } },
          { path: '/search?q=red+green%20blue&page=2', expect: { body: 'page 2: RED, GREEN, BLUE' } },
          { path: '/search?q=x&page=two', expect: { status: 500 } },
          { method: 'POST', path: '/search', form: { q: '  padded  ' }, expect: { body: 'posted padded' } },
          { method: 'POST', path: '/search', expect: { body: 'no q posted' } },
          { path: '/sum?a=2&b=40', expect: { body: '2 + 40 = 42' } },
          { path: '/sum' },
          { path: '/tags?tag=b&tag=a&tag=b', expect: { body: '2 tags: a b' } },
          { path: '/tags' },
          { path: '/required?name=Bo', expect: { body: 'hi Bo' } },
          { path: '/required', expect: { status: 400 } },
        ],
      },
    ],
  },
  {
    dir: 'redirects',
    cases: [
      {
        name: 'redirects: urls redirects, seeother, found, tempredirect, redirect, notfound',
        dir: 'redirects',
        steps: [
          { path: '/old', expect: { status: 301 } },
          { path: '/old/x/y?z=1', expect: { status: 301 } },
          { path: '/see', expect: { status: 303 } },
          { method: 'POST', path: '/see', expect: { status: 303 } },
          { path: '/found', expect: { status: 302 } },
          { path: '/temp', expect: { status: 307 } },
          { path: '/perm', expect: { status: 301 } },
          { path: '/missing', expect: { status: 404, body: 'no such page' } },
          { path: '/new/a%20b' },
        ],
      },
    ],
  },
];

void TUTORIAL_STEPS;
