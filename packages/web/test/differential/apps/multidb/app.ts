import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

web.config.debug = false;
const users = web.database({ dbn: 'sqlite', db: 'users.db' });
const logs = web.database({ dbn: 'sqlite', db: 'logs.db' });
await users.query('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
await logs.query('CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT NOT NULL)');

const urls = ['/signup', 'signup', '/report', 'report', '/oops', 'oops'];
const app = web.application(urls, () => ({ signup, report, oops }));

class signup {
  async POST() {
    const name = web.input('name').name;
    const uid = await users.insert('users', { name });
    await logs.insert('log', { msg: `signup ${name} as ${uid}` });
    return `user ${uid}`;
  }
}

class oops {
  async POST() {
    const t = await users.transaction();
    await users.insert('users', { name: 'ghost' });
    await logs.insert('log', { msg: 'ghost attempted' });
    await t.rollback();
    return 'rolled back users only';
  }
}

class report {
  async GET() {
    const names = (await users.select<{ name: string }>('users', { order: 'id' })).map((u) => u.name);
    const msgs = (await logs.select<{ msg: string }>('log', { order: 'id' })).map((l) => l.msg);
    return `users: ${names.join(', ')}\nlog: ${msgs.join('; ')}`;
  }
}

if (web.isMain(import.meta)) app.run();
