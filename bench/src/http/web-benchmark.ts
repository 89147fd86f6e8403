import { mkdirSync } from 'node:fs';
import { demoPeople } from '@planledger/demo';
import { getSQLiteEventStore } from '@planledger/event-store';
import { measured, notMeasured, type Measure } from '../measure';
import { formatNumber, progress } from '../progress';
import { buildDemoRecordFile } from '../record/demo-record';
import { familyHelpPlansIn } from '../record/plan-refs';
import { withTempFolder } from '../temp-files';
import { nowMs, percentile } from '../timing';
import { freePort } from './free-port';
import { runLoad, type LoadResult } from './load';
import { startService, type ServiceProcess } from './service-process';

export interface WebSizes {
  /** The demo partnership (the web signs in as its people, so its record is the demo's). */
  demo: { size: number; seed: string };
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
  /** Form posts timed through to the page showing their effect. */
  formPosts: number;
  /** Plans (and their children) the page loads go through in turn. */
  plans: number;
}

const WEB = 'services/web/src/main.ts';
const QUERY_API = 'services/query-api/src/main.ts';
const RECORD_API = 'services/record-api/src/main.ts';

const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0]!;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * The web service in its own process in front of both APIs (each in its own), over the demo
 * partnership: the child page and the Family Help plan page under load as a signed-in social
 * worker, and a form post (a need on a plan) timed until the plan page shows it.
 */
