import { copyFileSync } from 'node:fs';
import type { Caller } from '@planledger/domain';
import { getSQLiteEventStore, type EventStore } from '@planledger/event-store';
import { getLocalIdentity } from '@planledger/identity';
import { measured, notMeasured, type Measure, type Target } from '../measure';
import { formatNumber, progress } from '../progress';
import { buildDemoRecordFile } from '../record/demo-record';
import type { RecordCache } from '../record/record-cache';
import { withTempFolder } from '../temp-files';
import { nowMs } from '../timing';
import { freePort } from './free-port';
import type { GraphqlSizes } from './graphql-benchmark';
import { answered, readModelsQuery } from './graphql-queries';
import { runLoad, type LoadResult } from './load';
import { startService, type ServiceProcess } from './service-process';

export interface FindingSizes {
  record: GraphqlSizes['record'];
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
}

const QUERY_API = 'services/query-api/src/main.ts';
const TARGET: Target = { text: '< 20 ms', on: 'value', below: 20 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RegisteredChild {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber?: string;
  organisations: Set<string>;
}

/** What the record holds that the queries need: children with their organisations, and the busiest named people. */
async function surveyRecord(store: EventStore) {
  const children = new Map<string, RegisteredChild>();
  const leads = new Map<string, { caller: Caller; plans: number }>();
  const requesters = new Map<string, { caller: Caller; requests: number }>();
  let after = -1;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) break;
    for (const event of page) {
      const data = event.data as Record<string, unknown>;
      if (event.type === 'ChildRegistered') {
        const organisation = (data.registeringOrganisation as { organisationId: string }).organisationId;
        children.set(data.childId as string, { givenName: data.givenName as string, familyName: data.familyName as string, dateOfBirth: data.dateOfBirth as string, ...(data.nhsNumber ? { nhsNumber: data.nhsNumber as string } : {}), organisations: new Set([organisation]) });
      } else if (event.type === 'TeamMemberAdded') children.get(data.childId as string)?.organisations.add(data.organisationId as string);
      else if (event.type === 'AdviceRequested') {
        children.get(data.childId as string)?.organisations.add(data.adviserOrganisationId as string);
        const key = `${event.actor.userId}/${event.actor.organisationId}`;
        const entry = requesters.get(key) ?? { caller: { userId: event.actor.userId, role: 'send_officer', agency: 'education', organisationId: event.actor.organisationId }, requests: 0 };
        entry.requests++;
        requesters.set(key, entry);
      } else if (event.type === 'FamilyHelpPlanOpened') {
        const lead = data.leadPractitioner as { userId: string; organisationId: string };
        const key = `${lead.userId}/${lead.organisationId}`;
        const entry = leads.get(key) ?? { caller: { userId: lead.userId, role: 'social_worker', agency: 'social_care', organisationId: lead.organisationId }, plans: 0 };
        entry.plans++;
        leads.set(key, entry);
      }
    }
    after = page[page.length - 1]!.globalPosition;
  }
  const busiest = <T extends { caller: Caller }>(m: Map<string, T>, count: (t: T) => number) => [...m.values()].sort((a, b) => count(b) - count(a))[0]?.caller;
  return { children, lead: busiest(leads, (l) => l.plans), requester: busiest(requesters, (r) => r.requests) };
}

/** A name as someone might mistype it: the second and third letters of the family name swapped. */
const transposed = (name: string) => (name.length >= 4 ? name[0]! + name[2]! + name[1]! + name.slice(3) : name);

/**
 * Search, caseloads and work trays against the query API in its own process over a Leicester-sized
 * record, each query under autocannon; every answer is access-logged (the query API's own access-log file) before it is sent.
 */
