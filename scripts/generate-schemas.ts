/**
 * Writes the JSON Schema of every event in the domain's catalogue to schemas/events/, from the zod
 * source. With --check, writes nothing and exits 1 when the checked-in files have drifted.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { eventCatalogue } from '@planledger/domain';

const dir = join(import.meta.dirname, '..', 'schemas', 'events');
const check = process.argv.includes('--check');

const expected = new Map<string, string>();
for (const def of eventCatalogue) {
  const schema = {
    $id: `https://planledger.example/schemas/events/${def.type}.v${def.schemaVersion}.json`,
    title: def.type,
    description: def.description,
    'x-category': def.category,
    'x-schema-version': def.schemaVersion,
    ...z.toJSONSchema(def.data, { target: 'draft-2020-12', io: 'input' }),
  };
  expected.set(`${def.type}.v${def.schemaVersion}.json`, `${JSON.stringify(schema, null, 2)}\n`);
}

const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
if (check) {
  const problems: string[] = [];
  for (const [file, text] of expected) {
    if (!present.includes(file)) problems.push(`missing: schemas/events/${file}`);
    else if (readFileSync(join(dir, file), 'utf8') !== text) problems.push(`drifted: schemas/events/${file}`);
  }
  for (const file of present) if (!expected.has(file)) problems.push(`no longer generated: schemas/events/${file}`);
  if (problems.length) {
    console.error(`Event JSON Schemas are out of date with the zod source (run \`pnpm schemas:generate\`):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`schemas: ${expected.size} event schemas match the zod source`);
} else {
  mkdirSync(dir, { recursive: true });
  for (const file of present) if (!expected.has(file)) rmSync(join(dir, file));
  for (const [file, text] of expected) writeFileSync(join(dir, file), text);
  console.log(`schemas: wrote ${expected.size} event schemas to schemas/events`);
}
