import { openDatabase } from '/work/main/apps/server/src/db/database';

let t = performance.now();
const db = await openDatabase({ dataDir: 'memory://' });
console.log('open', performance.now() - t);
t = performance.now();
await db.migrate();
console.log('migrate', performance.now() - t);
t = performance.now();
const snap = await db.snapshot!();
console.log('dump', performance.now() - t, snap.size);
t = performance.now();
const db2 = await openDatabase({ dataDir: 'memory://', pgliteSnapshot: snap });
console.log('load', performance.now() - t);
t = performance.now();
console.log((await db2.query('select count(*) from drizzle.__drizzle_migrations', [1].slice(1))).rows);
