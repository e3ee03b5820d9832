/**
 * Kept for src/cli.ts, which imports `./server.js` and is being changed on another branch: serving
 * lives in http/. Remove this file once cli.ts imports from there.
 */
export { parseAddress } from './http/serve.js';
