import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DatabaseUnavailableError, database } from '../../src/db/index.js';
import { databaseConformance } from './conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'webts-db-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

databaseConformance(
  'sqlite',
  {
    makeDb: () => database({ dbn: 'sqlite', db: join(dir, 'conformance.db') }),
    prefix: 'wdb',
    caps: { nulInText: false },
  },
  undefined,
);
