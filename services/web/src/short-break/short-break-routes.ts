import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../web-context';

export function registerShortBreakRoutes(_app: FastifyInstance, _web: WebContext) {}
