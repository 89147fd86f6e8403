import type { FastifyInstance } from 'fastify';
import { may } from '../layout/may';
import { rememberOpenedFromTray } from '../session/read-reason';
import type { WebContext } from '../web-context';
import { isCursor, trayField, type TrayAnswer } from './tray-query';
import { trays, traysFor, type RecordKind, type Tray } from './trays';
import { trayTable } from './tray-table';

/** Rows of each tray Home shows; the tray's own page has them all, sorted and paged. */
const HOME_ROWS = 5;
const TRAY_PAGE = 25;

const recordPaths: Record<RecordKind, string> = {
  family_help_plan: '/family-help-plans/',
  ehc_assessment: '/ehc-assessments/',
  short_break: '/short-breaks/',
};

export function registerHomeRoutes(app: FastifyInstance, web: WebContext) {
  app.get('/', async (request, reply) => {
    const person = web.personOf(request);
    const mine = traysFor(person);
    // Every tray of the page in one GraphQL request, each under its own alias.
    const answers = mine.length
      ? await web.query.query<Record<string, TrayAnswer>>(
          person.token,
          `query Home { ${mine.map((t, i) => trayField(`t${i}`, t, person, { sort: t.sorts.find((s) => s.key === t.defaultSort)!, descending: false, first: HOME_ROWS })).join('\n')} }`,
        )
      : {};
    const sections = mine.map((tray, i) => {
      const answer = answers[`t${i}`]!;
      return {
        id: tray.id,
        title: tray.title,
        empty: tray.empty,
        total: answer.totalCount,
        childCount: answer.childCount,
        table: trayTable(tray, answer, { sortable: false }),
        allHref: `/work/${tray.id}`,
      };
    });
    return web.render(reply, 'home/home.njk', {
      pageTitle: 'Home',
      mayRegister: may(person, 'registerChild'),
      sections,
      hasTrays: mine.length > 0,
      nothingDue: mine.length > 0 && sections.every((s) => s.total === 0),
    });
  });

  app.get('/work/:trayId', async (request, reply) => {
    const person = web.personOf(request);
    const tray = trays[(request.params as { trayId: string }).trayId];
    if (!tray || !traysFor(person).includes(tray)) return web.notFound(reply);
    const q = request.query as { sort?: string; order?: string; after?: string; trail?: string };
    const sort = tray.sorts.find((s) => s.key === q.sort) ?? tray.sorts.find((s) => s.key === tray.defaultSort)!;
    const descending = q.order === 'desc';
    const after = isCursor(q.after) ? q.after : undefined;
    const trail = after && typeof q.trail === 'string' ? q.trail.split('.').filter(isCursor).slice(0, 200) : [];
    const answer = (await web.query.query<Record<string, TrayAnswer>>(person.token, `query Tray { ${trayField('tray', tray, person, { sort, descending, first: TRAY_PAGE, after })} }`)).tray!;
    const base = `/work/${tray.id}?sort=${sort.key}&order=${descending ? 'desc' : 'asc'}`;
    const pageNumber = after ? trail.length + 2 : 1;
    const previous = after ? { href: trail.length ? `${base}&after=${trail.at(-1)}&trail=${trail.slice(0, -1).join('.')}` : base } : undefined;
    const next = answer.pageInfo.hasNextPage && answer.pageInfo.endCursor ? { href: `${base}&after=${answer.pageInfo.endCursor}&trail=${[...trail, ...(after ? [after] : [])].join('.')}` } : undefined;
    const pages = Math.max(1, Math.ceil(answer.totalCount / TRAY_PAGE));
    return web.render(reply, 'home/tray.njk', {
      pageTitle: pages > 1 ? `${tray.title} (page ${pageNumber} of ${pages})` : tray.title,
      tray,
      total: answer.totalCount,
      childCount: answer.childCount,
      pageNumber,
      pages,
      // The MOJ sortable table re-sorts rows in the browser: only right when the page holds every row.
      table: trayTable(tray, answer, { sortable: true, sort: sort.key, descending, base: `/work/${tray.id}`, enhance: !previous && !next }),
      previous,
      next,
    });
  });

  // A tray's row opens its record; the record (and its child) is then read for the tray's reason.
  app.get('/work/:trayId/open/:kind/:recordId', async (request, reply) => {
    const person = web.personOf(request);
    const { trayId, kind, recordId } = request.params as { trayId: string; kind: string; recordId: string };
    const tray = trays[trayId];
    const path = recordPaths[kind as RecordKind];
    const childId = (request.query as { child?: string }).child;
    if (!tray || !path || recordId.length > 200) return web.notFound(reply);
    rememberOpenedFromTray(request, tray.reason(person), [recordId, ...(typeof childId === 'string' && childId.length <= 100 ? [childId] : [])]);
    return reply.redirect(`${path}${encodeURIComponent(recordId)}`, 303);
  });
}

export type { Tray };
