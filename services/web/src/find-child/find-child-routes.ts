import type { FastifyInstance } from 'fastify';
import { label } from '../layout/labels';
import type { WebContext } from '../web-context';

const missingQuery = /* GraphQL */ `
  query RecordsMissingAnAgency {
    partnershipCoverage { plans withAllThree missing { agency plans { streamId childId kind } } }
  }
`;

interface Coverage {
  plans: number;
  withAllThree: number;
  missing: Array<{ agency: string; plans: Array<{ streamId: string; childId: string; kind: string }> }>;
}

const PAGE = 25;

export function registerFindChildRoutes(app: FastifyInstance, web: WebContext) {
  app.get('/find-a-child', async (request, reply) => {
    const person = web.personOf(request);
    const page = Math.max(1, Number((request.query as { page?: string }).page) || 1);
    const { partnershipCoverage: coverage } = await web.query.query<{ partnershipCoverage: Coverage }>(person.token, missingQuery);
    const byStream = new Map<string, { streamId: string; childId: string; kind: string; missing: string[] }>();
    for (const gap of coverage.missing) {
      for (const plan of gap.plans) {
        const row = byStream.get(plan.streamId) ?? { ...plan, missing: [] };
        row.missing.push(label(gap.agency));
        byStream.set(plan.streamId, row);
      }
    }
    const all = [...byStream.values()];
    const shown = all.slice((page - 1) * PAGE, page * PAGE);
    return web.render(reply, 'find-child/find-child.njk', {
      pageTitle: 'Find a child',
      total: all.length,
      openPlans: coverage.plans,
      rows: shown.map((r, i) => [
        { html: `<a class="govuk-link" href="/children/${encodeURIComponent(r.childId)}">${label(r.kind)}<span class="govuk-visually-hidden">: open the child’s record (${(page - 1) * PAGE + i + 1})</span></a>` },
        { text: r.missing.join(', ') },
      ]),
      previous: page > 1 ? { href: `/find-a-child?page=${page - 1}` } : undefined,
      next: page * PAGE < all.length ? { href: `/find-a-child?page=${page + 1}` } : undefined,
    });
  });
}
