import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventStore } from '@planledger/event-store';
import { isIdentityError, IdentityErrorCodes, type Caller, type Identity } from '@planledger/identity';
import { callerRefusal, isCorrelationId } from '@planledger/domain';
import {
  ehcAssessmentCompleteness,
  familyHelpPlanCompleteness,
  createReadModelSnapshots,
  createWorkIndex,
  recordReadModels,
  shortBreakCompleteness,
  startProjectionRunner,
  teamOf,
  type ProjectionRunner,
  type WrittenSnapshot,
} from '@planledger/projections';
import { GraphQLError } from './graphql-runtime';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { defaultReadBudget, withReadBudget, type ReadBudgetOptions } from './access/read-budget';
import { createReadGate } from './access/read-gate';
import { streamReaderOver } from './access/stream-stores';
import { createOrganisationNames } from './organisations/organisation-names';
import { readReasonFromHeader } from './access/read-reasons';
import type { QueryContext } from './context';
import { QueryErrorCodes } from './errors';
import { defaultQueryDepthAndSize, defaultQueryLimits } from './limits/query-limits-rule';
import { useQueryLimits, type QueryLimitsOptions } from './limits/use-query-limits';
import { createQueryApiLogger } from './logger';
import { createRecordSource, type RecordSource } from './records/record-source';
import type { PlanChange } from './schema/plan-change';
import { planChanges } from './schema/plan-changes';
import { planKindOf } from './schema/record-ids';
import { buildExecutableSchema } from './schema/executable-schema';
import { createSubscriptionCounter, untilTokenExpires } from './schema/subscription-limits';

export interface QueryApiOptions {
  /** The record: the read models follow it; the query service never writes to it unless it is also `accessLogStore`. */
  store: EventStore;
  /**
   * Where the read gate appends who read what (`access-log-*` streams), and where `childReads`,
   * `history` and `verifyIntegrity` of those streams read. Default: `store`. A store of its own keeps
   * one writing process per store file and keeps reads from waking the record's subscription.
   */
  accessLogStore?: EventStore;
  /** Verifies bearer tokens (the same identity as the record API). */
  identity: Pick<Identity, 'authenticate'>;
  logger?: Logger;
  /** GraphiQL and introspection are on only in development. Default: NODE_ENV !== 'production'. */
  development?: boolean;
  limits?: Partial<QueryLimitsOptions>;
  /** Record reads (access-log events) per caller per window. Default 300 a minute; max 0 turns it off. */
  readBudget?: ReadBudgetOptions;
  /** Live subscriptions one caller may hold. Default 10; 0: no cap. */
  maxSubscriptionsPerCaller?: number;
  /** How long a request carrying X-Read-After-Position waits for the read models to reach it. Default 2000 ms. */
  readYourWritesTimeoutMs?: number;
  /** How long a request waits for the first catch-up after start. Default 30 s. */
  catchUpTimeoutMs?: number;
  now?: () => Date;
  /**
   * Persisted read-model snapshots: start from the latest one that passes its checks and catch up
   * from its position. A new one is written when `everyEvents` events (default 100,000) or more have
   * been applied since the last, and only where no request is answered: once caught up, before
   * serving starts, and at close. Absent: every start folds the whole log.
   */
  snapshots?: { folder: string; everyEvents?: number };
}

/** What the HTTP server hands yoga: the request, with the caller it already verified. */
export interface QueryServerContext {
  req?: { caller?: Caller | null };
}

export interface QueryApi {
  yoga: YogaServerInstance<QueryServerContext, QueryContext>;
  runner: ProjectionRunner;
  /** Resolves once the read models have caught up with the log (and a due snapshot is written): the service is serving. */
  ready(timeoutMs?: number): Promise<void>;
  /** Writes a read-model snapshot at the runner's position now (null without a snapshot folder, or before any event). */
  writeSnapshot(): Promise<WrittenSnapshot | null>;
  /** Stops following the log, writing a snapshot first if one is due. The stores stay open: their owner closes them. */
  close(): Promise<void>;
}

const MAX_POSITION_HEADER = 20;

function describeError(value: unknown) {
  if (!(value instanceof Error)) return { type: typeof value };
  const original = (value as { originalError?: unknown }).originalError;
  const error = original instanceof Error ? original : value;
  return { type: error.name, code: (error as { code?: unknown }).code, at: error.stack?.split('\n')[1]?.trim() };
}

/** When the (already verified) bearer token expires; a token without exp is refused earlier, so this is a fallback. */
function tokenExpiryMs(authorization: string | null): number {
  try {
    const exp = decodeJwt(authorization?.replace(/^Bearer\s+/i, '') ?? '').exp;
    return typeof exp === 'number' ? exp * 1000 : Date.now();
  } catch {
    return Date.now();
  }
}

