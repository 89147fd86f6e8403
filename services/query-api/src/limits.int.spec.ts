import { afterEach, describe, expect, it } from 'vitest';
import { QueryErrorCodes } from './errors';
import { callers, startHarness, type Harness } from './testing/harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const codes = (answer: Awaited<ReturnType<Harness['gql']>>) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

describe('query limits, enforced before any resolver runs', () => {
  it('refuses a query deeper than the limit', async () => {
    h = await startHarness({ limits: { maxDepth: 3 } });
    const child = await h.command(callers.socialWorker, 'registerChild', {}, { givenName: 'Amira', familyName: 'Example', dateOfBirth: '2015-04-01', primaryNeed: 'ASD' });
    const before = await h.store.headPosition();
    const answer = await h.gql(`{ child(id: "${child.entityId}") { familyHelpPlans { contributions { recorded { eventId } } } } }`);
    expect(codes(answer)).toEqual([QueryErrorCodes.DEPTH_LIMIT]);
    expect(answer.body.data).toBeUndefined();
    // No resolver ran: reading a child the caller may see appends to its access log, and nothing was.
    expect(await h.store.headPosition()).toBe(before);
    const allowed = await h.gql(`{ child(id: "${child.entityId}") { familyHelpPlans { id } } }`);
    expect(allowed.body.errors).toBeUndefined();
    // The same read within the limit is logged: the check above could have seen a write.
    await expect.poll(() => h!.store.headPosition(), { timeout: 5_000 }).toBeGreaterThan(before);
  });

  it('refuses more aliases than the limit, counting those inside fragments', async () => {
    h = await startHarness({ limits: { maxAliases: 3 } });
    const answer = await h.gql('query { a: readModels { ready } b: readModels { ready } ...F } fragment F on Query { c: readModels { ready } d: readModels { position } }');
    expect(codes(answer)).toEqual([QueryErrorCodes.ALIAS_LIMIT]);
    expect((await h.gql('{ a: readModels { ready } b: readModels { ready } c: readModels { ready } }')).body.errors).toBeUndefined();
  });

  it('refuses a query whose estimated cost exceeds the limit, lists weighing more', async () => {
    h = await startHarness({ limits: { maxCost: 40, listFactor: 10 } });
    // kpis(1) + figure(1) + records list (1 + 10 x 3 fields) = 34: allowed.
    const cheap = '{ kpis(from: "2026-01-01", to: "2026-01-31") { adviceWithinSixWeeks { records { streamId met dueOn } } } }';
    expect((await h.gql(cheap)).body.errors).toBeUndefined();
    const dear = '{ kpis(from: "2026-01-01", to: "2026-01-31") { adviceWithinSixWeeks { records { streamId met dueOn doneOn } } } }';
    expect(codes(await h.gql(dear))).toEqual([QueryErrorCodes.COST_LIMIT]);
  });

  it('refuses a document with too many tokens before validating it', async () => {
    h = await startHarness({ limits: { maxTokens: 50 } });
    const answer = await h.gql(`{ ${Array.from({ length: 30 }, (_, i) => `f${i}: readModels { ready }`).join(' ')} }`);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.message).toMatch(/more that 50 tokens/);
  });
});

describe('introspection and GraphiQL', () => {
  it('are off outside development', async () => {
    h = await startHarness({ development: false });
    expect(codes(await h.gql('{ __schema { types { name } } }'))).toEqual([QueryErrorCodes.INTROSPECTION_DISABLED]);
    expect(codes(await h.gql('{ __type(name: "Child") { name } }'))).toEqual([QueryErrorCodes.INTROSPECTION_DISABLED]);
    expect((await h.gql('{ readModels { __typename } }')).body.data).toEqual({ readModels: { __typename: 'ReadModelStatus' } });
    const page = await h.api.yoga.fetch('http://query.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });

  it('are on in development', async () => {
    h = await startHarness({ development: true });
    expect((await h.gql('{ __type(name: "Child") { name } }')).body.data).toEqual({ __type: { name: 'Child' } });
    const page = await h.api.yoga.fetch('http://query.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});
