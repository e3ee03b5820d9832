// The page of the `templates` suite: a 100-row table inside a layout, and the plain-JS version of it.

/** 100 rows; every tenth name needs HTML escaping, so both renderers pay for escaping. */
export const ROWS = Array.from({ length: 100 }, (_, i) => ({
  id: i + 1,
  name: i % 10 === 0 ? `Tom & Jerry <${i}>` : `User ${i}`,
  email: `user${i}@example.com`,
  score: (i * 37) % 101,
}));

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes a value the way `$value` does in a template. */
export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The same page as tpl/table.html inside tpl/layout.html, built with template literals. */
export function literalPage(rows) {
  const title = 'Scores';
  let body = '<table>\n<tr><th>#</th><th>Name</th><th>Email</th><th>Score</th></tr>\n';
  for (const row of rows) {
    body += `<tr><td>${esc(row.id)}</td><td>${esc(row.name)}</td><td>${esc(row.email)}</td><td>${esc(row.score)}</td></tr>\n`;
  }
  body += '</table>\n';
  return `<!doctype html>\n<html>\n<head><title>${esc(title)}</title></head>\n<body>\n<h1>${esc(title)}</h1>\n${body}</body>\n</html>\n`;
}

/**
 * The Templetor sources of the page (web.py syntax), written to a temp dir as layout.html and table.html by the
 * server; kept here as strings because the repo's linter parses .html files and cannot read template syntax.
 */
export const TEMPLATES = {
  'layout.html': [
    '$def with (content)',
    '<!doctype html>',
    '<html>',
    '<head><title>$content.title</title></head>',
    '<body>',
    '<h1>$content.title</h1>',
    '$:content',
    '</body>',
    '</html>',
    '',
  ].join('\n'),
  'table.html': [
    '$def with (rows)',
    '$var title: Scores',
    '<table>',
    '<tr><th>#</th><th>Name</th><th>Email</th><th>Score</th></tr>',
    '$for row in rows:',
    '    <tr><td>$row.id</td><td>$row.name</td><td>$row.email</td><td>$row.score</td></tr>',
    '</table>',
    '',
  ].join('\n'),
};

/** Whitespace between tags does not count when comparing the two renderings. */
export function normalizeHtml(html) {
  return html.replace(/>\s+</g, '><').trim();
}
