import { randomUUID } from 'node:crypto';
import { commandCatalogue, type Agency, type Caller, type Role } from '@planledger/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandExamples, pathOf, type World } from '../../services/record-api/src/testing/command-examples';
import { caughtUp, graphql } from './support/graphql-client';
import { callerOf, startRecordSide, type RecordSide } from './support/record-side';
import { startService, type ServiceProcess } from './support/service-process';

/**
 * Who may do what, over the real services: every role x every command x in or out of the child's team
 * x own or another agency's contribution, over HTTP; every role x every read over GraphQL, nested
 * fields included. The expectation is written out here from DESIGN.md section 2, not taken from the
 * domain's access matrix. Where the design is silent the cell says so.
 */
const roles: Role[] = ['social_worker', 'team_manager', 'send_officer', 'health_practitioner', 'education_practitioner', 'auditor'];
const socialCare: Role[] = ['social_worker', 'team_manager'];
const contributors: Role[] = ['social_worker', 'team_manager', 'health_practitioner', 'education_practitioner'];

/** DESIGN.md section 2, "may write", one line per command. */
const mayWrite: Record<string, Role[]> = {
  // Silent in the design: the front doors (social care and the SEND service) register children.
  registerChild: ['social_worker', 'team_manager', 'send_officer'],
  // "joins a child's team when it is invited (advice request, plan membership)": managers and the SEND officer invite.
  addTeamMember: ['team_manager', 'send_officer'],
  // Social care: "Family Help plans, disability impact"; team manager: "plus ... plan closure".
  openFamilyHelpPlan: socialCare,
  recordDisabilityImpact: socialCare,
  recordChildViews: socialCare,
  recordFamilyViews: socialCare,
  recordNeed: socialCare,
  setOutcome: socialCare,
  reviewFamilyHelpPlan: socialCare,
  closeFamilyHelpPlan: ['team_manager'],
  // Silent in the design: a plan's lead practitioner is named by social care, who open the plan.
  assignLeadPractitioner: socialCare,
  // "an agency writes only its own agency's contributions": each practitioner, for their own agency.
  recordContribution: contributors,
  // SEND officer: "EHC assessments and reviews, advice requests, moderation, incorporation".
  startEhcAssessment: ['send_officer'],
  // The SEND service names its own case officers.
  assignCaseOfficer: ['send_officer'],
  requestAdvice: ['send_officer'],
  recordAdviceException: ['send_officer'],
  moderateAdvice: ['send_officer'],
  incorporateAdvice: ['send_officer'],
  recordAnnualReviewMeeting: ['send_officer'],
  decideAnnualReview: ['send_officer'],
  issueAmendedPlan: ['send_officer'],
  closeEhcAssessment: ['send_officer'],
  // Social care "section D/H1/H2 advice", health "section C/G advice", education "section B/F advice".
  submitAdvice: contributors,
  // Social care "short-break requests" (and, silent in the design, their reviews, challenges and end); team manager "plus short-break decisions".
  requestShortBreak: socialCare,
  reviewShortBreak: socialCare,
  challengeShortBreak: socialCare,
  endShortBreak: socialCare,
  decideShortBreak: ['team_manager'],
  // Auditor: "quality audits only; never a plan or contribution"; moderation records agreement between auditors.
  recordQualityAudit: ['auditor'],
  moderateAudit: ['auditor'],
  // Corrections: whoever may write what is corrected; never an auditor.
  correctEvent: ['social_worker', 'team_manager', 'send_officer', 'health_practitioner', 'education_practitioner'],
  withdrawContribution: contributors,
};
/** Commands that write one agency's contribution or advice: the caller's agency must be that agency. */
const agencyBound = new Set(['recordContribution', 'submitAdvice', 'correctEvent', 'withdrawContribution']);
/** "auditor ... may read every child": their audits need no team membership. */
const anyChild = new Set(['recordQualityAudit', 'moderateAudit']);
/** Commands about no existing child: there is no team to be out of. */
const noChild = new Set(['registerChild']);

const stranger = (role: Role): Caller => callerOf(role, 'org-elsewhere');
const otherAgency: Record<Agency, Agency> = { social_care: 'health', health: 'education', education: 'social_care' };
const agencyOf = (role: Role) => callerOf(role).agency;

let side: RecordSide;
let query: ServiceProcess;
beforeAll(async () => {
  side = await startRecordSide();
  query = await startService('query-api', { dataDir: side.dataDir, storeFile: side.storeFile });
}, 120_000);
afterAll(async () => {
  await query?.kill();
  await side.close();
});

const definitions = commandCatalogue.map((d) => [d.name, d] as const);
const cells = { http: 0, allowed: 0, denied: 0, indistinguishable: 0, graphql: 0 };
afterAll(() => {
  console.log(
    `adversarial: access: ${cells.http} HTTP cells (${roles.length} roles x ${commandCatalogue.length} commands x in/out of team x own/other agency): ${cells.allowed} allowed, ${cells.denied} denied as the design says; ` +
      `${cells.indistinguishable} out-of-team answers identical to a missing record; ${cells.graphql} GraphQL cells (roles x reads x in/out of team, nested fields) as the design says`,
  );
});

