import { database } from '../../src/db/index.js';
import { serverMissing } from '../helpers/servers.js';
import { databaseConformance } from './conformance.js';
import { outageSuite } from './outage.js';

const missing = await serverMissing('mysql');
const params = { dbn: 'mysql', db: 'test', user: 'root', pw: '', host: '127.0.0.1' } as const;
const prefix = `wdb_my_${process.pid}`;

databaseConformance('mysql', { makeDb: () => database(params), prefix, caps: { nulInText: true } }, missing);
outageSuite('mysql', { ...params, port: 3306 }, `${prefix}_outage`, missing);
