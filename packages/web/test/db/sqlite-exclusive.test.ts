import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { database } from '../../src/db/index.js';

it('exclusive SQLite keeps the file to itself while open, and the data is there after it closes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'webts-excl-'));
  const file = join(dir, 'x.db');
  const owner = database({ dbn: 'sqlite', db: file, exclusive: true });
  const other = database({ dbn: 'sqlite', db: file });
  try {
    await owner.query('CREATE TABLE t (v TEXT)');
    await owner.insert('t', { v: 'kept', seqname: false });
    assert.deepEqual(await owner.select('t'), [{ v: 'kept' }]);
    await assert.rejects(
      other.select('t'),
      (err: Error & { status?: number }) => err.status === 503,
      'locked out while the owner is open',
    );
    await owner.close();
    assert.deepEqual(await other.select('t'), [{ v: 'kept' }]);
  } finally {
    await owner.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
