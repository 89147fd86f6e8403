import cors from '@fastify/cors';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import { trustProxyOption, type Caller, type Identity } from '@planledger/identity';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { QueryApi } from '../build-query-api';
import { QueryErrorCodes } from '../errors';

export interface RateLimitOptions {
  /** Requests allowed per window; 0 turns the limit off. */
  max: number;
  windowMs: number;
}

export interface QueryServerOptions {
  /** Per-address limit, counted before the token is read. Default 3,000 a minute. */
  ipRateLimit?: RateLimitOptions;
  /** Per-caller limit, counted once the token is verified. Default 600 a minute. */
  rateLimit?: RateLimitOptions;
  /** Largest request body, refused (413) before the token is checked or anything parsed. Default 64 KiB. */
  bodyLimitBytes?: number;
  /** Origins allowed to call from a browser (CORS). Default none: no CORS headers at all. */
  corsOrigins?: readonly string[];
  /** Event-loop stall (ms) past which requests are answered 503 with Retry-After. Default 1000. */
  maxEventLoopDelayMs?: number;
  /** GraphiQL is served (development only): its page needs inline scripts, so no Content-Security-Policy then. */
  development?: boolean;
  /** Proxies whose X-Forwarded-For names the client (see `trustedProxiesFromEnv`). Default none. */
  trustedProxies?: readonly string[];
}

export const defaultQueryIpRateLimit: RateLimitOptions = { max: 3000, windowMs: 60_000 };
export const defaultQueryRateLimit: RateLimitOptions = { max: 600, windowMs: 60_000 };
export const DEFAULT_QUERY_BODY_LIMIT = 64 * 1024;
export const DEFAULT_QUERY_MAX_EVENT_LOOP_DELAY_MS = 1000;

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

const graphqlError = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * The query API's HTTP server: graphql-yoga runs inside fastify (yoga's documented integration), so
 * fastify's maintained plugins guard it. In order, for every request: under-pressure (503 with
 * Retry-After when the event loop stalls), the per-address rate limit, the body limit (while the
 * body is read, before anything is parsed), the token, the per-caller rate limit, then yoga.
 * GraphQL operations are POSTed: a GET is only GraphiQL's page, so no operation, variable or read
 * reason ever travels in a URL (or lands in a proxy's access log).
 */
export async function buildQueryServer(api: QueryApi, identity: Pick<Identity, 'authenticate'>, options: QueryServerOptions = {}): Promise<FastifyInstance> {
  const perIp = options.ipRateLimit ?? defaultQueryIpRateLimit;
  const perCaller = options.rateLimit ?? defaultQueryRateLimit;
  const development = options.development ?? false;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_QUERY_BODY_LIMIT,
    requestIdHeader: false,
    return503OnClosing: true,
    // The per-address limit keys on request.ip: the connection's address, or the client a trusted proxy names.
    trustProxy: trustProxyOption(options.trustedProxies ?? []),
  });
  app.decorateRequest('caller', null);

  // helmet's middleware is built once here; @fastify/helmet built it again for every request.
  const securityHeaders = helmet({ contentSecurityPolicy: !development });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  if (options.corsOrigins && options.corsOrigins.length > 0) {
    // Bearer tokens travel in a header, never a cookie: no credentials mode is needed.
    await app.register(cors, { origin: [...options.corsOrigins], credentials: false, methods: ['POST', 'GET', 'OPTIONS'] });
  }
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs ?? DEFAULT_QUERY_MAX_EVENT_LOOP_DELAY_MS,
    retryAfter: 5,
    pressureHandler: (_request: FastifyRequest, reply: FastifyReply) => {
      void reply.code(503).header('retry-after', '5').send(graphqlError(QueryErrorCodes.OVERLOADED, 'the service is overloaded; try again shortly'));
    },
  });
  await app.register(rateLimit, { global: false });

  const limiter = (limit: RateLimitOptions, key: (request: FastifyRequest) => string | null) => {
    if (limit.max <= 0) return async () => {};
    const check = app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator: (request) => key(request) ?? '' });
    return async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.url.startsWith('/health/') || key(request) === null) return;
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return;
      const wait = Math.max(1, result.ttlInSeconds);
      return reply.code(429).header('retry-after', String(wait)).send(graphqlError(QueryErrorCodes.RATE_LIMITED, `too many requests; try again in ${wait}s`));
    };
  };
  app.addHook('onRequest', limiter(perIp, (request) => `ip:${request.ip}`));
  const byCaller = limiter(perCaller, (request) => (request.caller ? `caller:${request.caller.organisationId}\u0000${request.caller.userId}` : null));

  app.setErrorHandler((error: { code?: string; statusCode?: number }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(graphqlError(QueryErrorCodes.BODY_TOO_LARGE, 'the request body is larger than this service accepts'));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send(graphqlError(QueryErrorCodes.BAD_INPUT, 'send the operation as application/json'));
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send(graphqlError(status === 500 ? 'QL_ERR_INTERNAL' : QueryErrorCodes.BAD_INPUT, status === 500 ? 'something went wrong on our side' : 'the request could not be read'));
  });

  const toYoga = async (request: FastifyRequest, reply: FastifyReply) => {
    const response = await api.yoga.handleNodeRequestAndResponse(request, reply, { req: request });
    response.headers.forEach((value, key) => {
      reply.header(key, value);
    });
    reply.status(response.status);
    reply.send(response.body);
    return reply;
  };

  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    preHandler: async (request, reply) => {
      if (request.method === 'GET' && !(development && (request.headers.accept ?? '').includes('text/html'))) {
        return reply.code(405).header('allow', 'POST').send(graphqlError(QueryErrorCodes.METHOD_NOT_ALLOWED, 'send GraphQL operations as a POST with a JSON body, never in the URL'));
      }
      if (request.method !== 'POST') return;
      // A token that does not verify is left to yoga, which answers 401 in GraphQL's shape.
      request.caller = await identity.authenticate(request.headers.authorization).catch(() => null);
      return byCaller(request, reply);
    },
    handler: toYoga,
  });
  app.route({ url: '/health/live', method: 'GET', handler: toYoga });
  app.route({ url: '/health/ready', method: 'GET', handler: toYoga });
  return app;
}
