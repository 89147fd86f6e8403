import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fullName } from '../child/child-queries';
import type { RecordChild } from '../family-help-plan/plan-queries';
import { confirmationOf, readAfterOf, registerCommandForm } from '../forms/register-command-form';
import { govDate, label } from '../layout/labels';
import { may } from '../layout/may';
import type { SignedInPerson } from '../session/person';
import { readReasonFor } from '../session/read-reason';
import { readReasonView } from '../session/read-reason-routes';
import type { WebContext } from '../web-context';
import { shortBreakFormList, type ShortBreakFormContext } from './short-break-forms';

const shortBreakQuery = /* GraphQL */ `
  query ShortBreakPage($id: ID!) {
    shortBreak(id: $id) {
      id childId route requestedOn status endedOn endReason
      child { id givenName familyName }
      decision { outcome granted { type amount unit } eligibilityCriteriaVersion shortBreaksStatementVersion decisionMaker { userId role } decidedOn reasons }
      reviews { reviewedOn conclusion summary nextReviewOn }
      challenges { kind madeOn grounds }
      completeness { score satisfied applicable rules { id title applies satisfied explanation } }
    }
  }
`;

interface ShortBreakData {
  id: string;
  childId: string;
  child: RecordChild;
  route: string | null;
  requestedOn: string | null;
  status: string;
  endedOn: string | null;
  endReason: string | null;
  decision: { outcome: string; granted: Array<{ type: string; amount: number; unit: string }>; eligibilityCriteriaVersion: string; shortBreaksStatementVersion: string; decisionMaker: { userId: string; role: string }; decidedOn: string; reasons: string } | null;
  reviews: Array<{ reviewedOn: string; conclusion: string; summary: string; nextReviewOn: string | null }>;
  challenges: Array<{ kind: string; madeOn: string; grounds: string }>;
  completeness: { satisfied: number; applicable: number; rules: Array<{ id: string; title: string; applies: boolean; satisfied: boolean; explanation: string }> };
}

export function registerShortBreakRoutes(app: FastifyInstance, web: WebContext) {
  const load = async (request: FastifyRequest, person: SignedInPerson, readAfter?: number) => {
    const { shortBreakId } = request.params as { shortBreakId: string };
    const reason = readReasonFor(request, person, { kind: 'short_break', ids: [shortBreakId] });
    const { shortBreak } = await web.query.query<{ shortBreak: ShortBreakData | null }>(person.token, shortBreakQuery, { id: shortBreakId }, { readAfter, reason: reason.code });
    if (!shortBreak) return null;
    return { shortBreak, childName: fullName(shortBreak.child), person, reason };
  };

  app.get('/short-breaks/:shortBreakId', async (request, reply) => {
    const person = web.personOf(request);
    const context = await load(request, person, readAfterOf(request.query));
    if (!context) return web.notFound(reply);
    const { shortBreak: sb } = context;
    const base = `/short-breaks/${encodeURIComponent(sb.id)}`;
    const calledFor: Record<string, boolean> = { decision: !sb.decision, review: !!sb.decision, challenge: !!sb.decision, end: !!sb.decision };
    const actions = sb.status === 'ended' ? [] : shortBreakFormList.filter((f) => may(person, f.command) && calledFor[f.slug]);
    const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
    return web.render(reply, 'short-break/short-break.njk', {
      pageTitle: `Short break for ${context.childName}`,
      childName: context.childName,
      childHref: `/children/${encodeURIComponent(sb.childId)}`,
      summary: [
        row('Route', label(sb.route)),
        row('Requested', govDate(sb.requestedOn)),
        row('Status', sb.status === 'ended' ? `Ended ${govDate(sb.endedOn)} (${label(sb.endReason)})` : label(sb.status)),
      ],
      decision: sb.decision
        ? [
            row('Decision', `${label(sb.decision.outcome)} on ${govDate(sb.decision.decidedOn)}`),
            row('Granted', sb.decision.granted.map((g) => `${label(g.type)}: ${g.amount} ${label(g.unit).toLowerCase()}`).join('; ') || 'Nothing'),
            row('Relied on', `Eligibility criteria ${sb.decision.eligibilityCriteriaVersion}, short breaks statement ${sb.decision.shortBreaksStatementVersion}`),
            row('Decided by', label(sb.decision.decisionMaker.role)),
            row('Reasons', sb.decision.reasons),
          ]
        : [],
      reviews: sb.reviews.map((r) => ({ label: { text: `Reviewed: ${label(r.conclusion)}` }, text: r.summary, datetime: { timestamp: r.reviewedOn, type: 'date' } })),
      challenges: sb.challenges.map((c) => ({ label: { text: label(c.kind) }, text: c.grounds, datetime: { timestamp: c.madeOn, type: 'date' } })),
      missing: sb.completeness.rules.filter((r) => r.applies && !r.satisfied).map((r) => ({ title: { text: r.title }, hint: { text: r.explanation }, status: { tag: { text: 'Missing', classes: 'govuk-tag--red' } } })),
      met: sb.completeness.satisfied,
      applicable: sb.completeness.applicable,
      actions: actions.map((a) => ({ href: `${base}/${a.slug}`, text: a.link })),
      done: confirmationOf((request.query as { done?: string }).done),
      readReason: readReasonView(context.reason, request),
    });
  });

  const back = ({ shortBreak }: ShortBreakFormContext) => `/short-breaks/${encodeURIComponent(shortBreak.id)}`;
  for (const { slug, form } of shortBreakFormList) {
    registerCommandForm(app, web, { url: `/short-breaks/:shortBreakId/${slug}`, form, load: (r, p) => load(r, p), back, after: back, intro: ({ childName }) => `For ${childName}.` });
  }
}
