// Throwaway probe (not committed): the web's own CPU per page, the query API's answer given.
import { demoPeople } from '@planledger/demo';
import { getLocalIdentity } from '@planledger/identity';
import { buildWeb } from './build-web';
import { createQueryApiClient } from './api/query-api-client';
import { createWebLogger } from './logger';

const real = createQueryApiClient('http://127.0.0.1:6302');
const answers = new Map<string, unknown>();
const query = {
  async query<T>(token: string, doc: string, vars: Record<string, unknown> = {}, o = {}) {
    const key = doc + JSON.stringify(vars);
    if (!answers.has(key)) answers.set(key, await real.query(token, doc, vars, o));
    return answers.get(key) as T;
  },
};
const identity = await getLocalIdentity({ dataDir: '/tmp/i19-data' });
const app = await buildWeb({ recordApiUrl: 'http://127.0.0.1:6301', queryApiUrl: 'http://127.0.0.1:6302', signIn: { mode: 'local', identity, people: demoPeople }, secureCookies: false, logger: createWebLogger(undefined, 'silent'), query });
const page = await app.inject({ url: '/sign-in' });
const cookieOf = (r: { headers: Record<string, unknown> }) => String(r.headers['set-cookie'] ?? '').split(';')[0]!;
const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
const signed = await app.inject({ method: 'POST', url: '/sign-in', headers: { cookie: cookieOf(page), 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}&person=0` });
let cookie = cookieOf(signed);
const get = async (url: string) => { const r = await app.inject({ url, headers: { cookie } }); if (r.headers['set-cookie']) cookie = cookieOf(r); return r; };
const tray = (await get('/work/caseload')).body;
const m = /open\/family_help_plan\/([0-9a-f-]+)\?child=([0-9a-f-]+)/.exec(tray)!;
for (const url of [`/children/${m[2]}`, `/family-help-plans/${m[1]}`, '/', '/accessibility']) {
  await get(url);
  for (let i = 0; i < 20; i++) await get(url);
  const n = 200;
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await get(url);
  console.log(url.replace(/[0-9a-f-]{36}/, ':id'), `${(Number(process.hrtime.bigint() - t) / 1e6 / n).toFixed(2)} ms per page`);
}
await app.close();
