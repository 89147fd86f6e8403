import type { DemoPerson } from '@planledger/demo';
import type { LocalIdentity } from '@planledger/identity';
import type { FastifyInstance } from 'fastify';
import { label } from '../layout/labels';
import { tokenExpiry } from '../session/person';
import { startSession } from '../session/session';
import type { WebContext } from '../web-context';

/** The embedded default: choose one of the demo partnership's people; the token is minted here with the local key. */
export interface LocalSignIn {
  mode: 'local';
  identity: Pick<LocalIdentity, 'mintToken'>;
  people: readonly DemoPerson[];
  /** Token (and so session) lifetime. Default 8h. */
  expiresIn?: string;
}

export function registerLocalSignIn(app: FastifyInstance, web: WebContext, options: LocalSignIn) {
  const choices = options.people.map((p, i) => ({
    value: String(i),
    text: p.name,
    hint: { text: `${label(p.caller.role)}, ${p.organisation.description}` },
  }));
  const show = (reply: Parameters<WebContext['render']>[0], extra: Record<string, unknown> = {}) =>
    web.render(reply, 'sign-in/local-sign-in.njk', { pageTitle: 'Sign in', choices, ...extra });

  app.get('/sign-in', (request, reply) => show(reply, { ended: (request.query as { ended?: string }).ended === '1' }));

  app.post('/sign-in', { preHandler: app.csrfProtection }, async (request, reply) => {
    const chosen = options.people[Number((request.body as { person?: string } | undefined)?.person ?? -1)];
    if (!chosen || !/^\d+$/.test(String((request.body as { person?: string }).person))) {
      return show(reply.code(400), {
        errors: { summary: [{ text: 'Choose who to sign in as', href: '#person' }], fields: { person: 'Choose who to sign in as' } },
      });
    }
    const token = await options.identity.mintToken({ ...chosen.caller, expiresIn: options.expiresIn ?? '8h' });
    startSession(request, { name: chosen.name, caller: chosen.caller, token, expiresAt: tokenExpiry(token) });
    return reply.redirect('/', 303);
  });
}
