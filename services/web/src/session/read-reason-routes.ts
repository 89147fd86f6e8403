import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebContext } from '../web-context';
import { readReasonFor, stateReadReason, type ChosenReadReason } from './read-reason';
import { isReadReasonCode, READ_REASON_CODES, readReasonText } from './read-reason-codes';

/** Only a path of this service, so the form cannot send anyone elsewhere. */
const localPath = (value: unknown) => (typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500 ? value : '/');

/** What a record page says about the reason its read carried, with the link to change it. */
export function readReasonView(reason: ChosenReadReason | undefined, request: FastifyRequest) {
  if (!reason) return undefined;
  const back = request.url.split('?')[0]!;
  return { text: reason.text, fixed: reason.source === 'role', changeHref: `/read-reason?return=${encodeURIComponent(back)}` };
}

/** "Why are you looking at this record?": a short radio choice kept in the session (never in a URL). */
export function registerReadReasonRoutes(app: FastifyInstance, web: WebContext) {
  const choices = (checked: string | undefined) => READ_REASON_CODES.filter((c) => c !== 'audit').map((code) => ({ value: code, text: readReasonText[code], checked: code === checked }));

  app.get('/read-reason', async (request, reply) => {
    const person = web.personOf(request);
    const current = readReasonFor(request, person, { kind: 'list' });
    return web.render(reply, 'session/read-reason.njk', { pageTitle: 'Why are you looking at this record?', choices: choices(current.code), returnTo: localPath((request.query as { return?: string }).return), fixed: current.source === 'role' });
  });

  app.post('/read-reason', { preHandler: app.csrfProtection }, async (request, reply) => {
    web.personOf(request);
    const body = (request.body ?? {}) as { reason?: string; returnTo?: string };
    const returnTo = localPath(body.returnTo);
    if (!isReadReasonCode(body.reason) || body.reason === 'audit') {
      return web.render(reply.code(400), 'session/read-reason.njk', {
        pageTitle: 'Why are you looking at this record?',
        choices: choices(undefined),
        returnTo,
        errors: { summary: [{ text: 'Choose why you are looking at this record', href: '#reason' }], fields: { reason: 'Choose why you are looking at this record' } },
      });
    }
    stateReadReason(request, body.reason);
    return reply.redirect(returnTo, 303);
  });
}
