import { randomUUID } from 'node:crypto';
import { commandCatalogue, type Agency, type Caller, type OrganisationKind, type Role } from '@planledger/domain';
import { designMayWrite, designRoles, designWorksIn } from '@planledger/domain/testing';
import { defaultAgencyFor } from '@planledger/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandExamples, pathOf, type World } from '../../services/record-api/src/testing/command-examples';
import { caughtUp, graphql } from './support/graphql-client';
import { callerOf, startRecordSide, type RecordSide } from './support/record-side';
import { startService, type ServiceProcess } from './support/service-process';

/**
 * Who may write what, over the real services: every role x every command x whose record it is (the
 * caller's own organisation's, another organisation's of the same agency, another agency's) x how the
 * caller's organisation stands to the child (team member, invited adviser only, outsider, removed
 * member), over HTTP; and every role x read x standing over GraphQL, nested fields included.
 *
 * The expectation is written here from DESIGN.md section 2 (via the hand-written table in the
 * domain's testing/design-access.ts and the rules below), never taken from the domain's access matrix:
 * - a role writes only what section 2 says it may write, whatever else is true (403);
 * - "only then sees that child, and loses access when removed": outsiders and removed members are
 *   answered as if the record did not exist (404), except auditors' audits ("every child");
 * - "an organisation writes only its own contributions, advice and corrections": another
 *   organisation's record, of the same agency or another, is refused (403), with one exception the
 *   issue of the register allows: the LA SEND team corrects a child's registered details;
 * - an organisation invited only as an adviser touches nothing but its own request's advice (403
 *   elsewhere on that assessment, 404 on the child's other records, which it was never shared);
 * - contributions are written for the caller's own agency only (403 for another agency's).
 */
type Position = 'own' | 'same_agency' | 'other_agency';
type Standing = 'team' | 'invited' | 'outsider' | 'removed';
const positions: Position[] = ['own', 'same_agency', 'other_agency'];
const standings: Standing[] = ['team', 'invited', 'outsider', 'removed'];
const roles = designRoles;

const noChild = new Set(['registerChild', 'registerOrganisation', 'renameOrganisation', 'retireOrganisation']);
/** "auditor ... may read every child": their audits need no team membership. */
const anyChild = new Set(['recordQualityAudit', 'moderateAudit']);
/** Commands that name another organisation's record: advice asked of someone, an event someone wrote. */
const owned = new Set(['submitAdvice', 'correctEvent', 'withdrawContribution']);
/** Commands on the EHC assessment's own stream, where an invited adviser is let in at all. */
// The needs assessment's statutory steps act on another assessment of the child (a needs assessment), to which no adviser was invited: there an invited organisation is an outsider (404).
const onAssessment = new Set(['assignCaseOfficer', 'requestAdvice', 'recordAdviceException', 'submitAdvice', 'moderateAdvice', 'incorporateAdvice', 'recordAnnualReviewMeeting', 'decideAnnualReview', 'issueAmendedPlan', 'closeEhcAssessment']);

function expected(role: Role, command: string, position: Position, standing: Standing): number {
  if (!designMayWrite[command]!.includes(role)) return 403;
  if (noChild.has(command) || anyChild.has(command)) return 201;
  if (standing === 'outsider' || standing === 'removed') return 404;
  if (standing === 'invited') {
    // Corrections and withdrawals by an invited adviser name advice on its assessment (below).
    if (!onAssessment.has(command) && !owned.has(command)) return 404;
    if (!owned.has(command)) return 403;
    // An invited LA SEND team wrote nothing of its own: its "own" cell names the assessment's start, another organisation's.
    return position === 'own' && role !== 'send_officer' ? 201 : 403;
  }
  if (owned.has(command)) {
    if (position === 'own') return 201;
    // The one exception: the LA SEND team corrects a child's registered details (written by social care).
    if (command === 'correctEvent' && role === 'send_officer' && position === 'other_agency') return 201;
    return 403;
  }
  if (command === 'recordContribution' && position === 'other_agency') return 403;
  return 201;
}

