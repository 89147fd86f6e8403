import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fullName } from '../child/child-queries';
import { confirmationOf, readAfterOf, registerCommandForm } from '../forms/register-command-form';
import { may } from '../layout/may';
import type { SignedInPerson } from '../session/person';
import { readReasonFor } from '../session/read-reason';
import { readReasonView } from '../session/read-reason-routes';
import type { WebContext } from '../web-context';
import { assessmentFormList, formsCalledFor, type AssessmentFormContext } from './ehc-forms';
import { assessmentPageQuery, type AssessmentPageData } from './ehc-queries';
import { assessmentPageView } from './ehc-view';

export function registerEhcAssessmentRoutes(app: FastifyInstance, web: WebContext) {
  const load = async (request: FastifyRequest, person: SignedInPerson, readAfter?: number): Promise<AssessmentFormContext | null> => {
    const { assessmentId } = request.params as { assessmentId: string };
    const reason = readReasonFor(request, person, { kind: 'ehc_assessment', ids: [assessmentId] });
    const { ehcAssessment: assessment } = await web.query.query<{ ehcAssessment: AssessmentPageData | null }>(person.token, assessmentPageQuery, { id: assessmentId }, { readAfter, reason: reason.code });
    if (!assessment) return null;
    return { assessment, childName: fullName(assessment.child), person, reason };
  };

  app.get('/ehc-assessments/:assessmentId', async (request, reply) => {
    const person = web.personOf(request);
    const context = await load(request, person, readAfterOf(request.query));
    if (!context) return web.notFound(reply);
    const view = assessmentPageView(context.assessment);
    const base = `/ehc-assessments/${encodeURIComponent(context.assessment.id)}`;
    const calledFor = formsCalledFor(context);
    const actions = context.assessment.status === 'open' ? assessmentFormList.filter((f) => may(person, f.command) && calledFor[f.slug]) : [];
    return web.render(reply, 'ehc-assessment/ehc-assessment.njk', {
      pageTitle: `${view.title} for ${context.childName}`,
      childName: context.childName,
      ...view,
      actions: actions.map((a) => ({ href: `${base}/${a.slug}`, text: a.link })),
      done: confirmationOf((request.query as { done?: string }).done),
      readReason: readReasonView(context.reason, request),
    });
  });

  const back = ({ assessment }: AssessmentFormContext) => `/ehc-assessments/${encodeURIComponent(assessment.id)}`;
  for (const { slug, form } of assessmentFormList) {
    registerCommandForm(app, web, { url: `/ehc-assessments/:assessmentId/${slug}`, form, load: (r, p) => load(r, p), back, after: back, intro: ({ childName }) => `For ${childName}.` });
  }
}
