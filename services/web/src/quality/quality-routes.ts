import type { FastifyInstance, FastifyReply } from 'fastify';
import { recordHref } from '../auditor/auditor-routes';
import { dayFrom, endOfUkDay, pickerValue, ukToday } from '../auditor/instants';
import { childHeaderQuery, recordOfStream } from '../auditor/record-queries';
import { govDateTime } from '../auditor/timeline-view';
import { rateChartSvg } from '../dashboard/svg-chart';
import type { FieldSpec, FormValues } from '../forms/form-spec';
import { errorsFromRefusal, type FormErrors } from '../forms/refusal';
import { govDate, label, organisationName } from '../layout/labels';
import type { SignedInPerson } from '../session/person';
import type { WebContext } from '../web-context';
import { agreementQuery, auditQuery, auditSampleQuery, auditsOfPlanQuery, type Audit, type AuditSampleRow } from './audit-queries';
import { lastQuarters } from './quarters';

const GRADES = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
const gradeChoices = GRADES.map((value) => ({ value, text: label(value) }));
const FINDINGS = 3;

/** The audit form's fields, named by their body paths so the record API's refusals land on them. */
export const auditFields: FieldSpec[] = [
  { name: 'asOf', label: 'Grade the plan as it stood on', kind: 'date', errorMessage: 'Enter the date the plan is graded as at, on or before today and not before the plan began' },
  { name: 'grade', label: 'Grade', kind: 'radios', choices: gradeChoices, errorMessage: 'Choose a grade' },
  ...Array.from({ length: FINDINGS }, (_, i): FieldSpec[] => [
    { name: `findings-${i}-area`, label: `Finding ${i + 1}: area`, kind: 'text', errorMessage: i === 0 ? 'Enter the area of at least one finding' : `Enter the area of finding ${i + 1}` },
    { name: `findings-${i}-finding`, label: `Finding ${i + 1}: what you found`, kind: 'textarea', errorMessage: i === 0 ? 'Enter what you found' : `Enter what you found for finding ${i + 1}` },
  ]).flat(),
];

export const moderationFields: FieldSpec[] = [
  { name: 'agreesWithGrade', label: 'Do you agree with the grade?', kind: 'yesno', errorMessage: 'Say whether you agree with the grade' },
  { name: 'moderatedGrade', label: 'The grade you would give', kind: 'radios', choices: gradeChoices, optional: true, errorMessage: 'Choose the grade you would give' },
  { name: 'comments', label: 'Comments', kind: 'textarea', errorMessage: 'Enter your comments' },
];

const text = (values: FormValues, name: string) => String((Array.isArray(values[name]) ? values[name]![0] : values[name]) ?? '').trim();

/** The audit form's answers as the recordQualityAudit body (the instant: the end of the day chosen, or now if that is later). */
export function auditBodyFrom(values: FormValues, childId: string, planStreamId: string, now = new Date()): { body: Record<string, unknown>; errors: FormErrors } {
  const errors: FormErrors = { summary: [], fields: {} };
  const day = dayFrom(text(values, 'asOf'));
  if (!day) {
    errors.fields.asOf = 'Enter the date the plan is graded as at, for example 14/6/2025';
    errors.summary.push({ text: errors.fields.asOf, href: '#asOf' });
  }
  const end = day ? endOfUkDay(day) : '';
  const findings = Array.from({ length: FINDINGS }, (_, i) => ({ area: text(values, `findings-${i}-area`), finding: text(values, `findings-${i}-finding`) })).filter(
    (f, i) => i === 0 || f.area || f.finding,
  );
  const body: Record<string, unknown> = {
    childId,
    planStreamId,
    asOf: end && new Date(end) > now ? now.toISOString() : end,
    findings: findings.map((f) => ({ ...(f.area ? { area: f.area } : {}), ...(f.finding ? { finding: f.finding } : {}) })),
  };
  const grade = text(values, 'grade');
  if (grade) body.grade = grade;
  return { body, errors };
}

