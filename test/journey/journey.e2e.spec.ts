import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { commandCatalogue, type Caller } from '@planledger/domain';
import { getLocalIdentity } from '@planledger/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type ServiceProcess } from '../../scripts/start/service-process';

/**
 * One child's journey through the real services, each started as its own process on a temporary
 * SQLite file: every step is a command over HTTP to the record API as the role that would issue
 * it, checked through GraphQL over HTTP to the query API.
 */

const root = resolve(import.meta.dirname, '../..');
const people = {
  sendOfficer: { userId: 'send-officer-7', role: 'send_officer', agency: 'education', organisationId: 'org-la-send' },
  socialWorker: { userId: 'social-worker-7', role: 'social_worker', agency: 'social_care', organisationId: 'org-sc-disabled-children' },
  teamManager: { userId: 'team-manager-7', role: 'team_manager', agency: 'social_care', organisationId: 'org-sc-disabled-children' },
  health: { userId: 'paediatrician-7', role: 'health_practitioner', agency: 'health', organisationId: 'org-nhs-paediatrics' },
  school: { userId: 'senco-7', role: 'education_practitioner', agency: 'education', organisationId: 'org-school-7' },
  auditor: { userId: 'auditor-7', role: 'auditor', agency: 'social_care', organisationId: 'org-qa' },
  administrator: { userId: 'admin-7', role: 'partnership_administrator', agency: 'education', organisationId: 'org-partnership' },
} satisfies Record<string, Caller>;

/** The partnership's organisations, as its administrator registers them: every caller above speaks for one. */
const partnership = [
  { organisationId: 'org-partnership', name: 'Partnership office', agency: 'education', kind: 'partnership_office' },
  { organisationId: 'org-la-send', name: 'SEND team', agency: 'education', kind: 'la_send_team' },
  { organisationId: 'org-sc-disabled-children', name: 'Disabled children\'s team', agency: 'social_care', kind: 'social_care_team' },
  { organisationId: 'org-nhs-paediatrics', name: 'Community paediatrics', agency: 'health', kind: 'health_provider' },
  { organisationId: 'org-school-7', name: 'Oak Primary', agency: 'education', kind: 'school' },
  { organisationId: 'org-qa', name: 'Quality assurance', agency: 'social_care', kind: 'quality_assurance_team' },
] as const;

let dataDir: string;
let services: ServiceProcess[] = [];
let recordUrl: string;
let queryUrl: string;
const tokens = new Map<Caller, string>();

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

interface Written {
  entityId: string;
  streamId: string;
  globalPosition: number;
}
/** The position of the latest write, so each GraphQL read waits until the query API has applied it. */
let lastPosition = -1;

async function send(caller: Caller, command: string, body: Record<string, unknown>, params: Record<string, string> = {}): Promise<Written> {
  const definition = commandCatalogue.find((d) => d.name === command)!;
  const path = definition.path.replace(/:(\w+)/g, (_, key: string) => params[key]!);
  const response = await fetch(`${recordUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(caller)}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Written;
  expect({ command, status: response.status, answer }).toMatchObject({ command, status: 201 });
  lastPosition = Math.max(lastPosition, answer.globalPosition);
  return answer;
}

async function query<T>(caller: Caller, text: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${queryUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(caller)}`, 'x-read-after-position': String(lastPosition) },
    body: JSON.stringify({ query: text, variables }),
  });
  const answer = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(answer.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return answer.data!;
}