/** A record of the same kind that does not exist: every uuid in the path and body replaced. */
function missingVersion(path: string, body: Record<string, unknown>, world: World) {
  const known = [world.childId, world.planId, world.assessmentId, world.shortBreakId, world.auditId].filter(Boolean);
  let text = JSON.stringify(body);
  let url = path;
  for (const id of known) {
    const fresh = randomUUID();
    text = text.replaceAll(id, fresh);
    url = url.replaceAll(id, fresh);
  }
  text = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, () => randomUUID());
  return { url, body: JSON.parse(text) as Record<string, unknown> };
}

describe.each(definitions)('%s over HTTP', (name, definition) => {
  const example = commandExamples[name]!;
  const allowed = mayWrite[name]!;

  it('is written by exactly the roles the design names, in the child’s team, for their own agency', async () => {
    expect(allowed, `no expectation written for ${name}`).toBeDefined();
    // Denials first, on one world: nothing they do may change it.
    const world = await side.world(example.needs);
    const url = pathOf(definition.path, example.params(world));
    for (const role of roles) {
      const caller = callerOf(role);
      const cases: Array<{ label: string; as: Caller; body: Record<string, unknown>; expected: number }> = [];
      if (!allowed.includes(role)) {
        cases.push({ label: 'role not allowed, in team', as: caller, body: example.body(world, caller), expected: 403 });
        cases.push({ label: 'role not allowed, out of team', as: stranger(role), body: example.body(world, caller), expected: 403 });
      } else {
        if (!noChild.has(name) && !anyChild.has(name)) cases.push({ label: 'out of team', as: stranger(role), body: example.body(world, caller), expected: 404 });
        if (agencyBound.has(name)) {
          const writer = { ...caller, agency: otherAgency[agencyOf(role)] };
          const body = example.body(world, writer);
          cases.push({ label: 'another agency’s, in team', as: caller, body, expected: 403 });
          cases.push({ label: 'another agency’s, out of team', as: stranger(role), body, expected: 404 });
        }
      }
      for (const c of cases) {
        const before = await side.store.headPosition();
        const answer = await side.send(url, { as: c.as, body: c.body });
        expect(answer.statusCode, `${name} as ${role} (${c.label}): ${answer.body}`).toBe(c.expected);
        expect(await side.store.headPosition(), `${name} as ${role} (${c.label}) wrote`).toBe(before);
        cells.http++;
        cells.denied++;
        if (c.as.organisationId === 'org-elsewhere' && !noChild.has(name)) {
          // The same request about a record that does not exist: the same answer, byte for byte.
          const missing = missingVersion(url, c.body, world);
          const control = await side.send(missing.url, { as: c.as, body: missing.body });
          expect({ status: control.statusCode, body: control.json() }, `${name} as ${role} (${c.label}) vs a missing record`).toEqual({ status: answer.statusCode, body: answer.json() });
          cells.indistinguishable++;
        }
      }
    }
    // Each allowed role on a world of its own (some commands change what may follow).
    for (const role of allowed) {
      const own = await side.world(example.needs);
      const caller = callerOf(role);
      const answer = await side.send(pathOf(definition.path, example.params(own)), { as: caller, body: example.body(own, caller) });
      expect(answer.statusCode, `${name} as ${role}: ${answer.body}`).toBe(201);
      cells.http++;
      cells.allowed++;
      if (anyChild.has(name) || noChild.has(name)) {
        const outsider = stranger(role);
        const fresh = await side.world(example.needs);
        const away = await side.send(pathOf(definition.path, example.params(fresh)), { as: outsider, body: example.body(fresh, caller) });
        expect(away.statusCode, `${name} as ${role} from outside the team: ${away.body}`).toBe(201);
        cells.http++;
        cells.allowed++;
      }
    }
  }, 60_000);
});

