import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { getLocalIdentity } from '@planledger/identity';
import { callers } from '../record/partnership-callers';
import { startService } from '../http/service-process';
import { readModelsQuery } from '../http/graphql-queries';

const rec = 'records { streamId childId itemId group met dueOn doneOn }';
const fig = `numerator denominator rate ${rec}`;
const all = `adviceWithinSixWeeks { ${fig} } adviceWithinSixWeeksByAdviserType { key figure { ${fig} } } adviceWithinSixWeeksByOrganisation { key figure { ${fig} } } adviceExceptions { ${fig} } advicePending { streamId childId itemId group met dueOn doneOn } decisionToAssessWithinSixWeeks { ${fig} } finalPlanWithinTwentyWeeks { ${fig} } annualReviewDecisionWithinFourWeeks { ${fig} } amendedPlanWithinTwelveWeeks { ${fig} } healthAdviceIncorporated { ${fig} } socialCareAdviceIncorporated { ${fig} } healthAndSocialCareAdviceIncorporated { ${fig} } shortBreaksByRoute { key figure { ${fig} } } shortBreaksByRouteAndOutcome { key figure { ${fig} } } auditGrades { key figure { ${fig} } } auditsGoodOrOutstanding { ${fig} }`;
const small = 'adviceWithinSixWeeks { numerator denominator rate } annualReviewDecisionWithinFourWeeks { numerator denominator rate } shortBreaksByRoute { key figure { numerator denominator rate } } auditsGoodOrOutstanding { numerator denominator rate }';

async function main() {
  const dir = '/tmp/i11/live';
  mkdirSync(`${dir}/data`, { recursive: true, mode: 0o700 });
  copyFileSync('/tmp/i11/record-4200.db', `${dir}/data/planledger.db`);
  chmodSync(`${dir}/data/planledger.db`, 0o600);
  const identity = await getLocalIdentity({ dataDir: `${dir}/data` });
  const token = await identity.mintToken({ ...callers.auditor(0), expiresIn: '2h' });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const svc = await startService('services/query-api/src/main.ts', { port: 6601, readyPath: '/health/live', env: { PLANLEDGER_DATA_DIR: `${dir}/data`, PLANLEDGER_STORE: `sqlite:${dir}/data/planledger.db`, NODE_ENV: 'production' } });
  try {
    const post = async (query: string) => { const t = performance.now(); const r = await fetch(`${svc.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) }); const b = await r.text(); return { ms: performance.now() - t, status: r.status, bytes: b.length, head: b.slice(0, 200) }; };
    for (;;) { if ((await post(readModelsQuery)).head.includes('"ready":true')) break; await new Promise((r) => setTimeout(r, 200)); }
    let d = 1;
    const from = () => new Date(Date.UTC(2025, 0, d++)).toISOString().slice(0, 10);
    const shapes: Record<string, () => string> = {
      small4: () => `{ ${[0, 1, 2, 3].map((i) => `w${i}: kpis(from: "${from()}", to: "2026-12-31") { ${small} }`).join(' ')} }`,
      allRecords1: () => `{ kpis(from: "${from()}", to: "2026-12-31") { ${all} } }`,
      allRecords2: () => `{ a: kpis(from: "${from()}", to: "2026-12-31") { ${all} } b: kpis(from: "${from()}", to: "2026-12-31") { ${all} } }`,
      asOf4: () => `{ ${[0, 1, 2, 3].map((i) => `w${i}: kpis(from: "${from()}", to: "2026-12-31", asOf: "2026-11-${10 + i}T00:00:00Z") { ${small} }`).join(' ')} }`,
      changes2: () => `{ ${[0, 1].map((i) => `w${i}: kpiChanges(from: "${from()}", to: "2026-12-31", asOf: "2026-11-${10 + i}T00:00:00Z") { changes { measure records { change record { streamId childId itemId group met dueOn doneOn } } } }`).join(' ')} }`,
    };
    for (const name of (process.argv[2] ?? Object.keys(shapes).join(',')).split(',')) {
      for (let i = 0; i < 2; i++) { await new Promise((z) => setTimeout(z, 1500)); const r = await post(shapes[name]!()); console.log(name, r.status, `${r.ms.toFixed(0)} ms`, `${(r.bytes / 1e6).toFixed(2)} MB`, r.status !== 200 || r.bytes < 400 ? r.head : ''); }
    }
  } finally { await svc.stop(); }
}
void main();
