import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import { fastifyRequestContext } from '@fastify/request-context';
import helmet from 'helmet';
import fastifySecureSession from '@fastify/secure-session';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import type { Logger } from 'pino';
import { trustProxyOption } from '@planledger/identity';
import { createQueryApiClient, QueryApiError, type QueryApiClient } from './api/query-api-client';
import { createRecordApiClient, type RecordApiClient } from './api/record-api-client';
import { passOnRetryAfter } from './api/retry-after';
import { registerAuditorRoutes } from './auditor/auditor-routes';
import { registerChildRoutes } from './child/child-routes';
import { registerDashboardRoutes } from './dashboard/dashboard-routes';
import { registerEhcAssessmentRoutes } from './ehc-assessment/ehc-assessment-routes';
import { registerFamilyHelpPlanRoutes } from './family-help-plan/family-help-plan-routes';
import { registerFindChildRoutes } from './find-child/find-child-routes';
import { registerHomeRoutes } from './home/home-routes';
import { govDate, label, organisationName } from './layout/labels';
import { createLayoutPartsCache, type NavigationItem } from './layout/layout-parts';
import { problemOf } from './layout/problem';
import { trim } from './layout/trim-filter';
import { registerLiveUpdates } from './live/live-routes';
import { createWebLogger } from './logger';
import { registerQualityRoutes } from './quality/quality-routes';
import { personForView, type SignedInPerson } from './session/person';
import { registerReadReasonRoutes } from './session/read-reason-routes';
import { endSession, readPerson } from './session/session';
import { registerShortBreakRoutes } from './short-break/short-break-routes';
import { registerLocalSignIn, type LocalSignIn } from './sign-in/local-sign-in';
import { registerOidcSignIn, type OidcSignIn } from './sign-in/oidc-sign-in';
import { registerSignOut } from './sign-in/sign-out';
import type { WebContext } from './web-context';

export interface WebOptions {
  recordApiUrl: string;
  queryApiUrl: string;
  /** How people sign in: OIDC in production, or the local list of demo people (never both). */
  signIn: LocalSignIn | OidcSignIn;
  /** 32 bytes encrypting the session cookie; every replica needs the same. Default: random per process. */
  sessionKey?: Buffer;
  /** Cookies only over HTTPS. Default true; false only for a local service on http://127.0.0.1. */
  secureCookies?: boolean;
  /** Proxies in front (a load balancer) whose X-Forwarded-For names the person (see `trustedProxiesFromEnv`). Default none. */
  trustedProxies?: readonly string[];
  serviceName?: string;
  logger?: Logger;
  /**
   * Render the layout's fixed parts (skip link, service navigation, footer) once per navigation
   * and reuse them. Default true; false renders them on every page, as the layout does alone.
   */
  cacheLayoutParts?: boolean;
  record?: RecordApiClient;
  query?: QueryApiClient;
}

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const govukRoot = dirname(require.resolve('govuk-frontend/package.json'));
const mojRoot = dirname(require.resolve('@ministryofjustice/frontend/package.json'));

const PUBLIC_PREFIXES = ['/assets/', '/sign-in', '/signed-out', '/health', '/accessibility'];