const slug = (role: Role) => role.replaceAll('_', '-');
const partyOf = (standing: Exclude<Standing, 'team'> | 'second', role: Role) => `org-${standing}-${slug(role)}`;
const callerFor = (role: Role, standing: Standing): Caller => (standing === 'team' ? callerOf(role) : callerOf(role, partyOf(standing, role)));
const kindOf = (role: Role) => designWorksIn[role][0] as OrganisationKind;
const otherAgency: Record<Agency, Agency> = { social_care: 'health', health: 'education', education: 'social_care' };
/** The home (team) organisation writing each agency's contributions and advice in the examples. */
const writerRole: Record<Agency, Role> = { social_care: 'social_worker', health: 'health_practitioner', education: 'education_practitioner' };
const sectionsFor: Record<Agency, Record<string, string>> = { social_care: { D: 'Needs a trained carer' }, health: { C: 'Epilepsy' }, education: { B: 'Reads at age' } };
const contributorRoles: Role[] = ['social_worker', 'team_manager', 'health_practitioner', 'education_practitioner'];

let side: RecordSide;
let query: ServiceProcess;
beforeAll(async () => {
  side = await startRecordSide();
  // Beside each role's home organisation: another of the same kind (the same agency), one that is only ever invited to advise,
  // one in no child's team, and one that was a member and is removed.
  await side.register(
    roles.flatMap((role) => (['second', 'invited', 'outsider', 'removed'] as const).map((standing) => ({ organisationId: partyOf(standing, role), name: `${standing} ${role}`, agency: defaultAgencyFor(role), kind: kindOf(role) }))),
  );
  query = await startService('query-api', { dataDir: side.dataDir, storeFile: side.storeFile });
}, 120_000);
afterAll(async () => {
  await query?.kill();
  await side.close();
});

const cells = { http: 0, allowed: 0, denied: 0, forbidden: 0, notFound: 0, indistinguishable: 0, graphql: 0 };
afterAll(() => {
  console.log(
    `adversarial: access: ${cells.http} HTTP cells (${roles.length} roles x ${commandCatalogue.length} commands x 3 positions x 4 standings): ${cells.allowed} allowed, ${cells.denied} denied (${cells.forbidden} 403, ${cells.notFound} 404) as the rules say, 0 writes by a denied cell; ` +
      `${cells.indistinguishable} out-of-team answers identical to a missing record; ${cells.graphql} GraphQL cells (roles x reads x standings, nested fields) as the design says`,
  );
});

interface Written {
  eventId: string;
  streamId: string;
  data: Record<string, unknown>;
}
/** A world for one command: the examples' world, plus records by the other parties, indexed by organisation. */
interface AccessWorld {
  world: World;
  contributionBy: Map<string, Written>;
  requestTo: Map<string, string>;
  adviceBy: Map<string, Written>;
  startOfAssessment?: Written;
}

async function accepted(path: string, as: Caller, body: Record<string, unknown>): Promise<Written> {
  const answer = await side.send(path, { as, body });
  expect(answer.statusCode, `${path} as ${as.organisationId}: ${answer.body}`).toBe(201);
  const { streamId, eventIds } = answer.json() as { streamId: string; eventIds: string[] };
  const stored = (await side.store.readStream(streamId)).find((e) => e.eventId === eventIds[0])!;
  return { eventId: stored.eventId, streamId, data: stored.data as Record<string, unknown> };
}

async function accessWorld(command: string, full: boolean): Promise<AccessWorld> {
  const needs = [...commandExamples[command]!.needs];
  if (full && needs.length > 0 && !needs.includes('spareOrganisationId')) needs.push('contributions', 'adviceRequests');
  const world = await side.world(needs);
  const result: AccessWorld = { world, contributionBy: new Map(), requestTo: new Map(), adviceBy: new Map() };
  if (world.contributions) for (const agency of Object.keys(world.contributions) as Agency[]) result.contributionBy.set(callerOf(writerRole[agency]).organisationId, { ...world.contributions[agency], streamId: `family-help-plan-${world.planId}` });
  if (world.adviceRequests) for (const agency of Object.keys(world.adviceRequests) as Agency[]) result.requestTo.set(callerOf(writerRole[agency]).organisationId, world.adviceRequests[agency]);
  if (world.assessmentId) result.startOfAssessment = (await side.store.readStream(`ehc-assessment-${world.assessmentId}`)).map((e) => ({ eventId: e.eventId, streamId: e.streamId, data: e.data as Record<string, unknown> }))[0];
  if (!full || !world.childId) return result;
  const manager = callerOf('team_manager');
  const joining = roles.flatMap((role) => [partyOf('second', role), partyOf('removed', role)]);
  for (const organisationId of new Set(joining)) await accepted(`/v1/children/${world.childId}/team-members`, manager, { organisationId });
  for (const role of contributorRoles) {
    for (const standing of ['second', 'removed'] as const) {
      const writer = callerOf(role, partyOf(standing, role));
      if (world.planId) {
        result.contributionBy.set(writer.organisationId, await accepted(`/v1/family-help-plans/${world.planId}/contributions`, writer, { agency: writer.agency, support: 'Weekly session', frequency: 'weekly', from: '2025-01-06' }));
      }
    }
  }
  if (world.assessmentId) {
    const officer = callerOf('send_officer');
    const path = `/v1/ehc-assessments/${world.assessmentId}/advice-requests`;
    for (const role of roles) {
      for (const standing of ['second', 'invited', 'removed'] as const) {
        const organisationId = partyOf(standing, role);
        const request = await accepted(path, officer, { adviserType: 'other', adviserAgency: defaultAgencyFor(role), adviserOrganisationId: organisationId });
        result.requestTo.set(organisationId, request.data['requestId'] as string);
        // Advice already given, for corrections and withdrawals to name (submitAdvice itself needs it unanswered).
        if (contributorRoles.includes(role) && command !== 'submitAdvice') {
          const adviser = callerOf(role, organisationId);
          result.adviceBy.set(organisationId, await accepted(`/v1/ehc-assessments/${world.assessmentId}/advice`, adviser, { requestId: request.data['requestId'], sections: sectionsFor[adviser.agency] }));
        }
      }
    }
  }
  for (const organisationId of new Set(roles.map((role) => partyOf('removed', role)))) {
    await accepted(`/v1/children/${world.childId}/team-members/removals`, manager, { organisationId, reason: 'No longer working with the family' });
  }
  return result;
}

