/// <reference types="node" preserve="true" />
/**
 * The package entry. Every public name lives in web.ts; this file exports them one by one
 * (`import { seeother } from 'webts'`) and as the default export (`import web from 'webts'`), a
 * namespace, so `web.session.Session` and `web.Config` also name types.
 */
export * from './web.js';

import * as web from './web.js';

export default web;
