import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RecordApiError, RecordApiErrorCodes } from './record-api-error';

export interface RateLimitOptions {
  /** Requests allowed per window; 0 turns the limit off. */
  max: number;
  windowMs: number;
}

// Generous: a person at a keyboard never meets them, a runaway script (or a flood of bad tokens) does.
export const defaultRateLimit: RateLimitOptions = { max: 1200, windowMs: 60_000 };
/** Counted before the token is read, so a flood of invalid tokens is limited too. Several callers may share an address. */
export const defaultIpRateLimit: RateLimitOptions = { max: 6000, windowMs: 60_000 };
/** The longest event-loop stall (ms) before requests are answered 503 with Retry-After rather than queued. */
export const DEFAULT_MAX_EVENT_LOOP_DELAY_MS = 1000;

export type RequestHook = (request: FastifyRequest) => Promise<void>;

const isHealth = (request: FastifyRequest) => request.url.startsWith('/health/');

/**
 * Security headers (helmet's middleware, built once at start), shedding load when the event loop stalls
 * (@fastify/under-pressure), and two fixed-window limits from @fastify/rate-limit: one per client
 * address, run before authentication, and one per caller, run after it. Both answer 429
 * API_ERR_RATE_LIMITED with Retry-After. Health probes are never limited.
 */
export async function registerRequestLimits(
  app: FastifyInstance,
  { perIp, perCaller, maxEventLoopDelayMs, callerKey }: { perIp: RateLimitOptions; perCaller: RateLimitOptions; maxEventLoopDelayMs: number; callerKey: (request: FastifyRequest) => string | null },
): Promise<{ byCaller: RequestHook }> {
  const securityHeaders = helmet();
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    retryAfter: 5,
    pressureHandler: (_request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: { code: RecordApiErrorCodes.OVERLOADED, message: 'the service is overloaded; try again shortly' } });
    },
  });
  await app.register(rateLimit, { global: false });

  const limiter = (options: RateLimitOptions, key: (request: FastifyRequest) => string | null): RequestHook => {
    if (options.max <= 0) return async () => {};
    const check = app.createRateLimit({ max: options.max, timeWindow: options.windowMs, keyGenerator: (request) => key(request) ?? '' });
    return async (request) => {
      if (isHealth(request) || key(request) === null) return;
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return;
      const wait = Math.max(1, result.ttlInSeconds);
      throw new RecordApiError(429, RecordApiErrorCodes.RATE_LIMITED, `too many requests; try again in ${wait}s`, { headers: { 'retry-after': String(wait) } });
    };
  };
  app.addHook('onRequest', limiter(perIp, (request) => `ip:${request.ip}`));
  return { byCaller: limiter(perCaller, (request) => { const k = callerKey(request); return k === null ? null : `caller:${k}`; }) };
}
