import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fullName } from '../child/child-queries';
import { confirmationOf, readAfterOf, registerCommandForm } from '../forms/register-command-form';
import { may } from '../layout/may';
import type { SignedInPerson } from '../session/person';
import { readReasonFor } from '../session/read-reason';
import { readReasonView } from '../session/read-reason-routes';
import type { WebContext } from '../web-context';
import { planForms, type PlanFormContext } from './plan-forms';
import { planHeaderQuery, planPageQuery, type PlanHeader } from './plan-queries';
import { planPageView, type PlanPageData } from './plan-view';

export function registerFamilyHelpPlanRoutes(app: FastifyInstance, web: WebContext) {
  app.get('/family-help-plans/:planId', async (request, reply) => {
    const person = web.personOf(request);
    const { planId } = request.params as { planId: string };
    const reason = readReasonFor(request, person, { kind: 'family_help_plan', ids: [planId] });
    const { familyHelpPlan: plan } = await web.query.query<{ familyHelpPlan: PlanPageData | null }>(person.token, planPageQuery, { id: planId }, { readAfter: readAfterOf(request.query), reason: reason.code });
    if (!plan) return web.notFound(reply);
    const childName = fullName(plan.child);
    const actions = planForms.filter((f) => may(person, f.command) && (plan.status === 'open' || f.slug === 'contribution'));
    return web.render(reply, 'family-help-plan/family-help-plan.njk', {
      pageTitle: `Family Help plan for ${childName}`,
      childName,
      ...planPageView(plan, actions.map((a) => a.slug)),
      actions: plan.status === 'open' ? actions.map((a) => ({ href: `/family-help-plans/${encodeURIComponent(plan.id)}/${a.slug}`, text: a.link })) : [],
      done: confirmationOf((request.query as { done?: string }).done),
      readReason: readReasonView(reason, request),
      live: { streamId: (plan as { streamId?: string }).streamId ?? plan.id, revision: (plan as { revision?: number }).revision ?? -1 },
    });
  });

  const planContext = async (request: FastifyRequest, person: SignedInPerson): Promise<PlanFormContext | null> => {
    const { planId } = request.params as { planId: string };
    const reason = readReasonFor(request, person, { kind: 'family_help_plan', ids: [planId] });
    const { familyHelpPlan: plan } = await web.query.query<{ familyHelpPlan: PlanHeader | null }>(person.token, planHeaderQuery, { id: planId }, { reason: reason.code });
    if (!plan) return null;
    return { plan, childName: fullName(plan.child), person };
  };
  const backToPlan = ({ plan }: PlanFormContext) => `/family-help-plans/${encodeURIComponent(plan.id)}`;

  for (const { slug, form } of planForms) {
    registerCommandForm(app, web, {
      url: `/family-help-plans/:planId/${slug}`,
      form,
      load: planContext,
      back: backToPlan,
      after: backToPlan,
      intro: ({ childName }) => `For ${childName}.`,
    });
  }
}
