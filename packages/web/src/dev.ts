/**
 * Kept for src/cli.ts, which imports `./dev.js` and is being changed on another branch: the dev
 * reloader lives in http/dev.ts. Remove this file once cli.ts imports from there.
 */
export { supervise } from './http/dev.js';
