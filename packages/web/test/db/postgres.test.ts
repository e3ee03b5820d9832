import { database } from '../../src/db/index.js';
import { serverMissing } from '../helpers/servers.js';
import { databaseConformance } from './conformance.js';
import { outageSuite } from './outage.js';

const missing = await serverMissing('postgres');
const params = { dbn: 'postgres', db: 'test', user: 'postgres', host: '127.0.0.1' } as const;
const prefix = `wdb_pg_${process.pid}`;

databaseConformance(
  'postgres',
  { makeDb: () => database(params), prefix, caps: { nulInText: false } },
  missing,
);
outageSuite('postgres', { ...params, port: 5432 }, `${prefix}_outage`, missing);
