import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { EventStore } from '@planledger/event-store';
import { trustProxyOption, type Identity } from '@planledger/identity';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { readCommandHeaders, type CommandHeaders } from './command-headers';
import { commandCatalogue, executeCommand, type Caller, type CommandDefinition, type CommandRequest, type CommandResult } from '@planledger/domain';
import { errorAnswer, type ErrorAnswer } from './error-answer';
import { registerHealthRoutes } from './health-routes';
import { createInFlight } from './in-flight';
import { buildOpenApiDocument } from './openapi';
import { DEFAULT_MAX_EVENT_LOOP_DELAY_MS, defaultIpRateLimit, defaultRateLimit, registerRequestLimits, type RateLimitOptions } from './request-limits';
import { RecordApiError, RecordApiErrorCodes } from './record-api-error';

export type ExecuteCommand = (store: EventStore, request: CommandRequest) => Promise<CommandResult>;

export interface RecordApiOptions {
  store: EventStore;
  identity: Pick<Identity, 'authenticate'>;
  /** One route is built per definition. Default: the domain's commandCatalogue. */
  commands?: readonly CommandDefinition[];
  /** Validates, authorises, decides and appends; throws DomainError with a code on refusal. Default: executeCommand. */
  execute?: ExecuteCommand;
  /** A pino logger (see createRecordApiLogger); false for none. */
  logger?: FastifyBaseLogger | false;
  /** Largest accepted request body. Default 256 KiB. */
  bodyLimitBytes?: number;
  /** Per-caller request limit, counted after authentication. Default 1,200 a minute; max 0 turns it off. */
  rateLimit?: RateLimitOptions;
  /** Per-address request limit, counted before authentication. Default 6,000 a minute; max 0 turns it off. */
  ipRateLimit?: RateLimitOptions;
  /** Proxies whose X-Forwarded-For names the client (see `trustedProxiesFromEnv`). Default none. */
  trustedProxies?: readonly string[];
  /** Event-loop stall (ms) past which requests are answered 503 with Retry-After. Default 1000. */
  maxEventLoopDelayMs?: number;
  /** Serve the OpenAPI document and Swagger UI at /docs. Default true. */
  docs?: boolean;
  /**
   * The key naming NHS number claim streams (see loadNhsNumberKey); every process writing the store
   * must share it. Default: a random key of this process, enough only for a store nobody else writes.
   */
  nhsNumberKey?: Uint8Array;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    commandHeaders: CommandHeaders | null;
    refusal: ErrorAnswer['log'] | null;
  }
}

