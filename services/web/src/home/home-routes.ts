import type { FastifyInstance } from 'fastify';
import { may } from '../layout/may';
import type { WebContext } from '../web-context';

export function registerHomeRoutes(app: FastifyInstance, web: WebContext) {
  app.get('/', async (request, reply) => {
    const person = web.personOf(request);
    return web.render(reply, 'home/home.njk', { pageTitle: 'Home', mayRegister: may(person, 'registerChild') });
  });
}
