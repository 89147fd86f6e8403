import type { SignedInPerson } from '../session/person';
import type { Tray, TraySort } from './trays';

/** A cursor as the query API hands them out (pageInfo.endCursor): opaque, short, URL-safe. */
export const isCursor = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(value);

export interface TrayPageRequest {
  sort: TraySort;
  descending: boolean;
  first: number;
  after?: string | undefined;
}

/** One tray as a field of a page's single GraphQL document, under its own alias. */
export function trayField(alias: string, tray: Tray, person: SignedInPerson, request: TrayPageRequest): string {
  const args = [
    tray.args(person),
    request.sort.args,
    `descending: ${request.descending}`,
    `first: ${request.first}`,
    ...(request.after && isCursor(request.after) ? [`after: ${JSON.stringify(request.after)}`] : []),
    `reason: ${tray.reason(person).toUpperCase()}`,
  ].filter(Boolean);
  return `${alias}: ${tray.field}(${args.join(', ')}) { ${tray.selection} }`;
}

export interface TrayAnswer {
  totalCount: number;
  childCount?: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  rows: unknown[];
}