/** The organisation whose record a cell's request names. */
function ownerFor(role: Role, standing: Standing, position: Position): string {
  const caller = callerFor(role, standing);
  if (position === 'own') return caller.organisationId;
  if (position === 'same_agency') return standing === 'team' ? partyOf('second', role) : callerOf(role).organisationId;
  const other = writerRole[otherAgency[caller.agency]];
  return standing === 'invited' ? partyOf('second', other) : callerOf(other).organisationId;
}

function requestFor(command: string, role: Role, standing: Standing, position: Position, w: AccessWorld): { path: string; body: Record<string, unknown> } {
  const example = commandExamples[command]!;
  const definition = commandCatalogue.find((d) => d.name === command)!;
  const caller = callerFor(role, standing);
  const path = pathOf(definition.path, example.params(w.world));
  const owner = ownerFor(role, standing, position);
  const ownerAgency = position === 'other_agency' ? otherAgency[caller.agency] : caller.agency;
  switch (command) {
    case 'recordContribution':
      return { path, body: { ...example.body(w.world, caller), agency: ownerAgency } };
    case 'submitAdvice':
      return { path, body: { requestId: w.requestTo.get(owner) ?? randomUUID(), sections: sectionsFor[caller.agency] } };
    case 'correctEvent':
    case 'withdrawContribution': {
      let target: Written | undefined = standing === 'invited' ? w.adviceBy.get(owner) : (w.contributionBy.get(owner) ?? w.adviceBy.get(owner));
      if (role === 'send_officer') {
        // The SEND officer writes no contribution: its own record is the assessment's start; another agency's, the child's registration.
        if (standing === 'invited') target = position === 'other_agency' ? w.adviceBy.get(partyOf('second', 'social_worker')) : w.startOfAssessment;
        else target = position === 'other_agency' ? { ...w.world.registration, streamId: `child-${w.world.childId}` } : position === 'same_agency' ? w.contributionBy.get(callerOf('education_practitioner').organisationId) : w.startOfAssessment;
      }
      if (!target) target = w.startOfAssessment ?? { eventId: randomUUID(), streamId: `child-${w.world.childId}`, data: {} };
      if (command === 'withdrawContribution') return { path, body: { streamId: target.streamId, withdrawnEventId: target.eventId, reason: 'Entered by mistake' } };
      const correctedData = 'sections' in target.data ? { ...target.data, sections: Object.fromEntries(Object.entries(target.data['sections'] as Record<string, string>).map(([section, text]) => [section, `${text}, corrected`])) } : 'frequency' in target.data ? { ...target.data, frequency: 'fortnightly' } : 'familyName' in target.data ? { ...target.data, familyName: 'Patel-Worth' } : 'planVersion' in target.data ? { ...target.data, planVersion: Number(target.data['planVersion']) + 1 } : target.data;
      return { path, body: { streamId: target.streamId, correctedEventId: target.eventId, reason: 'Recorded wrongly', correctedData } };
    }
    default:
      return { path, body: example.body(w.world, caller) };
  }
}

