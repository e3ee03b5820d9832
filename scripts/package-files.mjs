#!/usr/bin/env node
// `prepack` of packages/web, run after a clean `tsc -b`: puts the files the tarball needs beside
// package.json. The LICENSE lives once, at the repository root; the package gets a copy.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const pkg = process.cwd();
const root = join(pkg, '..', '..');
copyFileSync(join(root, 'LICENSE'), join(pkg, 'LICENSE'));
for (const name of ['README.md', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts']) {
  if (!existsSync(join(pkg, name))) {
    console.error(`prepack: ${name} is missing in ${pkg}`);
    process.exit(1);
  }
}
