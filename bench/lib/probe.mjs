// Preloaded into a server child by profile.mjs (`--import lib/probe.mjs`): on the harness's `probe-start`
// it starts counting the async resources the process creates (by type) and sampling every allocation,
// collected ones included; on `probe-stop` it stops both and answers with what it saw. Loaded only for
// the counting phase: an async_hooks init hook changes what every resource costs, so the CPU profile is
// taken from a child without it.

import { createHook } from 'node:async_hooks';
import { Session } from 'node:inspector';

const resources = new Map();
const hook = createHook({
  init(_id, type) {
    resources.set(type, (resources.get(type) ?? 0) + 1);
  },
});

const inspector = new Session();
inspector.connect();
const post = (method, params) =>
  new Promise((resolve, reject) =>
    inspector.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
  );

/** Bytes sampled in a sampling heap profile (every node's self size). */
function sampledBytes(node) {
  return node.children.reduce((sum, child) => sum + sampledBytes(child), node.selfSize);
}

process.on('message', async (msg) => {
  if (msg?.type !== 'probe-start' && msg?.type !== 'probe-stop') return;
  try {
    if (msg.type === 'probe-start') {
      resources.clear();
      await post('HeapProfiler.enable');
      await post('HeapProfiler.startSampling', {
        samplingInterval: 256,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      hook.enable();
      process.send({ type: 'probe', id: msg.id, value: null });
    } else {
      hook.disable();
      const { profile } = await post('HeapProfiler.stopSampling');
      process.send({
        type: 'probe',
        id: msg.id,
        value: { resources: Object.fromEntries(resources), bytes: sampledBytes(profile.head) },
      });
    }
  } catch (err) {
    process.send({ type: 'error', id: msg.id, message: String(err?.stack ?? err) });
  }
});
