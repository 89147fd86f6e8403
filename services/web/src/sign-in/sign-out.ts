import type { FastifyInstance } from 'fastify';
import { buildEndSessionUrl } from 'openid-client';
import { readPerson, endSession } from '../session/session';
import type { WebContext } from '../web-context';
import type { LocalSignIn } from './local-sign-in';
import type { OidcSignIn } from './oidc-sign-in';
import { oidcConfigurationOf } from './oidc-sign-in';

/** GET asks, POST signs out (a link alone cannot sign anyone out, so no other site can). */
export function registerSignOut(app: FastifyInstance, web: WebContext, signIn: LocalSignIn | OidcSignIn) {
  app.get('/sign-out', (_request, reply) => web.render(reply, 'sign-in/sign-out.njk', { pageTitle: 'Sign out' }));
  app.get('/signed-out', (_request, reply) => web.render(reply, 'sign-in/signed-out.njk', { pageTitle: 'You have signed out' }));
  app.post('/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    const person = readPerson(request);
    endSession(request);
    if (signIn.mode === 'oidc') {
      const config = oidcConfigurationOf(app);
      if (config.serverMetadata().end_session_endpoint) {
        const url = buildEndSessionUrl(config, {
          post_logout_redirect_uri: new URL('/signed-out', signIn.publicUrl).href,
          ...(person?.idToken ? { id_token_hint: person.idToken } : {}),
        });
        return reply.redirect(url.href, 303);
      }
    }
    return reply.redirect('/sign-in', 303);
  });
}
