import type { FastifyInstance, FastifyRequest } from 'fastify';
import { confirmationOf, readAfterOf, registerCommandForm } from '../forms/register-command-form';
import { organisationName } from '../layout/labels';
import { allowedOf } from '../layout/may';
import type { SignedInPerson } from '../session/person';
import { readReasonFor } from '../session/read-reason';
import { readReasonView } from '../session/read-reason-routes';
import type { WebContext } from '../web-context';
import { addTeamMemberForm, removeTeamMemberForm, type RemoveMemberContext, childCaption, openFamilyHelpPlanForm, registerChildForm, requestShortBreakForm, startEhcAssessmentForm, type ChildFormContext } from './child-forms';
import { childNameQuery, childPageQuery, fullName, type ChildName } from './child-queries';
import { childPageView, type ChildPageData } from './child-view';

export function registerChildRoutes(app: FastifyInstance, web: WebContext) {
  app.get('/children/:childId', async (request, reply) => {
    const person = web.personOf(request);
    const { childId } = request.params as { childId: string };
    const reason = readReasonFor(request, person, { kind: 'child', ids: [childId] });
    const { child } = await web.query.query<{ child: ChildPageData | null }>(person.token, childPageQuery, { id: childId }, { readAfter: readAfterOf(request.query), reason: reason.code });
    if (!child) return web.notFound(reply);
    return web.render(reply, 'child/child.njk', {
      pageTitle: fullName(child),
      ...childPageView(child, { mayRemove: allowedOf(person, ['removeTeamMember']).removeTeamMember }),
      done: confirmationOf((request.query as { done?: string }).done),
      may: allowedOf(person, ['addTeamMember', 'removeTeamMember', 'openFamilyHelpPlan', 'startEhcAssessment', 'requestShortBreak']),
      readReason: readReasonView(reason, request),
    });
  });

  registerCommandForm(app, web, {
    url: '/children/new',
    form: registerChildForm,
    load: async (_request, person) => ({ person }),
    back: () => '/',
    after: (_context, childId) => `/children/${encodeURIComponent(childId)}`,
  });

  const childContext = async (request: FastifyRequest, person: SignedInPerson): Promise<ChildFormContext | null> => {
    const { childId } = request.params as { childId: string };
    const reason = readReasonFor(request, person, { kind: 'child', ids: [childId] });
    const { child } = await web.query.query<{ child: ChildName | null }>(person.token, childNameQuery, { id: childId }, { reason: reason.code });
    return child ? { child, person } : null;
  };
  const backToChild = ({ child }: ChildFormContext) => `/children/${encodeURIComponent(child.id)}`;
  const withCaption = <T extends { caption?: string }>(form: T) => form;

  registerCommandForm(app, web, { url: '/children/:childId/team/add', form: withCaption(addTeamMemberForm), load: childContext, back: backToChild, after: backToChild, intro: (c) => `Staff of the organisation you add will see ${childCaption(c)}’s records.` });
  // The confirmation step is the question page itself: it names the organisation, warns what removing it does, and asks why.
  registerCommandForm(app, web, {
    url: '/children/:childId/team/:organisationId/remove',
    form: removeTeamMemberForm,
    load: async (request, person): Promise<RemoveMemberContext | null> => {
      const context = await childContext(request, person);
      const { organisationId } = request.params as { organisationId: string };
      if (!context || !context.child.team.some((m) => m.organisationId === organisationId && m.reason !== 'advice_requested')) return null;
      return { ...context, organisationId };
    },
    back: backToChild,
    after: backToChild,
    intro: (c) => `You are removing ${organisationName(c.organisationId)} from ${childCaption(c)}’s team.`,
    warning: (c) => `Its staff will no longer see ${childCaption(c)}’s records from the moment you remove it. What they recorded stays in the record.`,
  });
  registerCommandForm(app, web, { url: '/children/:childId/family-help-plans/new', form: openFamilyHelpPlanForm, load: childContext, back: backToChild, after: (_c, id) => `/family-help-plans/${encodeURIComponent(id)}`, intro: (c) => `For ${childCaption(c)}.` });
  registerCommandForm(app, web, { url: '/children/:childId/ehc-assessments/new', form: startEhcAssessmentForm, load: childContext, back: backToChild, after: (_c, id) => `/ehc-assessments/${encodeURIComponent(id)}`, intro: (c) => `For ${childCaption(c)}.` });
  registerCommandForm(app, web, { url: '/children/:childId/short-breaks/new', form: requestShortBreakForm, load: childContext, back: backToChild, after: (_c, id) => `/short-breaks/${encodeURIComponent(id)}`, intro: (c) => `For ${childCaption(c)}.` });
}