describe('reads over GraphQL', () => {
  let world: World;
  const streams: Record<string, string> = {};
  beforeAll(async () => {
    world = await side.world(['contributions', 'adviceSubmitted', 'shortBreakDecided', 'auditId']);
    Object.assign(streams, {
      child: `child-${world.childId}`,
      plan: `family-help-plan-${world.planId}`,
      assessment: `ehc-assessment-${world.assessmentId}`,
      shortBreak: `short-break-${world.shortBreakId}`,
    });
    await caughtUp(side.client, query.url, callerOf('auditor'), await side.store.headPosition());
  });

  /** Each read, with the nested fields that carry the record's substance, and how to tell it was served. */
  const reads: Array<{ name: string; query: string; variables: () => Record<string, unknown>; served: (data: Record<string, any>) => boolean }> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    {
      name: 'child with its plans, advice and short breaks nested',
      query:
        'query($id: ID!) { child(id: $id) { id givenName nhsNumber team { organisationId } familyHelpPlans { id contributions { support } childViews { views } } ehcAssessments { id advice { sections { text } } } shortBreaks { id decision { reasons } } } }',
      variables: () => ({ id: world.childId }),
      served: (d) => d.child?.givenName === 'Amira' && d.child.familyHelpPlans.length > 0 && d.child.ehcAssessments[0].advice.length > 0 && d.child.shortBreaks[0].decision !== null,
    },
    {
      name: 'familyHelpPlan with contributions, views and completeness',
      query: 'query($id: ID!) { familyHelpPlan(id: $id) { id contributions { support recorded { by { userId } } } familyViews { views } completeness { score } } }',
      variables: () => ({ id: world.planId }),
      served: (d) => d.familyHelpPlan?.contributions.length === 3,
    },
    {
      name: 'familyHelpPlan as it stood an hour ago',
      query: 'query($id: ID!, $at: DateTime) { familyHelpPlan(id: $id, asOf: $at) { id revision } }',
      variables: () => ({ id: world.planId, at: new Date(Date.now() + 60_000).toISOString() }),
      served: (d) => d.familyHelpPlan?.id === world.planId,
    },
    {
      name: 'ehcAssessment with advice sections',
      query: 'query($id: ID!) { ehcAssessment(id: $id) { id advice { requestId sections { section text } moderation { feedback } } } }',
      variables: () => ({ id: world.assessmentId }),
      served: (d) => d.ehcAssessment?.advice.some((a: { sections: unknown[] }) => a.sections.length > 0),
    },
    {
      name: 'shortBreak with its decision',
      query: 'query($id: ID!) { shortBreak(id: $id) { id decision { reasons granted { type amount } } } }',
      variables: () => ({ id: world.shortBreakId }),
      served: (d) => d.shortBreak?.decision?.reasons !== undefined,
    },
    ...(['child', 'plan', 'assessment', 'shortBreak'] as const).map((kind) => ({
      name: `history of the ${kind} stream with event data`,
      query: 'query($s: ID!) { history(streamId: $s) { streamId events { type data actor { userId } } } }',
      variables: () => ({ s: streams[kind] }),
      served: (d: Record<string, any>) => (d.history?.events.length ?? 0) > 0, // eslint-disable-line @typescript-eslint/no-explicit-any
    })),
    {
      name: 'verifyIntegrity of the plan stream',
      query: 'query($s: ID!) { verifyIntegrity(streamId: $s) { ok eventCount } }',
      variables: () => ({ s: streams.plan }),
      served: (d) => d.verifyIntegrity?.ok === true,
    },
  ];

  it.each(roles)('as %s: in the team every read is served, out of it none is, and out-of-team looks exactly like a missing record', async (role) => {
    for (const read of reads) {
      const inTeam = await graphql(side.client, query.url, read.query, { as: callerOf(role), variables: read.variables() });
      expect(inTeam.body.errors, `${read.name} as ${role}: ${inTeam.text}`).toBeUndefined();
      expect(Boolean(read.served(inTeam.body.data ?? {})), `${read.name} as ${role} in the team: ${inTeam.text}`).toBe(true);
      cells.graphql++;

      const outsider = stranger(role);
      const away = await graphql(side.client, query.url, read.query, { as: outsider, variables: read.variables() });
      // The auditor reads every child; everyone else only children whose team has their organisation.
      const expectServed = role === 'auditor';
      expect(Boolean(read.served(away.body.data ?? {})), `${read.name} as ${role} out of the team: ${away.text}`).toBe(expectServed);
      cells.graphql++;
      if (!expectServed) {
        expect(away.text, `${read.name} leaked a name`).not.toContain('Amira');
        const variables = Object.fromEntries(Object.entries(read.variables()).map(([k, v]) => [k, typeof v === 'string' && !v.includes('T') ? v.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, randomUUID()) : v]));
        const missing = await graphql(side.client, query.url, read.query, { as: outsider, variables });
        expect({ status: away.status, body: away.body }, `${read.name}: out of team vs missing`).toEqual({ status: missing.status, body: missing.body });
        cells.indistinguishable++;
      }
    }
  });

  it.each(roles.filter((r) => r !== 'auditor'))('as %s out of the team: no figure or drill-down anywhere names the child or their plans', async (role) => {
    const answer = await graphql(
      side.client,
      query.url,
      '{ kpis(from: "2000-01-01", to: "2100-01-01") { adviceWithinSixWeeks { records { childId streamId } } advicePending { childId streamId } shortBreaksByRoute { figure { records { childId } } } auditGrades { figure { records { childId } } } } partnershipCoverage { missing { plans { childId streamId } } } }',
      { as: stranger(role) },
    );
    expect(answer.body.errors, answer.text).toBeUndefined();
    for (const id of [world.childId, world.planId, world.assessmentId, world.shortBreakId]) expect(answer.text).not.toContain(id);
    cells.graphql++;
    // The same figures for a team member do name them: the check above can fail.
    const mine = await graphql(side.client, query.url, '{ kpis(from: "2000-01-01", to: "2100-01-01") { advicePending { childId } adviceWithinSixWeeks { records { childId } } } }', { as: callerOf(role) });
    expect(mine.text).toContain(world.childId);
  });
});
