#!/usr/bin/env node
// create-webts: writes a runnable webts application into a new folder. Asks nothing.
// Usage: npm create webts@latest [folder] [-- --ts]
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const typescript = args.includes('--ts') || args.includes('--typescript');
const folder = args.find((a) => !a.startsWith('-')) ?? 'webts-app';
const target = resolve(folder);
const name =
  basename(target)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-') || 'webts-app';
const own = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

if (existsSync(target) && readdirSync(target).length > 0) {
  console.error(`create-webts: ${folder} exists and is not empty; give the name of a new folder.`);
  process.exit(1);
}

cpSync(new URL('./template/js', import.meta.url), target, { recursive: true });
// npm leaves out files named .gitignore from a package, so the template carries it as gitignore.
renameSync(join(target, 'gitignore'), join(target, '.gitignore'));

const pkg = {
  name,
  version: '0.1.0',
  private: true,
  type: 'module',
  engines: { node: '>=20.11' },
  scripts: { start: 'node app.js', test: 'node --test test/' },
  dependencies: { webts: `^${own.version}` },
};

if (typescript) {
  // The same app in TypeScript: tsx runs it as it is, `npm run check` is tsc --strict.
  for (const file of ['app.js', 'test/app.test.js']) {
    renameSync(join(target, file), join(target, file.replace(/\.js$/, '.ts')));
  }
  pkg.scripts = { start: 'tsx app.ts', test: 'tsx --test test/*.test.ts', check: 'tsc' };
  pkg.devDependencies = { tsx: '^4.19.0', typescript: '^5.9.0' };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    include: ['*.ts', 'test/*.ts'],
  };
  writeFileSync(join(target, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
}
writeFileSync(join(target, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

const where = relative(process.cwd(), target) || '.';
console.log(`Wrote a webts application in ${where}${typescript ? ' (TypeScript)' : ''}. Next:

  cd ${where} && npm install && npm start     # serves http://0.0.0.0:8080/
  npm test                                 # runs its tests
`);
