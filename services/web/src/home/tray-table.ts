import type { TrayAnswer } from './tray-query';
import { childNameOf, type Cell, type Tray } from './trays';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface TableOptions {
  /** Column headings as links that sort on the server (no JavaScript needed). */
  sortable: boolean;
  sort?: string;
  descending?: boolean;
  base?: string;
  /** Add the MOJ sortable table's script (only when every row is on the page). */
  enhance?: boolean;
}

/** A tray as govukTable takes it: the child's name links to the record, opened from this tray. */
export function trayTable(tray: Tray, answer: TrayAnswer, options: TableOptions) {
  const rows = tray.rows(answer as unknown as Record<string, unknown>);
  const head = ['Child', ...tray.columns.slice(1)].map((text, column) => {
    const sort = options.sortable ? tray.sorts.find((s) => s.column === column) : undefined;
    const current = sort && sort.key === options.sort;
    const ariaSort = current ? (options.descending ? 'descending' : 'ascending') : 'none';
    const attributes = sort || options.enhance ? { 'aria-sort': ariaSort } : undefined;
    if (!sort) return { text, ...(attributes ? { attributes } : {}) };
    const order = current && !options.descending ? 'desc' : 'asc';
    // The MOJ script makes its buttons from the heading's text, so an enhanced table's headings carry no hidden hint.
    const hint = options.enhance ? '' : current ? ` (sorted ${options.descending ? 'descending' : 'ascending'}; select to reverse)` : ' (select to sort)';
    return { html: `<a class="govuk-link govuk-link--no-visited-state" href="${options.base}?sort=${sort.key}&amp;order=${order}">${esc(text)}${hint ? `<span class="govuk-visually-hidden">${esc(hint)}</span>` : ''}</a>`, attributes };
  });
  return {
    caption: tray.title,
    captionClasses: 'govuk-visually-hidden',
    head,
    attributes: options.enhance ? { 'data-module': 'moj-sortable-table' } : undefined,
    rows: rows.map((row): Cell[] => [
      {
        html: `<a class="govuk-link" href="/work/${tray.id}/open/${row.kind}/${encodeURIComponent(row.recordId)}?child=${encodeURIComponent(row.child.id)}">${esc(childNameOf(row.child))}</a>`,
        attributes: { 'data-sort-value': `${row.child.familyName ?? ''} ${row.child.givenName ?? ''}`.trim().toLowerCase() },
      },
      ...row.cells,
    ]),
  };
}