export async function webBenchmark(sizes: WebSizes): Promise<Measure[]> {
  const shape = (id: string, title: string, unit: string, target?: { text: string; on: 'value'; below: number }) => ({ id, title, contender: 'planledger web', unit, ...(target ? { target } : {}) });
  const target = { text: '< 50 ms', on: 'value' as const, below: 50 };
  const shapes = {
    childP50: shape('web.child.p50', `Web child page, ${sizes.connections} connections: p50`, 'ms'),
    childP99: shape('web.child.p99', `Web child page, ${sizes.connections} connections: p99`, 'ms', target),
    childRps: shape('web.child.rps', `Web child page, ${sizes.connections} connections: requests/s`, 'req/s'),
    planP50: shape('web.plan.p50', `Web Family Help plan page, ${sizes.connections} connections: p50`, 'ms'),
    planP99: shape('web.plan.p99', `Web Family Help plan page, ${sizes.connections} connections: p99`, 'ms', target),
    planRps: shape('web.plan.rps', `Web Family Help plan page, ${sizes.connections} connections: requests/s`, 'req/s'),
    postP50: shape('web.form-post.p50', 'Web form post to the page showing it: p50', 'ms'),
    postP99: shape('web.form-post.p99', 'Web form post to the page showing it: p99', 'ms'),
    dashboardP50: shape('web.dashboard.p50', `Web partnership dashboard (auditor), ${sizes.connections} connections: p50`, 'ms'),
    dashboardP99: shape('web.dashboard.p99', `Web partnership dashboard (auditor), ${sizes.connections} connections: p99`, 'ms', target),
    dashboardRps: shape('web.dashboard.rps', `Web partnership dashboard (auditor), ${sizes.connections} connections: requests/s`, 'req/s'),
  };
  return withTempFolder('web', async (file) => {
    const services: ServiceProcess[] = [];
    try {
      const dataDir = file('data');
      const storeFile = file('data/planledger.db');
      // The services refuse a store folder others can open (ES_ERR_STORE_PERMISSIONS).
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      progress(`web: writing the demo partnership (size ${formatNumber(sizes.demo.size)}) through executeCommand ...`);
      const record = await buildDemoRecordFile(storeFile, sizes.demo);
      const person = demoPeople.findIndex((p) => p.caller.role === 'social_worker');
      const organisationId = demoPeople[person]!.caller.organisationId;
      const store = getSQLiteEventStore({ path: storeFile });
      const plans = (await familyHelpPlansIn(store)).filter((p) => p.organisationId === organisationId).slice(0, sizes.plans);
      await store.close();
      if (plans.length === 0) throw new Error(`no open Family Help plan of ${organisationId} in the demo`);

      // Every request comes from the web service's one address: the APIs' per-address and per-reader limits
      // (as in the GraphQL group) would measure the limits, not the pages.
      const env = { PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${storeFile}`, NODE_ENV: 'production', PLANLEDGER_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_READS_PER_MINUTE: '0', LOG_LEVEL: 'warn' };
      progress('web: starting the record API, the query API and the web service ...');
      const [recordPort, queryPort, webPort] = [await freePort(), await freePort(), await freePort()];
      services.push(await startService(RECORD_API, { port: recordPort, readyPath: '/health/ready', env }));
      services.push(await startService(QUERY_API, { port: queryPort, readyPath: '/health/ready', env, startTimeoutMs: 600_000 }));
      const web = await startService(WEB, {
        port: webPort,
        readyPath: '/health/ready',
        env: { ...env, PLANLEDGER_RECORD_API_URL: services[0]!.url, PLANLEDGER_QUERY_API_URL: services[1]!.url },
      });
      services.push(web);

      // Sign in as the demo's social worker, as a browser would.
      const signInPage = await fetch(`${web.url}/sign-in`);
      const signedIn = await fetch(`${web.url}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookieOf(signInPage), 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(csrfOf(await signInPage.text()))}&person=${person}`,
      });
      if (signedIn.status !== 303) throw new Error(`signing in answered ${signedIn.status}`);
      // The session cookie changes once more, when the first page stores its CSRF secret in it; then it stays.
      let cookie = cookieOf(signedIn);
      const get = async (path: string) => {
        const response = await fetch(`${web.url}${path}`, { headers: { cookie }, redirect: 'manual' });
        const body = await response.text();
        if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
        if (response.headers.get('set-cookie')) cookie = cookieOf(response);
        return body;
      };
      await get('/');
      const planPaths = plans.map((p) => `/family-help-plans/${encodeURIComponent(p.streamId)}`);
      const childPaths: string[] = [];
      for (const path of planPaths) {
        const child = /href="(\/children\/[^"?]+)"/.exec(await get(path))?.[1];
        if (child) childPaths.push(child);
      }

      const loadOf = async (paths: string[], what: string) => {
        let i = 0;
        const headers = { cookie };
        const nextRequest = () => ({ method: 'GET' as const, path: paths[i++ % paths.length]!, headers: { ...headers } });
        const accept = (body: string) => body.includes('govuk-heading-l');
        await runLoad({ url: web.url, connections: sizes.connections, durationSeconds: sizes.warmUpSeconds, nextRequest, accept });
        const result = await runLoad({ url: web.url, connections: sizes.connections, durationSeconds: sizes.durationSeconds, nextRequest, accept });
        progress(`  ${what}: ${formatNumber(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.non2xx} non-2xx, ${result.refusedBodies} refused`);
        return result;
      };
      progress(`web: child page and plan page, ${sizes.durationSeconds} s each at ${sizes.connections} connections`);
      const child = await loadOf(childPaths, 'child page');
      const plan = await loadOf(planPaths, 'plan page');

      progress(`web: ${sizes.formPosts} form posts, each timed until the plan page shows it`);
      const posts: number[] = [];
      for (let n = 0; n < sizes.formPosts; n++) {
        const path = planPaths[(n * 7919) % planPaths.length]!;
        const csrf = csrfOf(await get(`${path}/need`));
        const text = `Bench need ${n} ${Date.now()}`;
        const started = nowMs();
        const answer = await fetch(`${web.url}${path}/need`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: `_csrf=${encodeURIComponent(csrf)}&description=${encodeURIComponent(text)}&agency=social_care`,
        });
        if (answer.status !== 303) throw new Error(`the need form answered ${answer.status}`);
        const page = await get(answer.headers.get('location')!);
        if (!page.includes(text)) throw new Error('the plan page after the post does not show the need');
        posts.push(nowMs() - started);
      }
      // The dashboard as the auditor sees it (every child): the KPIs of the last 12 months, their
      // SVG charts drawn on the server, and the same as reported on four earlier days in turn.
      const auditorIndex = demoPeople.findIndex((p) => p.caller.role === 'auditor');
      const auditorSignInPage = await fetch(`${web.url}/sign-in`);
      const auditorSignedIn = await fetch(`${web.url}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookieOf(auditorSignInPage), 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(csrfOf(await auditorSignInPage.text()))}&person=${auditorIndex}`,
      });
      if (auditorSignedIn.status !== 303) throw new Error(`signing in as the auditor answered ${auditorSignedIn.status}`);
      let auditorCookie = cookieOf(auditorSignedIn);
      const warm = await fetch(`${web.url}/dashboard`, { headers: { cookie: auditorCookie }, redirect: 'manual' });
      if (warm.status !== 200) throw new Error(`GET /dashboard answered ${warm.status}`);
      if (warm.headers.get('set-cookie')) auditorCookie = cookieOf(warm);
      const dayBefore = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
      const dashboardPaths = ['/dashboard', ...[30, 90, 180, 365].map((d) => `/dashboard?asOf=${dayBefore(d)}`)];
      progress(`web: dashboard, ${sizes.durationSeconds} s at ${sizes.connections} connections as the auditor`);
      let d = 0;
      const dashboardRequest = () => ({ method: 'GET' as const, path: dashboardPaths[d++ % dashboardPaths.length]!, headers: { cookie: auditorCookie } });
      const dashboardAccept = (body: string) => body.includes('Partnership dashboard') && body.includes('<svg');
      await runLoad({ url: web.url, connections: sizes.connections, durationSeconds: sizes.warmUpSeconds, nextRequest: dashboardRequest, accept: dashboardAccept });
      const dashboard = await runLoad({ url: web.url, connections: sizes.connections, durationSeconds: sizes.durationSeconds, nextRequest: dashboardRequest, accept: dashboardAccept });
      progress(`  dashboard: ${formatNumber(dashboard.requestsPerSecond)} req/s, p50 ${dashboard.p50Ms} ms, p99 ${dashboard.p99Ms} ms, ${dashboard.non2xx} non-2xx, ${dashboard.refusedBodies} refused`);
      const dashboardNote = `${sizes.durationSeconds} s at ${sizes.connections} connections as one signed-in auditor (reads every child); the KPIs of the last 12 months live and as reported 30, 90, 180 and 365 days ago in turn, each page with its server-drawn SVG charts; web, record API and query API each in its own process (NODE_ENV=production) on SQLite; ${record.description}; ${dashboard.non2xx} non-2xx, ${dashboard.refusedBodies} refused bodies`;

      const note = (r: LoadResult) =>
        `${sizes.durationSeconds} s at ${sizes.connections} connections as one signed-in social worker; web, record API and query API each in its own process (NODE_ENV=production) on SQLite; every page's GraphQL reads access-logged; ${record.description}; ${formatNumber(planPaths.length)} plans in turn; ${r.non2xx} non-2xx, ${r.refusedBodies} refused bodies`;
      const postNote = `${posts.length} posts of the need form, one at a time: POST (CSRF token, session cookie) to the record API's 201, 303, then GET of the plan page reading after the write's position until it shows the need`;
      return [
        measured({ ...shapes.childP50, value: child.p50Ms, note: note(child) }),
        measured({ ...shapes.childP99, value: child.p99Ms, note: note(child) }),
        measured({ ...shapes.childRps, value: child.requestsPerSecond, note: note(child) }),
        measured({ ...shapes.planP50, value: plan.p50Ms, note: note(plan) }),
        measured({ ...shapes.planP99, value: plan.p99Ms, note: note(plan) }),
        measured({ ...shapes.planRps, value: plan.requestsPerSecond, note: note(plan) }),
        measured({ ...shapes.postP50, value: percentile(posts, 50), note: postNote }),
        measured({ ...shapes.postP99, value: percentile(posts, 99), note: postNote }),
        measured({ ...shapes.dashboardP50, value: dashboard.p50Ms, note: dashboardNote }),
        measured({ ...shapes.dashboardP99, value: dashboard.p99Ms, note: dashboardNote }),
        measured({ ...shapes.dashboardRps, value: dashboard.requestsPerSecond, note: dashboardNote }),
      ];
    } catch (error) {
      const reason = [(error as Error).message, ...services.map((s) => s.describe())].filter(Boolean).join('; ');
      progress(`  failed: ${reason}`);
      return Object.values(shapes).map((s) => notMeasured('failed', s, reason));
    } finally {
      for (const service of services) await service.stop();
    }
  });
}
