/**
 * The baseline: a bare Fastify hello-world with the logger off, the same Fastify the Hub uses.
 * Started as a child process by run.ts; prints its address like the Hub does.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));

const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`Baseline is running at ${address}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0));
  });
}
