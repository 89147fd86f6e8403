import type { FastifyInstance } from 'fastify';
import { govDate, label } from '../layout/labels';
import type { WebContext } from '../web-context';
import { dayFrom, endOfUkDay } from './instants';
import {
  asAtQuery,
  childHeaderQuery,
  childReadsQuery,
  historyQuery,
  integrityQuery,
  recordOfStream,
  type ChildRead,
  type IntegrityReport,
  type StreamHistory,
} from './record-queries';
import { govDateTime, integrityInWords, readerRows, timelineItems } from './timeline-view';

/** The one sentence each "as at" page says about the two clocks. */
export const CLOCKS_EXPLAINED =
  'Recorded time shows the record as it stood at the end of that day, exactly what anyone reading it then saw; world time shows what had happened by the end of that day as the record knows it now, including facts written up later.';

interface ChildHeader {
  id: string;
  givenName: string | null;
  familyName: string | null;
}

export const recordHref = (streamId: string) => `/auditor/records/${encodeURIComponent(streamId)}`;

export function registerAuditorRoutes(app: FastifyInstance, web: WebContext) {
  const childName = async (token: string, childId: string) => {
    const { child } = await web.query.query<{ child: ChildHeader | null }>(token, childHeaderQuery, { id: childId });
    return child ? [child.givenName, child.familyName].filter(Boolean).join(' ') : 'Child';
  };
  const historyOf = async (token: string, streamId: string) => (await web.query.query<{ history: StreamHistory | null }>(token, historyQuery, { streamId })).history;

  app.get('/auditor/records/:streamId', async (request, reply) => {
    const person = web.personOf(request);
    const { streamId } = request.params as { streamId: string };
    const record = recordOfStream(streamId);
    if (!record) return web.notFound(reply);
    const history = await historyOf(person.token, streamId);
    if (!history) return web.notFound(reply);
    const name = await childName(person.token, history.childId);
    const asAt = (recordedAt: string) => `${recordHref(streamId)}/as-at?asOf=${encodeURIComponent(recordedAt)}`;
    const last = history.events.at(-1);
    return web.render(reply, 'auditor/record-history.njk', {
      pageTitle: `History of the ${label(record.kind)} for ${name}`,
      childName: name,
      kindName: label(record.kind),
      streamId,
      childId: history.childId,
      recordHref: recordHref(streamId),
      items: timelineItems(history.events, asAt),
      eventCount: history.events.length,
      corrections: history.events.filter((e) => e.corrects).length,
      isAuditor: person.caller.role === 'auditor',
      live: { streamId, revision: last?.revision ?? -1 },
      asAtForm: { recordedBy: '', happenedBy: '' },
      clocksExplained: CLOCKS_EXPLAINED,
    });
  });

  app.get('/auditor/records/:streamId/as-at', async (request, reply) => {
    const person = web.personOf(request);
    const { streamId } = request.params as { streamId: string };
    const record = recordOfStream(streamId);
    if (!record) return web.notFound(reply);
    const q = request.query as { recordedBy?: string; happenedBy?: string; asOf?: string };
    const recordedDay = q.recordedBy ? dayFrom(q.recordedBy) : null;
    const happenedDay = q.happenedBy ? dayFrom(q.happenedBy) : null;
    const exactAsOf = q.asOf && !Number.isNaN(Date.parse(q.asOf)) ? new Date(q.asOf).toISOString() : null;
    const errors: Array<{ text: string; href: string; field: string }> = [];
    if (q.recordedBy && !recordedDay) errors.push({ field: 'recordedBy', text: 'Enter the recorded-time date as a real date, for example 14/6/2025', href: '#recordedBy' });
    if (q.happenedBy && !happenedDay) errors.push({ field: 'happenedBy', text: 'Enter the world-time date as a real date, for example 14/6/2025', href: '#happenedBy' });
    if (!q.recordedBy && !q.happenedBy && !exactAsOf) errors.push({ field: 'recordedBy', text: 'Enter a date for recorded time, world time or both', href: '#recordedBy' });
    const history = await historyOf(person.token, streamId);
    if (!history) return web.notFound(reply);
    const name = await childName(person.token, history.childId);
    const common = {
      childName: name,
      kindName: label(record.kind),
      recordHref: recordHref(streamId),
      clocksExplained: CLOCKS_EXPLAINED,
      asAtForm: { recordedBy: q.recordedBy ?? '', happenedBy: q.happenedBy ?? '' },
    };
    if (errors.length) {
      return web.render(reply.code(400), 'auditor/record-as-at.njk', {
        pageTitle: `The ${label(record.kind)} as at a date`,
        ...common,
        errors: { summary: errors.map(({ text, href }) => ({ text, href })), fields: Object.fromEntries(errors.map((e) => [e.field, e.text])) },
      });
    }
    const asOf = exactAsOf ?? (recordedDay ? endOfUkDay(recordedDay) : null);
    const happenedBy = happenedDay ? endOfUkDay(happenedDay) : null;
    const { record: view } = await web.query.query<{ record: AsAtRecord | null }>(person.token, asAtQuery(record.field), { id: streamId, asOf, happenedBy });
    const described = [
      asOf ? `as recorded by ${exactAsOf ? govDateTime(asOf) : `the end of ${govDate(recordedDay)}`}` : '',
      happenedBy ? `as things had happened by the end of ${govDate(happenedDay)}` : '',
    ].filter(Boolean);
    return web.render(reply, 'auditor/record-as-at.njk', {
      pageTitle: `The ${label(record.kind)} ${described.join(', ')}`,
      ...common,
            described: described.join(', '),
      view,
      notYet: view === null,
      entries: view ? view.revision + 1 : 0,
      rules: view ? view.completeness.rules.filter((r) => r.applies) : [],
      details: view ? detailsOf(view) : [],
    });
  });

  app.get('/auditor/records/:streamId/integrity', async (request, reply) => {
    const person = web.personOf(request);
    const { streamId } = request.params as { streamId: string };
    const record = recordOfStream(streamId);
    if (!record) return web.notFound(reply);
    const history = await historyOf(person.token, streamId);
    if (!history) return web.notFound(reply);
    const { verifyIntegrity } = await web.query.query<{ verifyIntegrity: IntegrityReport | null }>(person.token, integrityQuery, { streamId });
    if (!verifyIntegrity) return web.notFound(reply);
    const name = await childName(person.token, history.childId);
    return web.render(reply, 'auditor/integrity.njk', {
      pageTitle: `Integrity check of the ${label(record.kind)} for ${name}`,
      childName: name,
      kindName: label(record.kind),
      recordHref: recordHref(streamId),
      result: integrityInWords(verifyIntegrity),
      report: verifyIntegrity,
    });
  });

  app.get('/auditor/children/:childId/readers', async (request, reply) => {
    const person = web.personOf(request);
    const { childId } = request.params as { childId: string };
    const back = (request.query as { from?: string }).from;
    const backHref = back && recordOfStream(back) ? recordHref(back) : '/';
    const { childReads } = await web.query.query<{ childReads: { childId: string; reads: ChildRead[] } | null }>(person.token, childReadsQuery, { childId });
    const name = childReads ? await childName(person.token, childId) : '';
    return web.render(reply.code(childReads ? 200 : 404), 'auditor/readers.njk', {
      pageTitle: childReads ? `Who has viewed ${name}’s record` : 'Who has viewed this record',
      childName: name,
      backHref,
      allowed: childReads !== null,
      rows: childReads ? readerRows(childReads.reads) : [],
      count: childReads?.reads.length ?? 0,
    });
  });
}

