// Suite `templates`: a 100-row table in a layout, rendered by web.template
// vs built by a template-literal function, both served by webts.

import { driverTables, environment, interleave, request, startAll, stopAll } from '../lib/harness.mjs';
import { normalizeHtml } from '../lib/template-data.mjs';
import { publicOptions } from './core.mjs';

const REFERENCE = 'webts + template literal';

/** The systems of this suite, in round order. */
export function systems() {
  return [
    {
      name: 'webts + web.template',
      file: 'servers/templates/webts.mjs',
      args: ['--mode', 'template'],
      webts: true,
    },
    { name: REFERENCE, file: 'servers/templates/webts.mjs', args: ['--mode', 'literal'], webts: true },
  ];
}

/** Runs the suite and returns { markdown, data }. */
export async function run(opts) {
  const { log } = opts;
  const { started, skipped } = await startAll(opts.filter(systems()), log);
  try {
    const pages = new Map();
    for (const s of started) {
      const r = await request(s.port, '/');
      pages.set(s.name, r.body);
      log(`  ${s.name}: ${r.status}, ${r.body.length} bytes, ${(r.body.match(/<tr>/g) ?? []).length} rows`);
    }
    const [a, b] = [...pages.values()];
    const same = pages.size === 2 ? normalizeHtml(a) === normalizeHtml(b) : null;
    if (same === false) log('  (!) the two pages differ (beyond whitespace between tags)');
    const bodies = new Map([...pages].map(([name, body]) => [name, normalizeHtml(body)]));
    const results = await interleave(
      started,
      { name: 'GET /', path: '/', expect: (s) => (body) => normalizeHtml(body) === bodies.get(s.name) },
      opts,
    );
    const markdown = [
      ...driverTables(results, '### templates: 100-row table in a layout, served by webts', {
        reference: REFERENCE,
        extra: [{ title: 'bytes', value: (r) => String(pages.get(r.system)?.length ?? 'n/a') }],
      }),
      same === null ? '' : `Both pages identical apart from whitespace between tags: ${same ? 'yes' : 'NO'}`,
      ...skipped.map((s) => `- not measured: ${s.system} (${s.reason.split('\n')[0]})`),
    ].join('\n');
    return {
      markdown,
      data: {
        suite: 'templates',
        options: publicOptions(opts),
        environment: environment(),
        results,
        skipped,
        same,
      },
    };
  } finally {
    await stopAll(started);
  }
}
