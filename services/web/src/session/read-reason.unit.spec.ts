import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { SignedInPerson } from './person';
import { readReasonFor, rememberOpenedFromTray, stateReadReason } from './read-reason';

/** A request whose session is a plain map, as @fastify/secure-session's get/set see it. */
function requestWithSession(): FastifyRequest {
  const data = new Map<string, unknown>();
  return { session: { get: (k: string) => data.get(k), set: (k: string, v: unknown) => data.set(k, v) } } as unknown as FastifyRequest;
}
const person = (role: SignedInPerson['caller']['role']) => ({ name: 'P', token: 't', expiresAt: 0, caller: { userId: 'u', role, agency: 'education', organisationId: 'o' } }) as SignedInPerson;

describe('the reason a page’s read carries', () => {
  it('is the page’s own when nothing else is known', () => {
    const request = requestWithSession();
    expect(readReasonFor(request, person('send_officer'), { kind: 'ehc_assessment', ids: ['a'] })).toMatchObject({ code: 'assessment', source: 'page' });
    expect(readReasonFor(request, person('social_worker'), { kind: 'ehc_assessment', ids: ['a'] }).code).toBe('direct_work');
    expect(readReasonFor(request, person('send_officer'), { kind: 'list' }).code).toBe('direct_work');
  });

  it('follows the tray a record was opened from, for that record and its child only', () => {
    const request = requestWithSession();
    rememberOpenedFromTray(request, 'advice_request', ['assessment-1', 'child-1']);
    const health = person('health_practitioner');
    expect(readReasonFor(request, health, { kind: 'ehc_assessment', ids: ['assessment-1'] })).toMatchObject({ code: 'advice_request', source: 'tray' });
    expect(readReasonFor(request, health, { kind: 'child', ids: ['child-1'] }).code).toBe('advice_request');
    expect(readReasonFor(request, health, { kind: 'family_help_plan', ids: ['plan-9'] }).code).toBe('direct_work');
  });

  it('keeps what the person stated over a tray, and an auditor always audits', () => {
    const request = requestWithSession();
    rememberOpenedFromTray(request, 'advice_request', ['assessment-1']);
    stateReadReason(request, 'complaint');
    expect(readReasonFor(request, person('health_practitioner'), { kind: 'ehc_assessment', ids: ['assessment-1'] })).toMatchObject({ code: 'complaint', source: 'stated' });
    expect(readReasonFor(request, person('auditor'), { kind: 'child', ids: ['c'] })).toMatchObject({ code: 'audit', source: 'role' });
  });
});