/** A record of the same kind that does not exist: every uuid in the path and body replaced. */
function missingVersion(path: string, body: Record<string, unknown>) {
  const swap = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, () => randomUUID());
  return { url: swap(path), body: JSON.parse(swap(JSON.stringify(body))) as Record<string, unknown> };
}

const grid = roles.flatMap((role) => positions.flatMap((position) => standings.map((standing) => ({ role, position, standing }))));

describe.each(commandCatalogue.map((d) => [d.name] as const))('%s over HTTP', (name) => {
  it('answers every role x position x standing as the rules say; no denied cell writes anything', async () => {
    expect(designMayWrite[name], `no expectation written for ${name}`).toBeDefined();
    const denied = grid.filter((c) => expected(c.role, name, c.position, c.standing) !== 201);
    const allowed = grid.filter((c) => expected(c.role, name, c.position, c.standing) === 201);
    // Denials first, all on one world: nothing they do may change it.
    const world = await accessWorld(name, true);
    for (const cell of denied) {
      const want = expected(cell.role, name, cell.position, cell.standing);
      const { path, body } = requestFor(name, cell.role, cell.standing, cell.position, world);
      const before = await side.store.headPosition();
      const answer = await side.send(path, { as: callerFor(cell.role, cell.standing), body });
      const label = `${name} as ${cell.role} (${cell.standing}, ${cell.position})`;
      expect(answer.statusCode, `${label}: ${answer.body}`).toBe(want);
      expect(answer.json().error?.code, label).toBe(want === 403 ? 'PL_ERR_FORBIDDEN' : 'PL_ERR_NOT_FOUND');
      expect(await side.store.headPosition(), `${label} wrote`).toBe(before);
      cells.http++;
      cells.denied++;
      if (want === 403) cells.forbidden++;
      else {
        cells.notFound++;
        // The same request about a record that does not exist: the same answer, byte for byte.
        const missing = missingVersion(path, body);
        const control = await side.send(missing.url, { as: callerFor(cell.role, cell.standing), body: missing.body });
        expect({ status: control.statusCode, body: control.json() }, `${label} vs a missing record`).toEqual({ status: answer.statusCode, body: answer.json() });
        cells.indistinguishable++;
      }
    }
    // Each allowed cell on a world of its own (some commands change what may follow).
    for (const cell of allowed) {
      const own = await accessWorld(name, cell.standing !== 'team' || cell.position !== 'own' || owned.has(name));
      const { path, body } = requestFor(name, cell.role, cell.standing, cell.position, own);
      const answer = await side.send(path, { as: callerFor(cell.role, cell.standing), body });
      expect(answer.statusCode, `${name} as ${cell.role} (${cell.standing}, ${cell.position}): ${answer.body}`).toBe(201);
      cells.http++;
      cells.allowed++;
    }
  }, 300_000);
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

  it.each(roles.filter((r) => r !== 'partnership_administrator'))('as %s: in the team every read is served, out of it none is, and out-of-team looks exactly like a missing record', async (role) => {
    for (const read of reads) {
      const inTeam = await graphql(side.client, query.url, read.query, { as: callerOf(role), variables: read.variables() });
      expect(inTeam.body.errors, `${read.name} as ${role}: ${inTeam.text}`).toBeUndefined();
      expect(Boolean(read.served(inTeam.body.data ?? {})), `${read.name} as ${role} in the team: ${inTeam.text}`).toBe(true);
      cells.graphql++;

      const outsider = callerFor(role, 'outsider');
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

  it.each(roles.filter((r) => r !== 'auditor' && r !== 'partnership_administrator'))('as %s out of the team: no figure or drill-down anywhere names the child or their plans', async (role) => {
    const answer = await graphql(
      side.client,
      query.url,
      '{ kpis(from: "2000-01-01", to: "2100-01-01") { adviceWithinSixWeeks { records { childId streamId } } advicePending { childId streamId } shortBreaksByRoute { figure { records { childId } } } auditGrades { figure { records { childId } } } } partnershipCoverage { missing { plans { childId streamId } } } }',
      { as: callerFor(role, 'outsider') },
    );
    expect(answer.body.errors, answer.text).toBeUndefined();
    for (const id of [world.childId, world.planId, world.assessmentId, world.shortBreakId]) expect(answer.text).not.toContain(id);
    cells.graphql++;
    // The same figures for a team member do name them: the check above can fail.
    const mine = await graphql(side.client, query.url, '{ kpis(from: "2000-01-01", to: "2100-01-01") { advicePending { childId } adviceWithinSixWeeks { records { childId } } } }', { as: callerOf(role) });
    expect(mine.text).toContain(world.childId);
  });
});