const childNameOf = async (web: WebContext, token: string, childId: string) => {
  const { child } = await web.query.query<{ child: { givenName: string | null; familyName: string | null } | null }>(token, childHeaderQuery, { id: childId });
  return child ? [child.givenName, child.familyName].filter(Boolean).join(' ') : 'Child';
};

const who = (r: { by: { role: string; organisationId: string; organisationName: string | null } }) => `${label(r.by.role)}, ${r.by.organisationName ?? organisationName(r.by.organisationId)}`;

export function registerQualityRoutes(app: FastifyInstance, web: WebContext) {
  const auditorsOnly = (person: SignedInPerson, reply: FastifyReply) =>
    person.caller.role === 'auditor'
      ? null
      : web.render(reply.code(403), 'layout/problem.njk', { pageTitle: 'Only auditors can do this', heading: 'Only auditors can do this', body: 'Quality audits are recorded by the partnership’s auditors.' });

  app.get('/quality/audit-sample', async (request, reply) => {
    const person = web.personOf(request);
    const refused = auditorsOnly(person, reply);
    if (refused) return refused;
    const q = request.query as { months?: string; share?: string; seed?: string };
    const months = [3, 6, 12, 24].includes(Number(q.months)) ? Number(q.months) : 12;
    const share = [0.05, 0.1, 0.25, 1].includes(Number(q.share)) ? Number(q.share) : 0.1;
    const seed = /^[A-Za-z0-9 _-]{1,40}$/.test(q.seed ?? '') ? q.seed! : ukToday().slice(0, 4);
    const { auditSample } = await web.query.query<{ auditSample: { population: number; sampleSize: number; totalCount: number; rows: AuditSampleRow[] } }>(person.token, auditSampleQuery, { months, share, seed });
    const rows = auditSample.rows.map((r) => [
      { html: `<a class="govuk-link" href="${recordHref(r.streamId)}">${escapeHtml([r.child.givenName, r.child.familyName].filter(Boolean).join(' ') || 'Child')}<span class="govuk-visually-hidden">: history of the ${label(r.recordKind)}</span></a>` },
      { text: label(r.recordKind) },
      { text: r.organisation.name ?? organisationName(r.organisation.id) },
      { text: r.lastAuditedAt ? govDate(r.lastAuditedAt) : 'Never' },
      { html: `<a class="govuk-link" href="/quality/records/${encodeURIComponent(r.streamId)}/audit">Audit<span class="govuk-visually-hidden"> the ${label(r.recordKind)} of ${escapeHtml(r.child.givenName ?? 'the child')}</span></a>` },
    ]);
    return web.render(reply, 'quality/audit-sample.njk', {
      pageTitle: 'Audit sample',
      sample: auditSample,
      rows,
      months,
      share,
      seed,
      monthChoices: [3, 6, 12, 24].map((m) => ({ value: String(m), text: `${m} months`, selected: m === months })),
      shareChoices: [0.05, 0.1, 0.25, 1].map((s) => ({ value: String(s), text: `${Math.round(s * 100)}%`, selected: s === share })),
    });
  });

  const planOf = async (person: SignedInPerson, streamId: string) => {
    const record = recordOfStream(streamId);
    if (!record) return null;
    const { audits } = await web.query.query<{ audits: Audit[] | null }>(person.token, auditsOfPlanQuery, { planId: streamId });
    if (audits === null) return null;
    const { history } = await web.query.query<{ history: { childId: string } | null }>(person.token, `query($s: ID!) { history(streamId: $s, reason: AUDIT) { childId } }`, { s: streamId });
    if (!history) return null;
    return { record, audits, childId: history.childId, childName: await childNameOf(web, person.token, history.childId) };
  };

  const showAuditForm = (reply: FastifyReply, plan: NonNullable<Awaited<ReturnType<typeof planOf>>>, streamId: string, values: Record<string, unknown>, errors?: FormErrors) =>
    web.render(reply, 'quality/audit-form.njk', {
      pageTitle: `Audit the ${label(plan.record.kind)} for ${plan.childName}`,
      childName: plan.childName,
      kindName: label(plan.record.kind),
      recordHref: recordHref(streamId),
      fields: auditFields,
      gradeChoices: gradeChoices.map((c) => ({ ...c, checked: c.value === values.grade })),
      values,
      errors,
      findings: Array.from({ length: FINDINGS }, (_, i) => i),
      audits: plan.audits.map((a) => ({ href: `/quality/audits/${encodeURIComponent(a.id)}`, grade: label(a.grade), asOf: a.planAsOf ? govDate(a.planAsOf) : '', by: a.recorded ? who(a.recorded) : '' })),
    });

  app.get('/quality/records/:streamId/audit', async (request, reply) => {
    const person = web.personOf(request);
    const refused = auditorsOnly(person, reply);
    if (refused) return refused;
    const { streamId } = request.params as { streamId: string };
    const plan = await planOf(person, streamId);
    if (!plan) return web.notFound(reply);
    return showAuditForm(reply, plan, streamId, { asOf: pickerValue(ukToday()) });
  });

  app.post('/quality/records/:streamId/audit', { preHandler: app.csrfProtection }, async (request, reply) => {
    const person = web.personOf(request);
    const refused = auditorsOnly(person, reply);
    if (refused) return refused;
    const { streamId } = request.params as { streamId: string };
    const plan = await planOf(person, streamId);
    if (!plan) return web.notFound(reply);
    const values = (request.body ?? {}) as FormValues;
    const { body, errors } = auditBodyFrom(values, plan.childId, streamId);
    const shown = Object.fromEntries(auditFields.map((f) => [f.name, text(values, f.name)]));
    if (errors.summary.length) return showAuditForm(reply.code(400), plan, streamId, shown, errors);
    const answer = await web.record.send(person.token, '/v1/audits', body);
    if (answer.ok) return reply.redirect(`/quality/audits/${encodeURIComponent(answer.entityId)}?done=audit-recorded&at=${answer.globalPosition}`, 303);
    if (answer.status === 401) return web.signedOut(request, reply);
    return showAuditForm(reply.code(answer.status >= 500 ? 503 : answer.status), plan, streamId, shown, errorsFromRefusal(answer, auditFields));
  });

  const auditOf = async (person: SignedInPerson, auditId: string, readAfter?: number) =>
    (await web.query.query<{ audit: Audit | null }>(person.token, auditQuery, { id: auditId }, { readAfter })).audit;

  const showAudit = async (reply: FastifyReply, person: SignedInPerson, audit: Audit, values: Record<string, unknown> = {}, errors?: FormErrors, done?: string) => {
    const childName = await childNameOf(web, person.token, audit.childId);
    const kind = audit.planStreamId ? recordOfStream(audit.planStreamId)?.kind : undefined;
    const mine = audit.recorded?.by.userId === person.caller.userId;
    return web.render(reply, 'quality/audit.njk', {
      pageTitle: `Audit of the ${label(kind ?? 'plan')} for ${childName}`,
      childName,
      kindName: label(kind ?? 'plan'),
      audit,
      grade: label(audit.grade),
      asOf: audit.planAsOf ? govDateTime(audit.planAsOf) : '',
      by: audit.recorded ? who(audit.recorded) : '',
      recordedAt: audit.recorded ? govDateTime(audit.recorded.recordedAt) : '',
      planRecordHref: audit.planStreamId ? recordHref(audit.planStreamId) : null,
      asAtHref: audit.planStreamId && audit.planAsOf ? `${recordHref(audit.planStreamId)}/as-at?asOf=${encodeURIComponent(audit.planAsOf)}` : null,
      moderations: audit.moderations.map((m) => ({
        by: who(m.recorded),
        at: govDateTime(m.recorded.recordedAt),
        agrees: m.agreesWithGrade,
        grade: label(m.moderatedGrade),
        comments: m.comments,
      })),
      agreement: audit.agreement,
      canModerate: person.caller.role === 'auditor' && !mine,
      mine,
      gradeChoices: gradeChoices.map((c) => ({ ...c, checked: c.value === values.moderatedGrade })),
      values,
      errors,
      done,
    });
  };

  app.get('/quality/audits/:auditId', async (request, reply) => {
    const person = web.personOf(request);
    const { auditId } = request.params as { auditId: string };
    const q = request.query as { at?: string; done?: string };
    const at = Number(q.at);
    const audit = await auditOf(person, auditId, Number.isSafeInteger(at) && at >= 0 ? at : undefined);
    if (!audit) return web.notFound(reply);
    const done = { 'audit-recorded': 'Audit recorded', 'audit-moderated': 'Moderation recorded' }[q.done ?? ''];
    return showAudit(reply, person, audit, {}, undefined, done);
  });

  app.post('/quality/audits/:auditId/moderation', { preHandler: app.csrfProtection }, async (request, reply) => {
    const person = web.personOf(request);
    const refused = auditorsOnly(person, reply);
    if (refused) return refused;
    const { auditId } = request.params as { auditId: string };
    const audit = await auditOf(person, auditId);
    if (!audit) return web.notFound(reply);
    const values = (request.body ?? {}) as FormValues;
    const agrees = text(values, 'agreesWithGrade');
    const moderatedGrade = text(values, 'moderatedGrade');
    const body: Record<string, unknown> = { comments: text(values, 'comments') || undefined };
    if (agrees === 'yes' || agrees === 'no') body.agreesWithGrade = agrees === 'yes';
    if (agrees === 'no' && moderatedGrade) body.moderatedGrade = moderatedGrade;
    const shown = { agreesWithGrade: agrees, moderatedGrade, comments: text(values, 'comments') };
    const answer = await web.record.send(person.token, `/v1/audits/${encodeURIComponent(audit.id)}/moderations`, body);
    if (answer.ok) return reply.redirect(`/quality/audits/${encodeURIComponent(audit.id)}?done=audit-moderated&at=${answer.globalPosition}`, 303);
    if (answer.status === 401) return web.signedOut(request, reply);
    return showAudit(reply.code(answer.status >= 500 ? 503 : answer.status), person, audit, shown, errorsFromRefusal(answer, moderationFields));
  });

  app.get('/quality/agreement', async (request, reply) => {
    const person = web.personOf(request);
    const refused = auditorsOnly(person, reply);
    if (refused) return refused;
    const quarters = lastQuarters(ukToday(), 4);
    const answers: Record<string, { auditModerationAgreement: Figure; auditsGoodOrOutstanding: Figure }> = {};
    for (let i = 0; i < quarters.length; i += 2) {
      const pair = quarters.slice(i, i + 2);
      const answer = await web.query.query<Record<string, { auditModerationAgreement: Figure; auditsGoodOrOutstanding: Figure }>>(person.token, agreementQuery(pair));
      pair.forEach((_, j) => (answers[`q${i + j}`] = answer[`q${j}`]!));
    }
    const series = quarters.map((q, i) => ({ quarter: q, ...answers[`q${i}`]! }));
    const chart = await rateChartSvg({
      id: 'chart-agreement',
      title: 'Moderations agreeing with the audit grade, by quarter',
      description: 'A bar for each of the last four quarters: the share of moderations that agreed with the grade, with the number agreeing of the number of moderations. The same figures are in the table beside the chart.',
      bars: series.map((s) => ({ label: s.quarter.name, ...s.auditModerationAgreement })),
    });
    const pct = (f: Figure) => (f.denominator === 0 || f.rate === null ? 'None counted' : `${Math.round(f.rate * 100)}%`);
    return web.render(reply, 'quality/agreement.njk', {
      pageTitle: 'Agreement between auditors',
      chart,
      rows: series.map((s) => [
        { text: s.quarter.name },
        { text: `${s.auditModerationAgreement.numerator} of ${s.auditModerationAgreement.denominator}`, format: 'numeric' },
        { text: pct(s.auditModerationAgreement), format: 'numeric' },
        { text: `${s.auditsGoodOrOutstanding.numerator} of ${s.auditsGoodOrOutstanding.denominator}`, format: 'numeric' },
      ]),
    });
  });
}

interface Figure {
  numerator: number;
  denominator: number;
  rate: number | null;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