interface Rule {
  id: string;
  applies: boolean;
  satisfied: boolean;
  explanation: string;
}
interface Completeness {
  score: number;
  rules: Rule[];
}
interface Coverage {
  allThree: boolean;
  missing: string[];
}
const unmet = (c: Completeness) => c.rules.filter((r) => r.applies && !r.satisfied).map((r) => r.id);
const judged = 'completeness { score rules { id applies satisfied explanation } } coverage { allThree missing }';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'planledger-journey-'));
  // Created before the services start, so both verify with the key the tokens are signed with.
  const identity = await getLocalIdentity({ dataDir });
  for (const caller of Object.values(people)) tokens.set(caller, await identity.mintToken(caller));
  const [recordPort, queryPort] = [await freePort(), await freePort()];
  recordUrl = `http://127.0.0.1:${recordPort}`;
  queryUrl = `http://127.0.0.1:${queryPort}`;
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${join(dataDir, 'planledger.db')}`, PLANLEDGER_STORE_CREATE: '1' };
  services = [
    startService({ name: 'record API', entry: join(root, 'services/record-api/src/main.ts'), cwd: root, env: { ...env, PORT: String(recordPort) }, url: recordUrl, logFile: join(dataDir, 'record-api.log') }),
    startService({ name: 'query API', entry: join(root, 'services/query-api/src/main.ts'), cwd: root, env: { ...env, PORT: String(queryPort) }, url: queryUrl, logFile: join(dataDir, 'query-api.log') }),
  ];
  await Promise.all(services.map((s) => s.waitUntilReady(60_000)));
}, 90_000);

afterAll(async () => {
  const stopped = await Promise.all(services.map((s) => s.stop(10_000)));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  expect(stopped).toEqual(services.map(() => true));
});

const eightWeeksAgo = new Date(Date.now() - 56 * 86_400_000).toISOString();

describe('one child\'s journey, as each role would walk it, through both services', () => {
  const ids = { childId: '', planId: '', planStreamId: '', assessmentId: '', shortBreakId: '' };
  // Ten this year, whenever the journey runs: the search below looks her up by this date of birth.
  const amiraBorn = `${new Date().getUTCFullYear() - 10}-03-14`;
  const requests: Record<string, string> = {};
  let beforeOtherAgencies = '';

  it('a partnership administrator registers the partnership\'s organisations, which the query API lists; nobody else may', async () => {
    // The first registration founds the register: the administrator's own office.
    for (const organisation of partnership) await send(people.administrator, 'registerOrganisation', organisation);
    const refused = await fetch(`${recordUrl}/v1/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(people.sendOfficer)}` },
      body: JSON.stringify({ organisationId: 'org-typo', name: 'Typo', agency: 'health', kind: 'school' }),
    });
    expect(refused.status).toBe(403);
    const { organisations } = await query<{ organisations: Array<{ id: string; kind: string; active: boolean }> }>(people.sendOfficer, '{ organisations { id kind active } }');
    expect(organisations.map((o) => o.id).sort()).toEqual(partnership.map((o) => o.organisationId).sort());
  });

  it('a SEND officer registers the child and invites social care and the school into the team', async () => {
    const child = await send(people.sendOfficer, 'registerChild', { givenName: 'Amira', familyName: 'Patel', dateOfBirth: amiraBorn, nhsNumber: '9434765919', primaryNeed: 'ASD' });
    ids.childId = child.entityId;
    for (const member of [people.socialWorker, people.school]) {
      await send(people.sendOfficer, 'addTeamMember', { organisationId: member.organisationId }, { childId: ids.childId });
    }
    const { child: seen } = await query<{ child: { team: Array<{ organisationId: string }>; coverage: Coverage } }>(
      people.socialWorker,
      'query($id: ID!) { child(id: $id) { team { organisationId } coverage { allThree missing } } }',
      { id: ids.childId },
    );
    expect(seen.team.map((m) => m.organisationId).sort()).toEqual(['org-la-send', 'org-sc-disabled-children', 'org-school-7']);
    expect(seen.coverage).toEqual({ allThree: false, missing: ['education', 'health', 'social_care'] });
  });

  it('a social worker on the phone finds the child by name (misspelt) and by NHS number before acting', async () => {
    type Found = { searchChildren: { totalCount: number; hits: Array<{ childId: string; givenName: string; familyName: string; dateOfBirth: string; teamOrganisations: Array<{ id: string }> }> } };
    const search = 'query($name: String, $nhs: String, $dob: Date) { searchChildren(name: $name, nhsNumber: $nhs, dateOfBirth: $dob, reason: DIRECT_WORK) { totalCount hits { childId givenName familyName dateOfBirth teamOrganisations { id } } } }';
    const byName = (await query<Found>(people.socialWorker, search, { name: 'amria patle', dob: amiraBorn })).searchChildren;
    expect(byName.hits.map((hit) => [hit.childId, hit.givenName, hit.familyName, hit.dateOfBirth])).toEqual([[ids.childId, 'Amira', 'Patel', amiraBorn]]);
    expect(byName.hits[0]!.teamOrganisations.map((o) => o.id).sort()).toEqual(['org-la-send', 'org-sc-disabled-children', 'org-school-7']);
    const byNhs = (await query<Found>(people.socialWorker, search, { nhs: '943 476 5919' })).searchChildren;
    expect(byNhs.hits.map((hit) => hit.childId)).toEqual([ids.childId]);
    // Health is not in the team yet: the same search finds nothing for them.
    expect((await query<Found>(people.health, search, { nhs: '9434765919' })).searchChildren).toEqual({ totalCount: 0, hits: [] });
  });

  it('a social worker opens a Family Help plan and records disability impact (family functioning too), views, outcomes and a review', async () => {
    const lead = { userId: people.socialWorker.userId, name: 'Sam Lee', organisationId: people.socialWorker.organisationId, agency: 'social_care' };
    const plan = await send(people.socialWorker, 'openFamilyHelpPlan', { childId: ids.childId, planType: 'family_help', leadPractitioner: lead });
    ids.planId = plan.entityId;
    ids.planStreamId = plan.streamId;
    const p = { planId: ids.planId };
    await send(people.socialWorker, 'recordDisabilityImpact', { domain: 'communication', impact: 'Uses Makaton and a few words' }, p);
    const planQuery = `query($id: ID!, $asOf: DateTime) { familyHelpPlan(id: $id, asOf: $asOf) { disabilityImpacts { domain } ${judged} } }`;
    type Plan = { familyHelpPlan: { disabilityImpacts: Array<{ domain: string }>; completeness: Completeness; coverage: Coverage } };
    const partial = (await query<Plan>(people.socialWorker, planQuery, { id: ids.planId })).familyHelpPlan;
    expect(partial.completeness.rules.find((r) => r.id === 'fhp.disability-impact')).toMatchObject({ satisfied: false, explanation: expect.stringContaining('family functioning') });

    await send(people.socialWorker, 'recordDisabilityImpact', { domain: 'family_functioning', impact: 'Parents sleep four hours a night' }, p);
    await send(people.socialWorker, 'recordChildViews', { views: 'Likes swimming; hates loud places', howGathered: 'communication_aid' }, p);
    await send(people.socialWorker, 'recordFamilyViews', { views: 'We need a break to keep going', relationship: 'mother' }, p);
    const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    await send(people.socialWorker, 'setOutcome', { outcome: 'Sleeps through four nights a week', measure: 'Sleep diary', byWhen: inAYear, responsible: { agency: 'health', role: 'sleep nurse' } }, p);
    await send(people.socialWorker, 'reviewFamilyHelpPlan', { summary: 'Plan agreed with the family', nextReviewOn: inAYear }, p);
    await send(people.socialWorker, 'recordContribution', { agency: 'social_care', support: 'Family support worker', frequency: 'weekly', from: '2026-01-05' }, p);

    const plan1 = (await query<Plan>(people.socialWorker, planQuery, { id: ids.planId })).familyHelpPlan;
    expect(plan1.disabilityImpacts.map((i) => i.domain).sort()).toEqual(['communication', 'family_functioning']);
    expect(unmet(plan1.completeness)).toEqual(['fhp.agency-contributions']);
    expect(plan1.coverage).toEqual({ allThree: false, missing: ['education', 'health'] });
    beforeOtherAgencies = new Date().toISOString();
  });

  it('the SEND officer starts an EHC needs assessment and requests health, education and social care advice', async () => {
    const assessment = await send(people.sendOfficer, 'startEhcAssessment', { childId: ids.childId, kind: 'needs_assessment', occurredAt: eightWeeksAgo });
    ids.assessmentId = assessment.entityId;
    await send(people.sendOfficer, 'assignCaseOfficer', { caseOfficer: { userId: people.sendOfficer.userId, name: 'Priya Shah', organisationId: people.sendOfficer.organisationId } }, { assessmentId: ids.assessmentId });
    for (const adviser of [people.health, people.school, people.socialWorker]) {
      const adviserType = adviser.agency;
      // Social care was asked eight weeks ago, so its advice is now overdue.
      const when = adviser === people.socialWorker ? { occurredAt: eightWeeksAgo } : {};
      await send(people.sendOfficer, 'requestAdvice', { adviserType, adviserAgency: adviser.agency, adviserOrganisationId: adviser.organisationId, ...when }, { assessmentId: ids.assessmentId });
    }
    type Assessment = { ehcAssessment: { advice: Array<{ requestId: string; adviserType: string; submittedOn: string | null; adviceDueOn: string }>; completeness: Completeness; coverage: Coverage } };
    const seen = (await query<Assessment>(people.sendOfficer, `query($id: ID!) { ehcAssessment(id: $id) { advice { requestId adviserType submittedOn adviceDueOn } ${judged} } }`, { id: ids.assessmentId })).ehcAssessment;
    const byType = (x: { adviserType: string }, y: { adviserType: string }) => x.adviserType.localeCompare(y.adviserType);
    expect(seen.advice.sort(byType).map((a) => [a.adviserType, a.submittedOn])).toEqual([['education', null], ['health', null], ['social_care', null]]);
    for (const a of seen.advice) requests[a.adviserType] = a.requestId;
    expect(unmet(seen.completeness)).toEqual(expect.arrayContaining(['ehc.advice-received.health', 'ehc.advice-received.education', 'ehc.advice-received.social_care']));
    // The advice request invited health into the team, so the health practitioner now sees the child.
    const { child } = await query<{ child: { team: Array<{ organisationId: string; reason: string }> } | null }>(people.health, 'query($id: ID!) { child(id: $id) { team { organisationId reason } } }', { id: ids.childId });
    expect(child?.team).toContainEqual({ organisationId: 'org-nhs-paediatrics', reason: 'advice_requested' });
  });

  it('the SEND officer chases overdue advice from the tray, and social care sees what is asked of it', async () => {
    type Tray = { adviceTray: { totalCount: number; rows: Array<{ child: { id: string; givenName: string }; assessmentId: string; requestId: string; adviserType: string; adviser: { id: string }; overdue: boolean; daysOverdue: number }> } };
    const tray = 'query($side: AdviceTraySide, $filter: TrayFilter) { adviceTray(side: $side, filter: $filter) { totalCount rows { child { id givenName } assessmentId requestId adviserType adviser { id } overdue daysOverdue } } }';
    const overdue = (await query<Tray>(people.sendOfficer, tray, { side: 'REQUESTED_BY_ME', filter: { state: 'overdue' } })).adviceTray;
    expect(overdue.rows.map((r) => [r.child.givenName, r.assessmentId, r.adviserType, r.adviser.id, r.overdue, r.daysOverdue >= 14])).toEqual([
      ['Amira', ids.assessmentId, 'social_care', 'org-sc-disabled-children', true, true],
    ]);
    expect(overdue.rows[0]!.requestId).toBe(requests.social_care);
    const asked = (await query<Tray>(people.socialWorker, tray, { side: 'ASKED_OF_MY_ORGANISATION' })).adviceTray;
    expect(asked.rows.map((r) => r.requestId)).toEqual([requests.social_care]);
    type Caseload = { caseload: { rows: Array<{ recordId: string; namedRole: string; nextDue: { what: string; overdue: boolean } | null }> } };
    const caseload = (await query<Caseload>(people.sendOfficer, '{ caseload { rows { recordId namedRole nextDue { what overdue } } } }')).caseload;
    expect(caseload.rows).toEqual([{ recordId: ids.assessmentId, namedRole: 'case_officer', nextDue: { what: 'advice', overdue: true } }]);
  });

  it('health and education practitioners submit their advice and, once health is in the team, their contributions to the plan', async () => {
    const a = { assessmentId: ids.assessmentId };
    await send(people.health, 'submitAdvice', { requestId: requests.health, sections: { C: 'Autism; sleep disorder', G: 'Sleep clinic and melatonin' } }, a);
    await send(people.school, 'submitAdvice', { requestId: requests.education, sections: { B: 'Communication and interaction needs', F: 'Small class, visual timetable' } }, a);
    // The advice request let health answer it; contributing to the Family Help plan takes a place in the team.
    await send(people.sendOfficer, 'addTeamMember', { organisationId: people.health.organisationId }, { childId: ids.childId });
    await send(people.health, 'recordContribution', { agency: 'health', support: 'Sleep clinic', frequency: 'monthly', from: '2026-02-01' }, { planId: ids.planId });
    await send(people.school, 'recordContribution', { agency: 'education', support: 'Teaching assistant support', frequency: 'daily', from: '2026-02-01' }, { planId: ids.planId });

    type Assessment = { ehcAssessment: { advice: Array<{ adviserType: string; onTime: boolean | null; sections: Array<{ section: string }> }>; completeness: Completeness; coverage: Coverage } };
    const seen = (await query<Assessment>(people.sendOfficer, `query($id: ID!) { ehcAssessment(id: $id) { advice { adviserType onTime sections { section } } ${judged} } }`, { id: ids.assessmentId })).ehcAssessment;
    const byType = (x: { adviserType: string }, y: { adviserType: string }) => x.adviserType.localeCompare(y.adviserType);
    expect(seen.advice.sort(byType).map((x) => [x.adviserType, x.onTime, x.sections.map((s) => s.section)])).toEqual([['education', true, ['B', 'F']], ['health', true, ['C', 'G']], ['social_care', null, []]]);
    expect(unmet(seen.completeness)).not.toContain('ehc.advice-received.health');
    expect(unmet(seen.completeness)).toContain('ehc.advice-received.social_care');
    expect(seen.coverage).toEqual({ allThree: false, missing: ['social_care'] });
    const { familyHelpPlan } = await query<{ familyHelpPlan: { completeness: Completeness; coverage: Coverage } }>(people.socialWorker, `query($id: ID!) { familyHelpPlan(id: $id) { ${judged} } }`, { id: ids.planId });
    expect(unmet(familyHelpPlan.completeness)).toEqual([]);
    expect(familyHelpPlan.coverage).toEqual({ allThree: true, missing: [] });
  });

  it('the social worker gives section D advice, completing the assessment\'s coverage', async () => {
    await send(people.socialWorker, 'submitAdvice', { requestId: requests.social_care, sections: { D: 'Family under strain at night', H1: 'Overnight short breaks' } }, { assessmentId: ids.assessmentId });
    type Assessment = { ehcAssessment: { advice: Array<{ adviserType: string; sections: Array<{ section: string; text: string }> }>; completeness: Completeness; coverage: Coverage } };
    const seen = (await query<Assessment>(people.sendOfficer, `query($id: ID!) { ehcAssessment(id: $id) { advice { adviserType sections { section text } } ${judged} } }`, { id: ids.assessmentId })).ehcAssessment;
    expect(seen.advice.find((x) => x.adviserType === 'social_care')?.sections).toContainEqual({ section: 'D', text: 'Family under strain at night' });
    // Health, education and social care advice are in; the record still says whose advice this needs assessment lacks.
    expect(unmet(seen.completeness).filter((id) => id.startsWith('ehc.advice-received')).sort()).toEqual(['ehc.advice-received.educational_psychologist', 'ehc.advice-received.parent_young_person']);
    expect(seen.coverage).toEqual({ allThree: true, missing: [] });
  });

  it('the SEND officer walks a second needs assessment from request to final plan, and every clock reads right through GraphQL', async () => {
    // Dated in the past, at noon UTC (the same calendar day in England), counted from a request 25 weeks ago.
    const day = (offset: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 175 + offset)).toISOString().slice(0, 10);
    const at = (offset: number) => `${day(offset)}T12:00:00Z`;
    const started = await send(people.sendOfficer, 'startEhcAssessment', { childId: ids.childId, kind: 'needs_assessment', requestedBy: 'parent', occurredAt: at(0) });
    const a = { assessmentId: started.entityId };
    type Clock = { clock: string; regulation: string; exceptionRegulation: string; dueOn: string; doneOn: string | null; status: string; lawful: boolean; exception: { exception: string; appliedOn: string } | null };
    type Timeline = {
      ehcAssessment: {
        timeline: { requestedOn: string; requestedBy: string; draftPlan: { representationsEndOn: string } | null; finalPlan: { representationsPeriodHonoured: boolean; namedSchool: string } | null; clocks: Clock[] };
        planSections: Array<{ section: string; regulation: string; text: string | null }>;
        completeness: Completeness & { numerator: number; denominator: number };
      };
    };
    const read = async () =>
      (
        await query<Timeline>(
          people.sendOfficer,
          `query($id: ID!) { ehcAssessment(id: $id) {
            timeline { requestedOn requestedBy draftPlan { representationsEndOn } finalPlan { representationsPeriodHonoured namedSchool }
              clocks { clock regulation exceptionRegulation dueOn doneOn status lawful exception { exception appliedOn } } }
            planSections { section regulation text }
            completeness { score numerator denominator rules { id applies satisfied explanation } } } }`,
          { id: started.entityId },
        )
      ).ehcAssessment;
    const clock = (t: Timeline['ehcAssessment'], name: string) => t.timeline.clocks.find((c) => c.clock === name)!;

    let seen = await read();
    expect(seen.timeline).toMatchObject({ requestedOn: day(0), requestedBy: 'parent' });
    expect(clock(seen, 'decision_to_assess')).toMatchObject({ regulation: '5(1)', exceptionRegulation: '5(4)', dueOn: day(42), doneOn: null, status: 'overdue', lawful: false });
    expect(clock(seen, 'decision_not_to_issue')).toMatchObject({ regulation: '10(1)', dueOn: day(112), status: 'overdue' });
    expect(clock(seen, 'final_plan')).toMatchObject({ regulation: '13(2)', exceptionRegulation: '13(3)', dueOn: day(140), status: 'overdue', lawful: false });
    expect(unmet(seen.completeness)).toContain('ehc.timeline.decision-to-assess');

    await send(people.sendOfficer, 'decideWhetherToAssess', { decision: 'assess', occurredAt: at(45) }, a);
    seen = await read();
    expect(clock(seen, 'decision_to_assess')).toMatchObject({ doneOn: day(45), status: 'late', lawful: false });
    await send(people.sendOfficer, 'recordTimelineException', { clock: 'decision_to_assess', exception: 'absent_from_area', appliedOn: day(10), reason: 'The family were abroad for five weeks', occurredAt: at(46) }, a);
    seen = await read();
    expect(clock(seen, 'decision_to_assess')).toMatchObject({ status: 'late', lawful: true, exception: { exception: 'absent_from_area', appliedOn: day(10) } });
    expect(unmet(seen.completeness)).not.toContain('ehc.timeline.decision-to-assess');

    await send(people.sendOfficer, 'issueDraftPlan', { planVersion: 1, sections: { E: 'Joins a Saturday club with one adult' }, occurredAt: at(110) }, a);
    await send(people.sendOfficer, 'recordDraftPlanRepresentations', { summary: 'Asks for the Oak Field unit', preferredSchool: 'Oak Field School', meetingRequested: true, occurredAt: at(118) }, a);
    seen = await read();
    expect(seen.timeline.draftPlan).toEqual({ representationsEndOn: day(124) });
    expect(clock(seen, 'decision_not_to_issue').status).toBe('not_applicable');

    await send(people.sendOfficer, 'issueFinalPlan', { planVersion: 1, namedSchool: 'Oak Field School', occurredAt: at(133) }, a);
    seen = await read();
    expect(seen.timeline.finalPlan).toEqual({ representationsPeriodHonoured: true, namedSchool: 'Oak Field School' });
    expect(clock(seen, 'final_plan')).toMatchObject({ dueOn: day(140), doneOn: day(133), status: 'met', lawful: true });
    expect(seen.planSections.map((p) => p.section)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K']);
    expect(seen.planSections.find((p) => p.section === 'I')).toEqual({ section: 'I', regulation: '12(1)(i)', text: 'Oak Field School' });
    expect(seen.planSections.find((p) => p.section === 'E')?.text).toBe('Joins a Saturday club with one adult');
    expect(seen.completeness.numerator).toBe(seen.completeness.rules.filter((r) => r.applies && r.satisfied).length);
    expect(seen.completeness.denominator).toBe(seen.completeness.rules.filter((r) => r.applies).length);

    type Kpis = { kpis: Record<'finalPlanWithinTwentyWeeks' | 'decisionToAssessWithinSixWeeks' | 'representationPeriodsHonoured', { numerator: number; denominator: number; records: Array<{ streamId: string; met: boolean }> }> };
    const { kpis } = await query<Kpis>(
      people.sendOfficer,
      `query($from: Date!, $to: Date!) { kpis(from: $from, to: $to) {
        finalPlanWithinTwentyWeeks { numerator denominator records { streamId met } }
        decisionToAssessWithinSixWeeks { numerator denominator records { streamId met } }
        representationPeriodsHonoured { numerator denominator records { streamId met } } } }`,
      { from: day(0), to: day(175) },
    );
    expect(kpis.finalPlanWithinTwentyWeeks.records).toContainEqual({ streamId: started.streamId, met: true });
    expect(kpis.representationPeriodsHonoured.records).toContainEqual({ streamId: started.streamId, met: true });
    // A late decision with a regulation 5(4) exception is left out of the six-week figure.
    expect(kpis.decisionToAssessWithinSixWeeks.records.map((r) => r.streamId)).not.toContain(started.streamId);

    // The record's own id serves history and integrity as well as its stream id.
    const { history } = await query<{ history: { streamId: string; events: Array<{ type: string }> } }>(people.sendOfficer, 'query($id: ID!) { history(streamId: $id) { streamId events { type } } }', { id: started.entityId });
    expect(history.streamId).toBe(started.streamId);
    expect(history.events.map((e) => e.type)).toEqual(['EhcAssessmentStarted', 'AssessmentDecisionMade', 'TimelineExceptionRecorded', 'DraftPlanIssued', 'DraftPlanRepresentationsReceived', 'FinalPlanIssued']);
    const { verifyIntegrity } = await query<{ verifyIntegrity: { ok: boolean; eventCount: number } }>(people.sendOfficer, 'query($id: ID!) { verifyIntegrity(streamId: $id) { ok eventCount } }', { id: started.entityId });
    expect(verifyIntegrity).toEqual({ ok: true, eventCount: 6 });
  });

  it('a team manager decides the short break the social worker requested', async () => {
    const shortBreak = await send(people.socialWorker, 'requestShortBreak', { childId: ids.childId, route: 'local_offer' });
    ids.shortBreakId = shortBreak.entityId;
    await send(
      people.teamManager,
      'decideShortBreak',
      { outcome: 'approved', granted: [{ type: 'activities', amount: 60, unit: 'hours_per_year' }], eligibilityCriteriaVersion: 'criteria-2024', shortBreaksStatementVersion: 'statement-2025', reasons: 'Met through the local offer' },
      { shortBreakId: ids.shortBreakId },
    );
    type Break = { shortBreak: { route: string; status: string; decision: { outcome: string; decisionMaker: { userId: string; role: string } }; completeness: Completeness; coverage: Coverage } };
    const seen = (await query<Break>(people.socialWorker, `query($id: ID!) { shortBreak(id: $id) { route status decision { outcome decisionMaker { userId role } } ${judged} } }`, { id: ids.shortBreakId })).shortBreak;
    expect(seen).toMatchObject({ route: 'local_offer', status: 'decided', decision: { outcome: 'approved', decisionMaker: { userId: 'team-manager-7', role: 'team_manager' } } });
    expect(seen.completeness.rules.length).toBeGreaterThan(0);
    expect(seen.coverage.missing).toEqual(['education', 'health']);
  });

  it('an auditor replays the plan as it stood before the other agencies joined in, grades it, and reads the history', async () => {
    type Plan = { familyHelpPlan: { asOf: string | null; contributions: Array<{ agency: string }>; completeness: Completeness; coverage: Coverage } };
    const planQuery = `query($id: ID!, $asOf: DateTime) { familyHelpPlan(id: $id, asOf: $asOf) { asOf contributions { agency } ${judged} } }`;
    const then = (await query<Plan>(people.auditor, planQuery, { id: ids.planId, asOf: beforeOtherAgencies })).familyHelpPlan;
    const now = (await query<Plan>(people.auditor, planQuery, { id: ids.planId })).familyHelpPlan;
    expect(then.contributions.map((c) => c.agency)).toEqual(['social_care']);
    expect(unmet(then.completeness)).toEqual(['fhp.agency-contributions']);
    expect(then.coverage.missing).toEqual(['education', 'health']);
    expect(now.coverage.allThree).toBe(true);
    expect(then.completeness.score).toBeLessThan(now.completeness.score);

    const audit = await send(people.auditor, 'recordQualityAudit', {
      childId: ids.childId,
      planStreamId: ids.planStreamId,
      asOf: beforeOtherAgencies,
      grade: 'requires_improvement',
      findings: [{ area: 'multi-agency', finding: 'No education or health contribution yet' }],
    });
    type History = { history: { events: Array<{ type: string; actor: { role: string }; data: { grade?: string; asOf?: string } }> } };
    const auditHistory = (await query<History>(people.auditor, 'query($id: ID!) { history(streamId: $id) { events { type actor { role } data } } }', { id: audit.streamId })).history;
    expect(auditHistory.events).toEqual([{ type: 'QualityAuditRecorded', actor: { role: 'auditor' }, data: expect.objectContaining({ grade: 'requires_improvement', asOf: beforeOtherAgencies }) }]);

    const planHistory = (await query<History>(people.auditor, 'query($id: ID!) { history(streamId: $id) { events { type actor { role } } } }', { id: ids.planStreamId })).history;
    expect(planHistory.events.map((e) => [e.type, e.actor.role])).toEqual([
      ['FamilyHelpPlanOpened', 'social_worker'],
      ['DisabilityImpactRecorded', 'social_worker'],
      ['DisabilityImpactRecorded', 'social_worker'],
      ['ChildViewsRecorded', 'social_worker'],
      ['FamilyViewsRecorded', 'social_worker'],
      ['OutcomeSet', 'social_worker'],
      ['PlanReviewed', 'social_worker'],
      ['AgencyContributionRecorded', 'social_worker'],
      ['AgencyContributionRecorded', 'health_practitioner'],
      ['AgencyContributionRecorded', 'education_practitioner'],
    ]);
    const { verifyIntegrity } = await query<{ verifyIntegrity: { ok: boolean; eventCount: number } }>(people.auditor, 'query($id: ID!) { verifyIntegrity(streamId: $id) { ok eventCount } }', { id: ids.planStreamId });
    expect(verifyIntegrity).toEqual({ ok: true, eventCount: 10 });
  });
});