export async function findingBenchmark(sizes: FindingSizes, records: RecordCache): Promise<Measure[]> {
  const kinds = [
    ['search-name', 'Search children by mistyped name and date of birth'],
    ['search-nhs', 'Search children by NHS number'],
    ['caseload', 'Caseload of a lead practitioner (their open plans)'],
    ['caseload-organisation', 'Caseload of an organisation, sorted by child name'],
    ['advice-tray', 'Advice tray: overdue advice a SEND officer requested'],
    ['advice-asked', 'Advice tray: advice asked of a health organisation'],
    ['clock-tray', 'Statutory clock tray, overdue, for the SEND team'],
    ['review-tray', 'Family Help plan review tray, due within 28 days'],
    ['incomplete-tray', 'Incomplete Family Help plan tray'],
    ['short-break-tray', 'Short breaks awaiting a decision'],
    ['audit-sample', 'Audit sample: 5% of plans not audited within 12 months'],
  ] as const;
  const shapes = kinds.flatMap(([id, title]) => [
    { id: `finding.${id}.p50`, title: `${title}, ${sizes.connections} connections: p50`, contender: 'planledger query API', unit: 'ms' },
    { id: `finding.${id}.p99`, title: `${title}, ${sizes.connections} connections: p99`, contender: 'planledger query API', unit: 'ms', target: TARGET },
  ]);
  return withTempFolder('finding', async (file) => {
    const services: ServiceProcess[] = [];
    try {
      const dataDir = file('data');
      const identity = await getLocalIdentity({ dataDir });
      const storeFile = file('data/planledger.db');
      let description: string;
      if (sizes.record.source === 'demo') {
        progress(`finding: writing the demo partnership (size ${formatNumber(sizes.record.size)}) through executeCommand ...`);
        const demo = await buildDemoRecordFile(file('demo.db'), sizes.record);
        copyFileSync(file('demo.db'), storeFile);
        description = demo.description;
      } else {
        const generated = await records.get(sizes.record.children, sizes.record.baseChildren);
        copyFileSync(generated.file, storeFile);
        description = generated.description;
      }
      const store = getSQLiteEventStore({ path: storeFile });
      const survey = await surveyRecord(store).finally(() => store.close());
      if (!survey.lead || !survey.requester) throw new Error('the record has no lead practitioner or no advice request');
      const send = survey.requester;
      const searchable = [...survey.children.values()].filter((c) => c.organisations.has(send.organisationId));
      const withNhs = searchable.filter((c) => c.nhsNumber);
      if (searchable.length === 0) throw new Error('no child of the SEND team to search for');
      const healthOrganisation = [...new Set(searchable.flatMap((c) => [...c.organisations]))].find((o) => o.startsWith('org-nhs')) ?? send.organisationId;

      const headers = async (caller: Caller) => ({ authorization: `Bearer ${await identity.mintToken({ ...caller, expiresIn: '2h' })}`, 'content-type': 'application/json' });
      const as = {
        send: await headers(send),
        lead: await headers(survey.lead),
        health: await headers({ userId: 'health-practitioner-bench', role: 'health_practitioner', agency: 'health', organisationId: healthOrganisation }),
        manager: await headers({ userId: 'team-manager-bench', role: 'team_manager', agency: 'social_care', organisationId: survey.lead.organisationId }),
        auditor: await headers({ userId: 'auditor-bench', role: 'auditor', agency: 'social_care', organisationId: 'org-qa-leicester' }),
      };
      const env = { PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${storeFile}`, NODE_ENV: 'production', PLANLEDGER_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_READS_PER_MINUTE: '0' };
      progress('finding: starting the query API and waiting for its read models ...');
      const started = nowMs();
      const query = await startService(QUERY_API, { port: await freePort(), readyPath: '/health/live', env });
      services.push(query);
      const graphql = async (text: string, variables: Record<string, unknown>, h: Record<string, string>) => {
        const response = await fetch(`${query.url}/graphql`, { method: 'POST', headers: h, body: JSON.stringify({ query: text, variables }) });
        const body = await response.text();
        if (!response.ok || !answered(body)) throw new Error(`GraphQL answered ${response.status}: ${body.slice(0, 300)}`);
        return JSON.parse(body) as { data: Record<string, unknown> };
      };
      for (let tries = 0; ; tries++) {
        if (((await graphql(readModelsQuery, {}, as.auditor)).data.readModels as { ready: boolean }).ready) break;
        if (tries > 6000) throw new Error('the query API did not catch up within 10 minutes');
        await sleep(100);
      }
      progress(`  ready after ${((nowMs() - started) / 1000).toFixed(1)} s over ${description}`);

      const rows = 'totalCount rows { child { id givenName familyName } streamId dueOn }';
      const search = 'query($name: String, $nhs: String, $dob: Date) { searchChildren(name: $name, nhsNumber: $nhs, dateOfBirth: $dob, reason: DIRECT_WORK) { totalCount hits { childId givenName familyName dateOfBirth primaryNeed teamOrganisations { id name } } } }';
      let n = 0;
      const requests: Record<(typeof kinds)[number][0], () => { text: string; variables: Record<string, unknown>; headers: Record<string, string> }> = {
        'search-name': () => {
          const c = searchable[n++ % searchable.length]!;
          return { text: search, variables: { name: `${c.givenName} ${transposed(c.familyName)}`, dob: c.dateOfBirth }, headers: as.send };
        },
        'search-nhs': () => {
          // The generated record (quick runs) registers children without NHS numbers: only this row goes unmeasured then.
          if (withNhs.length === 0) throw new Error('no child of the SEND team has an NHS number in this record');
          const c = withNhs[n++ % withNhs.length]!;
          return { text: search, variables: { nhs: `${c.nhsNumber!.slice(0, 3)} ${c.nhsNumber!.slice(3, 6)} ${c.nhsNumber!.slice(6)}` }, headers: as.send };
        },
        caseload: () => ({ text: '{ caseload(reason: DIRECT_WORK) { totalCount rows { child { id familyName } recordId completenessScore nextDue { what dueOn } namedPerson { organisation { name } } } } }', variables: {}, headers: as.lead }),
        'caseload-organisation': () => ({ text: '{ caseload(scope: ORGANISATION, sort: CHILD_NAME, reason: DIRECT_WORK) { totalCount rows { child { id familyName } recordId completenessScore nextDue { what dueOn } } } }', variables: {}, headers: as.lead }),
        'advice-tray': () => ({ text: `{ adviceTray(filter: { state: overdue }, reason: DIRECT_WORK) { totalCount rows { child { id givenName familyName } requestId adviserType adviser { name } requestedOn dueOn daysOverdue } } }`, variables: {}, headers: as.send }),
        'advice-asked': () => ({ text: `{ adviceTray(side: ASKED_OF_MY_ORGANISATION, reason: DIRECT_WORK) { totalCount rows { child { id givenName familyName } requestId adviserType requestedOn dueOn } } }`, variables: {}, headers: as.health }),
        'clock-tray': () => ({ text: `{ statutoryClockTray(filter: { state: overdue }, reason: DIRECT_WORK) { ${rows} rows { clock regulation state daysOverdue organisation { name } caseOfficer { name } } } }`, variables: {}, headers: as.send }),
        'review-tray': () => ({ text: `{ planReviewTray(filter: { state: due_within, withinDays: 28 }, reason: DIRECT_WORK) { ${rows} } }`, variables: {}, headers: as.lead }),
        'incomplete-tray': () => ({ text: '{ incompletePlanTray(reason: DIRECT_WORK) { totalCount rows { child { id familyName } planId completenessScore failingRules { id explanation } } } }', variables: {}, headers: as.lead }),
        'short-break-tray': () => ({ text: '{ shortBreakDecisionTray(reason: DIRECT_WORK) { totalCount rows { child { id givenName familyName } streamId route requestedOn waitingDays } } }', variables: {}, headers: as.manager }),
        'audit-sample': () => ({ text: '{ auditSample(notAuditedWithinMonths: 12, share: 0.05, seed: "2026", reason: AUDIT) { population sampleSize rows { child { id } streamId lastAuditedAt } } }', variables: {}, headers: as.auditor }),
      };
      const measures: Measure[] = [];
      for (const [kind, title] of kinds) {
        try {
          const next = () => {
            const r = requests[kind]();
            return { method: 'POST' as const, path: '/graphql', headers: { ...r.headers }, body: JSON.stringify({ query: r.text, variables: r.variables }) };
          };
          const first = requests[kind]();
          const sample = await graphql(first.text, first.variables, first.headers);
          const load = (seconds: number) => runLoad({ url: query.url, connections: sizes.connections, durationSeconds: seconds, nextRequest: next, accept: answered });
          progress(`finding: ${title}, warm-up ${sizes.warmUpSeconds} s then ${sizes.durationSeconds} s`);
          await load(sizes.warmUpSeconds);
          const result: LoadResult = await load(sizes.durationSeconds);
          const answeredRows = JSON.stringify(sample.data).length;
          progress(`  ${formatNumber(result.requestsPerSecond)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.non2xx} non-2xx, ${result.refusedBodies} GraphQL errors`);
          const note = `${sizes.durationSeconds} s at ${sizes.connections} connections, ${formatNumber(result.requestsPerSecond)} req/s; query API on SQLite in its own process (NODE_ENV=production), every answer access-logged to its own access-log file first; ${description}; first answer ${formatNumber(answeredRows)} bytes; ${result.non2xx} non-2xx, ${result.refusedBodies} GraphQL errors`;
          measures.push(measured({ ...shapes.find((s) => s.id === `finding.${kind}.p50`)!, value: result.p50Ms, note }));
          measures.push(measured({ ...shapes.find((s) => s.id === `finding.${kind}.p99`)!, value: result.p99Ms, note }));
        } catch (error) {
          // One query failing must not cost the others their numbers.
          const reason = (error as Error).message;
          progress(`  failed: ${reason}`);
          for (const suffix of ['p50', 'p99']) measures.push(notMeasured('failed', shapes.find((s) => s.id === `finding.${kind}.${suffix}`)!, reason));
        }
      }
      return measures;
    } catch (error) {
      const reason = [(error as Error).message, ...services.map((s) => s.describe())].filter(Boolean).join('; ');
      progress(`  failed: ${reason}`);
      return shapes.map((s) => notMeasured('failed', s, reason));
    } finally {
      for (const service of services) await service.stop();
    }
  });
}
