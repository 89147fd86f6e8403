import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../web-context';

export function registerFindChildRoutes(app: FastifyInstance, web: WebContext) {
  app.get('/find-a-child', async (request, reply) => {
    web.personOf(request);
    return web.render(reply, 'find-child/find-child.njk', { pageTitle: 'Find a child' });
  });
}
