// The route tables of the `core` suite, shared by every system so that they all route the same URLs.
//
// Each base route is written once as a web.py-style regular expression (full match, first match wins) and
// once as the closest fastify (find-my-way) path. The express server uses the regular expression itself.

/**
 * The 50 base routes: web.py-style pattern, fastify translation, and one sample path with the captured
 * groups a correct router hands to the handler.
 * Fastify notes: `(\d+)` becomes a regex parameter `:id(^\d+$)`; `(.*)` becomes the wildcard `*`;
 * `/help/?` becomes two routes; a fastify parameter never spans a `/` (same as the regexes below, which
 * only use `.*` at the end of a path).
 */
export const BASE_ROUTES = [
  { re: '/', fastify: ['/'], sample: '/', args: [] },
  { re: '/about', fastify: ['/about'], sample: '/about', args: [] },
  { re: '/contact', fastify: ['/contact'], sample: '/contact', args: [] },
  { re: '/static-ish/page', fastify: ['/static-ish/page'], sample: '/static-ish/page', args: [] },
  { re: '/users', fastify: ['/users'], sample: '/users', args: [] },
  { re: '/users/(\\d+)', fastify: ['/users/:id(^\\d+$)'], sample: '/users/42', args: ['42'] },
  { re: '/users/(\\d+)/edit', fastify: ['/users/:id(^\\d+$)/edit'], sample: '/users/7/edit', args: ['7'] },
  { re: '/users/(\\d+)/posts', fastify: ['/users/:id(^\\d+$)/posts'], sample: '/users/7/posts', args: ['7'] },
  {
    re: '/users/(\\d+)/posts/(\\d+)',
    fastify: ['/users/:id(^\\d+$)/posts/:pid(^\\d+$)'],
    sample: '/users/7/posts/99',
    args: ['7', '99'],
  },
  {
    re: '/users/(\\w+)/profile',
    fastify: ['/users/:name(^\\w+$)/profile'],
    sample: '/users/alice/profile',
    args: ['alice'],
  },
  { re: '/posts', fastify: ['/posts'], sample: '/posts', args: [] },
  { re: '/posts/(\\d+)', fastify: ['/posts/:id(^\\d+$)'], sample: '/posts/12', args: ['12'] },
  {
    re: '/posts/(\\w+)/comments',
    fastify: ['/posts/:slug(^\\w+$)/comments'],
    sample: '/posts/hello_world/comments',
    args: ['hello_world'],
  },
  {
    re: '/posts/(\\w+)/comments/(\\d+)',
    fastify: ['/posts/:slug(^\\w+$)/comments/:cid(^\\d+$)'],
    sample: '/posts/abc/comments/3',
    args: ['abc', '3'],
  },
  {
    re: '/archive/(\\d{4})/(\\d{2})',
    fastify: ['/archive/:y(^\\d{4}$)/:m(^\\d{2}$)'],
    sample: '/archive/2024/05',
    args: ['2024', '05'],
  },
  {
    re: '/archive/(\\d{4})/(\\d{2})/(\\d{2})',
    fastify: ['/archive/:y(^\\d{4}$)/:m(^\\d{2}$)/:d(^\\d{2}$)'],
    sample: '/archive/2024/05/17',
    args: ['2024', '05', '17'],
  },
  {
    re: '/tags/([a-z0-9-]+)',
    fastify: ['/tags/:tag(^[a-z0-9-]+$)'],
    sample: '/tags/node-js',
    args: ['node-js'],
  },
  {
    re: '/tags/([a-z0-9-]+)/page/(\\d+)',
    fastify: ['/tags/:tag(^[a-z0-9-]+$)/page/:n(^\\d+$)'],
    sample: '/tags/web/page/2',
    args: ['web', '2'],
  },
  {
    re: '/categories/([a-z]+)',
    fastify: ['/categories/:c(^[a-z]+$)'],
    sample: '/categories/news',
    args: ['news'],
  },
  { re: '/search', fastify: ['/search'], sample: '/search?q=x', args: [] },
  { re: '/login', fastify: ['/login'], sample: '/login', args: [] },
  { re: '/logout', fastify: ['/logout'], sample: '/logout', args: [] },
  { re: '/signup', fastify: ['/signup'], sample: '/signup', args: [] },
  { re: '/account/settings', fastify: ['/account/settings'], sample: '/account/settings', args: [] },
  { re: '/account/password', fastify: ['/account/password'], sample: '/account/password', args: [] },
  { re: '/api/v1/items', fastify: ['/api/v1/items'], sample: '/api/v1/items', args: [] },
  {
    re: '/api/v1/items/(\\d+)',
    fastify: ['/api/v1/items/:id(^\\d+$)'],
    sample: '/api/v1/items/5',
    args: ['5'],
  },
  {
    re: '/api/v1/items/(\\d+)/tags',
    fastify: ['/api/v1/items/:id(^\\d+$)/tags'],
    sample: '/api/v1/items/5/tags',
    args: ['5'],
  },
  {
    re: '/api/v1/orders/([0-9a-f]{8})',
    fastify: ['/api/v1/orders/:oid(^[0-9a-f]{8}$)'],
    sample: '/api/v1/orders/deadbeef',
    args: ['deadbeef'],
  },
  {
    re: '/api/v1/users/(\\d+)/orders',
    fastify: ['/api/v1/users/:id(^\\d+$)/orders'],
    sample: '/api/v1/users/8/orders',
    args: ['8'],
  },
  {
    re: '/api/v2/items/(\\d+)',
    fastify: ['/api/v2/items/:id(^\\d+$)'],
    sample: '/api/v2/items/6',
    args: ['6'],
  },
  {
    re: '/feeds/(rss|atom)',
    fastify: ['/feeds/:fmt(^(?:rss|atom)$)'],
    sample: '/feeds/atom',
    args: ['atom'],
  },
  {
    re: '/wiki/([A-Z]\\w+)',
    fastify: ['/wiki/:page(^[A-Z]\\w+$)'],
    sample: '/wiki/FrontPage',
    args: ['FrontPage'],
  },
  {
    re: '/wiki/([A-Z]\\w+)/history',
    fastify: ['/wiki/:page(^[A-Z]\\w+$)/history'],
    sample: '/wiki/FrontPage/history',
    args: ['FrontPage'],
  },
  {
    re: '/files/([\\w-]+)\\.pdf',
    fastify: ['/files/:name(^[\\w-]+).pdf'],
    sample: '/files/report-2024.pdf',
    args: ['report-2024'],
  },
  {
    re: '/images/(\\d+)x(\\d+)/(\\w+)\\.png',
    fastify: ['/images/:w(^\\d+)x:h(^\\d+)/:name(^\\w+).png'],
    sample: '/images/640x480/cat.png',
    args: ['640', '480', 'cat'],
  },
  { re: '/download/(.*)', fastify: ['/download/*'], sample: '/download/a/b/c.zip', args: ['a/b/c.zip'] },
  { re: '/admin', fastify: ['/admin'], sample: '/admin', args: [] },
  { re: '/admin/users', fastify: ['/admin/users'], sample: '/admin/users', args: [] },
  { re: '/admin/users/(\\d+)', fastify: ['/admin/users/:id(^\\d+$)'], sample: '/admin/users/3', args: ['3'] },
  {
    re: '/admin/posts/(\\d+)/delete',
    fastify: ['/admin/posts/:id(^\\d+$)/delete'],
    sample: '/admin/posts/3/delete',
    args: ['3'],
  },
  {
    re: '/blog/(\\d+)/([\\w-]+)',
    fastify: ['/blog/:id(^\\d+$)/:slug(^[\\w-]+$)'],
    sample: '/blog/10/my-first-post',
    args: ['10', 'my-first-post'],
  },
  {
    re: '/docs/([\\w.-]+)',
    fastify: ['/docs/:page(^[\\w.-]+$)'],
    sample: '/docs/intro.md',
    args: ['intro.md'],
  },
  { re: '/help/?', fastify: ['/help', '/help/'], sample: '/help/', args: [] },
  {
    re: '/events/(\\d+)/attendees',
    fastify: ['/events/:id(^\\d+$)/attendees'],
    sample: '/events/77/attendees',
    args: ['77'],
  },
  {
    re: '/groups/(\\w+)/members/(\\w+)',
    fastify: ['/groups/:g(^\\w+$)/members/:m(^\\w+$)'],
    sample: '/groups/devs/members/bob',
    args: ['devs', 'bob'],
  },
  {
    re: '/shop/products/(\\d+)',
    fastify: ['/shop/products/:id(^\\d+$)'],
    sample: '/shop/products/1001',
    args: ['1001'],
  },
  { re: '/shop/cart', fastify: ['/shop/cart'], sample: '/shop/cart', args: [] },
  {
    re: '/shop/checkout/(step1|step2|done)',
    fastify: ['/shop/checkout/:step(^(?:step1|step2|done)$)'],
    sample: '/shop/checkout/step2',
    args: ['step2'],
  },
  { re: '/hello/(.*)', fastify: ['/hello/*'], sample: '/hello/bob', args: ['bob'] },
];