export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** The record API as a fastify instance, not yet listening: tests inject into it, main.ts listens. */
export async function buildRecordApi(options: RecordApiOptions): Promise<FastifyInstance> {
  const { store, identity, commands = commandCatalogue, logger = false, bodyLimitBytes = DEFAULT_BODY_LIMIT, docs = true, nhsNumberKey } = options;
  const execute: ExecuteCommand = options.execute ?? ((s, request) => executeCommand(s, request, nhsNumberKey ? { nhsNumberKey } : {}));
  const inFlight = createInFlight();
  let closing = false;

  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    // The per-address limit keys on request.ip: the connection's address, or the client a trusted proxy names.
    trustProxy: trustProxyOption(options.trustedProxies ?? []),
    bodyLimit: bodyLimitBytes,
    // One line per request, written by the onResponse hook below, with no headers or body in it.
    logController: new LogController({ disableRequestLogging: true }),
    // Client-chosen request ids would be logged; correlation ids travel in their own header instead.
    requestIdHeader: false,
    return503OnClosing: true,
    // A path that does not decode (or a parameter over the length limit) is refused in our error shape,
    // without echoing the path: it may carry a name.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const code = RecordApiErrorCodes.BAD_URL;
      request.refusal = { code };
      const body = { error: { code, message: tooLong ? 'a path parameter is too long' : 'the request path is not valid percent-encoded UTF-8' } };
      // Typed before any route exists, so this reply's statuses and bodies are unknown to the compiler.
      return (reply as unknown as FastifyReply).code(tooLong ? 414 : 400).send(body);
    },
  });
  app.decorateRequest('caller', null);
  app.decorateRequest('commandHeaders', null);
  app.decorateRequest('refusal', null);
  // Commands are JSON only: anything else is a 415, not a string handed to the domain.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error, request, reply) => {
    const answer = errorAnswer(error);
    request.refusal = answer.log;
    if (answer.status >= 500) request.log.error({ refusal: answer.log }, 'request failed');
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) => {
    request.refusal = { code: RecordApiErrorCodes.ROUTE_NOT_FOUND };
    return reply.code(404).send({ error: { code: RecordApiErrorCodes.ROUTE_NOT_FOUND, message: 'no such route; see /docs' } });
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(request.commandHeaders ? { correlationId: request.commandHeaders.correlationId } : {}),
        ...(request.caller ? { userId: request.caller.userId, organisationId: request.caller.organisationId } : {}),
        ...(request.refusal ? { refusal: request.refusal } : {}),
      },
      'request completed',
    );
    done();
  });
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Answers sent while draining close their connection, or a keep-alive client would hold shutdown open.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  // Whatever path a close takes (signal, test, embedding), appends already under way finish first.
  app.addHook('onClose', async () => {
    await inFlight.drained();
  });

  const limits = await registerRequestLimits(app, {
    perIp: options.ipRateLimit ?? defaultIpRateLimit,
    perCaller: options.rateLimit ?? defaultRateLimit,
    maxEventLoopDelayMs: options.maxEventLoopDelayMs ?? DEFAULT_MAX_EVENT_LOOP_DELAY_MS,
    callerKey: (request) => (request.caller ? `${request.caller.organisationId}\u0000${request.caller.userId}` : null),
  });

  registerHealthRoutes(app, { store, isClosing: () => closing });

  if (docs) {
    await app.register(swagger, { mode: 'static', specification: { document: buildOpenApiDocument(commands, { version: '0.1.0' }) as never } });
    // staticCSP: the UI's pages get a Content-Security-Policy that allows exactly their own scripts.
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  }

  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest) => {
      const caller = await identity.authenticate(request.headers.authorization);
      request.caller = caller;
      await limits.byCaller(request);
      request.commandHeaders = readCommandHeaders(request.headers);
    });

    for (const definition of commands) {
      scope.route({
        method: definition.method,
        url: definition.path,
        handler: async (request, reply) => {
          const caller = request.caller!;
          const headers = request.commandHeaders!;
          reply.header('x-correlation-id', headers.correlationId);
          if (closing) throw new RecordApiError(503, RecordApiErrorCodes.UNAVAILABLE, 'the service is shutting down; retry shortly', { headers: { 'retry-after': '1' } });
          const commandRequest: CommandRequest = {
            command: definition.name,
            params: request.params,
            body: request.body,
            caller,
            correlationId: headers.correlationId,
            ...(headers.expectedRevision !== undefined ? { expectedRevision: headers.expectedRevision } : {}),
            ...(headers.idempotencyKey !== undefined ? { idempotencyKey: headers.idempotencyKey } : {}),
          };
          const result = await inFlight.run(() => execute(store, commandRequest));
          reply.code(201).header('etag', `"${result.revision}"`);
          if (result.replayed) reply.header('idempotent-replayed', 'true');
          if (definition.creates) reply.header('location', `${definition.path}/${encodeURIComponent(result.entityId)}`);
          return {
            streamId: result.streamId,
            entityId: result.entityId,
            revision: result.revision,
            eventIds: result.eventIds,
            globalPosition: result.globalPosition,
            ...(result.created ? result.created : {}),
          };
        },
      });
    }
  });

  return app;
}
