import web from '../../../../src/index.js'; // a user writes: import web from 'webts'

web.config.debug = false;
const db = web.database({ dbn: 'sqlite', db: 'bank.db' });
await db.query('CREATE TABLE acct (name TEXT PRIMARY KEY, balance INTEGER NOT NULL)');
await db.insert('acct', { name: 'alice', balance: 100 });
await db.insert('acct', { name: 'bob', balance: 0 });

const urls = ['/transfer', 'transfer', '/transfer-with', 'transfer_with', '/balances', 'show'];
const app = web.application(urls, () => ({ transfer, transfer_with, show }));

async function balances() {
  const rows = await db.select<{ name: string; balance: number }>('acct', { order: 'name' });
  return rows.map((r) => `${r.name}=${r.balance}`).join(' ');
}

async function move(src: string, dst: string, amount: number) {
  await db.query('UPDATE acct SET balance = balance - $a WHERE name = $n', { vars: { a: amount, n: src } });
  await db.query('UPDATE acct SET balance = balance + $a WHERE name = $n', { vars: { a: amount, n: dst } });
  if ((await db.select('acct', { where: 'balance < 0' })).length > 0) throw new RangeError('overdrawn');
}

class transfer {
  async POST() {
    const i = web.input('src', 'dst', 'amount');
    const t = await db.transaction();
    try {
      await move(i.src, i.dst, Number(i.amount));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      await t.rollback();
      return `rolled back (${e.message}): ${await balances()}`;
    }
    await t.commit();
    return 'committed: ' + (await balances());
  }
}

class transfer_with {
  async POST() {
    const i = web.input('src', 'dst', 'amount');
    try {
      await db.transaction(async () => {
        await move(i.src, i.dst, Number(i.amount));
      });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      return `rolled back (${e.message}): ${await balances()}`;
    }
    return 'committed: ' + (await balances());
  }
}

class show {
  async GET() {
    return balances();
  }
}

if (web.isMain(import.meta)) app.run();