interface AsAtRecord {
  id: string;
  streamId: string;
  childId: string;
  asOf: string | null;
  happenedBy: string | null;
  revision: number;
  status: string;
  completeness: { score: number | null; satisfied: number; applicable: number; rules: Array<{ id: string; title: string; applies: boolean; satisfied: boolean; explanation: string }> };
  [more: string]: unknown;
}

/** A few facts of the replayed record, whatever its kind, as summary-list rows. */
function detailsOf(view: AsAtRecord) {
  const rows: Array<{ key: { text: string }; value: { text: string } }> = [{ key: { text: 'Status' }, value: { text: label(view.status) } }];
  const list = (key: string, items: unknown, text: (item: Record<string, unknown>) => string) => {
    if (!Array.isArray(items)) return;
    rows.push({ key: { text: key }, value: { text: items.length ? items.map((i) => text(i as Record<string, unknown>)).join('; ') : 'None recorded' } });
  };
  list('The child’s views', view.childViews, (v) => String(v.views));
  list('The family’s views', view.familyViews, (v) => String(v.views));
  list('Outcomes', view.outcomes, (o) => String(o.outcome));
  list('Contributions', view.contributions, (c) => `${label(String(c.agency))}: ${String(c.support)}`);
  list('Advice', view.advice, (a) => `${label(String(a.adviserType))}: ${a.submittedOn ? `received ${String(a.submittedOn)}` : 'not received'}`);
  if (typeof view.route === 'string') rows.push({ key: { text: 'Route' }, value: { text: label(view.route) } });
  return rows;
}
