import type { FastifyInstance, FastifyRequest } from 'fastify';
import { dayFrom, endOfUkDay, pickerValue, ukToday } from '../auditor/instants';
import { recordOfStream } from '../auditor/record-queries';
import { govDate, label } from '../layout/labels';
import type { SignedInPerson } from '../session/person';
import type { WebContext } from '../web-context';
import { csvOf } from './csv';
import { dashboardQuery, drillDownQuery, figureMeasures, groupedMeasures, isGrouped, measureById, type FigureValue, type KpiRecord } from './measures';
import { rateChartSvg } from './svg-chart';

export const KPI_CLOCK_EXPLAINED =
  'Figures as reported on a day count only what had been recorded by the end of that day, exactly as the partnership would have reported them then; without a day they count everything recorded up to now, including facts written up late.';

interface Window {
  from: string;
  to: string;
  asOfDay: string | null;
  asOf: string | null;
}

type WindowErrors = Array<{ field: string; text: string }>;

/** The period and the reporting day from the query string (pickers or links), with defaults: the last 12 months, now. */
export function windowOf(query: Record<string, string | undefined>, today = ukToday()): { window: Window; errors: WindowErrors } {
  const errors: WindowErrors = [];
  const day = (field: string, what: string) => {
    const text = query[field]?.trim();
    if (!text) return null;
    const parsed = dayFrom(text);
    if (!parsed) errors.push({ field, text: `Enter ${what} as a real date, for example 14/6/2025` });
    return parsed;
  };
  const to = day('to', 'the end of the period') ?? today;
  const yearBefore = new Date(`${to}T12:00:00Z`);
  yearBefore.setUTCFullYear(yearBefore.getUTCFullYear() - 1);
  yearBefore.setUTCDate(yearBefore.getUTCDate() + 1);
  const from = day('from', 'the start of the period') ?? yearBefore.toISOString().slice(0, 10);
  const asOfDay = day('asOf', 'the day the figures were reported on');
  if (from > to) errors.push({ field: 'from', text: 'The start of the period must be on or before its end' });
  return { window: { from, to, asOfDay, asOf: asOfDay ? endOfUkDay(asOfDay) : null }, errors };
}

const windowQueryString = (w: Window, extra: Record<string, string> = {}) =>
  new URLSearchParams({ from: w.from, to: w.to, ...(w.asOfDay ? { asOf: w.asOfDay } : {}), ...extra }).toString();

const percent = (f: FigureValue) => (f.denominator === 0 || f.rate === null ? 'None counted' : `${Math.round(f.rate * 100)}%`);

/** Where a record behind a figure opens: its history for auditors, else its own page. */
function recordLink(person: SignedInPerson, streamId: string): string {
  if (/^audit-[0-9a-f-]{36}$/.test(streamId)) return `/quality/audits/${encodeURIComponent(streamId.slice('audit-'.length))}`;
  const record = recordOfStream(streamId);
  if (!record) return '';
  if (person.caller.role === 'auditor') return `/auditor/records/${encodeURIComponent(streamId)}`;
  const page = { family_help_plan: 'family-help-plans', ehc_assessment: 'ehc-assessments', short_break: 'short-breaks' }[record.kind];
  return `/${page}/${encodeURIComponent(streamId)}`;
}

