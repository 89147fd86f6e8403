/**
 * Writes the README's route table (method, path, roles allowed, events appended) from the domain's
 * command catalogue, between `<!-- routes:start -->` and `<!-- routes:end -->`. With --check, writes
 * nothing and exits 1 when the README has drifted from the catalogue.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandCatalogue } from '@planledger/domain';

const START = '<!-- routes:start -->';
const END = '<!-- routes:end -->';
const readmePath = join(import.meta.dirname, '..', 'README.md');
const check = process.argv.includes('--check');

const code = (text: string) => `\`${text}\``;
const rows = commandCatalogue.map((definition) =>
  [definition.method, code(definition.path), code(definition.name), definition.roles.map(code).join(', '), definition.emits.map(code).join(', ')].join(' | '),
);
const table = [
  '| method | path | command | roles allowed | events appended |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((row) => `| ${row} |`),
].join('\n');

const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start === -1 || end === -1 || end < start) {
  console.error(`README.md needs the markers ${START} and ${END} around the route table`);
  process.exit(1);
}
const updated = `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;

if (check) {
  if (updated !== readme) {
    console.error('The README route table is out of date with the command catalogue (run `pnpm exec tsx scripts/route-table.ts`).');
    process.exit(1);
  }
  console.log(`docs: the README route table matches the ${commandCatalogue.length} commands of the catalogue`);
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  console.log(`docs: wrote the route table for ${commandCatalogue.length} commands to README.md`);
} else {
  console.log('docs: the README route table is already up to date');
}
