import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from './graphql-runtime';
import { startHarness, type Harness } from './testing/harness';
import { schemaFile } from './write-schema';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ development: true });
});
afterAll(async () => {
  await h.close();
});

describe('checked-in GraphQL schema', () => {
  it('is exactly what the service serves (regenerate with `npx tsx services/query-api/src/write-schema.ts`)', async () => {
    const answer = await h.gql(getIntrospectionQuery({ descriptions: true }), { variables: {} });
    expect(answer.body.errors).toBeUndefined();
    const served = printSchema(buildClientSchema(answer.body.data as unknown as IntrospectionQuery));
    expect(readFileSync(schemaFile, 'utf8').trimEnd()).toBe(served.trimEnd());
  });
});