export function registerDashboardRoutes(app: FastifyInstance, web: WebContext) {
  app.get('/dashboard', async (request, reply) => {
    const person = web.personOf(request);
    const { window, errors } = windowOf(request.query as Record<string, string | undefined>);
    const form = { from: pickerValue(window.from), to: pickerValue(window.to), asOf: pickerValue(window.asOfDay), ...pickedAsTyped(request, errors) };
    const common = { pageTitle: 'Partnership dashboard', form, clockExplained: KPI_CLOCK_EXPLAINED };
    if (errors.length) {
      return web.render(reply.code(400), 'dashboard/dashboard.njk', {
        ...common,
        errors: { summary: errors.map((e) => ({ text: e.text, href: `#${e.field}` })), fields: Object.fromEntries(errors.map((e) => [e.field, e.text])) },
      });
    }
    const { kpis } = await web.query.query<{ kpis: Record<string, unknown> & { takenAt: string } }>(person.token, dashboardQuery, { from: window.from, to: window.to, asOf: window.asOf });
    const figureHref = (id: string, key?: string) => `/dashboard/figures/${id}?${windowQueryString(window, key ? { key } : {})}`;
    const figures = figureMeasures.map((m) => ({ measure: m, value: kpis[m.id] as FigureValue }));
    const rows = figures.map(({ measure, value }) => [
      { html: `<a class="govuk-link" href="${figureHref(measure.id)}">${measure.title}</a>` },
      { text: String(value.numerator), format: 'numeric' },
      { text: String(value.denominator), format: 'numeric' },
      { text: percent(value), format: 'numeric' },
    ]);
    const period = `${govDate(window.from)} to ${govDate(window.to)}`;
    const reported = window.asOfDay ? `as reported on ${govDate(window.asOfDay)}` : 'as recorded now';
    const chart = await rateChartSvg({
      id: 'chart-measures',
      title: `The partnership’s measures, ${period}, ${reported}`,
      description: `A bar for each measure: the share met, with the number met of the number counted. The same figures are in the table beside the chart.`,
      bars: figures.map(({ measure, value }) => ({ label: measure.title, ...value })),
    });
    const groups = await Promise.all(
      groupedMeasures.map(async (m) => {
        const entries = (kpis[m.id] as Array<{ key: string; figure: FigureValue }>) ?? [];
        return {
          measure: m,
          rows: entries.map((g) => [
            { html: `<a class="govuk-link" href="${figureHref(m.id, g.key)}">${label(g.key)}</a>` },
            { text: String(g.figure.numerator), format: 'numeric' },
            { text: String(g.figure.denominator), format: 'numeric' },
            { text: percent(g.figure), format: 'numeric' },
          ]),
          chart: entries.length
            ? await rateChartSvg({
                id: `chart-${m.id}`,
                title: `${m.title}, ${period}, ${reported}`,
                description: `A bar for each group: the share met, with the number met of the number counted. The same figures are in the table beside the chart.`,
                bars: entries.map((g) => ({ label: label(g.key), ...g.figure })),
              })
            : null,
        };
      }),
    );
    return web.render(reply, 'dashboard/dashboard.njk', { ...common, period, reported, takenAt: kpis.takenAt, chart, rows, groups });
  });

  const drillDown = async (request: FastifyRequest, person: SignedInPerson) => {
    const { measure } = request.params as { measure: string };
    const known = measureById.get(measure);
    if (!known) return null;
    const query = request.query as Record<string, string | undefined>;
    const { window, errors } = windowOf(query);
    if (errors.length) return null;
    const key = query.key;
    if (isGrouped(measure) && !key) return null;
    const { kpis } = await web.query.query<{ kpis: { figure: unknown } }>(person.token, drillDownQuery(measure), { from: window.from, to: window.to, asOf: window.asOf });
    const figure = isGrouped(measure)
      ? (kpis.figure as Array<{ key: string; figure: FigureValue & { records: KpiRecord[] } }>).find((g) => g.key === key)?.figure
      : (kpis.figure as FigureValue & { records: KpiRecord[] });
    if (!figure) return null;
    return { measure: known, key, window, figure };
  };

  app.get('/dashboard/figures/:measure', async (request, reply) => {
    const person = web.personOf(request);
    const found = await drillDown(request, person);
    if (!found) return web.notFound(reply);
    const { measure, key, window, figure } = found;
    const title = key ? `${measure.title}: ${label(key)}` : measure.title;
    const rows = figure.records.map((r) => {
      const kind = kindOf(r.streamId);
      const href = recordLink(person, r.streamId);
      return [
        { html: href ? `<a class="govuk-link" href="${href}">${label(kind ?? 'record')}<span class="govuk-visually-hidden"> ${r.streamId}</span></a>` : label(kind ?? 'record') },
        { text: r.group ? label(r.group) : '' },
        { text: r.met ? 'Met' : 'Not met' },
        { text: govDate(r.dueOn) },
        { text: govDate(r.doneOn) },
      ];
    });
    return web.render(reply, 'dashboard/figure.njk', {
      pageTitle: title,
      title,
      counts: measure.counts,
      figure,
      percent: percent(figure),
      period: `${govDate(window.from)} to ${govDate(window.to)}`,
      reported: window.asOfDay ? `as reported on ${govDate(window.asOfDay)}` : 'as recorded now',
      rows,
      backHref: `/dashboard?${windowQueryString(window)}`,
      csvHref: `/dashboard/figures/${measure.id}/records.csv?${windowQueryString(window, key ? { key } : {})}`,
    });
  });

  app.get('/dashboard/figures/:measure/records.csv', async (request, reply) => {
    const person = web.personOf(request);
    const found = await drillDown(request, person);
    if (!found) return web.notFound(reply);
    const { measure, key, window, figure } = found;
    const csv = csvOf(
      ['measure', 'group', 'record_kind', 'stream_id', 'child_id', 'item_id', 'record_group', 'met', 'due_on', 'done_on'],
      figure.records.map((r) => [measure.id, key ?? '', kindOf(r.streamId) ?? '', r.streamId, r.childId, r.itemId, r.group, r.met, r.dueOn, r.doneOn]),
    );
    const name = `${measure.id}${key ? `-${key.replace(/[^a-z0-9_-]/gi, '')}` : ''}-${window.from}-to-${window.to}${window.asOfDay ? `-as-reported-${window.asOfDay}` : ''}.csv`;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(csv);
  });
}

/** What a record behind a figure is: a plan, an assessment, a short break, or (for audit figures) an audit. */
const kindOf = (streamId: string) => (/^audit-/.test(streamId) ? 'audit' : recordOfStream(streamId)?.kind);

/** A picker's text shown back as typed when it was refused. */
function pickedAsTyped(request: FastifyRequest, errors: WindowErrors): Record<string, string> {
  const query = request.query as Record<string, string | undefined>;
  return Object.fromEntries(errors.map((e) => [e.field, query[e.field] ?? '']));
}
