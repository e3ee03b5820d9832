#!/usr/bin/env node
// The import rules of packages/web/src (README, "Source layout"), checked on madge's graph, which
// counts type-only imports too: no file imports another that imports it back (a cycle), and a folder
// imports only from folders of a lower layer. Usage: node scripts/layers.mjs (exit 1 on a violation).
import { fileURLToPath } from 'node:url';
import madge from 'madge';

const src = fileURLToPath(new URL('../packages/web/src/', import.meta.url));
const tsConfig = fileURLToPath(new URL('../packages/web/tsconfig.json', import.meta.url));

// Lowest first. A file may import files of its own folder and of any folder in an earlier row.
const LAYERS = [
  ['util', 'port'], // port/: the web.py → webts translator behind `webts port`; it imports nothing of webts
  ['errors'],
  ['core'],
  ['request'],
  ['http'],
  ['app'],
  ['db', 'template'],
  ['session', 'form', 'webpy'],
  ['(top)'], // index.ts, web.ts, cli.ts and the re-exports beside it
];
const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((folder) => [folder, i])));
const folderOf = (file) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '(top)');

const result = await madge(src, { fileExtensions: ['ts'], tsConfig });
const problems = [];
for (const cycle of result.circular()) problems.push(`cycle: ${[...cycle, cycle[0]].join(' > ')}`);
for (const [file, imports] of Object.entries(result.obj())) {
  const from = folderOf(file);
  if (!rank.has(from)) problems.push(`${file}: the folder ${from}/ has no layer in scripts/layers.mjs`);
  for (const imported of imports) {
    const to = folderOf(imported);
    if (to !== from && !(rank.get(to) < rank.get(from)))
      problems.push(`${file} imports ${imported}: ${from}/ may not import ${to}/ (same or higher layer)`);
  }
}
for (const file of result.warnings().skipped) problems.push(`not resolved: ${file}`);

if (problems.length > 0) {
  console.error(`packages/web/src breaks its import rules:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `packages/web/src: ${Object.keys(result.obj()).length} files, no cycles, every import points down`,
);