/** The plain route every `core` system puts last; the benchmark requests it, so every router scans the table. */
export const PLAIN = { re: '/hello', fastify: ['/hello'], sample: '/hello', body: 'Hello, world!' };

/**
 * Prefixes every route of a table can sit under: none; one literal segment (`/app/...`, all routes share it);
 * or a regex segment (`/([a-z]{2})/...`, a language code, captured as the handler's first argument), which
 * no index of literal segments can use.
 */
export const PREFIXES = {
  '': { re: '', fastify: '', sample: '', args: [] },
  app: { re: '/app', fastify: '/app', sample: '/app', args: [] },
  lang: { re: '/([a-z]{2})', fastify: '/:lang(^[a-z]{2}$)', sample: '/en', args: ['en'] },
};

function prefixOf(key = '') {
  const p = PREFIXES[key];
  if (!p) throw new Error(`unknown prefix ${key} (known: ${Object.keys(PREFIXES).join(', ')})`);
  return p;
}

/** The plain route's pattern under a prefix (see PREFIXES). */
export function plainPattern(prefix = '') {
  return prefixOf(prefix).re + PLAIN.re;
}

/** The plain route's fastify path under a prefix. */
export function plainFastify(prefix = '') {
  return prefixOf(prefix).fastify + PLAIN.re;
}

