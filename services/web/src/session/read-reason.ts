import type { FastifyRequest } from 'fastify';
import type { SignedInPerson } from './person';
import { isReadReasonCode, readReasonText, type ReadReasonCode } from './read-reason-codes';

/** What a page reads: a list (Home, a tray, a search) or one record, with the ids it is about. */
export type ReadPage = { kind: 'list' } | { kind: 'child' | 'family_help_plan' | 'ehc_assessment' | 'short_break'; ids: readonly string[] };

export interface ChosenReadReason {
  code: ReadReasonCode;
  /** Why this code: the role (auditors), the tray the record was opened from, the person's own choice, or the page. */
  source: 'role' | 'tray' | 'stated' | 'page';
  text: string;
}

/** Most recent records opened from a tray that are remembered with the tray's reason. */
const OPENED_KEPT = 12;

/**
 * The reason a page's reads carry to the query API's access log, chosen from what the person is
 * doing, never taken from a URL:
 * - an auditor always reads for an audit;
 * - a record opened from a work tray is read for that tray's reason (advice asked of my organisation:
 *   advice_request; advice I requested and statutory clocks: assessment; ...), as is its child;
 * - else the reason the person stated (on Find a child, or "Change" on a record page), kept in the session;
 * - else the page's own: an EHC assessment read by a SEND officer is assessment work, everything else direct work.
 */
export function readReasonFor(request: FastifyRequest, person: SignedInPerson, page: ReadPage): ChosenReadReason {
  const chosen = (code: ReadReasonCode, source: ChosenReadReason['source']): ChosenReadReason => ({ code, source, text: readReasonText[code] });
  if (person.caller.role === 'auditor') return chosen('audit', 'role');
  if (page.kind !== 'list') {
    const opened = request.session.get('openedFrom');
    if (opened && isReadReasonCode(opened.reason) && page.ids.some((id) => opened.ids.includes(id))) return chosen(opened.reason, 'tray');
  }
  const stated = request.session.get('statedReadReason');
  if (isReadReasonCode(stated)) return chosen(stated, 'stated');
  if (page.kind === 'ehc_assessment' && person.caller.role === 'send_officer') return chosen('assessment', 'page');
  return chosen('direct_work', 'page');
}

/** The person says why they are looking: it holds for every read until they change it or sign out. */
export function stateReadReason(request: FastifyRequest, code: ReadReasonCode) {
  request.session.set('statedReadReason', code);
  request.session.set('openedFrom', undefined);
}

/** A record (and its child) opened from a tray: their reads carry the tray's reason. */
export function rememberOpenedFromTray(request: FastifyRequest, reason: ReadReasonCode, ids: readonly string[]) {
  const before = request.session.get('openedFrom');
  const kept = before && before.reason === reason ? before.ids.filter((id) => !ids.includes(id)) : [];
  request.session.set('openedFrom', { reason, ids: [...ids, ...kept].slice(0, OPENED_KEPT * 2) });
}

declare module '@fastify/secure-session' {
  interface SessionData {
    statedReadReason: ReadReasonCode;
    openedFrom: { reason: ReadReasonCode; ids: string[] } | undefined;
  }
}