export function buildQueryApi(options: QueryApiOptions): QueryApi {
  const { store, identity, now = () => new Date(), readYourWritesTimeoutMs = 2_000, catchUpTimeoutMs = 30_000 } = options;
  const accessLogStore = options.accessLogStore ?? store;
  const logger = options.logger ?? createQueryApiLogger();
  const development = options.development ?? process.env.NODE_ENV !== 'production';
  const limits: QueryLimitsOptions = { ...defaultQueryDepthAndSize, ...defaultQueryLimits, introspection: development, ...options.limits };
  const subscriptions = createSubscriptionCounter(options.maxSubscriptionsPerCaller ?? 10);

  const snapshots = options.snapshots
    ? createReadModelSnapshots({
        folder: options.snapshots.folder,
        store,
        readModels: recordReadModels,
        onRefused: ({ file, reason }) => logger.warn({ snapshot: file, refusal: reason }, 'read-model snapshot refused; trying an older one or rebuilding from the log'),
      })
    : null;
  const snapshotEvery = options.snapshots?.everyEvents ?? 100_000;
  let snapshotPosition = -1;
  const runner = startProjectionRunner({
    store,
    readModels: recordReadModels,
    ...(snapshots
      ? {
          resume: async () => {
            const latest = await snapshots.latest();
            if (latest) {
              snapshotPosition = latest.after;
              logger.info({ snapshot: latest.file, position: latest.after }, 'starting from a read-model snapshot');
            } else logger.info('no usable read-model snapshot; rebuilding from the log');
            return latest;
          },
        }
      : {}),
    onProjectionFailure: (f) => logger.error({ model: f.model, eventId: f.eventId, position: f.globalPosition, err: f.error }, 'a read model could not apply an event'),
    onDropped: (error) => logger.warn({ err: error }, 'the log subscription dropped; resubscribing'),
  });
  let snapshotting: Promise<WrittenSnapshot | null> | null = null;
  const writeSnapshot = (): Promise<WrittenSnapshot | null> => {
    if (!snapshots) return Promise.resolve(null);
    if (snapshotting) return snapshotting;
    const at = runner.position;
    snapshotting = snapshots
      .write(at, (model) => runner.state(model))
      .then((written) => {
        if (written) {
          snapshotPosition = written.position;
          logger.info({ snapshot: written.file, position: written.position, bytes: written.bytes, ms: Math.round(written.ms) }, 'read-model snapshot written');
        }
        return written;
      })
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'read-model snapshot could not be written');
        return null;
      })
      .finally(() => (snapshotting = null));
    return snapshotting;
  };
  const snapshotDue = () => snapshots !== null && runner.position >= 0 && runner.position - snapshotPosition >= snapshotEvery;
  /**
   * Serving starts once the read models have caught up and the record file passed its check (see
   * `fileCheck` in the event store) and, when a snapshot is due, once it is
   * written. Writing one serialises every read model on this thread (hundreds of MiB at a million
   * events), so it happens only where no request is being answered: before serving starts, and at
   * close once requests have stopped; never while serving, where it would stall every caller.
   */
  let serving = false;
  const startedServing = runner
    .whenReady()
    // A record file checked in the background (while the log was folded) must have passed first.
    .then(() => store.fileCheck?.())
    .then(async () => {
      if (snapshotDue()) await writeSnapshot();
      serving = true;
    });
  startedServing.catch(() => {});
  const isServing = () => serving && runner.ready;
  // The catch-up is what may take long (and what the timeout bounds); a due snapshot follows it at once.
  const whenServing = async (timeoutMs?: number): Promise<void> => {
    if (isServing()) return;
    await runner.whenReady(timeoutMs);
    await startedServing;
  };
  const records: RecordSource = createRecordSource(store, runner);
  // Registered before the first event can be applied, so the work index hears of every change.
  const work = createWorkIndex(records);
  runner.onApplied((event) => work.noteApplied(event));
  const organisationName = createOrganisationNames(() => records.organisations());
  const gate = withReadBudget(createReadGate({ store: accessLogStore, logger, now }), options.readBudget ?? defaultReadBudget);
  const streams = streamReaderOver({ record: store, accessLog: accessLogStore });

  const planChangeOf = (event: EventEnvelope): PlanChange => {
    const kind = planKindOf(event.streamId)!;
    return {
      streamId: event.streamId,
      kind,
      revision: event.revision,
      globalPosition: event.globalPosition,
      eventType: event.type,
      recordedAt: event.recordedAt,
      completeness: () => {
        const at = now();
        if (kind === 'family_help_plan') {
          const view = records.familyHelpPlans().get(event.streamId);
          const child = view && records.register().children.get(view.childId);
          return view ? familyHelpPlanCompleteness(view, at, child ? teamOf(child).map((m) => m.agency) : []) : null;
        }
        if (kind === 'ehc_assessment') {
          const view = records.ehcAssessments().get(event.streamId);
          const child = view && records.register().children.get(view.childId);
          return view ? ehcAssessmentCompleteness(view, at, child?.registered?.data.dateOfBirth ?? null) : null;
        }
        const view = records.shortBreaks().get(event.streamId);
        return view ? shortBreakCompleteness(view, at) : null;
      },
    };
  };
  const subscribeToPlan = (streamId: string) => planChanges((listener) => runner.onApplied(listener), streamId, planChangeOf);

  const fail = (code: string, message: string, status: number, headers?: Record<string, string>) =>
    new GraphQLError(message, { extensions: { code, http: { status, ...(headers ? { headers } : {}) } } });

  const yoga = createYoga<QueryServerContext, QueryContext>({
    schema: buildExecutableSchema(),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health/live',
    graphiql: development,
    // GraphiQL's scripts and styles come from the installed package, inlined in the page: no CDN.
    renderGraphiQL,
    landingPage: development,
    // CORS is the HTTP server's (off unless origins are allowed); yoga would reflect any Origin.
    cors: false,
    maskedErrors: { isDev: false },
    logging: {
      debug: (...args) => logger.trace({ yoga: args.map(String) }),
      info: (...args) => logger.info({ yoga: args.map(String) }),
      warn: (...args) => logger.warn({ yoga: args.map(String) }),
      // Messages can quote request values, so an error is logged by its type, code and where it arose.
      error: (...args) => logger.error({ errors: args.map(describeError) }, 'query API error'),
    },
    plugins: [
      ...useQueryLimits(limits),
      useReadinessCheck({ endpoint: '/health/ready', check: isServing }),
    ],
    context: async ({ request, req }) => {
      let caller: Caller;
      try {
        // Behind the HTTP server the token was verified once already (so it could be rate limited per caller).
        caller = req?.caller ?? (await identity.authenticate(request.headers.get('authorization') ?? undefined));
      } catch (error) {
        if (isIdentityError(error) && error.code === IdentityErrorCodes.KEYS_UNAVAILABLE) {
          throw fail(QueryErrorCodes.IDENTITY_UNAVAILABLE, 'the identity provider could not be reached', 503);
        }
        const code = isIdentityError(error) ? error.code : IdentityErrorCodes.TOKEN_INVALID;
        logger.info({ refusal: { code } }, 'request refused: authentication failed');
        throw fail(QueryErrorCodes.UNAUTHENTICATED, `authentication failed (${code})`, 401, { 'WWW-Authenticate': 'Bearer' });
      }
      if (!isServing()) {
        await whenServing(catchUpTimeoutMs).catch(() => {
          throw fail(QueryErrorCodes.NOT_READY, 'the read models are still catching up with the log', 503);
        });
      }
      const after = request.headers.get('x-read-after-position');
      if (after !== null) {
        const position = after.length <= MAX_POSITION_HEADER && /^\d+$/.test(after) ? Number(after) : NaN;
        if (!Number.isSafeInteger(position)) throw fail(QueryErrorCodes.BAD_INPUT, 'X-Read-After-Position must be a global position (a whole number)', 400);
        if (!(await runner.waitFor(position, readYourWritesTimeoutMs))) {
          throw fail(QueryErrorCodes.NOT_READY, `the read models have not reached position ${position} yet`, 503);
        }
      }
      // Role, agency and organisation must agree with the register, as on the record API; before any resolver, so nothing is read or logged as read.
      const refusal = callerRefusal(caller, records.organisations().state);
      if (refusal) {
        logger.info({ refusal: { code: QueryErrorCodes.FORBIDDEN, rule: refusal.rule }, userId: caller.userId, organisationId: caller.organisationId }, 'request refused: the register does not allow this caller');
        throw new GraphQLError(refusal.message, { extensions: { code: QueryErrorCodes.FORBIDDEN, rule: refusal.rule, http: { status: 403 } } });
      }
      const correlation = request.headers.get('x-correlation-id');
      if (correlation !== null && !isCorrelationId(correlation)) throw fail(QueryErrorCodes.BAD_INPUT, 'X-Correlation-Id must be a UUID', 400);
      const reasonHeader = request.headers.get('x-read-reason');
      const headerReason = reasonHeader === null ? undefined : readReasonFromHeader(reasonHeader);
      if (headerReason === null) throw fail(QueryErrorCodes.BAD_INPUT, 'X-Read-Reason must be one of the read reason codes (see ReadReason)', 400);
      const expiresAtMs = tokenExpiryMs(request.headers.get('authorization'));
      const callerKey = `${caller.organisationId}\u0000${caller.userId}`;
      return {
        caller,
        correlationId: correlation ?? randomUUID(),
        headerReason,
        records,
        gate,
        recordLog: store,
        streams,
        runner,
        work,
        organisationName,
        subscribeToPlan: (streamId: string) => {
          const release = subscriptions.open(callerKey);
          return untilTokenExpires(subscribeToPlan(streamId), expiresAtMs, release);
        },
        logger,
        now,
      };
    },
  });

  return {
    yoga,
    runner,
    ready: whenServing,
    writeSnapshot,
    close: async () => {
      await runner.stop();
      await snapshotting;
      // Requests have stopped (the server closes first): the one moment besides start-up to write one.
      if (serving && snapshotDue()) await writeSnapshot();
    },
  };
}
