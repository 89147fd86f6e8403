import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fullName } from '../child/child-queries';
import { confirmationOf, readAfterOf, registerCommandForm } from '../forms/register-command-form';
import { may } from '../layout/may';
import type { SignedInPerson } from '../session/person';
import type { WebContext } from '../web-context';
import { planForms, type PlanFormContext } from './plan-forms';
import { childNamesQuery, planHeaderQuery, planPageQuery, type PlanHeader } from './plan-queries';
import { planPageView, type PlanPageData } from './plan-view';

export function registerFamilyHelpPlanRoutes(app: FastifyInstance, web: WebContext) {
  const childNameOf = async (person: SignedInPerson, childId: string) => {
    const { child } = await web.query.query<{ child: { givenName: string | null; familyName: string | null } | null }>(person.token, childNamesQuery, { id: childId });
    return child ? fullName(child) : '';
  };

  app.get('/family-help-plans/:planId', async (request, reply) => {
    const person = web.personOf(request);
    const { planId } = request.params as { planId: string };
    const { familyHelpPlan: plan } = await web.query.query<{ familyHelpPlan: PlanPageData | null }>(person.token, planPageQuery, { id: planId }, { readAfter: readAfterOf(request.query) });
    if (!plan) return web.notFound(reply);
    const childName = await childNameOf(person, plan.childId);
    const actions = planForms.filter((f) => may(person, f.command) && (plan.status === 'open' || f.slug === 'contribution'));
    return web.render(reply, 'family-help-plan/family-help-plan.njk', {
      pageTitle: `Family Help plan for ${childName}`,
      childName,
      ...planPageView(plan, actions.map((a) => a.slug)),
      actions: plan.status === 'open' ? actions.map((a) => ({ href: `/family-help-plans/${encodeURIComponent(plan.id)}/${a.slug}`, text: a.link })) : [],
      done: confirmationOf((request.query as { done?: string }).done),
      live: { streamId: (plan as { streamId?: string }).streamId ?? plan.id, revision: (plan as { revision?: number }).revision ?? -1 },
    });
  });

  const planContext = async (request: FastifyRequest, person: SignedInPerson): Promise<PlanFormContext | null> => {
    const { planId } = request.params as { planId: string };
    const { familyHelpPlan: plan } = await web.query.query<{ familyHelpPlan: PlanHeader | null }>(person.token, planHeaderQuery, { id: planId });
    if (!plan) return null;
    return { plan, childName: await childNameOf(person, plan.childId), person };
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
