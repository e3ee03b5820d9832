import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startExample } from './helpers.js';

describe('examples/hello', () => {
  it('says Hello, World! at / and greets a name from the path', async () => {
    const app = await startExample('hello');
    try {
      const root = await fetch(`${app.base}/`);
      assert.equal(root.status, 200);
      assert.equal(await root.text(), 'Hello, World!');
      assert.equal(await (await fetch(`${app.base}/Bob`)).text(), 'Hello, Bob!');
      assert.equal(await (await fetch(`${app.base}/web%20py`)).text(), 'Hello, web py!');
    } finally {
      assert.equal(await app.stop(), 0);
    }
  });
});
