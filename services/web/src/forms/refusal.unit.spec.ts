import { describe, expect, it } from 'vitest';
import { formFieldOf } from './api-field-paths';
import { bodyFrom, type FieldSpec } from './form-spec';
import { errorsFromRefusal } from './refusal';

const fields: FieldSpec[] = [
  { name: 'outcome', label: 'What should change', kind: 'textarea', errorMessage: 'Describe what should change' },
  { name: 'byWhen', label: 'By when', kind: 'date', errorMessage: 'Enter the date by when' },
  { name: 'responsible-agency', label: 'Agency', kind: 'radios', errorMessage: 'Choose the agency responsible' },
  { name: 'sections-D', label: 'Section D', kind: 'textarea', optional: true, errorMessage: 'Write your advice in at least one section' },
  { name: 'granted-0-amount', label: 'How much', kind: 'number', optional: true, errorMessage: 'Enter how much' },
];
const refusal = (status: number, issues: Array<{ path: string; message: string }> = [], extra: Record<string, string> = {}) => ({ ok: false as const, status, code: 'X', message: 'The plan is closed', issues, ...extra });

describe('API field paths to form fields', () => {
  it('maps body paths to field names and nothing else', () => {
    expect(formFieldOf('body.outcomes.0.byWhen')).toBe('outcomes-0-byWhen');
    expect(formFieldOf('body.responsible.agency')).toBe('responsible-agency');
    expect(formFieldOf('params.planId')).toBeNull();
    expect(formFieldOf('headers.if-match')).toBeNull();
  });

  it('puts each refused field’s message on the field and links the summary to it (a date to its day box)', () => {
    const errors = errorsFromRefusal(refusal(400, [
      { path: 'body.byWhen', message: 'Invalid ISO date' },
      { path: 'body.responsible.agency', message: 'Invalid option' },
      { path: 'body.sections', message: 'at least one section is required' },
      { path: 'body.granted.0.amount', message: 'Too small' },
    ]), fields);
    expect(errors.fields).toEqual({
      byWhen: 'Enter the date by when',
      'responsible-agency': 'Choose the agency responsible',
      'sections-D': 'Write your advice in at least one section',
      'granted-0-amount': 'Enter how much',
    });
    expect(errors.summary.map((s) => s.href)).toEqual(['#byWhen-day', '#responsible-agency', '#sections-D', '#granted-0-amount']);
  });

  it('keeps a refusal about no field in the summary, in plain English', () => {
    expect(errorsFromRefusal(refusal(403, [], { rule: 'AGENCY_MISMATCH' }), fields)).toEqual({ summary: [{ text: 'You can only record this for your own agency.' }], fields: {} });
    expect(errorsFromRefusal(refusal(422), fields).summary).toEqual([{ text: 'The plan is closed.' }]);
    expect(errorsFromRefusal({ ...refusal(422), message: 'the child\'s last team member cannot be removed' }, fields).summary).toEqual([{ text: 'The child\'s last team member cannot be removed.' }]);
    expect(errorsFromRefusal(refusal(400, [{ path: 'body.unexpected', message: 'Unrecognized key' }]), fields).summary[0]!.text).toContain('Unrecognized key');
  });

  it("words a 429 or 503 with the wait the record API asked for, and without one when it gave none", () => {
    expect(errorsFromRefusal({ ...refusal(429), retryAfterSeconds: 7 }, fields).summary).toEqual([{ text: 'You have made a lot of requests in a short time. Wait 7 seconds, then try again.' }]);
    expect(errorsFromRefusal({ ...refusal(503), retryAfterSeconds: 1 }, fields).summary).toEqual([{ text: 'The service is busy or cannot be reached. Try again in 1 second.' }]);
    expect(errorsFromRefusal(refusal(429), fields).summary).toEqual([{ text: 'You have made a lot of requests in a short time. Wait a minute, then try again.' }]);
  });

  it('builds the body at each field’s path, typed as the field says', () => {
    const body = bodyFrom(fields, { outcome: ' Sleeps through ', 'byWhen-day': '3', 'byWhen-month': '9', 'byWhen-year': '2027', 'responsible-agency': 'health', 'sections-D': '', 'granted-0-amount': '24' }, { granted: [] });
    expect(body).toEqual({ outcome: 'Sleeps through', byWhen: '2027-09-03', responsible: { agency: 'health' }, granted: [{ amount: 24 }] });
  });
});