export async function buildWeb(options: WebOptions): Promise<FastifyInstance> {
  const serviceName = options.serviceName ?? 'Disabled children’s plans';
  const app = Fastify({ loggerInstance: (options.logger ?? createWebLogger()) as FastifyBaseLogger, trustProxy: trustProxyOption(options.trustedProxies ?? []) }) as unknown as FastifyInstance;
  const record = options.record ?? createRecordApiClient(options.recordApiUrl);
  const query = options.query ?? createQueryApiClient(options.queryApiUrl);
  const localSignIn = options.signIn.mode === 'local';

  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'", ...(options.signIn.mode === 'oidc' ? [new URL(options.signIn.issuer).origin] : [])],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Same-origin pages only; the OIDC provider is reached by top-level redirects.
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  // Each API call a page makes names the person's address (see api/client-address.ts).
  await app.register(fastifyRequestContext, { defaultStoreValues: (request) => ({ clientAddress: request.ip }) });
  await app.register(fastifyFormbody);
  await app.register(fastifySecureSession, {
    key: options.sessionKey ?? randomBytes(32),
    cookieName: 'planledger-session',
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies ?? true },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
  });

  const assets = [
    { root: join(govukRoot, 'dist/govuk/assets'), prefix: '/assets/' },
    { root: join(mojRoot, 'moj/assets'), prefix: '/assets/moj/' },
    { root: join(here, 'assets'), prefix: '/assets/web/' },
  ];
  for (const [i, asset] of assets.entries()) {
    await app.register(fastifyStatic, { ...asset, decorateReply: i === 0, index: false, maxAge: '1h' });
  }
  const files: Record<string, string> = {
    '/assets/govuk-frontend.min.css': join(govukRoot, 'dist/govuk/govuk-frontend.min.css'),
    '/assets/govuk-frontend.min.js': join(govukRoot, 'dist/govuk/govuk-frontend.min.js'),
    '/assets/moj-frontend.min.css': join(mojRoot, 'moj/moj-frontend.min.css'),
    '/assets/moj-frontend.min.js': join(mojRoot, 'moj/moj-frontend.min.js'),
  };
  for (const [url, file] of Object.entries(files)) {
    app.get(url, (_request, reply) => reply.header('cache-control', 'public, max-age=3600').sendFile(file.slice(dirname(file).length + 1), dirname(file)));
  }

  let views: nunjucks.Environment | undefined;
  const mojFilters = require(join(mojRoot, 'moj/filters/all.js')) as () => Record<string, (...args: unknown[]) => unknown>;
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [here, join(govukRoot, 'dist'), mojRoot],
    options: {
      autoescape: true,
      onConfigure: (env: nunjucks.Environment) => {
        for (const [name, filter] of Object.entries(mojFilters())) env.addFilter(name, filter);
        env.addFilter('label', label);
        env.addFilter('govDate', govDate);
        env.addFilter('organisationName', organisationName);
        env.addFilter('trim', trim);
        views = env;
      },
    },
  });

  const layoutParts = options.cacheLayoutParts === false ? undefined : createLayoutPartsCache(views!, serviceName);

  app.get('/health/live', async () => ({ status: 'ok' }));
  // Ready when both APIs are: the web can serve nothing without them.
  app.get('/health/ready', async (_request, reply) => {
    const ready = async (base: string) => (await fetch(new URL('/health/ready', base)).catch(() => null))?.ok === true;
    const [recordReady, queryReady] = await Promise.all([ready(options.recordApiUrl), ready(options.queryApiUrl)]);
    return reply.code(recordReady && queryReady ? 200 : 503).send({ recordApi: recordReady, queryApi: queryReady });
  });

  const navigation = (request: FastifyRequest, person: SignedInPerson | undefined): NavigationItem[] => {
    if (!person) return [];
    const here = request.url.split('?')[0]!;
    return [
      { href: '/', text: 'Home', active: here === '/' },
      { href: '/find-a-child', text: 'Find a child', active: here.startsWith('/find-a-child') },
      ...(person.caller.role === 'auditor' ? [{ href: '/quality/audit-sample', text: 'Audit sample', active: here.startsWith('/quality') }] : []),
      { href: '/dashboard', text: 'Dashboard', active: here.startsWith('/dashboard') },
      { href: '/sign-out', text: 'Sign out', active: here === '/sign-out' },
    ];
  };

  const web: WebContext = {
    record,
    query,
    personOf(request) {
      const person = readPerson(request);
      if (!person) throw new Error('no one is signed in');
      return person;
    },
    async render(reply, template, data) {
      const request = reply.request;
      const person = readPerson(request);
      const items = navigation(request, person);
      return reply.view(template, {
        serviceName,
        localSignIn,
        person: person ? personForView(person) : undefined,
        navigation: items,
        layoutParts: layoutParts?.partsFor(items),
        csrfToken: reply.generateCsrf(),
        ...data,
      });
    },
    notFound(reply) {
      return web.render(reply.code(404), 'layout/not-found.njk', { pageTitle: 'Page not found' });
    },
    signedOut(request, reply) {
      endSession(request);
      return reply.redirect('/sign-in?ended=1', 303);
    },
  };

  // Every page but sign-in and the assets needs someone signed in; a session ends with its token.
  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (PUBLIC_PREFIXES.some((p) => path.startsWith(p))) return;
    if (!readPerson(request)) {
      const hadSession = request.session.get('person') !== undefined;
      if (hadSession) endSession(request);
      return reply.redirect(hadSession ? '/sign-in?ended=1' : '/sign-in', 303);
    }
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return web.render(reply.code(403), 'layout/problem.njk', { pageTitle: 'Your form has expired', heading: 'Your form has expired', body: 'Go back, reload the page and try again.' });
    }
    if (error.name === 'QueryApiError' && (error as { code?: string }).code === 'QL_ERR_UNAUTHENTICATED') return web.signedOut(request, reply);
    if (error instanceof QueryApiError) {
      const problem = problemOf(error);
      request.log[problem.status >= 500 ? 'error' : 'warn']({ err: { type: error.name, code: error.code, status: error.status } }, 'the query service turned a page away');
      passOnRetryAfter(reply, problem.retryAfterSeconds);
      return web.render(reply.code(problem.status), 'layout/problem.njk', { pageTitle: problem.heading, heading: problem.heading, body: problem.body });
    }
    request.log.error({ err: { type: error.name, code: error.code } }, 'page failed');
    const failed = problemOf(error);
    return web.render(reply.code(error.statusCode && error.statusCode < 500 ? error.statusCode : 500), 'layout/problem.njk', { pageTitle: failed.heading, heading: failed.heading, body: failed.body });
  });
  app.setNotFoundHandler((_request, reply) => web.notFound(reply));

  app.get('/accessibility', (_request, reply) => web.render(reply, 'layout/accessibility.njk', { pageTitle: 'Accessibility statement' }));

  if (options.signIn.mode === 'local') registerLocalSignIn(app, web, options.signIn);
  else await registerOidcSignIn(app, web, options.signIn);
  registerSignOut(app, web, options.signIn);
  registerHomeRoutes(app, web);
  registerFindChildRoutes(app, web);
  registerChildRoutes(app, web);
  registerFamilyHelpPlanRoutes(app, web);
  registerEhcAssessmentRoutes(app, web);
  registerShortBreakRoutes(app, web);
  registerReadReasonRoutes(app, web);
  registerAuditorRoutes(app, web);
  registerQualityRoutes(app, web);
  registerDashboardRoutes(app, web);
  registerLiveUpdates(app, web, options.queryApiUrl);
  return app;
}
