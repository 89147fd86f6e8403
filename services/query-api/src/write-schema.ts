/** Writes the schema the query API serves to schemas/graphql/schema.graphql (checked in; a test fails on drift). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { printSchema } from './graphql-runtime';
import { buildExecutableSchema } from './schema/executable-schema';

export const schemaFile = join(import.meta.dirname, '..', '..', '..', 'schemas', 'graphql', 'schema.graphql');

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  mkdirSync(dirname(schemaFile), { recursive: true });
  writeFileSync(schemaFile, `${printSchema(buildExecutableSchema())}\n`);
  console.log(`wrote ${schemaFile}`);
}