/** The URL requested to reach the plain route under a prefix. */
export function plainPath(prefix = '') {
  return prefixOf(prefix).sample + PLAIN.sample;
}

/** A path no route matches (expects 404 everywhere). */
export const MISSING_PATH = '/no/such/page';

/** The body every non-plain route returns: its name and its captured groups, so routing errors are visible. */
export function routeBody(name, args) {
  return args.length === 0 ? name : `${name} ${args.join(' ')}`;
}

/**
 * The route table with `n` routes before the plain one: the first `n` base routes, and past 50 more copies
 * of the base table under `/v1`, `/v2`, … prefixes (so 1000 routes = 20 distinct copies).
 * With `prefix` (a key of PREFIXES) every route sits under that prefix.
 * Each entry gets a handler name `R<i>` and a fastify path list.
 */
export function makeRoutes(n, prefix = '') {
  const p = prefixOf(prefix);
  const routes = [];
  for (let i = 0; i < n; i++) {
    const base = BASE_ROUTES[i % BASE_ROUTES.length];
    const copy = Math.floor(i / BASE_ROUTES.length);
    const copyPrefix = copy === 0 ? '' : `/v${copy}`;
    const re = p.re + copyPrefix + base.re;
    const fastify = base.fastify.map((f) => p.fastify + copyPrefix + f);
    const sample = p.sample + copyPrefix + base.sample;
    routes.push({ name: `R${i}`, re, fastify, sample, args: [...p.args, ...base.args] });
  }
  return routes;
}
