import type { FastifyInstance, FastifyRequest } from 'fastify';
import { QueryApiError } from '../api/query-api-client';
import type { FormValues } from '../forms/form-spec';
import type { FormErrors } from '../forms/refusal';
import { isCursor } from '../home/tray-query';
import { govDate, label } from '../layout/labels';
import { readReasonFor, stateReadReason } from '../session/read-reason';
import { isReadReasonCode, READ_REASON_CODES, readReasonText } from '../session/read-reason-codes';
import type { WebContext } from '../web-context';
import { describeSearch, searchFrom, valuesOf, type ChildSearch } from './find-child-search';

const PAGE = 20;
/** A search by name alone matching more than this asks for the date of birth too. */
const TOO_MANY = 50;

const searchQuery = /* GraphQL */ `
  query FindAChild($nhsNumber: String, $upn: String, $name: String, $dateOfBirth: Date, $first: Int, $after: String) {
    searchChildren(nhsNumber: $nhsNumber, upn: $upn, name: $name, dateOfBirth: $dateOfBirth, first: $first, after: $after) {
      totalCount
      hits { childId givenName familyName dateOfBirth primaryNeed matchedBy teamOrganisations { id name } }
      pageInfo { endCursor hasNextPage }
    }
  }
`;

interface SearchPage {
  totalCount: number;
  hits: Array<{ childId: string; givenName: string; familyName: string; dateOfBirth: string; primaryNeed: string | null; matchedBy: string; teamOrganisations: Array<{ id: string; name: string | null }> }>;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const matchedBy: Record<string, string> = { nhs_number: 'NHS number', upn: 'UPN', name: 'Name' };

declare module '@fastify/secure-session' {
  interface SessionData {
    /** The last search, kept in the (encrypted) session so that no name or number is ever in a URL. */
    childSearch: ChildSearch;
  }
}

/** Find a child: by name (and date of birth), NHS number or UPN through the query API's searchChildren. */
export function registerFindChildRoutes(app: FastifyInstance, web: WebContext) {
  const reasonChoices = (checked: string | undefined) =>
    READ_REASON_CODES.filter((c) => c !== 'audit').map((code) => ({ value: code, text: readReasonText[code], checked: code === checked }));

  const show = async (request: FastifyRequest, reply: Parameters<WebContext['render']>[0], extra: { errors?: FormErrors; values?: Record<string, unknown>; reasonChecked?: string | undefined }) => {
    const person = web.personOf(request);
    const reason = readReasonFor(request, person, { kind: 'list' });
    const stated = request.session.get('statedReadReason');
    const search = request.session.get('childSearch');
    const q = request.query as { after?: string; trail?: string };
    let results: Record<string, unknown> | undefined;
    if (search && !extra.errors) {
      const after = isCursor(q.after) ? q.after : undefined;
      const trail = after && typeof q.trail === 'string' ? q.trail.split('.').filter(isCursor).slice(0, 200) : [];
      try {
        const { searchChildren: page } = await web.query.query<{ searchChildren: SearchPage }>(person.token, searchQuery, { ...search, first: PAGE, ...(after ? { after } : {}) }, { reason: reason.code });
        const base = '/find-a-child';
        const pages = Math.max(1, Math.ceil(page.totalCount / PAGE));
        results = {
          total: page.totalCount,
          what: describeSearch(search),
          byName: 'name' in search,
          withDate: 'name' in search && !!search.dateOfBirth,
          tooMany: 'name' in search && !search.dateOfBirth && page.totalCount > TOO_MANY,
          pageNumber: after ? trail.length + 2 : 1,
          pages,
          rows: page.hits.map((hit) => [
            { html: `<a class="govuk-link" href="/children/${encodeURIComponent(hit.childId)}">${esc(`${hit.givenName} ${hit.familyName}`)}</a>` },
            { text: govDate(hit.dateOfBirth) },
            { text: label(hit.primaryNeed) || 'Not recorded' },
            { text: hit.teamOrganisations.map((o) => o.name ?? o.id).join(', ') },
            { text: matchedBy[hit.matchedBy] ?? label(hit.matchedBy) },
          ]),
          previous: after ? { href: trail.length ? `${base}?after=${trail.at(-1)}&trail=${trail.slice(0, -1).join('.')}` : `${base}?page=1` } : undefined,
          next: page.pageInfo.hasNextPage && page.pageInfo.endCursor ? { href: `${base}?after=${page.pageInfo.endCursor}&trail=${[...trail, ...(after ? [after] : [])].join('.')}` } : undefined,
        };
      } catch (error) {
        if (!(error instanceof QueryApiError) || error.code !== 'QL_ERR_BAD_INPUT') throw error;
        extra.errors = { summary: [{ text: 'Check what you searched for: the service could not search with it', href: '#name' }], fields: {} };
      }
    }
    return web.render(reply, 'find-child/find-child.njk', {
      pageTitle: 'Find a child',
      values: extra.values ?? valuesOf(search),
      errors: extra.errors,
      reasons: reasonChoices(extra.reasonChecked ?? (isReadReasonCode(stated) ? stated : undefined)),
      auditor: person.caller.role === 'auditor',
      results,
    });
  };

  app.get('/find-a-child', async (request, reply) => show(request, reply, {}));

  app.post('/find-a-child', { preHandler: app.csrfProtection }, async (request, reply) => {
    const person = web.personOf(request);
    const values = (request.body ?? {}) as FormValues;
    const found = searchFrom(values);
    const reason = values.reason;
    const errors: FormErrors = 'errors' in found ? found.errors : { summary: [], fields: {} };
    const needsReason = person.caller.role !== 'auditor';
    if (needsReason && (!isReadReasonCode(reason) || reason === 'audit')) {
      errors.fields.reason = 'Choose why you are looking for this child';
      errors.summary.push({ text: 'Choose why you are looking for this child', href: '#reason' });
    }
    if (errors.summary.length) {
      const shown = { name: values.name ?? '', nhsNumber: values.nhsNumber ?? '', upn: values.upn ?? '', dateOfBirth: { day: values['dateOfBirth-day'] ?? '', month: values['dateOfBirth-month'] ?? '', year: values['dateOfBirth-year'] ?? '' } };
      return show(request, reply.code(400), { errors, values: shown, reasonChecked: typeof reason === 'string' ? reason : undefined });
    }
    if (needsReason && isReadReasonCode(reason)) stateReadReason(request, reason);
    request.session.set('childSearch', (found as { search: ChildSearch }).search);
    return reply.redirect('/find-a-child', 303);
  });
}
