/* global console, process */
// Reads vitest's JSON report, prints why each skipped test was skipped, refuses skips for reasons not
// declared in skip-reasons.mjs, and prints the closing line. Usage: node .ci/summary.mjs <report.json>
import { existsSync, readFileSync } from 'node:fs';
import { declaredSkipReasons } from './skip-reasons.mjs';

const [file] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  console.log('planledger: the test runner wrote no report (a step before it failed)');
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const inCI = process.env.CI === 'true';
const allowed = declaredSkipReasons.filter((d) => inCI ? d.inCI : true).map((d) => d.reason);

const reasonOf = (test) => /\(skipped: ([^)]*(?:\([^)]*\)[^)]*)*)\)/.exec([...test.ancestorTitles, test.title].join(' > '))?.[1] ?? null;

const byReason = new Map();
const refused = [];
let skipped = 0;
for (const file of report.testResults) {
  for (const test of file.assertionResults) {
    if (test.status === 'passed' || test.status === 'failed') continue;
    skipped++;
    const reason = test.status === 'todo' ? null : reasonOf(test);
    const key = reason ?? `${test.status}, no reason given`;
    byReason.set(key, (byReason.get(key) ?? 0) + 1);
    if (!reason || !allowed.some((a) => reason.startsWith(a))) refused.push(`${file.name.replace(process.cwd() + '/', '')}: ${test.fullName} (${key})`);
  }
}
for (const [reason, n] of byReason) console.log(`skipped ${n}: ${reason}`);
if (refused.length > 0) {
  console.log(`\nskips not allowed${inCI ? ' in CI' : ''} (declared reasons: ${allowed.join('; ')}; see .ci/skip-reasons.mjs):`);
  for (const r of refused.slice(0, 50)) console.log(`  ${r}`);
  if (refused.length > 50) console.log(`  ... and ${refused.length - 50} more`);
}
const failedFiles = report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.every((t) => t.status !== 'failed'));
for (const f of failedFiles) console.log(`failed to run: ${f.name}: ${String(f.message).split('\n')[0]}`);
console.log(`planledger: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
process.exit(report.numFailedTests > 0 || failedFiles.length > 0 || report.numTotalTests === 0 || refused.length > 0 ? 1 : 0);
