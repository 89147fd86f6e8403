/**
 * The web service process: settings from the environment (see web-options-from-env.ts), HOST and
 * PORT (default 127.0.0.1:5000), LOG_LEVEL. SIGINT/SIGTERM finish the requests under way and exit.
 */
import { buildWeb } from './build-web';
import { webOptionsFromEnv } from './web-options-from-env';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 5000);
const app = await buildWeb(await webOptionsFromEnv(process.env, { host, port }));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  process.exitCode = 0;
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

await app.listen({ host, port });
app.log.info({ host, port }, 'web service listening');
