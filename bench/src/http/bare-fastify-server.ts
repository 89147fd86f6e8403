/**
 * The baseline for the command API: fastify with one route returning a small JSON, no auth, no
 * validation, no store, no logging. Run as its own process like the API.
 *
 *   HOST=127.0.0.1 PORT=3999 node --import tsx bench/src/http/bare-fastify-server.ts
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/bare', async () => ({ ok: true, at: 'bare' }));
app.get('/health', async () => ({ status: 'live' }));
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3999) });
